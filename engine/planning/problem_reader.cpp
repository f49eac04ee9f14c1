// Reads a problem against its domain: typed objects, the initial state, the ordered task list, the
// goal and the hard constraints; plus the small helpers every planning file shares.
#include <algorithm>

#include "planning/reader_parts.hpp"
#include "planning/text_tokens.hpp"

namespace coordlab::planning {

bool Domain::is_subtype(std::uint32_t type, std::uint32_t of) const {
  for (std::size_t hops = 0; hops <= types.size(); ++hops) {
    if (type == of) return true;
    if (type == 0) return false;
    type = type_parent[type];
  }
  return false;
}

const TaskSignature* Domain::find_task(std::string_view task_name) const {
  for (const TaskSignature& task : tasks)
    if (task.name == task_name) return &task;
  return nullptr;
}

namespace {

Result<std::int32_t> object_index(const Problem& problem, std::string_view name, const std::string& pointer) {
  for (std::size_t i = 0; i < problem.objects.size(); ++i)
    if (problem.objects[i] == name) return static_cast<std::int32_t>(i);
  std::vector<std::string_view> names(problem.objects.begin(), problem.objects.end());
  std::string message = "unknown object \"";
  message.append(name).append("\"");
  if (auto close = closest_match(name, names)) message.append(". Did you mean \"").append(*close).append("\"?");
  message.append(" Declare it in \"objects\".");
  return make_error("htn.unknown_object", message, pointer);
}

Status check_ground_args(const Domain& domain, const Problem& problem, const std::vector<std::uint32_t>& types, std::vector<std::string_view> tokens,
                         std::size_t first, std::vector<std::int32_t>& out, const std::string& pointer) {
  if (tokens.size() - first != types.size()) {
    return make_error("htn.wrong_arity", cat({std::string(tokens[first - 1]), " takes ", std::to_string(types.size()), " argument(s) but has ", std::to_string(tokens.size() - first), "."}), pointer);
  }
  for (std::size_t i = 0; i < types.size(); ++i) {
    Result<std::int32_t> object = object_index(problem, tokens[first + i], pointer);
    if (!object.ok()) return object.error();
    if (!domain.is_subtype(problem.object_types[static_cast<std::size_t>(object.value())], types[i])) {
      return make_error("htn.type_mismatch", cat({std::string(tokens[first + i]), " is not a ", domain.types[types[i]], "; pass an object of that type."}), pointer);
    }
    out.push_back(object.value());
  }
  return {};
}

// "on a b" (or "not on a b" / "= a b" where `allow_negation`) with objects.
Result<Literal> read_ground_literal(const Domain& domain, const Problem& problem, const Json& json, const std::string& pointer, bool allow_negation) {
  if (!json.is_string()) return make_error("json.wrong_type", "an atom is a string such as \"on a b\".", pointer);
  std::vector<std::string_view> tokens = split_tokens(json.get_ref<const std::string&>());
  Literal literal;
  std::size_t at = 0;
  if (allow_negation && !tokens.empty() && tokens[0] == "not") {
    literal.negated = true;
    at = 1;
  }
  if (at >= tokens.size()) return make_error("htn.empty_literal", "the atom is empty; write a predicate and its objects.", pointer);
  std::vector<std::uint32_t> types = {0, 0};
  if (tokens[at] == "=" && allow_negation) {
    literal.kind = LiteralKind::equal;
  } else {
    Result<std::uint32_t> predicate = predicate_index(domain, tokens[at], pointer);
    if (!predicate.ok()) return predicate.error();
    literal.predicate = predicate.value();
    types = domain.predicate_types[literal.predicate];
  }
  std::vector<std::int32_t> objects;
  RETURN_IF_ERROR(check_ground_args(domain, problem, types, tokens, at + 1, objects, pointer));
  literal.args.assign(objects.begin(), objects.end());
  return literal;
}

Status read_objects(const Domain& domain, Problem& problem, const ObjectReader& reader) {
  const Json* objects = reader.find("objects");
  if (objects == nullptr || !objects->is_object()) return make_error("htn.missing_objects", "\"objects\" maps each type to its objects: {\"block\": [\"a\", \"b\"]}.", reader.pointer_of("objects"));
  problem.objects = domain.constants;
  problem.object_types = domain.constant_types;
  for (const auto& [type_name, names] : objects->items()) {
    const std::string pointer = pointer_append(reader.pointer_of("objects"), type_name);
    std::uint32_t type = static_cast<std::uint32_t>(std::find(domain.types.begin(), domain.types.end(), type_name) - domain.types.begin());
    if (type == domain.types.size()) return make_error("htn.unknown_type", cat({"unknown type \"", type_name, "\"; use a type the domain declares."}), pointer);
    if (!names.is_array()) return make_error("json.wrong_type", cat({"list the objects of type ", type_name, " as an array of names."}), pointer);
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::string at = pointer_append(pointer, i);
      if (!names[i].is_string() || !is_name_token(names[i].get<std::string>())) return make_error("htn.bad_name", "an object is a name (letters, digits, _ and -).", at);
      if (std::find(problem.objects.begin(), problem.objects.end(), names[i].get<std::string>()) != problem.objects.end()) return make_error("htn.duplicate_object", cat({"object \"", names[i].get<std::string>(), "\" is declared twice."}), at);
      if (problem.objects.size() >= limits::kMaxHtnObjects) return make_error("htn.too_many_objects", cat({"at most ", std::to_string(limits::kMaxHtnObjects), " objects."}), at);
      problem.objects.push_back(names[i].get<std::string>());
      problem.object_types.push_back(type);
    }
  }
  problem.objects_of_type.assign(domain.types.size(), {});
  for (std::uint32_t type = 0; type < domain.types.size(); ++type)
    for (std::size_t i = 0; i < problem.objects.size(); ++i)
      if (domain.is_subtype(problem.object_types[i], type)) problem.objects_of_type[type].push_back(static_cast<std::int32_t>(i));
  return {};
}

const Json* find_array(const ObjectReader& reader, std::string_view key, bool required, Status& status) {
  const Json* list = reader.find(key);
  if (list == nullptr && required) status = make_error("htn.missing_" + std::string(key), cat({"the problem needs \"", std::string(key), "\": an array."}), reader.pointer_of(key));
  if (list != nullptr && !list->is_array()) status = make_error("json.wrong_type", cat({"\"", std::string(key), "\" is an array."}), reader.pointer_of(key));
  if (list != nullptr && list->size() > limits::kMaxHtnStateAtoms) status = make_error("htn.too_many_atoms", cat({"at most ", std::to_string(limits::kMaxHtnStateAtoms), " entries."}), reader.pointer_of(key));
  return status.ok() ? list : nullptr;
}

Status read_state_and_tasks(const Domain& domain, Problem& problem, const ObjectReader& reader) {
  Status status;
  const Json* init = find_array(reader, "init", true, status);
  const Json* tasks = find_array(reader, "tasks", true, status);
  const Json* goal = find_array(reader, "goal", false, status);
  if (!status.ok()) return status;
  for (std::size_t i = 0; i < init->size(); ++i) {
    Result<Literal> atom = read_ground_literal(domain, problem, (*init)[i], pointer_append(reader.pointer_of("init"), i), false);
    if (!atom.ok()) return atom.error();
    problem.initial_state.push_back(make_atom_key(atom.value().predicate, atom.value().args.data(), atom.value().args.size()));
  }
  std::sort(problem.initial_state.begin(), problem.initial_state.end());
  problem.initial_state.erase(std::unique(problem.initial_state.begin(), problem.initial_state.end()), problem.initial_state.end());
  for (std::size_t i = 0; i < tasks->size(); ++i) {
    const std::string pointer = pointer_append(reader.pointer_of("tasks"), i);
    if (!(*tasks)[i].is_string()) return make_error("json.wrong_type", "a task is a string such as \"move_blocks\" or \"deliver p1\".", pointer);
    std::vector<std::string_view> tokens = split_tokens((*tasks)[i].get_ref<const std::string&>());
    const TaskSignature* task = tokens.empty() ? nullptr : domain.find_task(tokens[0]);
    if (task == nullptr) return make_error("htn.unknown_task", "name an operator or a compound task the domain declares.", pointer);
    std::vector<std::int32_t> objects;
    RETURN_IF_ERROR(check_ground_args(domain, problem, task->parameter_types, tokens, 1, objects, pointer));
    problem.tasks.push_back(TaskCall{static_cast<std::uint32_t>(task - domain.tasks.data()), std::vector<Term>(objects.begin(), objects.end())});
  }
  for (std::size_t i = 0; goal != nullptr && i < goal->size(); ++i) {
    Result<Literal> literal = read_ground_literal(domain, problem, (*goal)[i], pointer_append(reader.pointer_of("goal"), i), true);
    if (!literal.ok()) return literal.error();
    problem.goal.push_back(std::move(literal).value());
  }
  return {};
}

Status read_constraints(Problem& problem, const ObjectReader& reader) {
  const Json* constraints = reader.find("constraints");
  if (constraints == nullptr) return {};
  ObjectReader fields(*constraints, reader.pointer_of("constraints"), "the constraints");
  RETURN_IF_ERROR(fields.check({"deadline_ticks", "budget", "max_streams"}));
  Result<std::int64_t> deadline = fields.integer("deadline_ticks", 0, limits::kMaxRunTicks, 0);
  Result<std::int64_t> budget = fields.integer("budget", 0, 1'000'000'000, 0);
  Result<std::int64_t> streams = fields.integer("max_streams", 0, 64, 0);
  for (const auto* field : {&deadline, &budget, &streams})
    if (!field->ok()) return field->error();
  problem.constraints = Constraints{deadline.value(), budget.value(), streams.value()};
  return {};
}

}  // namespace

Result<Problem> read_problem(const Json& json, const std::string& pointer, const Domain& domain) {
  Problem problem;
  ObjectReader reader(json, pointer, "an HTN problem");
  RETURN_IF_ERROR(reader.check({"format", "name", "objects", "init", "tasks", "goal", "constraints"}));
  Result<std::string> format = reader.string("format");
  if (!format.ok()) return format.error();
  if (format.value() != "coordlab.htn.problem/1") return make_error("htn.bad_format", "\"format\" must be \"coordlab.htn.problem/1\".", reader.pointer_of("format"));
  Result<std::string> name = reader.string("name", "problem");
  if (!name.ok()) return name.error();
  problem.name = name.value();
  RETURN_IF_ERROR(read_objects(domain, problem, reader));
  RETURN_IF_ERROR(read_state_and_tasks(domain, problem, reader));
  RETURN_IF_ERROR(read_constraints(problem, reader));
  return problem;
}

Result<Problem> parse_problem_text(std::string_view text, std::string_view file, const Domain& domain) {
  Result<Json> json = parse_json_text(text, file);
  if (!json.ok()) return json.error();
  Result<Problem> problem = read_problem(json.value(), "", domain);
  if (!problem.ok()) return locate_error(problem.error(), text, file);
  return problem;
}

std::string atom_text(const Domain& domain, const Problem& problem, AtomKey key) {
  const std::uint32_t predicate = atom_predicate(key);
  std::string text = domain.predicates[predicate];
  for (std::size_t i = 0; i < domain.predicate_types[predicate].size(); ++i) {
    text.append(" ").append(problem.objects[static_cast<std::size_t>(atom_object(key, i))]);
  }
  return text;
}

std::string task_text(const Domain& domain, const Problem& problem, const TaskCall& call) {
  std::string text = domain.tasks[call.task].name;
  for (Term arg : call.args) text.append(" ").append(is_variable(arg) ? "?" : problem.objects[static_cast<std::size_t>(arg)]);
  return text;
}

std::string literal_text(const Domain& domain, const Problem& problem, const Literal& literal, const std::vector<std::int32_t>& binding,
                         const std::vector<TypedVariable>& variables) {
  std::string text = literal.negated ? "not " : "";
  if (literal.kind == LiteralKind::forall) {
    std::vector<TypedVariable> extended = variables;
    extended.resize(static_cast<std::size_t>(literal.forall_slot));
    extended.push_back(TypedVariable{literal.forall_name, literal.forall_type});
    text.append("forall ?").append(literal.forall_name).append(" - ").append(domain.types[literal.forall_type]);
    for (const Literal& part : literal.body) text.append(" | ").append(literal_text(domain, problem, part, binding, extended));
    return text;
  }
  text.append(literal.kind == LiteralKind::equal ? "=" : domain.predicates[literal.predicate]);
  for (Term arg : literal.args) {
    text.append(" ");
    if (!is_variable(arg)) {
      text.append(problem.objects[static_cast<std::size_t>(arg)]);
      continue;
    }
    const auto index = static_cast<std::size_t>(variable_index(arg));
    const std::int32_t value = index < binding.size() ? binding[index] : -1;
    text.append("?").append(index < variables.size() ? variables[index].name : "_");
    if (value >= 0) text.append("=").append(problem.objects[static_cast<std::size_t>(value)]);
  }
  return text;
}

}  // namespace coordlab::planning

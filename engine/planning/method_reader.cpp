// Reads compound task declarations and methods: the method's head ("move_one ?b ?c") names a declared
// compound task with distinct variables; its own "parameters" add variables that preconditions bind
// (or that the planner enumerates over their type); subtasks are calls of operators or tasks.
#include "planning/reader_parts.hpp"
#include "planning/text_tokens.hpp"

namespace coordlab::planning {
namespace {

Status read_compound_tasks(Domain& domain, const ObjectReader& reader) {
  const Json* list = reader.find("tasks");
  if (list == nullptr) return {};
  if (!list->is_array()) return make_error("json.wrong_type", "\"tasks\" is an array of compound task declarations such as \"move_one ?b - block ?to - block\".", reader.pointer_of("tasks"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = pointer_append(reader.pointer_of("tasks"), i);
    if (!(*list)[i].is_string()) return make_error("json.wrong_type", "a task declaration is a string such as \"deliver ?p - package\".", pointer);
    const std::string& text = (*list)[i].get_ref<const std::string&>();
    std::vector<std::string_view> tokens = split_tokens(text);
    if (tokens.empty() || !is_name_token(tokens[0])) return make_error("htn.bad_name", "start the declaration with the task's name.", pointer);
    if (domain.find_task(tokens[0]) != nullptr) return make_error("htn.duplicate_task", cat({"\"", std::string(tokens[0]), "\" is declared twice; operators and tasks share one namespace."}), pointer);
    TaskSignature signature{std::string(tokens[0]), {}, false, 0, {}};
    std::vector<TypedVariable> variables;
    std::string_view rest = std::string_view(text).substr(static_cast<std::size_t>(tokens[0].data() + tokens[0].size() - text.data()));
    RETURN_IF_ERROR(read_typed_variables(domain, rest, pointer, variables));
    if (variables.size() > limits::kMaxHtnArity) return make_error("htn.too_many_arguments", cat({"a task has at most ", std::to_string(limits::kMaxHtnArity), " parameters."}), pointer);
    for (const TypedVariable& variable : variables) signature.parameter_types.push_back(variable.type);
    domain.tasks.push_back(signature);
  }
  if (domain.tasks.size() > limits::kMaxHtnTasks) return make_error("htn.too_many_tasks", cat({"at most ", std::to_string(limits::kMaxHtnTasks), " operators and tasks."}), reader.pointer_of("tasks"));
  return {};
}

Result<TaskCall> read_call(const Domain& domain, const Json& json, const std::string& pointer, const std::vector<TypedVariable>& variables, std::string_view owner) {
  if (!json.is_string()) return make_error("json.wrong_type", "a subtask is a string such as \"move_one ?b ?c\".", pointer);
  std::vector<std::string_view> tokens = split_tokens(json.get_ref<const std::string&>());
  if (tokens.empty()) return make_error("htn.empty_literal", "the subtask is empty; name an operator or a task and its arguments.", pointer);
  const TaskSignature* task = domain.find_task(tokens[0]);
  if (task == nullptr) {
    std::vector<std::string_view> names;
    for (const TaskSignature& candidate : domain.tasks) names.push_back(candidate.name);
    std::string message = "unknown task \"";
    message.append(tokens[0]).append("\"");
    if (auto close = closest_match(tokens[0], names)) message.append(". Did you mean \"").append(*close).append("\"?");
    message.append(" Declare it in \"operators\" or \"tasks\".");
    return make_error("htn.unknown_task", message, pointer);
  }
  if (tokens.size() - 1 != task->parameter_types.size()) {
    return make_error("htn.wrong_arity", cat({task->name, " takes ", std::to_string(task->parameter_types.size()), " argument(s) but has ", std::to_string(tokens.size() - 1), "."}), pointer);
  }
  TaskCall call{static_cast<std::uint32_t>(task - domain.tasks.data()), {}};
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    bool found = false;
    for (std::size_t v = 0; v < variables.size(); ++v) {
      if (!is_variable_token(tokens[i]) || variables[v].name != tokens[i].substr(1)) continue;
      call.args.push_back(variable_term(static_cast<std::int32_t>(v)));
      found = true;
    }
    if (!found && !is_variable_token(tokens[i])) {
      Result<Term> constant = constant_term(domain, tokens[i], task->parameter_types[i - 1], pointer);
      if (!constant.ok()) return constant.error();
      call.args.push_back(constant.value());
      found = true;
    }
    if (!found) {
      std::string message(owner);
      message.append(" uses ").append(tokens[i]).append(", which is not a parameter; declare it in the method's \"parameters\" or use the task's.");
      return make_error("htn.undeclared_variable", message, pointer);
    }
  }
  return call;
}

Status read_method_head(Domain& domain, Method& method, const ObjectReader& reader) {
  Result<std::string> head = reader.string("task");
  if (!head.ok()) return head.error();
  std::vector<std::string_view> tokens = split_tokens(head.value());
  const TaskSignature* task = tokens.empty() ? nullptr : domain.find_task(tokens[0]);
  if (task == nullptr || task->primitive) {
    return make_error("htn.bad_method_task", "\"task\" names a compound task declared in \"tasks\" (an operator needs no method), with its variables: \"deliver ?p\".", reader.pointer_of("task"));
  }
  if (tokens.size() - 1 != task->parameter_types.size()) return make_error("htn.wrong_arity", cat({task->name, " takes ", std::to_string(task->parameter_types.size()), " argument(s)."}), reader.pointer_of("task"));
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    if (!is_variable_token(tokens[i])) return make_error("htn.bad_argument", "the method's task has variables only, such as \"deliver ?p\".", reader.pointer_of("task"));
    for (const TypedVariable& existing : method.variables)
      if (existing.name == tokens[i].substr(1)) return make_error("htn.duplicate_variable", "use distinct variables in the method's task.", reader.pointer_of("task"));
    method.variables.push_back(TypedVariable{std::string(tokens[i].substr(1)), task->parameter_types[i - 1]});
  }
  method.task = static_cast<std::uint32_t>(task - domain.tasks.data());
  method.task_arity = method.variables.size();
  return {};
}

}  // namespace

Status read_methods(Domain& domain, const ObjectReader& reader) {
  RETURN_IF_ERROR(read_compound_tasks(domain, reader));
  const Json* list = reader.find("methods");
  if (list == nullptr) return {};
  if (!list->is_array()) return make_error("json.wrong_type", "\"methods\" is an array of method objects (name, task, pre, subtasks).", reader.pointer_of("methods"));
  if (list->size() > limits::kMaxHtnMethods) return make_error("htn.too_many_methods", cat({"at most ", std::to_string(limits::kMaxHtnMethods), " methods."}), reader.pointer_of("methods"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader method_reader((*list)[i], pointer_append(reader.pointer_of("methods"), i), "a method");
    RETURN_IF_ERROR(method_reader.check({"name", "task", "parameters", "pre", "subtasks", "success_permille", "author"}));
    Method method;
    Result<std::string> name = method_reader.string("name");
    if (!name.ok()) return name.error();
    method.name = name.value();
    RETURN_IF_ERROR(read_method_head(domain, method, method_reader));
    Result<std::string> parameters = method_reader.string("parameters", "");
    if (!parameters.ok()) return parameters.error();
    RETURN_IF_ERROR(read_typed_variables(domain, parameters.value(), method_reader.pointer_of("parameters"), method.variables));
    const std::string owner = "method `" + method.name + "`";
    const Json* pre = method_reader.find("pre");
    if (pre != nullptr && !pre->is_array()) return make_error("json.wrong_type", "\"pre\" is an array of literals.", method_reader.pointer_of("pre"));
    for (std::size_t p = 0; pre != nullptr && p < pre->size(); ++p) {
      Result<Literal> literal = read_literal(domain, (*pre)[p], pointer_append(method_reader.pointer_of("pre"), p), method.variables, owner, true);
      if (!literal.ok()) return literal.error();
      method.preconditions.push_back(std::move(literal).value());
    }
    const Json* subtasks = method_reader.find("subtasks");
    if (subtasks == nullptr || !subtasks->is_array()) return make_error("htn.missing_subtasks", "a method needs \"subtasks\": an ordered array (empty when the task is already done).", method_reader.pointer_of("subtasks"));
    if (subtasks->size() > limits::kMaxHtnSubtasks) return make_error("htn.too_many_subtasks", cat({"at most ", std::to_string(limits::kMaxHtnSubtasks), " subtasks per method."}), method_reader.pointer_of("subtasks"));
    for (std::size_t s = 0; s < subtasks->size(); ++s) {
      Result<TaskCall> call = read_call(domain, (*subtasks)[s], pointer_append(method_reader.pointer_of("subtasks"), s), method.variables, owner);
      if (!call.ok()) return call.error();
      method.subtasks.push_back(std::move(call).value());
    }
    Result<std::int64_t> success = method_reader.integer("success_permille", 0, 1000, 1000);
    if (!success.ok()) return success.error();
    method.success_permille = success.value();
    Result<std::string> author = method_reader.string("author", "domain");
    if (!author.ok()) return author.error();
    if (author.value() != "domain" && author.value() != "learner") return make_error("htn.bad_author", "\"author\" is \"domain\" or \"learner\".", method_reader.pointer_of("author"));
    method.learner_written = author.value() == "learner";
    domain.tasks[method.task].methods.push_back(static_cast<std::uint32_t>(domain.methods.size()));
    domain.methods.push_back(std::move(method));
  }
  return {};
}

}  // namespace coordlab::planning

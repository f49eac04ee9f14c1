// Reads the JSON domain format strictly: unknown keys, unknown names, wrong arities, undeclared
// variables and wrong types are errors that name the thing, point at it and say what to do.
#include <algorithm>

#include "planning/reader_parts.hpp"
#include "planning/text_tokens.hpp"

namespace coordlab::planning {
namespace {

// The index of `name` in `names`, or an error naming the `what` ("type") with a "did you mean".
Result<std::uint32_t> index_of(const std::vector<std::string>& names, std::string_view name, std::string_view what, std::string_view advice,
                               const std::string& pointer) {
  for (std::uint32_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  std::vector<std::string_view> candidates(names.begin(), names.end());
  std::string message = cat({"unknown ", what, " \"", name, "\""});
  if (auto close = closest_match(name, candidates)) message.append(". Did you mean \"").append(*close).append("\"?");
  message.append(advice);
  return make_error(cat({"htn.unknown_", what}), message, pointer);
}

Result<std::uint32_t> type_index(const Domain& domain, std::string_view name, const std::string& pointer) {
  return index_of(domain.types, name, "type", " Declare it in \"types\" or use one of the declared types.", pointer);
}

}  // namespace

Status read_typed_variables(const Domain& domain, std::string_view text, const std::string& pointer, std::vector<TypedVariable>& out) {
  std::vector<std::string_view> tokens = split_tokens(text);
  std::size_t untyped_from = out.size();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i] == "-") {
      if (i + 1 >= tokens.size() || untyped_from == out.size()) {
        return make_error("htn.bad_parameters", "write parameters as \"?x ?y - type ?z - other\": a \"-\" needs variables before it and a type after it.", pointer);
      }
      Result<std::uint32_t> type = type_index(domain, tokens[++i], pointer);
      if (!type.ok()) return type.error();
      for (std::size_t v = untyped_from; v < out.size(); ++v) out[v].type = type.value();
      untyped_from = out.size();
      continue;
    }
    if (!is_variable_token(tokens[i])) {
      std::string message = "\"";
      message.append(tokens[i]).append("\" is not a variable: parameters are written \"?name\" (letters, digits, _ and -), with \"- type\" after them.");
      return make_error("htn.bad_parameters", message, pointer);
    }
    std::string name(tokens[i].substr(1));
    for (const TypedVariable& existing : out) {
      if (existing.name == name) return make_error("htn.duplicate_variable", cat({"?", name, " is declared twice; give each parameter its own name."}), pointer);
    }
    if (out.size() >= limits::kMaxHtnVariables) return make_error("htn.too_many_variables", cat({"at most ", std::to_string(limits::kMaxHtnVariables), " variables per operator or method."}), pointer);
    out.push_back(TypedVariable{name, 0});
  }
  return {};
}



Result<std::uint32_t> predicate_index(const Domain& domain, std::string_view name, const std::string& pointer) {
  return index_of(domain.predicates, name, "predicate", " Declare it in \"predicates\" first.", pointer);
}

namespace {

}  // namespace

// A domain constant used as an argument, checked against the type the slot expects.
Result<Term> constant_term(const Domain& domain, std::string_view token, std::uint32_t expected_type, const std::string& pointer) {
  for (std::size_t i = 0; i < domain.constants.size(); ++i) {
    if (domain.constants[i] != token) continue;
    if (!domain.is_subtype(domain.constant_types[i], expected_type)) return make_error("htn.type_mismatch", cat({"constant ", token, " is not a ", domain.types[expected_type], "."}), pointer);
    return static_cast<Term>(i);
  }
  return make_error("htn.bad_argument", cat({"\"", token, "\" is not a declared constant."}), pointer);
}

namespace {

// A variable of `variables` (for `owner`), checked against the type the slot expects.
Result<Term> read_variable_term(const Domain& domain, std::string_view token, const std::vector<TypedVariable>& variables, std::string_view owner,
                                std::uint32_t expected_type, const std::string& pointer) {
  if (!is_variable_token(token)) {
    Result<Term> constant = constant_term(domain, token, expected_type, pointer);
    if (constant.ok() || constant.error().code != "htn.bad_argument") return constant;
    std::string message = "\"";
    message.append(token).append("\" is not a variable or a constant; in a domain every argument is a \"?variable\" of the ").append(owner).append(
        " or a name declared in \"constants\".");
    return make_error("htn.bad_argument", message, pointer);
  }
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (variables[i].name != token.substr(1)) continue;
    if (!domain.is_subtype(variables[i].type, expected_type) && !domain.is_subtype(expected_type, variables[i].type)) {
      std::string message(token);
      message.append(" is a ").append(domain.types[variables[i].type]).append(" but this place needs a ").append(domain.types[expected_type]).append(
          "; pass a variable of that type.");
      return make_error("htn.type_mismatch", message, pointer);
    }
    return variable_term(static_cast<std::int32_t>(i));
  }
  std::string message(owner);
  message.append(" uses ").append(token).append(", which is not a parameter; declare it in \"parameters\" or use one that is.");
  return make_error("htn.undeclared_variable", message, pointer);
}

}  // namespace

// "on ?x ?y", "not on ?x ?y", "= ?x ?y", "not = ?x ?y".
Result<Literal> read_literal(const Domain& domain, const Json& json, const std::string& pointer, const std::vector<TypedVariable>& variables,
                             std::string_view owner, bool allow_negation) {
  if (!json.is_string()) return make_error("json.wrong_type", "a literal is a string such as \"on ?x ?y\", \"not clear ?x\" or \"= ?x ?y\".", pointer);
  std::vector<std::string_view> tokens = split_tokens(json.get_ref<const std::string&>());
  if (!tokens.empty() && tokens[0] == "forall") {
    if (!allow_negation) return make_error("htn.forall_effect", "forall is a precondition, not an effect.", pointer);
    return read_forall(domain, json.get_ref<const std::string&>(), pointer, variables, owner);
  }
  Literal literal;
  std::size_t at = 0;
  if (!tokens.empty() && tokens[0] == "not") {
    if (!allow_negation) return make_error("htn.negated_effect", "an effect cannot be negated: put the atom in \"delete\" instead of \"add\".", pointer);
    literal.negated = true;
    at = 1;
  }
  if (at >= tokens.size()) return make_error("htn.empty_literal", "the literal is empty; write a predicate and its arguments, such as \"clear ?x\".", pointer);
  std::vector<std::uint32_t> types;
  if (tokens[at] == "=") {
    if (!allow_negation) return make_error("htn.equality_effect", "equality is a precondition, not an effect.", pointer);
    literal.kind = LiteralKind::equal;
    types = {0, 0};
  } else {
    Result<std::uint32_t> predicate = predicate_index(domain, tokens[at], pointer);
    if (!predicate.ok()) return predicate.error();
    literal.predicate = predicate.value();
    types = domain.predicate_types[literal.predicate];
  }
  if (tokens.size() - at - 1 != types.size()) {
    std::string message(tokens[at]);
    message.append(" takes ").append(std::to_string(types.size())).append(" argument(s) but has ").append(std::to_string(tokens.size() - at - 1)).append(".");
    return make_error("htn.wrong_arity", message, pointer);
  }
  for (std::size_t i = 0; i < types.size(); ++i) {
    Result<Term> term = read_variable_term(domain, tokens[at + 1 + i], variables, owner, types[i], pointer);
    if (!term.ok()) return term.error();
    literal.args.push_back(term.value());
  }
  return literal;
}

// "forall ?x - type | lit | lit": every object of the type satisfies each literal (no nested forall).
Result<Literal> read_forall(const Domain& domain, std::string_view text, const std::string& pointer, const std::vector<TypedVariable>& variables,
                            std::string_view owner) {
  std::vector<std::string_view> parts;
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t bar = std::min(text.find('|', at), text.size());
    parts.push_back(text.substr(at, bar - at));
    at = bar + 1;
  }
  std::vector<TypedVariable> extended = variables;
  const std::string_view head = parts[0].substr(parts[0].find("forall") + 6);
  RETURN_IF_ERROR(read_typed_variables(domain, head, pointer, extended));
  if (extended.size() != variables.size() + 1 || parts.size() < 2) {
    return make_error("htn.bad_forall", "write a forall as \"forall ?x - type | literal | literal\": one variable, then the literals that hold for every object of its type.", pointer);
  }
  Literal literal;
  literal.kind = LiteralKind::forall;
  literal.forall_type = extended.back().type;
  literal.forall_slot = static_cast<std::int32_t>(variables.size());
  literal.forall_name = extended.back().name;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (split_tokens(parts[i]).empty() || split_tokens(parts[i])[0] == "forall") return make_error("htn.bad_forall", "a forall's literals are atoms or equalities (no nested forall), separated by \"|\".", pointer);
    Result<Literal> part = read_literal(domain, Json(std::string(parts[i])), pointer, extended, owner, true);
    if (!part.ok()) return part.error();
    literal.body.push_back(std::move(part).value());
  }
  return literal;
}

namespace {

Result<std::vector<Literal>> read_literals(const Domain& domain, const ObjectReader& reader, std::string_view key, const std::vector<TypedVariable>& variables,
                                           std::string_view owner, bool allow_negation) {
  std::vector<Literal> literals;
  const Json* list = reader.find(key);
  if (list == nullptr) return literals;
  if (!list->is_array()) return make_error("json.wrong_type", cat({"\"", std::string(key), "\" is an array of literals such as \"on ?x ?y\"."}), reader.pointer_of(key));
  if (list->size() > limits::kMaxHtnLiterals) return make_error("htn.too_many_literals", cat({"at most ", std::to_string(limits::kMaxHtnLiterals), " literals in one list."}), reader.pointer_of(key));
  for (std::size_t i = 0; i < list->size(); ++i) {
    Result<Literal> literal = read_literal(domain, (*list)[i], pointer_append(reader.pointer_of(key), i), variables, owner, allow_negation);
    if (!literal.ok()) return literal.error();
    literals.push_back(std::move(literal).value());
  }
  return literals;
}

Result<std::string> read_name(const ObjectReader& reader, std::string_view what) {
  Result<std::string> name = reader.string("name");
  if (!name.ok()) return name.error();
  if (!is_name_token(name.value())) return make_error("htn.bad_name", cat({std::string(what), " names use letters, digits, _ and - (start with a letter)."}), reader.pointer_of("name"));
  return name;
}

struct NameAndType {
  std::string name;
  std::uint32_t type = 0;  // "object" when not given
};

// "name" or "name - type" with a declared type (a type's parent, a constant's type).
Result<NameAndType> read_name_and_type(const Domain& domain, const Json& entry, const std::string& pointer, const char* code, std::string_view shape) {
  const std::vector<std::string_view> tokens = entry.is_string() ? split_tokens(entry.get_ref<const std::string&>()) : std::vector<std::string_view>{};
  const bool shaped = (tokens.size() == 1 || (tokens.size() == 3 && tokens[1] == "-")) && is_name_token(tokens[0]);
  if (!shaped) return make_error(code, std::string(shape), pointer);
  NameAndType result{std::string(tokens[0]), 0};
  if (tokens.size() == 3) {
    Result<std::uint32_t> found = type_index(domain, tokens[2], pointer);
    if (!found.ok()) return found.error();
    result.type = found.value();
  }
  return result;
}

Status read_types(Domain& domain, const ObjectReader& reader) {
  domain.types = {"object"};
  domain.type_parent = {0};
  const Json* types = reader.find("types");
  if (types == nullptr) return {};
  if (!types->is_array()) return make_error("json.wrong_type", "\"types\" is an array such as [\"block\", \"truck - vehicle\"].", reader.pointer_of("types"));
  for (std::size_t i = 0; i < types->size(); ++i) {
    const std::string pointer = pointer_append(reader.pointer_of("types"), i);
    if (!(*types)[i].is_string()) return make_error("json.wrong_type", "a type is a string: \"name\" or \"name - parent\".", pointer);
    Result<NameAndType> entry = read_name_and_type(domain, (*types)[i], pointer, "htn.bad_type", "a type is \"name\" or \"name - parent\" with a declared parent.");
    if (!entry.ok()) return entry.error();
    const std::string& name = entry.value().name;
    if (std::find(domain.types.begin(), domain.types.end(), name) != domain.types.end()) return make_error("htn.duplicate_type", cat({"type \"", name, "\" is declared twice."}), pointer);
    domain.types.push_back(name);
    domain.type_parent.push_back(entry.value().type);
  }
  if (domain.types.size() > limits::kMaxHtnTypes) return make_error("htn.too_many_types", cat({"at most ", std::to_string(limits::kMaxHtnTypes), " types."}), reader.pointer_of("types"));
  return {};
}

// "depot - location": objects every problem of the domain has, before its own.
Status read_constants(Domain& domain, const ObjectReader& reader) {
  const Json* list = reader.find("constants");
  if (list == nullptr) return {};
  if (!list->is_array()) return make_error("json.wrong_type", "\"constants\" is an array such as [\"depot - location\"].", reader.pointer_of("constants"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = pointer_append(reader.pointer_of("constants"), i);
    Result<NameAndType> entry = read_name_and_type(domain, (*list)[i], pointer, "htn.bad_constant", "a constant is \"name\" or \"name - type\".");
    if (!entry.ok()) return entry.error();
    const std::string& name = entry.value().name;
    if (std::find(domain.constants.begin(), domain.constants.end(), name) != domain.constants.end()) return make_error("htn.duplicate_constant", cat({"constant \"", name, "\" is declared twice."}), pointer);
    if (domain.constants.size() >= limits::kMaxHtnObjects) return make_error("htn.too_many_objects", cat({"at most ", std::to_string(limits::kMaxHtnObjects), " objects."}), pointer);
    domain.constants.push_back(name);
    domain.constant_types.push_back(entry.value().type);
  }
  return {};
}

// "name ?a - t ?b - u": a predicate or compound task signature.
Status read_signature(const Domain& domain, const Json& json, const std::string& pointer, std::string& name, std::vector<std::uint32_t>& types) {
  if (!json.is_string()) return make_error("json.wrong_type", "a declaration is a string such as \"on ?x - block ?y - block\".", pointer);
  const std::string& text = json.get_ref<const std::string&>();
  std::vector<std::string_view> tokens = split_tokens(text);
  if (tokens.empty() || !is_name_token(tokens[0])) return make_error("htn.bad_name", "start the declaration with a name (letters, digits, _ and -).", pointer);
  name = std::string(tokens[0]);
  std::vector<TypedVariable> variables;
  RETURN_IF_ERROR(read_typed_variables(domain, std::string_view(text).substr(static_cast<std::size_t>(tokens[0].data() + tokens[0].size() - text.data())), pointer, variables));
  if (variables.size() > limits::kMaxHtnArity) return make_error("htn.too_many_arguments", cat({"at most ", std::to_string(limits::kMaxHtnArity), " arguments."}), pointer);
  for (const TypedVariable& variable : variables) types.push_back(variable.type);
  return {};
}

Status read_predicates(Domain& domain, const ObjectReader& reader) {
  const Json* list = reader.find("predicates");
  if (list == nullptr || !list->is_array()) return make_error("htn.missing_predicates", "\"predicates\" is an array of declarations such as \"on ?x - block ?y - block\".", reader.pointer_of("predicates"));
  if (list->size() > limits::kMaxHtnPredicates) return make_error("htn.too_many_predicates", cat({"at most ", std::to_string(limits::kMaxHtnPredicates), " predicates."}), reader.pointer_of("predicates"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = pointer_append(reader.pointer_of("predicates"), i);
    std::string name;
    std::vector<std::uint32_t> types;
    RETURN_IF_ERROR(read_signature(domain, (*list)[i], pointer, name, types));
    if (std::find(domain.predicates.begin(), domain.predicates.end(), name) != domain.predicates.end()) return make_error("htn.duplicate_predicate", cat({"predicate \"", name, "\" is declared twice."}), pointer);
    domain.predicates.push_back(name);
    domain.predicate_types.push_back(types);
  }
  return {};
}

Status read_operators(Domain& domain, const ObjectReader& reader) {
  const Json* list = reader.find("operators");
  if (list == nullptr || !list->is_array()) return make_error("htn.missing_operators", "\"operators\" is an array of operator objects (name, parameters, pre, add, delete).", reader.pointer_of("operators"));
  if (list->size() > limits::kMaxHtnOperators) return make_error("htn.too_many_operators", cat({"at most ", std::to_string(limits::kMaxHtnOperators), " operators."}), reader.pointer_of("operators"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader op_reader((*list)[i], pointer_append(reader.pointer_of("operators"), i), "an operator");
    RETURN_IF_ERROR(op_reader.check({"name", "parameters", "pre", "add", "delete", "cost", "duration_ticks", "risk_permille", "streams"}));
    Operator op;
    Result<std::string> name = read_name(op_reader, "operator");
    if (!name.ok()) return name.error();
    op.name = name.value();
    if (domain.find_task(op.name) != nullptr) return make_error("htn.duplicate_task", cat({"\"", op.name, "\" is declared twice; operators and tasks share one namespace."}), op_reader.pointer_of("name"));
    Result<std::string> parameters = op_reader.string("parameters", "");
    if (!parameters.ok()) return parameters.error();
    RETURN_IF_ERROR(read_typed_variables(domain, parameters.value(), op_reader.pointer_of("parameters"), op.variables));
    if (op.variables.size() > limits::kMaxHtnArity) return make_error("htn.too_many_arguments", cat({"an operator has at most ", std::to_string(limits::kMaxHtnArity), " parameters."}), op_reader.pointer_of("parameters"));
    const std::string owner = "operator `" + op.name + "`";
    Result<std::vector<Literal>> pre = read_literals(domain, op_reader, "pre", op.variables, owner, true);
    if (!pre.ok()) return pre.error();
    Result<std::vector<Literal>> add = read_literals(domain, op_reader, "add", op.variables, owner, false);
    if (!add.ok()) return add.error();
    Result<std::vector<Literal>> del = read_literals(domain, op_reader, "delete", op.variables, owner, false);
    if (!del.ok()) return del.error();
    op.preconditions = std::move(pre).value();
    op.add_effects = std::move(add).value();
    op.delete_effects = std::move(del).value();
    Result<std::int64_t> cost = op_reader.integer("cost", 0, 1'000'000, 1);
    Result<std::int64_t> duration = op_reader.integer("duration_ticks", 0, 1'000'000, 1);
    Result<std::int64_t> risk = op_reader.integer("risk_permille", 0, 1000, 0);
    Result<std::int64_t> streams = op_reader.integer("streams", 1, 64, 1);
    for (const auto* field : {&cost, &duration, &risk, &streams})
      if (!field->ok()) return field->error();
    op.cost = cost.value();
    op.duration_ticks = duration.value();
    op.risk_permille = risk.value();
    op.streams = streams.value();
    TaskSignature signature{op.name, {}, true, static_cast<std::uint32_t>(domain.operators.size()), {}};
    for (const TypedVariable& variable : op.variables) signature.parameter_types.push_back(variable.type);
    domain.tasks.push_back(signature);
    domain.operators.push_back(std::move(op));
  }
  return {};
}

}  // namespace

Result<Domain> read_domain(const Json& json, const std::string& pointer) {
  Domain domain;
  ObjectReader reader(json, pointer, "an HTN domain");
  RETURN_IF_ERROR(reader.check({"format", "name", "types", "constants", "predicates", "operators", "tasks", "methods"}));
  Result<std::string> format = reader.string("format");
  if (!format.ok()) return format.error();
  if (format.value() != "coordlab.htn.domain/1") return make_error("htn.bad_format", "\"format\" must be \"coordlab.htn.domain/1\".", reader.pointer_of("format"));
  Result<std::string> name = reader.string("name", "domain");
  if (!name.ok()) return name.error();
  domain.name = name.value();
  RETURN_IF_ERROR(read_types(domain, reader));
  RETURN_IF_ERROR(read_constants(domain, reader));
  RETURN_IF_ERROR(read_predicates(domain, reader));
  RETURN_IF_ERROR(read_operators(domain, reader));
  RETURN_IF_ERROR(read_methods(domain, reader));
  return domain;
}

Result<Domain> parse_domain_text(std::string_view text, std::string_view file) {
  Result<Json> json = parse_json_text(text, file);
  if (!json.ok()) return json.error();
  Result<Domain> domain = read_domain(json.value(), "");
  if (!domain.ok()) return locate_error(domain.error(), text, file);
  return domain;
}

}  // namespace coordlab::planning

// HDDL domain -> coordlab.htn.domain/1: requirements, types (parents first), constants, predicates,
// compound tasks, actions (operators) and methods. A method's :parameters include the variables of its
// :task; ours list the task's variables first, so a head variable whose method type is narrower than the
// task's (or that repeats, or is a constant) becomes a fresh head variable and an equality precondition.
#include "planning/hddl_import.hpp"

#include <algorithm>

#include "planning/hddl_parts.hpp"

namespace coordlab::planning {
namespace hddl {

Result<Json> convert_problem(const SExpr& root, Source& source, const Json& domain_json);

namespace {

constexpr std::string_view kRequirements[] = {":strips", ":typing", ":hierarchy", ":negative-preconditions", ":equality", ":method-preconditions",
                                              ":universal-preconditions"};

Status check_requirements(const SExpr& section, const Source& source) {
  for (std::size_t i = 1; i < section.items.size(); ++i) {
    const SExpr& item = section.items[i];
    if (item.is_list || std::find(std::begin(kRequirements), std::end(kRequirements), item.atom) == std::end(kRequirements))
      return source.outside_subset(item.is_list ? "(...)" : item.atom, item);
  }
  return {};
}

// Types as "name - parent", every parent declared before its children ("object" is built in).
Status convert_types(const SExpr& section, const Source& source, Json& out) {
  Result<std::vector<TypedName>> declared = typed_list(section, 1, source);
  if (!declared.ok()) return declared.error();
  std::vector<TypedName> types = declared.value();
  for (const TypedName& type : declared.value()) {
    const bool known = type.type == "object" || std::any_of(types.begin(), types.end(), [&](const TypedName& t) { return t.name == type.type; });
    if (!known) types.push_back(TypedName{type.type, "object"});
  }
  std::vector<std::string> emitted = {"object"};
  Json list = Json::array();
  while (emitted.size() < types.size() + 1) {
    const std::size_t before = emitted.size();
    for (const TypedName& type : types) {
      const bool done = std::find(emitted.begin(), emitted.end(), type.name) != emitted.end();
      if (done || std::find(emitted.begin(), emitted.end(), type.type) == emitted.end()) continue;
      emitted.push_back(type.name);
      list.push_back(type.type == "object" ? type.name : type.name + " - " + type.type);
    }
    if (emitted.size() == before) return source.error("type_cycle", "the type hierarchy has a cycle (or a type declared twice).", section);
  }
  out["types"] = list;
  return {};
}

Status convert_signatures(const SExpr& section, const Source& source, Json& out, std::string_view key) {
  for (std::size_t i = 1; i < section.items.size(); ++i) {
    const SExpr& item = section.items[i];
    if (!item.is_list || item.items.empty() || item.items[0].is_list) return source.error("bad_declaration", "a declaration is (name ?a - type ...).", item);
    Result<std::vector<TypedName>> parameters = typed_list(item, 1, source);
    if (!parameters.ok()) return parameters.error();
    std::string text = item.items[0].atom;
    if (!parameters.value().empty()) text.append(" ").append(typed_text(parameters.value()));
    out[std::string(key)].push_back(text);
  }
  return {};
}

// (:task name :parameters (?a - t))
Status convert_task(const SExpr& section, Source& source, Json& out) {
  if (section.items.size() < 2 || section.items[1].is_list) return source.error("bad_task", "write (:task name :parameters (?a - type)).", section);
  Result<std::map<std::string, const SExpr*>> keys = keyword_values(section, 2, {":parameters"}, source);
  if (!keys.ok()) return keys.error();
  std::string text = section.items[1].atom;
  if (keys.value().count(":parameters") != 0) {
    Result<std::vector<TypedName>> parameters = typed_list(*keys.value().at(":parameters"), 0, source);
    if (!parameters.ok()) return parameters.error();
    if (!parameters.value().empty()) text.append(" ").append(typed_text(parameters.value()));
  }
  source.origin[pointer_append("/tasks", out["tasks"].size())] = section;
  out["tasks"].push_back(text);
  return {};
}

Status convert_action(const SExpr& section, Source& source, Json& out) {
  if (section.items.size() < 2 || section.items[1].is_list) return source.error("bad_action", "write (:action name :parameters (...) :precondition ... :effect ...).", section);
  Result<std::map<std::string, const SExpr*>> keys = keyword_values(section, 2, {":parameters", ":precondition", ":effect"}, source);
  if (!keys.ok()) return keys.error();
  Json op = {{"name", section.items[1].atom}, {"pre", Json::array()}, {"add", Json::array()}, {"delete", Json::array()}};
  if (keys.value().count(":parameters") != 0) {
    Result<std::vector<TypedName>> parameters = typed_list(*keys.value().at(":parameters"), 0, source);
    if (!parameters.ok()) return parameters.error();
    op["parameters"] = typed_text(parameters.value());
  }
  std::vector<std::string> pre, effects;
  if (keys.value().count(":precondition") != 0) RETURN_IF_ERROR(formula_literals(*keys.value().at(":precondition"), source, pre));
  if (keys.value().count(":effect") != 0) {
    const SExpr& effect = *keys.value().at(":effect");
    if (effect.head() == "forall" || effect.head() == "when") return source.outside_subset(std::string(effect.head()) + " in an effect", effect);
    for (std::size_t i = 1; effect.head() == "and" && i < effect.items.size(); ++i)
      if (effect.items[i].head() == "forall" || effect.items[i].head() == "when") return source.outside_subset(std::string(effect.items[i].head()) + " in an effect", effect.items[i]);
    RETURN_IF_ERROR(formula_literals(effect, source, effects));
  }
  for (const std::string& literal : pre) op["pre"].push_back(literal);
  for (const std::string& literal : effects) {
    if (literal.rfind("= ", 0) == 0 || literal.rfind("not = ", 0) == 0) return source.error("bad_effect", "equality is a precondition, not an effect.", *keys.value().at(":effect"));
    if (literal.rfind("not ", 0) == 0) op["delete"].push_back(literal.substr(4));
    else op["add"].push_back(literal);
  }
  source.origin[pointer_append("/operators", out["operators"].size())] = section;
  out["operators"].push_back(op);
  return {};
}

// The declared parameter types of compound task `name` (from the JSON written so far).
std::vector<std::string> task_parameter_types(const Json& out, std::string_view name) {
  for (const Json& task : out["tasks"]) {
    const std::string& text = task.get_ref<const std::string&>();
    if (text.substr(0, text.find(' ')) != name) continue;
    std::vector<std::string> types;
    for (std::size_t at = text.find(" - "); at != std::string::npos; at = text.find(" - ", at + 3))
      types.push_back(text.substr(at + 3, text.find(' ', at + 3) - (at + 3)));
    return types;
  }
  return {};
}

Status convert_method(const SExpr& section, Source& source, Json& out) {
  if (section.items.size() < 2 || section.items[1].is_list) return source.error("bad_method", "write (:method name :parameters (...) :task (name ?args) ...).", section);
  Result<std::map<std::string, const SExpr*>> keys = keyword_values(
      section, 2, {":parameters", ":task", ":precondition", ":ordered-subtasks", ":ordered-tasks", ":subtasks", ":tasks", ":ordering"}, source);
  if (!keys.ok()) return keys.error();
  if (keys.value().count(":task") == 0 || !keys.value().at(":task")->is_list || keys.value().at(":task")->items.empty()) return source.error("bad_method", "the method needs :task (name ?args).", section);
  std::vector<TypedName> parameters;
  if (keys.value().count(":parameters") != 0) {
    Result<std::vector<TypedName>> read = typed_list(*keys.value().at(":parameters"), 0, source);
    if (!read.ok()) return read.error();
    parameters = read.value();
  }
  const SExpr& head = *keys.value().at(":task");
  const std::vector<std::string> task_types = task_parameter_types(out, head.items[0].atom);
  if (task_types.size() != head.items.size() - 1) return source.error("bad_method", "the method's :task is not a declared compound task with that many arguments.", head);
  std::string head_text = head.items[0].atom;
  std::vector<bool> in_head(parameters.size(), false);
  Json pre = Json::array();
  for (std::size_t i = 1; i < head.items.size(); ++i) {
    const std::string& arg = head.items[i].atom;
    auto found = std::find_if(parameters.begin(), parameters.end(), [&](const TypedName& p) { return p.name == arg; });
    const auto index = static_cast<std::size_t>(found - parameters.begin());
    if (found != parameters.end() && !in_head[index] && found->type == task_types[i - 1]) {
      in_head[index] = true;
      head_text.append(" ").append(arg);
      continue;
    }
    const std::string fresh = "?task-arg-" + std::to_string(i);
    head_text.append(" ").append(fresh);
    pre.push_back("= " + arg + " " + fresh);  // binds (and type-checks) the method's variable
  }
  std::vector<TypedName> own;
  for (std::size_t p = 0; p < parameters.size(); ++p)
    if (!in_head[p]) own.push_back(parameters[p]);
  std::vector<std::string> literals;
  if (keys.value().count(":precondition") != 0) RETURN_IF_ERROR(formula_literals(*keys.value().at(":precondition"), source, literals));
  for (const std::string& literal : literals) pre.push_back(literal);
  Result<std::vector<std::string>> subtasks = ordered_subtasks(keys.value(), section, source);
  if (!subtasks.ok()) return subtasks.error();
  Json method = {{"name", section.items[1].atom}, {"task", head_text}, {"pre", pre}, {"subtasks", subtasks.value()}};
  if (!own.empty()) method["parameters"] = typed_text(own);
  source.origin[pointer_append("/methods", out["methods"].size())] = section;
  out["methods"].push_back(method);
  return {};
}

Status convert_section(const SExpr& section, Source& source, Json& out) {
  const std::string_view head = section.head();
  if (head == ":requirements") return check_requirements(section, source);
  if (head == ":types") {
    source.origin["/types"] = section;
    return convert_types(section, source, out);
  }
  if (head == ":constants" || head == ":predicates") {
    const std::string key(head.substr(1));
    source.origin["/" + key] = section;
    if (head == ":predicates") return convert_signatures(section, source, out, key);
    Result<std::vector<TypedName>> constants = typed_list(section, 1, source);
    if (!constants.ok()) return constants.error();
    for (const TypedName& constant : constants.value()) out["constants"].push_back(constant.name + " - " + constant.type);
    return {};
  }
  if (head == ":task") return convert_task(section, source, out);
  if (head == ":action") return convert_action(section, source, out);
  if (head == ":method") return convert_method(section, source, out);
  return source.outside_subset(head.empty() ? "(...)" : head, section);
}

Result<Json> convert_domain(const SExpr& root, Source& source) {
  if (root.head() != "define" || root.items.size() < 2 || root.items[1].head() != "domain" || root.items[1].items.size() != 2)
    return source.error("bad_domain", "a domain file is (define (domain name) ...).", root);
  Json out = {{"format", "coordlab.htn.domain/1"}, {"name", root.items[1].items[1].atom}, {"types", Json::array()}, {"constants", Json::array()},
              {"predicates", Json::array()}, {"operators", Json::array()}, {"tasks", Json::array()}, {"methods", Json::array()}};
  // Tasks first: methods need their parameter types whatever order the file uses.
  for (std::size_t i = 2; i < root.items.size(); ++i)
    if (root.items[i].head() == ":task" || root.items[i].head() == ":types") RETURN_IF_ERROR(convert_section(root.items[i], source, out));
  for (std::size_t i = 2; i < root.items.size(); ++i)
    if (root.items[i].head() != ":task" && root.items[i].head() != ":types") RETURN_IF_ERROR(convert_section(root.items[i], source, out));
  return out;
}

}  // namespace
}  // namespace hddl

bool looks_like_hddl(std::string_view text) {
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (c == ';') {
      while (at < text.size() && text[at] != '\n') ++at;
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c == '(';
  }
  return false;
}

Result<HddlImport> import_hddl(std::string_view domain_text, std::string_view domain_file, std::string_view problem_text, std::string_view problem_file) {
  HddlImport import;
  hddl::Source domain_source{domain_file, {}};
  Result<SExpr> domain_root = parse_sexpr(domain_text, domain_file);
  if (!domain_root.ok()) return domain_root.error();
  Result<Json> domain_json = hddl::convert_domain(domain_root.value(), domain_source);
  if (!domain_json.ok()) return domain_json.error();
  import.domain_json = std::move(domain_json).value();
  Result<Domain> domain = read_domain(import.domain_json, "");
  if (!domain.ok()) return domain_source.relocate(domain.error());
  import.domain = std::move(domain).value();

  hddl::Source problem_source{problem_file, {}};
  Result<SExpr> problem_root = parse_sexpr(problem_text, problem_file);
  if (!problem_root.ok()) return problem_root.error();
  Result<Json> problem_json = hddl::convert_problem(problem_root.value(), problem_source, import.domain_json);
  if (!problem_json.ok()) return problem_json.error();
  import.problem_json = std::move(problem_json).value();
  Result<Problem> problem = read_problem(import.problem_json, "", import.domain);
  if (!problem.ok()) return problem_source.relocate(problem.error());
  import.problem = std::move(problem).value();
  return import;
}

}  // namespace coordlab::planning

// HDDL problem -> coordlab.htn.problem/1: typed objects (grouped by type; the domain's constants are
// already objects), the :htn's ordered subtasks as the task list, :init and the :goal.
#include <algorithm>

#include "planning/hddl_parts.hpp"

namespace coordlab::planning::hddl {
namespace {

bool is_constant(const Json& domain_json, const std::string& name) {
  for (const Json& constant : domain_json["constants"]) {
    const std::string& text = constant.get_ref<const std::string&>();
    if (text.substr(0, text.find(' ')) == name) return true;
  }
  return false;
}

Status convert_objects(const SExpr& section, Source& source, const Json& domain_json, Json& out) {
  Result<std::vector<TypedName>> objects = typed_list(section, 1, source);
  if (!objects.ok()) return objects.error();
  source.origin["/objects"] = section;
  for (const TypedName& object : objects.value())
    if (!is_constant(domain_json, object.name)) out["objects"][object.type].push_back(object.name);
  return {};
}

Status convert_htn(const SExpr& section, Source& source, Json& out) {
  Result<std::map<std::string, const SExpr*>> keys =
      keyword_values(section, 1, {":parameters", ":ordered-subtasks", ":ordered-tasks", ":subtasks", ":tasks", ":ordering"}, source);
  if (!keys.ok()) return keys.error();
  if (keys.value().count(":parameters") != 0 && !keys.value().at(":parameters")->items.empty()) return source.outside_subset(":htn with :parameters", section);
  Result<std::vector<std::string>> tasks = ordered_subtasks(keys.value(), section, source);
  if (!tasks.ok()) return tasks.error();
  source.origin["/tasks"] = section;
  for (const std::string& task : tasks.value()) out["tasks"].push_back(task);
  return {};
}

Status convert_atoms(const SExpr& section, Source& source, Json& out, std::string_view key) {
  std::vector<std::string> literals;
  if (key == "init") {
    for (std::size_t i = 1; i < section.items.size(); ++i) {
      Result<std::string> atom = atom_text(section.items[i], source);
      if (!atom.ok()) return atom.error();
      if (atom.value() == "=" || atom.value().rfind("= ", 0) == 0 || atom.value().rfind("not", 0) == 0) return source.outside_subset(std::string(section.items[i].head()) + " in :init", section.items[i]);
      source.origin[pointer_append("/init", literals.size())] = section.items[i];
      literals.push_back(atom.value());
    }
  } else {
    if (section.items.size() != 2) return source.error("bad_goal", "write (:goal (and ...)).", section);
    RETURN_IF_ERROR(formula_literals(section.items[1], source, literals));
    if (std::any_of(literals.begin(), literals.end(), [](const std::string& literal) { return literal.rfind("forall", 0) == 0; }))
      return source.outside_subset("forall in the goal", section);
    source.origin["/goal"] = section;
  }
  for (const std::string& literal : literals) out[std::string(key)].push_back(literal);
  return {};
}

}  // namespace

Result<Json> convert_problem(const SExpr& root, Source& source, const Json& domain_json) {
  if (root.head() != "define" || root.items.size() < 2 || root.items[1].head() != "problem" || root.items[1].items.size() != 2)
    return source.error("bad_problem", "a problem file is (define (problem name) (:domain name) ...).", root);
  Json out = {{"format", "coordlab.htn.problem/1"}, {"name", root.items[1].items[1].atom}, {"objects", Json::object()},
              {"init", Json::array()}, {"tasks", Json::array()}, {"goal", Json::array()}};
  for (std::size_t i = 2; i < root.items.size(); ++i) {
    const SExpr& section = root.items[i];
    const std::string_view head = section.head();
    if (head == ":domain") {
      if (section.items.size() != 2 || section.items[1].atom != domain_json["name"].get<std::string>())
        return source.error("wrong_domain", "the problem is for domain `" + (section.items.size() > 1 ? section.items[1].atom : std::string()) + "`, not `" + domain_json["name"].get<std::string>() + "`.", section);
    } else if (head == ":requirements") {
      continue;
    } else if (head == ":objects") {
      RETURN_IF_ERROR(convert_objects(section, source, domain_json, out));
    } else if (head == ":htn") {
      RETURN_IF_ERROR(convert_htn(section, source, out));
    } else if (head == ":init" || head == ":goal") {
      RETURN_IF_ERROR(convert_atoms(section, source, out, head.substr(1)));
    } else {
      return source.outside_subset(head.empty() ? "(...)" : head, section);
    }
  }
  return out;
}

}  // namespace coordlab::planning::hddl

// The hierarchy protocol's spec and validated params (see hierarchy.hpp).
#include <algorithm>
#include <memory>

#include "allocation/contract_net.hpp"  // valid_task_name
#include "allocation/hierarchy.hpp"
#include "allocation/hierarchy_internal.hpp"
#include "core/limits.hpp"
#include "protocols/params_reader.hpp"

namespace coordlab::allocation {

std::string_view strategy_name(HierarchyStrategy strategy) {
  switch (strategy) {
    case HierarchyStrategy::least_loaded: return "least_loaded";
    case HierarchyStrategy::round_robin: return "round_robin";
    case HierarchyStrategy::capability_based: return "capability_based";
    case HierarchyStrategy::course_block_split: return "course_block_split";
  }
  return "?";
}

std::int64_t HierarchyParams::deadline_for(std::size_t child) const {
  if (result_deadline_ticks == 0) return 0;
  std::int64_t ticks = result_deadline_ticks;
  for (std::int64_t level = 0; level < height[child]; ++level) ticks *= max_attempts + 1;  // fits: limits keep it below 2^63
  return ticks;
}

std::pair<std::size_t, std::size_t> course_subtask_block(std::size_t count, std::size_t parts, std::size_t part) {
  const std::size_t size = (count + parts - 1) / parts;
  const std::size_t begin = std::min(count, part * size);
  return {begin, std::min(count, begin + size + 1)};  // the course's off-by-one
}

std::pair<std::size_t, std::size_t> course_worker_block(std::size_t count, std::size_t parts, std::size_t part) {
  const std::size_t size = count / parts;  // floor: the remainder gets no coordinator
  return {part * size, part * size + size};
}

std::string hierarchy_unit_label(const HierarchyParams& params, std::size_t node) {
  std::string label;  // "director", " \u00b7 coord_a", " \u00b7  \u00b7 worker_0": a middle dot per level
  for (std::int64_t level = 0; level < params.depth[node]; ++level) label.append(" \u00b7 ");
  return label.append(params.names[node]);
}

std::string join_list(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text.append(text.empty() ? "" : ",").append(item);
  return text;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    items.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

namespace {

Result<std::vector<std::string>> read_skills(const ObjectReader& reader) {
  std::vector<std::string> skills;
  const Json* list = reader.find("skills");
  if (!list) return skills;
  if (!list->is_array() || list->size() > limits::kMaxHierarchySkills) {
    return make_error("json.wrong_type", "\"skills\" is an array of up to " + std::to_string(limits::kMaxHierarchySkills) + " skill names.",
                      reader.pointer_of("skills"));
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& skill = (*list)[i];
    if (!skill.is_string() || !valid_task_name(skill.get<std::string>())) {
      return make_error("params.bad_skill", "a skill is 1 to 32 letters, digits, _ or -.", pointer_append(reader.pointer_of("skills"), i));
    }
    skills.push_back(skill.get<std::string>());
  }
  return skills;
}

Result<HierarchyUnit> read_unit(const Json& value, const std::string& pointer, std::size_t node, const std::vector<std::string>& names) {
  ObjectReader reader(value, pointer, "an org entry");
  RETURN_IF_ERROR(reader.check({"parent", "capacity", "skills", "work_ticks", "fail_permille"}));
  HierarchyUnit unit;
  if (node == 0) {
    if (reader.has("parent")) return make_error("params.root_parent", "node 0 (" + names[0] + ") is the root coordinator and has no parent.", reader.pointer_of("parent"));
  } else {
    Result<std::string> parent = reader.string("parent");
    if (!parent.ok()) return parent.error();
    const auto found = std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(node), parent.value());
    if (found == names.begin() + static_cast<std::ptrdiff_t>(node)) {
      return make_error("params.bad_parent", "the parent of " + names[node] + " must be a node listed before it (so the org is a tree); \"" + parent.value() +
                                                 "\" is not.", reader.pointer_of("parent"));
    }
    unit.parent = static_cast<int>(found - names.begin());
  }
  Result<std::int64_t> capacity = reader.integer("capacity", 1, limits::kMaxHierarchyCapacity, unit.capacity);
  if (!capacity.ok()) return capacity.error();
  Result<std::int64_t> work = reader.integer("work_ticks", 1, limits::kMaxHierarchyWindowTicks, unit.work_ticks);
  if (!work.ok()) return work.error();
  Result<std::int64_t> fail = reader.integer("fail_permille", 0, 1000, unit.fail_permille);
  if (!fail.ok()) return fail.error();
  Result<std::vector<std::string>> skills = read_skills(reader);
  if (!skills.ok()) return skills.error();
  unit.capacity = capacity.value();
  unit.work_ticks = work.value();
  unit.fail_permille = fail.value();
  unit.skills = skills.value();
  return unit;
}

Status read_subtasks(const ObjectReader& reader, HierarchyParams& parsed) {
  const Json* list = reader.find("subtasks");
  if (!list || !list->is_array() || list->empty() || list->size() > limits::kMaxHierarchySubtasks) {
    return make_error("params.bad_subtasks", "\"subtasks\" is an array of 1 to " + std::to_string(limits::kMaxHierarchySubtasks) +
                                                 " subtasks: names, or {\"name\": ..., \"needs\": SKILL}.", reader.pointer_of("subtasks"));
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = pointer_append(reader.pointer_of("subtasks"), i);
    HierarchySubtask subtask;
    if ((*list)[i].is_string()) {
      subtask.name = (*list)[i].get<std::string>();
    } else {
      ObjectReader entry((*list)[i], pointer, "a subtask");
      RETURN_IF_ERROR(entry.check({"name", "needs"}));
      Result<std::string> name = entry.string("name");
      if (!name.ok()) return name.error();
      Result<std::string> needs = entry.string("needs", std::string());
      if (!needs.ok()) return needs.error();
      if (!needs.value().empty() && !valid_task_name(needs.value())) return make_error("params.bad_skill", "a skill is 1 to 32 letters, digits, _ or -.", entry.pointer_of("needs"));
      subtask = {name.value(), needs.value()};
    }
    if (!valid_task_name(subtask.name)) return make_error("params.bad_subtask", "a subtask name is 1 to 32 letters, digits, _ or -.", pointer);
    for (const HierarchySubtask& earlier : parsed.subtasks)
      if (earlier.name == subtask.name) return make_error("params.duplicate_subtask", "subtask \"" + subtask.name + "\" is listed twice.", pointer);
    parsed.subtasks.push_back(subtask);
  }
  return {};
}

// Children, subtree capacity and skills, depth and height; nodes come after their parents.
Status derive_tree(HierarchyParams& parsed, const std::string& pointer) {
  const std::size_t count = parsed.org.size();
  parsed.children.assign(count, {});
  parsed.depth.assign(count, 0);
  parsed.height.assign(count, 0);
  parsed.subtree_capacity.assign(count, 0);
  parsed.subtree_skills.assign(count, {});
  for (std::size_t node = 1; node < count; ++node) {
    const auto parent = static_cast<std::size_t>(parsed.org[node].parent);
    parsed.children[parent].push_back(static_cast<std::uint16_t>(node));
    parsed.depth[node] = parsed.depth[parent] + 1;
    if (parsed.depth[node] > limits::kMaxHierarchyDepth) {
      return make_error("limit.hierarchy_depth", parsed.names[node] + " is " + std::to_string(parsed.depth[node]) + " levels below the root; at most " +
                                                     std::to_string(limits::kMaxHierarchyDepth) + ".", pointer_append(pointer, node));
    }
  }
  if (parsed.children[0].empty()) return make_error("params.no_workers", "the root coordinator (node 0) has no children: give some node \"parent\": \"" + parsed.names[0] + "\".", pointer);
  for (std::size_t node = count; node-- > 0;) {  // children come after parents: fold bottom-up
    if (!parsed.is_coordinator(node)) {
      parsed.subtree_capacity[node] = parsed.org[node].capacity;
      parsed.subtree_skills[node] = parsed.org[node].skills;
    }
    if (node == 0) break;
    const auto parent = static_cast<std::size_t>(parsed.org[node].parent);
    parsed.subtree_capacity[parent] += parsed.subtree_capacity[node];
    parsed.height[parent] = std::max(parsed.height[parent], parsed.height[node] + 1);
    for (const std::string& skill : parsed.subtree_skills[node])
      if (std::find(parsed.subtree_skills[parent].begin(), parsed.subtree_skills[parent].end(), skill) == parsed.subtree_skills[parent].end())
        parsed.subtree_skills[parent].push_back(skill);
  }
  return {};
}

// The course's block split needs its two-level org: root -> coordinators -> workers.
Status check_course_shape(const HierarchyParams& parsed, const std::string& pointer) {
  for (std::uint16_t child : parsed.children[0]) {
    if (!parsed.is_coordinator(child) || parsed.height[child] != 1) {
      return make_error("params.course_shape", "\"course_block_split\" models the course's two-level org: every child of the root is a coordinator whose children are workers; " +
                                                   parsed.names[child] + " is not.", pointer);
    }
  }
  return {};
}

Result<HierarchyParams> parse_params(const Json& params, const std::string& pointer, const std::vector<std::string>& names) {
  HierarchyParams parsed;
  parsed.names = names;
  const Json given = params.is_null() ? Json::object() : params;  // the reader keeps a reference: not a temporary
  ObjectReader reader(given, pointer, "hierarchy params");
  RETURN_IF_ERROR(reader.check({"strategy", "subtasks", "org", "result_deadline_ticks", "max_attempts"}));
  Result<HierarchyStrategy> strategy = protocols::read_choice<HierarchyStrategy>(
      reader, "strategy",
      {{"least_loaded", HierarchyStrategy::least_loaded}, {"round_robin", HierarchyStrategy::round_robin},
       {"capability_based", HierarchyStrategy::capability_based}, {"course_block_split", HierarchyStrategy::course_block_split}});
  if (!strategy.ok()) return strategy.error();
  parsed.strategy = strategy.value();
  Result<std::int64_t> deadline = reader.integer("result_deadline_ticks", 0, limits::kMaxHierarchyWindowTicks, parsed.result_deadline_ticks);
  if (!deadline.ok()) return deadline.error();
  Result<std::int64_t> attempts = reader.integer("max_attempts", 1, limits::kMaxHierarchyAttempts, parsed.max_attempts);
  if (!attempts.ok()) return attempts.error();
  parsed.result_deadline_ticks = deadline.value();
  parsed.max_attempts = attempts.value();
  RETURN_IF_ERROR(read_subtasks(reader, parsed));
  const Json* org = reader.find("org");
  if (!org || !org->is_array() || org->size() != names.size()) {
    return make_error("params.bad_org", "\"org\" is an array with one entry per node (" + std::to_string(names.size()) +
                                            "): {} for the root, {\"parent\": NODE, ...} for every other node.", reader.pointer_of("org"));
  }
  for (std::size_t node = 0; node < org->size(); ++node) {
    Result<HierarchyUnit> unit = read_unit((*org)[node], pointer_append(reader.pointer_of("org"), node), node, names);
    if (!unit.ok()) return unit.error();
    parsed.org.push_back(unit.value());
  }
  RETURN_IF_ERROR(derive_tree(parsed, reader.pointer_of("org")));
  if (parsed.course()) RETURN_IF_ERROR(check_course_shape(parsed, reader.pointer_of("strategy")));
  return parsed;
}

}  // namespace

protocols::ProtocolSpec hierarchy_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "hierarchy";
  spec.summary = "hierarchical coordination: coordinators delegate subtasks to workers within capacity, escalate and re-delegate on failure or silence";
  spec.message_types = {"Delegate", "Block", "Done", "Failed", "Cancel"};
  spec.timer_kinds = {"Wake"};
  spec.views = {{"hierarchy.tree", "Hierarchy", protocols::ViewKind::table, "tree",
                 "the organisation as a tree: each unit's load against its capacity (a coordinator's is its subtree's), and the subtasks it holds"}};
  spec.configure_with_nodes = [](const Json& params, const std::string& pointer, const std::vector<std::string>& names) -> Result<sim::ActorFactory> {
    Result<HierarchyParams> parsed = parse_params(params, pointer, names);
    if (!parsed.ok()) return parsed.error();
    const auto chosen = std::make_shared<const HierarchyParams>(parsed.value());
    return sim::ActorFactory([chosen](NodeId self, std::size_t, std::string_view persisted) {
      return chosen->is_coordinator(self.value) ? make_hierarchy_coordinator(chosen, self, !persisted.empty()) : make_hierarchy_worker(chosen, self);
    });
  };
  return spec;
}

}  // namespace coordlab::allocation

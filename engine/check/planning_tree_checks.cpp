// htn.tree_expanded: a check over runs of the `htn_tree` protocol, where the learner expands a
// decomposition tree by hand. The leaves are replayed with the validator, independently of how the
// actor judged each expansion.
#include <algorithm>

#include "check/check.hpp"
#include "check/notes.hpp"
#include "planning/htn_hand_tree.hpp"
#include "planning/validator.hpp"

namespace coordlab::check {
namespace {

using namespace planning;

// "a, b, c" split at commas, each entry trimmed.
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, end - start);
    const std::size_t first = item.find_first_not_of(' ');
    const std::size_t last = item.find_last_not_of(' ');
    if (first != std::string::npos) items.push_back(item.substr(first, last - first + 1));
    start = end + 1;
  }
  return items;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text.append(text.empty() ? "" : ", ").append(item);
  return text;
}

CheckResult tree_expanded(const CheckInput& input, const Json& args) {
  const HandTreeView view = hand_tree_view(input.world.node_count() > 0 ? input.world.actor(NodeId{0}) : nullptr);
  if (view.nodes == nullptr) return fail("node 0 does not hold a hand-expanded HTN tree (or is down).");
  const Domain& domain = *view.params->domain;
  const Problem& problem = *view.params->problem;
  std::vector<std::string> open, steps;
  for (const GroundTask& leaf : view.leaves) (domain.tasks[leaf.task].primitive ? steps : open).push_back(ground_text(domain, problem, leaf));
  if (!open.empty()) return fail(std::to_string(open.size()) + " task(s) still to expand: " + joined(open) + ".");
  const Replay replay = replay_plan(domain, problem, problem.initial_state, view.leaves);
  if (!replay.valid) return fail("the steps fail when replayed from the initial state: " + replay.reason + ".");
  if (!replay.goal_reached) return fail("the steps replay but " + replay.reason + ".");
  const std::vector<std::string> expected = split_list(args["plan"].get<std::string>());
  if (!expected.empty() && expected != steps) return fail("the leaves read " + joined(steps) + "; the plan should read " + joined(expected) + ".");
  return pass("only primitive tasks remain, and the " + std::to_string(steps.size()) + " steps replay from the initial state and reach the goal: " + joined(steps));
}

}  // namespace

std::vector<CheckSpec> planning_tree_checks() {
  return {
      CheckSpec{"htn.tree_expanded", CheckKind::goal, "htn_tree",
                "no compound task is left, and the leaves, left to right, replay from the initial state to the goal (and read as `plan`)",
                {ArgSpec{"plan", ArgType::string, "the expected steps, comma-separated (empty: any valid plan)", Json(""), 0, 0}}, tree_expanded},
  };
}

}  // namespace coordlab::check

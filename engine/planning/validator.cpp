#include "planning/validator.hpp"

#include <algorithm>
#include <map>

namespace coordlab::planning {

Replay replay_plan(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& initial, const std::vector<GroundTask>& steps) {
  Replay replay;
  replay.final_state = initial;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const GroundTask& step = steps[i];
    const TaskSignature& signature = domain.tasks[step.task];
    if (!signature.primitive) {
      replay.valid = false;
      replay.failing_step = i;
      replay.reason = "step " + std::to_string(i + 1) + " (" + ground_text(domain, problem, step) + ") is a compound task, not an operator";
      return replay;
    }
    const Operator& op = domain.operators[signature.op];
    for (const Literal& literal : op.preconditions) {
      if (literal_holds(problem, replay.final_state, literal, step.args)) continue;
      std::vector<std::int32_t> binding(step.args, step.args + step.arity);
      replay.valid = false;
      replay.failing_step = i;
      replay.reason = "step " + std::to_string(i + 1) + " (" + ground_text(domain, problem, step) + "): precondition `" +
                      literal_text(domain, problem, literal, binding, op.variables) + "` is false";
      return replay;
    }
    apply_step(domain, step, replay.final_state);
  }
  replay.goal_reached = true;
  for (const Literal& literal : problem.goal) {
    if (literal_holds(problem, replay.final_state, literal, nullptr)) continue;
    replay.goal_reached = false;
    replay.reason = "the goal `" + literal_text(domain, problem, literal, {}, {}) + "` does not hold after the last step";
    break;
  }
  return replay;
}

OrderingCheck check_ordering(const Domain& domain, const Problem& problem, const Plan& plan) {
  const std::size_t count = plan.decomposition.size();
  std::vector<std::int64_t> first(count, -1), last(count, -1);
  for (std::size_t s = 0; s < plan.steps.size(); ++s) {
    for (std::int32_t at = plan.steps[s].node; at >= 0; at = plan.decomposition[static_cast<std::size_t>(at)].parent) {
      const auto index = static_cast<std::size_t>(at);
      if (first[index] < 0 || static_cast<std::int64_t>(s) < first[index]) first[index] = static_cast<std::int64_t>(s);
      last[index] = std::max(last[index], static_cast<std::int64_t>(s));
    }
  }
  std::map<std::int32_t, std::vector<std::size_t>> children;  // siblings in the order their parent listed them
  for (std::size_t i = 0; i < count; ++i) children[plan.decomposition[i].parent].push_back(i);
  OrderingCheck check;
  for (const auto& [parent, siblings] : children) {
    for (std::size_t later = 1; later < siblings.size(); ++later) {
      for (std::size_t earlier = 0; earlier < later; ++earlier) {
        const std::size_t a = siblings[earlier], b = siblings[later];
        if (first[b] < 0 || last[a] < 0 || first[b] > last[a]) continue;
        const auto step = static_cast<std::size_t>(first[b]);
        if (check.first_violation && *check.first_violation <= step) continue;
        check.first_violation = step;
        check.reason = "step " + std::to_string(step + 1) + " (" + ground_text(domain, problem, plan.steps[step].task) + ", part of " +
                       ground_text(domain, problem, plan.decomposition[b].task) + ") runs before step " + std::to_string(last[a] + 1) +
                       ", which belongs to the earlier task " + ground_text(domain, problem, plan.decomposition[a].task);
      }
    }
  }
  return check;
}

}  // namespace coordlab::planning

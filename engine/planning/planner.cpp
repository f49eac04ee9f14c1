// The SHOP-style search. A choice point (Frame) is the task at the head of the list: a primitive task
// has one way forward (its step, if the preconditions hold in the projected state); a compound task has
// one per (method, satisfying binding), in the methods' order and, within a method, in the state's
// order. Going back restores the state (an undo trail), the list arena, the steps and the decomposition
// to the frame's marks.
#include "planning/planner.hpp"

#include <algorithm>

#include "planning/search_state.hpp"

namespace coordlab::planning {

std::string_view plan_status_name(PlanStatus status) {
  switch (status) {
    case PlanStatus::found: return "found";
    case PlanStatus::no_plan: return "no_plan";
    case PlanStatus::depth_limit: return "depth_limit";
    case PlanStatus::expansion_limit: return "expansion_limit";
  }
  return "?";
}

bool GroundTask::operator==(const GroundTask& other) const {
  if (task != other.task || arity != other.arity) return false;
  for (std::size_t i = 0; i < arity; ++i)
    if (args[i] != other.args[i]) return false;
  return true;
}

GroundTask ground(const TaskCall& call) {
  GroundTask task;
  task.task = call.task;
  task.arity = static_cast<std::uint8_t>(call.args.size());
  for (std::size_t i = 0; i < call.args.size(); ++i) task.args[i] = call.args[i];
  return task;
}

std::string ground_text(const Domain& domain, const Problem& problem, const GroundTask& task) {
  std::string text = domain.tasks[task.task].name;
  for (std::size_t i = 0; i < task.arity; ++i) text.append(" ").append(problem.objects[static_cast<std::size_t>(task.args[i])]);
  return text;
}

void fill_plan_metrics(const Domain& domain, Plan& plan) {
  std::int64_t survive_permille = 1000;
  plan.cost = plan.time_ticks = plan.max_streams = 0;
  for (const PlanStep& step : plan.steps) {
    const Operator& op = domain.operators[domain.tasks[step.task.task].op];
    plan.cost += op.cost;
    plan.time_ticks += op.duration_ticks;
    plan.max_streams = std::max(plan.max_streams, op.streams);
    survive_permille = survive_permille * (1000 - op.risk_permille) / 1000;
  }
  plan.risk_permille = 1000 - survive_permille;
  plan.success_permille = 1000;
  for (const DecompositionNode& node : plan.decomposition)
    if (node.method >= 0) plan.success_permille = plan.success_permille * domain.methods[static_cast<std::size_t>(node.method)].success_permille / 1000;
}

PlanResult plan_fifo(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const std::vector<GroundTask>& tasks,
                     const PlanOptions& options);

PlanResult plan_tasks(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const std::vector<GroundTask>& tasks,
                      const PlanOptions& options) {
  if (options.kind == PlannerKind::fifo) return plan_fifo(domain, problem, state, tasks, options);
  SearchState search(domain, problem, state, options);
  return search.run(tasks);
}

PlanResult plan_problem(const Domain& domain, const Problem& problem, const PlanOptions& options) {
  std::vector<GroundTask> tasks;
  for (const TaskCall& call : problem.tasks) tasks.push_back(ground(call));
  return plan_tasks(domain, problem, problem.initial_state, tasks, options);
}

// The course's planner: a FIFO queue; a compound task's subtasks go to the back (after its siblings);
// a method's preconditions are judged on the initial state; no backtracking; a step's preconditions
// are never checked. Its iteration cap is the expansion limit.
PlanResult plan_fifo(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const std::vector<GroundTask>& tasks,
                     const PlanOptions& options) {
  PlanResult result;
  Plan plan;
  std::vector<std::pair<GroundTask, std::int32_t>> queue;
  for (const GroundTask& task : tasks) queue.emplace_back(task, -1);
  for (std::size_t head = 0; head < queue.size(); ++head) {
    if (++result.expansions > options.expansion_limit) {
      result.status = PlanStatus::expansion_limit;
      result.reason = "the FIFO planner reached its iteration cap";
      return result;
    }
    const auto [task, parent] = queue[head];
    const TaskSignature& signature = domain.tasks[task.task];
    DecompositionNode node{task, parent, -1, static_cast<std::uint32_t>(plan.steps.size()), 0, 0};
    if (parent >= 0) node.depth = plan.decomposition[static_cast<std::size_t>(parent)].depth + 1;
    if (signature.primitive) {
      plan.steps.push_back(PlanStep{task, static_cast<std::int32_t>(plan.decomposition.size())});
      plan.decomposition.push_back(node);
      continue;
    }
    if (node.depth >= options.depth_limit) {
      result.status = PlanStatus::depth_limit;
      result.reason = "the FIFO planner reached its depth cap at " + ground_text(domain, problem, task);
      return result;
    }
    std::vector<std::int32_t> binding;
    std::int32_t chosen = first_applicable_method(domain, problem, state, task, binding);
    if (chosen < 0) {
      result.reason = "no method of " + ground_text(domain, problem, task) + " applies in the initial state";
      return result;
    }
    node.method = chosen;
    const auto index = static_cast<std::int32_t>(plan.decomposition.size());
    plan.decomposition.push_back(node);
    for (const TaskCall& call : domain.methods[static_cast<std::size_t>(chosen)].subtasks) queue.emplace_back(bind_call(call, binding), index);
  }
  fill_plan_metrics(domain, plan);
  result.plans.push_back(std::move(plan));
  result.status = PlanStatus::found;
  return result;
}

}  // namespace coordlab::planning

// htn.*, exec.*, predict.*: checks over runs of the `htn` protocol. Plan checks replay the executor's
// first plan (or the steps it executed) with the validator, independently of the planner; execution
// checks read the executor's notes (planning/execution.hpp lists them).
#include <algorithm>
#include <map>
#include <optional>

#include "check/notes.hpp"
#include "planning/choice.hpp"
#include "planning/execution.hpp"
#include "planning/prediction.hpp"
#include "planning/validator.hpp"

namespace coordlab::check {
namespace {

using namespace planning;

ExecutorView executor(const CheckInput& input) { return executor_view(input.world.node_count() > 0 ? input.world.actor(NodeId{0}) : nullptr); }

std::vector<GroundTask> plan_steps(const Plan& plan) {
  std::vector<GroundTask> steps;
  for (const PlanStep& step : plan.steps) steps.push_back(step.task);
  return steps;
}

CheckResult plan_valid(const CheckInput& input, const Json&) {
  ExecutorView view = executor(input);
  if (view.params == nullptr) return fail("node 0 is not an HTN executor (or is down).");
  if (view.initial_plan->steps.empty() && view.params->problem->tasks.size() > 0) return fail("the planner returned no plan.");
  Replay replay = replay_plan(*view.params->domain, *view.params->problem, view.params->problem->initial_state, plan_steps(*view.initial_plan));
  if (!replay.valid) return fail("the plan fails on replay from the initial state: " + replay.reason + ".");
  return pass("every step's preconditions hold when the plan is replayed from the initial state (" + std::to_string(view.initial_plan->steps.size()) + " steps)");
}

CheckResult ordering_respected(const CheckInput& input, const Json&) {
  ExecutorView view = executor(input);
  if (view.params == nullptr) return fail("node 0 is not an HTN executor (or is down).");
  if (view.initial_plan->steps.empty()) return fail("the planner returned no plan.");
  OrderingCheck ordering = check_ordering(*view.params->domain, *view.params->problem, *view.initial_plan);
  if (ordering.first_violation) return fail("the plan breaks the order of sibling tasks: " + ordering.reason + ".");
  return pass("every task's steps come after all the steps of the tasks listed before it");
}

CheckResult goal_reached(const CheckInput& input, const Json&) {
  ExecutorView view = executor(input);
  if (view.params == nullptr) return fail("node 0 is not an HTN executor (or is down).");
  // The replay starts from the initial state plus the strategy facts the executor's replans asserted.
  std::vector<AtomKey> start = view.params->problem->initial_state;
  start.insert(start.end(), view.strategy_facts->begin(), view.strategy_facts->end());
  std::sort(start.begin(), start.end());
  start.erase(std::unique(start.begin(), start.end()), start.end());
  Replay replay = replay_plan(*view.params->domain, *view.params->problem, start, *view.executed);
  if (!replay.valid) return fail("the executed steps fail on replay: " + replay.reason + ".");
  if (view.executed->empty() || !replay.goal_reached) return fail(view.executed->empty() ? "no step was executed." : "the goal is not reached: " + replay.reason + ".");
  return pass("the " + std::to_string(view.executed->size()) + " executed steps replay from the initial state and reach the goal");
}

CheckResult learner_method_used(const CheckInput& input, const Json&) {
  ExecutorView view = executor(input);
  if (view.params == nullptr) return fail("node 0 is not an HTN executor (or is down).");
  for (const DecompositionNode& node : view.initial_plan->decomposition)
    if (node.method >= 0 && view.params->domain->methods[static_cast<std::size_t>(node.method)].learner_written)
      return pass("the plan uses your method " + view.params->domain->methods[static_cast<std::size_t>(node.method)].name);
  return fail("no method marked \"author\": \"learner\" decomposed a task of the plan.");
}

std::string metrics_text(const Plan& plan) {
  std::string text = "time ";
  text.append(std::to_string(plan.time_ticks)).append(", cost ").append(std::to_string(plan.cost)).append(", risk ");
  return text.append(std::to_string(plan.risk_permille)).append(" permille");
}

CheckResult constraints_hold(const CheckInput& input, const Json&) {
  ExecutorView view = executor(input);
  if (view.params == nullptr) return fail("node 0 is not an HTN executor (or is down).");
  if (view.initial_plan->steps.empty()) return fail("the planner returned no plan.");
  const Constraints& constraints = view.params->problem->constraints;
  if (constraints.deadline_ticks == 0 && constraints.budget == 0 && constraints.max_streams == 0) return fail("the problem declares no constraints to hold.");
  const std::vector<std::string> violations = constraint_violations(*view.initial_plan, constraints);
  if (!violations.empty()) return fail("the executor's plan breaks a hard constraint: " + violations.front() + ".");
  return pass("the executor's plan (" + metrics_text(*view.initial_plan) + ") meets the deadline, budget and stream limits");
}

// Enumerates the alternatives again, independently of the executor, and looks for one that meets the
// constraints and dominates the executor's plan.
CheckResult on_pareto_front(const CheckInput& input, const Json& args) {
  ExecutorView view = executor(input);
  if (view.params == nullptr) return fail("node 0 is not an HTN executor (or is down).");
  if (view.initial_plan->steps.empty()) return fail("the planner returned no plan.");
  const Plan& mine = *view.initial_plan;
  if (!constraint_violations(mine, view.params->problem->constraints).empty()) return fail("the executor's plan breaks a hard constraint, so it is on no front of feasible plans.");
  std::vector<GroundTask> tasks;
  for (const TaskCall& call : view.params->problem->tasks) tasks.push_back(ground(call));
  PlanOptions options;
  options.max_plans = static_cast<std::size_t>(args["alternatives"].get<std::int64_t>());
  PlanResult search = plan_tasks(*view.params->domain, *view.params->problem, view.params->problem->initial_state, tasks, options);
  std::size_t feasible = 0;
  for (const Plan& other : search.plans) {
    if (!constraint_violations(other, view.params->problem->constraints).empty()) continue;
    ++feasible;
    if (dominates(other, mine)) return fail("an alternative meeting the constraints dominates the executor's plan: " + metrics_text(other) + " against " + metrics_text(mine) + ".");
  }
  return pass("no feasible alternative of " + std::to_string(feasible) + " dominates the executor's plan (" + metrics_text(mine) + ")");
}

// The executor's notes, in order, as (event, text).
std::vector<std::pair<std::size_t, std::string_view>> executor_notes(const CheckInput& input) {
  std::vector<std::pair<std::size_t, std::string_view>> notes;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t node, const protocols::PayloadReader&) {
    if (node == 0) notes.emplace_back(event, input.trace.text(input.trace.event(event).subject));
    return true;
  });
  return notes;
}

bool starts(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

CheckResult retried_not_replanned(const CheckInput& input, const Json& args) {
  const auto notes = executor_notes(input);
  std::int64_t transient = 0;
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (!starts(notes[i].second, "failure ") || notes[i].second.find("class=transient_network") == std::string_view::npos) continue;
    ++transient;
    const bool retried = i + 1 < notes.size() && starts(notes[i + 1].second, "retry ");
    if (!retried) return fail("a transient network error was not retried: the executor answered with \"" + std::string(notes[i + 1 < notes.size() ? i + 1 : i].second.substr(0, 40)) + "...\".", notes[i].first);
  }
  if (transient < args["min_transient"].get<std::int64_t>()) return fail(std::to_string(transient) + " transient error(s) happened; the task needs at least " + std::to_string(args["min_transient"].get<std::int64_t>()) + ".");
  return pass(std::to_string(transient) + " transient error(s), each retried without replanning");
}

CheckResult replanned_with(const CheckInput& input, const Json& args) {
  const std::string strategy = args["strategy"].get<std::string>();
  for (const auto& [event, text] : executor_notes(input)) {
    if (!starts(text, "replan ") || text.find(" strategy=" + strategy + " ") == std::string_view::npos) continue;
    if (text.find("adopted=1") == std::string_view::npos) return fail("the replan with " + strategy + " found no plan above the confidence threshold.", event);
    if (text.find("placeholders=") != std::string_view::npos) return fail("the replan with " + strategy + " replaced the remaining tasks with generic placeholders.", event);
    return pass("a failure was recovered by replanning with " + strategy + " from the current state");
  }
  return fail("no replan used the strategy " + strategy + ".");
}

CheckResult retries_within(const CheckInput& input, const Json& args) {
  const std::int64_t most = args["max_retries"].get<std::int64_t>();
  std::map<std::string, std::int64_t> per_step;
  bool finished = false;
  for (const auto& [event, text] : executor_notes(input)) {
    finished = finished || starts(text, "finished ");
    if (starts(text, "plan ")) per_step.clear();  // a new plan renumbers nothing, but restarts the count per step
    if (!starts(text, "retry ")) continue;
    const std::string step(protocols::PayloadReader(text).text("step").value_or(""));
    if (++per_step[step] > most) return fail("step " + step + " was retried more than " + std::to_string(most) + " times.", event);
  }
  if (!finished && args["require_finished"].get<bool>()) return fail("the run has not finished yet; run it longer.");
  if (!finished) return pass("no step retried more than " + std::to_string(most) + " times so far");
  return pass("no step was retried more than " + std::to_string(most) + " times, and the run finished");
}

CheckResult cap_respected(const CheckInput& input, const Json& args) {
  const std::int64_t cap = args["cap"].get<std::int64_t>();
  std::int64_t proactive = 0;
  bool finished = false;
  for (const auto& [event, text] : executor_notes(input)) {
    finished = finished || starts(text, "finished ");
    if (starts(text, "proactive ") && ++proactive > cap) return fail("more than " + std::to_string(cap) + " proactive replans.", event);
  }
  if (!finished && args["require_finished"].get<bool>()) return fail("the run has not finished; every run must terminate.");
  if (!finished) return pass(std::to_string(proactive) + " proactive replan(s) so far, within the cap of " + std::to_string(cap));
  return pass(std::to_string(proactive) + " proactive replan(s), within the cap of " + std::to_string(cap) + ", and the run finished");
}

// "300,500,900" -> {300, 500, 900}: rising permille values, at most limits::kMaxHtnToleranceSweep.
std::optional<std::vector<std::int64_t>> parse_tolerances(std::string_view text) {
  std::vector<std::int64_t> values;
  std::size_t start = 0;
  while (start <= text.size() && values.size() <= limits::kMaxHtnToleranceSweep) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::int64_t value = 0;
    if (comma == start || comma - start > 4) return std::nullopt;
    for (std::size_t i = start; i < comma; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    if (value > 1000 || (!values.empty() && value <= values.back())) return std::nullopt;
    values.push_back(value);
    start = comma + 1;
  }
  if (values.size() < 2 || values.size() > limits::kMaxHtnToleranceSweep) return std::nullopt;
  return values;
}

// Re-runs the scenario from scratch at each tolerance (the learner's rule and cap, the same seed) and
// compares the counts of proactive replans: they may only fall as tolerance rises.
CheckResult replans_monotone(const CheckInput& input, const Json& args) {
  ExecutorView view = executor(input);
  if (view.params == nullptr) return fail("node 0 is not an HTN executor (or is down).");
  if (view.params->predict == PredictRule::off) return fail("predictive replanning is off; set \"predict\" with a rule, a tolerance and a cap.");
  const std::optional<std::vector<std::int64_t>> tolerances = parse_tolerances(args["tolerances_permille"].get<std::string>());
  if (!tolerances) return fail("\"tolerances_permille\" must list 2 to " + std::to_string(limits::kMaxHtnToleranceSweep) + " rising values from 0 to 1000, such as \"300,500,900\".");
  const std::vector<ToleranceRun> runs = rerun_at_tolerances(*view.params, *tolerances, input.world);
  std::string counts;
  for (const ToleranceRun& run : runs) {
    counts.append(counts.empty() ? "" : ", ").append(std::to_string(run.tolerance_permille)).append(": ").append(std::to_string(run.proactive_replans));
    if (!run.finished) return fail("the re-run at tolerance " + std::to_string(run.tolerance_permille) + " permille did not finish; every run must terminate.");
  }
  const std::int64_t cap = args["cap"].get<std::int64_t>();
  for (const ToleranceRun& run : runs)
    if (run.proactive_replans > cap)
      return fail("the re-run at tolerance " + std::to_string(run.tolerance_permille) + " permille replanned proactively " + std::to_string(run.proactive_replans) + " times, over the cap of " + std::to_string(cap) + " (" + counts + ").");
  for (std::size_t i = 1; i < runs.size(); ++i)
    if (runs[i].proactive_replans > runs[i - 1].proactive_replans)
      return fail("proactive replans rise with tolerance (" + counts + "): a learner who accepts more risk should replan less, not more.");
  if (runs.front().proactive_replans == 0) return fail("no re-run replanned proactively (" + counts + "), so the rule was never tested; lower the tolerance or check the predictor.");
  return pass("proactive replans never rise as tolerance rises (tolerance permille: replans " + counts + "), and every re-run finished");
}

}  // namespace

std::vector<CheckSpec> planning_checks() {
  const std::string htn = "htn";
  // Off by default so the light holds while a run is under way; a lesson turns it on to demand termination.
  const ArgSpec finished_arg{"require_finished", ArgType::boolean, "also fail while the run has not finished", Json(false)};
  return {
      CheckSpec{"htn.plan_valid", CheckKind::goal, htn, "the executor's first plan replays from the initial state (names the first failing step)", {}, plan_valid},
      CheckSpec{"htn.ordering_respected", CheckKind::goal, htn, "ordering between sibling tasks holds for all their descendants", {}, ordering_respected},
      CheckSpec{"htn.goal_reached", CheckKind::goal, htn, "the executed steps replay and reach the problem's goal", {}, goal_reached},
      CheckSpec{"htn.learner_method_used", CheckKind::goal, htn, "a method marked \"author\": \"learner\" decomposed a task of the plan", {}, learner_method_used},
      CheckSpec{"htn.constraints_hold", CheckKind::goal, htn, "the executor's plan meets the problem's deadline, budget and parallel-stream limits", {}, constraints_hold},
      CheckSpec{"htn.on_pareto_front", CheckKind::goal, htn, "no alternative plan meeting the constraints is better in time, cost and risk at once",
                {ArgSpec{"alternatives", ArgType::integer, "how many alternative plans to enumerate", Json(16), 1, static_cast<std::int64_t>(limits::kMaxHtnAlternativePlans)}}, on_pareto_front},
      CheckSpec{"exec.retried_not_replanned", CheckKind::goal, htn, "every transient network error was retried, not replanned or aborted",
                {ArgSpec{"min_transient", ArgType::integer, "fail unless at least this many transient errors happened", Json(1), 0, 1000}}, retried_not_replanned},
      CheckSpec{"exec.replanned_with", CheckKind::goal, htn, "a failure was recovered by a replan with this strategy, adopted above the confidence threshold",
                {ArgSpec{"strategy", ArgType::string, "scale_down, add_validation, schema_adaptation or dependency_resolution", Json(), 0, 0}}, replanned_with},
      CheckSpec{"exec.retries_within", CheckKind::invariant, htn, "no step is retried more than max_retries times, and the run finished",
                {ArgSpec{"max_retries", ArgType::integer, "the most retries of one step", Json(3), 0, 20}, finished_arg}, retries_within},
      CheckSpec{"predict.cap_respected", CheckKind::invariant, htn, "proactive replans stay within the cap and the run terminates",
                {ArgSpec{"cap", ArgType::integer, "the most proactive replans", Json(2), 0, 20}, finished_arg}, cap_respected},
      CheckSpec{"predict.replans_monotone", CheckKind::goal, htn, "re-run at each tolerance, proactive replans never rise as risk tolerance rises, some run replans, and every run finishes",
                {ArgSpec{"tolerances_permille", ArgType::string, "rising tolerances to re-run at, comma-separated permille", Json("300,500,900"), 0, 0},
                 ArgSpec{"cap", ArgType::integer, "the most proactive replans any re-run may make", Json(static_cast<std::int64_t>(limits::kMaxHtnReplans)), 0, 20}},
                replans_monotone},
  };
}

}  // namespace coordlab::check

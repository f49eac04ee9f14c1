#include "lesson/task_runner.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "app/builtin_scenarios.hpp"
#include "check/check.hpp"
#include "lesson/controls.hpp"
#include "lesson/measure.hpp"
#include "lesson/task_kinds.hpp"

namespace coordlab::lesson {
namespace {

std::string index_list(const Json& indexes) {
  std::vector<std::int64_t> sorted;
  for (const Json& item : indexes)
    if (item.is_number_integer()) sorted.push_back(item.get<std::int64_t>());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string text;
  for (std::int64_t index : sorted) text += (text.empty() ? "" : ",") + std::to_string(index);
  return text;
}

bool within_tolerance(const Task& task, const Json& answer, const Json& expected) {
  return answer.is_number() && expected.is_number() && std::fabs(answer.get<double>() - expected.get<double>()) <= task.tolerance + 1e-12;
}

TaskOutcome evaluate_question(const Task& task, const Json& answer) {
  TaskOutcome outcome;
  if (answer.is_null()) {
    outcome.reason = "not answered yet.";
    return outcome;
  }
  switch (task.kind) {
    case TaskKind::single_choice: outcome.passed = answer.is_number_integer() && answer == task.answer; break;
    case TaskKind::multiple_choice:
      outcome.passed = answer.is_array() && !answer.empty() && index_list(answer) == index_list(task.answer);
      break;
    case TaskKind::prediction:  // without a measure: compared with the key
      outcome.passed = task.options.empty() ? within_tolerance(task, answer, task.answer) : answer.is_number_integer() && answer == task.answer;
      break;
    case TaskKind::numeric: outcome.passed = within_tolerance(task, answer, task.answer); break;
    case TaskKind::ordering: outcome.passed = answer.is_array() && answer == task.answer; break;
    case TaskKind::simulator:
    case TaskKind::classify:
    case TaskKind::document: break;  // evaluated by their own functions
  }
  const std::string& feedback = outcome.passed ? task.feedback_correct : task.feedback_wrong;
  outcome.reason = feedback.empty() ? (outcome.passed ? "correct." : "not quite; try again or take a hint.") : feedback;
  return outcome;
}

// Whether the goal holds on the run up to world step `step` (the session is moved there).
bool goal_holds_at(app::Session& session, const CheckCall& goal, std::uint64_t step) {
  const Status moved = session.seek(step);
  ENGINE_ASSERT(moved.ok());  // step <= head, so the seek cannot fail
  check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
  Result<check::CheckResult> result = check::run_check(goal.id, goal.args, input);
  return result.ok() && result.value().passed;
}

// The first step at which a goal that holds at the end of the run holds: a binary search for the step
// where it turns true (about log2(steps) replays from the Session's snapshots, not one per step).
void find_first_pass(app::Session& session, const CheckCall& goal, SeedRun& run) {
  const std::uint64_t head = session.head_step();
  std::uint64_t fails = 0;  // the search keeps: goal fails at `fails` (unless it is 0), holds at `holds`
  std::uint64_t holds = head;
  if (goal_holds_at(session, goal, 0)) {
    holds = 0;
  } else {
    while (holds - fails > 1) {
      const std::uint64_t middle = fails + (holds - fails) / 2;
      if (goal_holds_at(session, goal, middle)) holds = middle;
      else fails = middle;
    }
  }
  const Status moved = session.seek(holds);
  ENGINE_ASSERT(moved.ok());
  run.passed_at_step = holds;
  run.passed_at_tick = session.world().now().value;
  session.seek_to_end();
}

SeedRun run_seed(const Step& step, const Task& task, const Attempt& attempt, std::uint64_t seed) {
  SeedRun run;
  run.seed = seed;
  Result<app::Session> replayed = replay_attempt(step, task, attempt, seed);
  if (!replayed.ok()) {
    run.reason = replayed.error().message;
    return run;
  }
  app::Session& session = replayed.value();
  run.trace_hash = session.trace().hash();
  check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
  std::vector<CheckCall> calls = task.invariants;
  calls.insert(calls.begin(), task.check);  // the goal first: its reason is what a learner sees on success
  for (std::size_t i = 0; i < calls.size(); ++i) {
    Result<check::CheckResult> result = check::run_check(calls[i].id, calls[i].args, input);
    if (!result.ok()) {
      run.reason = result.error().message;
      return run;
    }
    if (i == 0) run.reason = result.value().reason;
    if (!result.value().passed) {
      run.reason = result.value().reason;
      run.first_violation = result.value().first_violation;
      return run;
    }
  }
  run.passed = true;
  find_first_pass(session, task.check, run);
  return run;
}

// Runs the step as it stands, measures the run and compares the learner's prediction with it.
TaskOutcome evaluate_prediction(const Step& step, const Task& task, const Json& answer) {
  TaskOutcome outcome;
  if (answer.is_null()) {
    outcome.reason = "not answered yet: make your prediction, then run.";
    return outcome;
  }
  SeedRun run;
  run.seed = step.seed;
  Result<app::Session> replayed = replay_attempt(step, task, Attempt{}, step.seed);
  if (!replayed.ok()) {
    outcome.reason = replayed.error().message;
    return outcome;
  }
  const app::Session& session = replayed.value();
  check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
  const MeasureSpec* spec = find_measure(task.measure->id);
  ENGINE_ASSERT(spec != nullptr);  // the loader checked the id
  Measurement measurement = spec->measure(input, task.measure->args);
  if (task.options.empty()) {
    outcome.passed = within_tolerance(task, answer, measurement.value);
  } else {
    std::optional<std::size_t> happened = option_for_measured(task, measurement.value);
    outcome.passed = happened && answer.is_number_integer() && answer.get<std::int64_t>() == static_cast<std::int64_t>(*happened);
  }
  const std::string& feedback = outcome.passed ? task.feedback_correct : task.feedback_wrong;
  outcome.reason = (feedback.empty() ? (outcome.passed ? "your prediction was right." : "not what happened.") : feedback) +
                   " The run: " + measurement.description + ".";
  run.passed = outcome.passed;
  run.reason = measurement.description;
  run.trace_hash = session.trace().hash();
  outcome.runs.push_back(run);
  outcome.measured = measurement.value;
  outcome.observed = measurement.description;
  return outcome;
}

}  // namespace

Result<Json> step_scenario(const Step& step, const Json& params) {
  Json scenario = step.scenario_inline;
  if (!step.scenario_name.empty()) {
    Result<Json> parsed = parse_json_text(app::builtin_scenario_text(step.scenario_name), step.scenario_name);
    if (!parsed.ok()) return parsed.error();
    scenario = parsed.value();
  }
  if (!params.is_object()) return make_error("lesson.bad_params", "params must be an object.");
  for (const auto& item : params.items()) {
    if (std::find(step.editable_params.begin(), step.editable_params.end(), item.key()) == step.editable_params.end()) {
      return make_error("lesson.param_not_editable", "this step does not let you change \"" + item.key() + "\".", pointer_append("/params", item.key()));
    }
    scenario["params"][item.key()] = item.value();
  }
  return scenario;
}

Result<app::Session> start_step(const Step& step, const Json& params, std::uint64_t seed) {
  Result<Json> document = step_scenario(step, params);
  if (!document.ok()) return document.error();
  Result<app::Scenario> scenario = app::parse_scenario(document.value());
  if (!scenario.ok()) return scenario.error();
  Result<app::Session> session = app::Session::create(std::move(scenario.value()), seed);
  if (!session.ok()) return session.error();
  Status setup = session.value().apply_all(step.setup);
  if (!setup.ok()) {
    Error error = setup.error();
    error.message = "the step's setup failed: " + error.message;
    return error;
  }
  return session;
}

Result<app::Session> replay_attempt(const Step& step, const Task& task, const Attempt& attempt, std::uint64_t seed) {
  RETURN_IF_ERROR(check_attempt_controls(step, attempt));
  Result<app::Session> started = start_step(step, attempt.params, seed);
  if (!started.ok()) return started.error();
  app::Session& session = started.value();
  for (std::size_t i = 0; i < attempt.commands.size(); ++i) {
    Status status = session.apply(attempt.commands[i]);
    if (!status.ok()) {
      Error error = status.error();
      error.message = "command " + std::to_string(i + 1) + " failed: " + error.message;
      return error;
    }
  }
  if (task.run_ticks > 0 && session.world().mode() == sim::DeliveryMode::automatic) {
    RETURN_IF_ERROR(session.apply(Json{{"op", "run"}, {"ticks", task.run_ticks}}));
  }
  return started;
}

std::optional<std::size_t> option_for_measured(const Task& task, const Json& measured) {
  const std::vector<std::string>& values = task.values.empty() ? task.options : task.values;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] == measured_text(measured)) return i;
  return std::nullopt;
}

Attempt starting_attempt(const Task& task) {
  Attempt attempt;
  if (task.kind == TaskKind::document) attempt.answer = task.start_text;
  return attempt;
}

Result<TaskOutcome> evaluate_task(const Step& step, const Task& task, const Attempt& attempt) {
  if (task.kind == TaskKind::prediction && task.measure) return evaluate_prediction(step, task, attempt.answer);
  if (task.kind == TaskKind::classify) return evaluate_classify(task, attempt.answer);
  if (task.kind == TaskKind::document) return evaluate_document(step, task, attempt.answer);
  if (task.kind != TaskKind::simulator) return evaluate_question(task, attempt.answer);
  TaskOutcome outcome;
  Status controls = check_attempt_controls(step, attempt);  // replay enforces the step's controls, as the UI does
  Result<Json> configured = controls.ok() ? step_scenario(step, attempt.params) : Result<Json>(controls.error());  // the same for every seed
  if (!configured.ok()) {
    outcome.reason = configured.error().message;
    return outcome;
  }
  std::vector<std::uint64_t> seeds = task.seeds.empty() ? std::vector<std::uint64_t>{step.seed} : task.seeds;
  outcome.passed = true;
  for (std::uint64_t seed : seeds) {
    SeedRun run = run_seed(step, task, attempt, seed);
    if (!run.passed && outcome.passed) {
      outcome.passed = false;
      outcome.reason = seeds.size() > 1 ? "with seed " + std::to_string(seed) + ": " + run.reason : run.reason;
    }
    outcome.runs.push_back(std::move(run));
  }
  if (outcome.passed) outcome.reason = outcome.runs.front().reason;
  return outcome;
}

}  // namespace coordlab::lesson

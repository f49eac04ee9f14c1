// The lint's rules against exercises that can be passed without doing the lesson (see lint.hpp): solutions
// use only the step's controls, invariant checks come with a progress demand, and the cheap attempts fail.
#include <algorithm>
#include <array>
#include <set>

#include "check/check.hpp"
#include "lesson/controls.hpp"
#include "lesson/lint.hpp"
#include "lesson/task_runner.hpp"

namespace coordlab::lesson {
namespace {

// "Running ten times longer": the learner's run before the task's own run_ticks, so the whole run is
// this many times the task's; a task without run_ticks is run for the fixed length instead.
constexpr std::int64_t kCheapLongRunFactor = 10;
constexpr std::int64_t kCheapLongRunTicksWithoutRunTicks = 10'000;

struct CheapAttempt {
  std::string what;  // for the message: "every node crashed"
  Attempt attempt;
};

std::string sentence(const std::string& text) { return !text.empty() && text.back() == '.' ? text : text + "."; }

std::string attempt_text(const Attempt& attempt) {
  std::string text;
  if (!attempt.commands.empty()) text += "commands " + attempt.commands.dump();
  if (!attempt.params.empty()) text += std::string(text.empty() ? "" : ", ") + "params " + attempt.params.dump();
  return text.empty() ? "nothing" : text;
}

void lint_attempt_controls(const Step& step, const Attempt& attempt, const std::string& pointer, std::string_view what,
                           std::vector<LintIssue>& issues) {
  Status allowed = check_attempt_controls(step, attempt, pointer);
  if (allowed.ok()) return;
  issues.push_back({allowed.error().pointer, allowed.error().code,
                    std::string(what) + ": " + allowed.error().message + " Add the control to the step's \"controls\" or do without it."});
}

// Goals that hold however little the system does: quorum arithmetic, an attacker kept on.
constexpr std::array<std::string_view, 2> kGoalsWithoutProgress = {"pbft.quorum_intersection", "lesson.byzantine_kept"};

// A goal check demands that something happened (but those above); an invariant does when one of its
// `min_...` arguments (min_messages, min_delivered, ...) asks for at least one.
bool demands_progress(const CheckCall& call) {
  const check::CheckSpec* spec = check::find_check(call.id);
  ENGINE_ASSERT(spec != nullptr);  // the loader checked the id
  if (std::find(kGoalsWithoutProgress.begin(), kGoalsWithoutProgress.end(), call.id) != kGoalsWithoutProgress.end()) return false;
  if (spec->kind == check::CheckKind::goal) return true;
  for (const auto& item : call.args.items()) {
    if (item.key().rfind("min_", 0) == 0 && item.value().is_number_integer() && item.value().get<std::int64_t>() >= 1) return true;
  }
  return false;
}

bool is_invariant(const CheckCall& call) {
  const check::CheckSpec* spec = check::find_check(call.id);
  return spec != nullptr && spec->kind == check::CheckKind::invariant;
}

Json node_commands(const std::vector<std::string>& nodes, const Json& command) {
  Json commands = Json::array();
  for (const std::string& node : nodes) {
    Json one = command;
    one["node"] = node;
    commands.push_back(std::move(one));
  }
  return commands;
}

void add_fault_attempts(const Step& step, const app::Session& session, std::vector<CheapAttempt>& attempts) {
  const std::vector<std::string>& nodes = session.trace().node_names();
  if (step_enables(step, "crash")) attempts.push_back({"every node crashed", {node_commands(nodes, {{"op", "crash"}}), Json::object(), Json()}});
  if (step_enables(step, "partition")) {
    Json groups = Json::array();
    for (const std::string& node : nodes) groups.push_back(Json::array({node}));
    attempts.push_back({"every node isolated", {Json::array({{{"op", "partition"}, {"groups", groups}}}), Json::object(), Json()}});
  }
  if (!step_enables(step, "byzantine")) return;
  attempts.push_back({"every node honest", {node_commands(nodes, {{"op", "byzantine"}, {"kind", "none"}}), Json::object(), Json()}});
  const std::vector<std::string>& kinds = session.world().byzantine_kinds();
  if (std::find(kinds.begin(), kinds.end(), "silent") != kinds.end()) {
    attempts.push_back({"every node silent", {node_commands(nodes, {{"op", "byzantine"}, {"kind", "silent"}}), Json::object(), Json()}});
  }
}

// Each editable param alone at each value the task names (in its solution and wrong solutions) and, for
// booleans, at true and at false.
void add_param_attempts(const Step& step, const Task& task, std::vector<CheapAttempt>& attempts) {
  if (!step_enables(step, "params")) return;
  std::vector<const Attempt*> named = {&task.solution};
  for (const WrongSolution& wrong : task.wrong_solutions) named.push_back(&wrong.attempt);
  for (const std::string& param : step.editable_params) {
    std::vector<Json> values;
    for (const Attempt* attempt : named)
      if (attempt->params.contains(param)) values.push_back(attempt->params[param]);
    const bool boolean = std::any_of(values.begin(), values.end(), [](const Json& value) { return value.is_boolean(); });
    if (boolean) values = {Json(true), Json(false)};
    for (const Json& value : values) attempts.push_back({"only " + param + " = " + value.dump(), {Json::array(), Json{{param, value}}, Json()}});
  }
}

std::vector<CheapAttempt> cheap_attempts(const Step& step, const Task& task, const app::Session& session) {
  std::vector<CheapAttempt> attempts;
  if (step_enables(step, "play")) {
    const std::int64_t ticks = task.run_ticks > 0 ? (kCheapLongRunFactor - 1) * task.run_ticks : kCheapLongRunTicksWithoutRunTicks;
    attempts.push_back({"running " + std::to_string(kCheapLongRunFactor) + " times longer", {Json::array({{{"op", "run"}, {"ticks", ticks}}}), Json::object(), Json()}});
  }
  add_fault_attempts(step, session, attempts);
  add_param_attempts(step, task, attempts);
  if (!task.solution.commands.empty() && !task.solution.params.empty()) {
    attempts.push_back({"the solution's params without its commands", {Json::array(), task.solution.params, Json()}});
    attempts.push_back({"the solution's commands without its params", {task.solution.commands, Json::object(), Json()}});
  }
  // The same attempt twice, or the solution itself, proves nothing.
  std::set<std::string> seen = {attempt_text(task.solution)};
  std::vector<CheapAttempt> distinct;
  for (CheapAttempt& attempt : attempts)
    if (seen.insert(attempt_text(attempt.attempt)).second) distinct.push_back(std::move(attempt));
  return distinct;
}

}  // namespace

void lint_solution_controls(const Step& step, const Task& task, const std::string& pointer, std::vector<LintIssue>& issues) {
  if (task.kind != TaskKind::simulator) return;
  lint_attempt_controls(step, task.solution, pointer + "/solution", "the reference solution", issues);
  for (std::size_t i = 0; i < task.wrong_solutions.size(); ++i) {
    lint_attempt_controls(step, task.wrong_solutions[i].attempt, pointer + "/wrong_solutions/" + std::to_string(i),
                          "this wrong solution (it would fail for that reason alone)", issues);
  }
}

void lint_progress_requirement(const Task& task, const std::string& pointer, std::vector<LintIssue>& issues) {
  if (task.kind != TaskKind::simulator) return;
  std::vector<CheckCall> calls = task.invariants;
  calls.insert(calls.begin(), task.check);
  if (std::any_of(calls.begin(), calls.end(), demands_progress)) return;
  std::string invariants;
  for (const CheckCall& call : calls)
    if (is_invariant(call)) invariants += (invariants.empty() ? "" : ", ") + call.id;
  if (invariants.empty()) return;
  issues.push_back({pointer + "/check", "lesson.invariant_without_progress",
                    "task \"" + task.id + "\" checks only invariants (" + invariants +
                        "), which a run where nothing happens passes; add a progress check beside them (a goal such as "
                        "pbft.progress_after_stabilization or raft.writes_acknowledged) or set an invariant's min_... argument."});
}

void lint_task_cheap_attempts(const Step& step, const Task& task, const std::string& pointer, std::vector<LintIssue>& issues,
                              CheapAttemptCount& count) {
  if (task.kind != TaskKind::simulator) return;
  Result<app::Session> session = start_step(step, Json::object(), step.seed);
  if (!session.ok()) return;  // reported by the basics
  Result<TaskOutcome> start = evaluate_task(step, task, Attempt{});
  if (!start.ok() || start.value().passed) return;  // the basics report a task that passes before the learner acts
  std::size_t passed = 0;
  for (const CheapAttempt& cheap : cheap_attempts(step, task, session.value())) {
    ++count.tried;
    Result<TaskOutcome> outcome = evaluate_task(step, task, cheap.attempt);
    if (!outcome.ok() || !outcome.value().passed) continue;
    ++passed;
    if (!task.passes_cheaply.empty()) continue;
    issues.push_back({pointer, "lesson.passes_cheaply",
                      "task \"" + task.id + "\" passes a cheap attempt, " + cheap.what + " (" + attempt_text(cheap.attempt) + "): " + sentence(outcome.value().reason) +
                          " Make the check demand the lesson's work, or say why that is fine in \"passes_cheaply\"."});
  }
  count.passed += passed;
  if (!task.passes_cheaply.empty()) {
    count.declared += passed;
    if (passed == 0) {
      issues.push_back({pointer + "/passes_cheaply", "lesson.passes_cheaply_unused",
                        "task \"" + task.id + "\" declares \"passes_cheaply\" but no cheap attempt passes; remove it."});
    }
  }
}

}  // namespace coordlab::lesson

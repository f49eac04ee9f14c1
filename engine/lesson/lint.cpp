#include "lesson/lint.hpp"

#include "lesson/controls.hpp"
#include "lesson/measure.hpp"
#include "lesson/task_runner.hpp"

namespace coordlab::lesson {
namespace {

std::string task_pointer(std::size_t step, std::size_t task) {
  return "/steps/" + std::to_string(step) + "/tasks/" + std::to_string(task);
}

// A prediction's key must be what the step's run produces, so an author cannot ship a wrong key.
// Returns false (with the issue) when it is not.
bool lint_prediction_key(const Step& step, const Task& task, const std::string& pointer, std::vector<LintIssue>& issues) {
  if (task.kind != TaskKind::prediction || !task.measure) return true;
  Result<TaskOutcome> keyed = evaluate_task(step, task, Attempt{Json::array(), Json::object(), task.answer});
  if (!keyed.ok() || keyed.value().passed) return true;  // an error here is reported by the solution's run
  const TaskOutcome& outcome = keyed.value();
  if (outcome.runs.empty()) {
    issues.push_back({pointer, "lesson.prediction_run_fails", "the step's run could not be measured: " + outcome.reason});
    return false;
  }
  const std::string produced = measured_text(outcome.measured);
  const std::string observed = " (" + outcome.observed + ")";
  if (task.options.empty()) {
    issues.push_back({pointer + "/answer", "lesson.prediction_key_wrong", "the key is " + measured_text(task.answer) + " but the run produces " +
                                                                            produced + observed + "; set \"answer\" to " + produced + "."});
    return false;
  }
  std::optional<std::size_t> option = option_for_measured(task, outcome.measured);
  if (!option) {
    issues.push_back({pointer + "/answer", "lesson.prediction_no_option", "the run produces \"" + produced + "\"" + observed +
                                                                             ", which no option stands for; add it to \"options\" (or \"values\")."});
    return false;
  }
  const std::size_t key = static_cast<std::size_t>(task.answer.get<std::int64_t>());
  issues.push_back({pointer + "/answer", "lesson.prediction_key_wrong", "the key is option " + std::to_string(key) + " (\"" + task.options[key] +
                                                                          "\") but the run produces \"" + produced + "\"" + observed + ": option " +
                                                                          std::to_string(*option) + "; set \"answer\" to " + std::to_string(*option) + "."});
  return false;
}

// A question answers the learner in the lesson's own words after a right and after a wrong answer; the
// generic "correct." / "not quite" teaches nothing. Simulator tasks explain themselves with the check's reason.
void lint_feedback(const Task& task, const std::string& pointer, std::vector<LintIssue>& issues) {
  const bool question = task.kind == TaskKind::single_choice || task.kind == TaskKind::multiple_choice || task.kind == TaskKind::numeric ||
                        task.kind == TaskKind::ordering || task.kind == TaskKind::prediction;
  if (!question) return;
  std::string missing = task.feedback_correct.empty() ? "\"feedback_correct\"" : "";
  if (task.feedback_wrong.empty()) missing += std::string(missing.empty() ? "" : " and ") + "\"feedback_wrong\"";
  if (missing.empty()) return;
  issues.push_back({pointer, "lesson.missing_feedback", "question \"" + task.id + "\" needs " + missing +
                                                            ": what to tell the learner after a right and after a wrong answer (why it is right, where to look)."});
}

void lint_task(const Step& step, const Task& task, const std::string& pointer, std::vector<LintIssue>& issues) {
  lint_feedback(task, pointer, issues);
  Result<TaskOutcome> start = evaluate_task(step, task, starting_attempt(task));
  if (!start.ok()) {
    issues.push_back({pointer, start.error().code, "evaluating the starting state failed: " + start.error().message});
  } else if (start.value().passed) {
    issues.push_back({pointer, "lesson.passes_at_start", "task \"" + task.id + "\" already passes before the learner does anything (" +
                                                             start.value().reason + "); make the starting state fail."});
  }
  const bool key_ok = lint_prediction_key(step, task, pointer, issues);
  Result<TaskOutcome> solution = evaluate_task(step, task, task.solution);
  if (!key_ok || !check_attempt_controls(step, task.solution).ok()) {
    // already reported: a solution matching the wrong key, or using a control the step lacks, fails for that reason
  } else if (!solution.ok()) {
    issues.push_back({pointer + "/solution", solution.error().code, "the reference solution could not run: " + solution.error().message});
  } else if (!solution.value().passed) {
    issues.push_back({pointer + "/solution", "lesson.solution_fails", "the reference solution of task \"" + task.id + "\" fails: " + solution.value().reason});
  }
  for (std::size_t i = 0; i < task.wrong_solutions.size(); ++i) {
    Result<TaskOutcome> wrong = evaluate_task(step, task, task.wrong_solutions[i].attempt);
    const std::string wrong_pointer = pointer + "/wrong_solutions/" + std::to_string(i);
    if (wrong.ok() && wrong.value().passed) {
      issues.push_back({wrong_pointer, "lesson.wrong_solution_passes", "this wrong solution passes, so the check cannot tell it apart"
                                                                       + (task.wrong_solutions[i].why.empty() ? std::string(".") : " (" + task.wrong_solutions[i].why + ").")});
    }
  }
}

}  // namespace

std::vector<LintIssue> lint_lesson_basics(const Lesson& lesson) {
  std::vector<LintIssue> issues;
  for (std::size_t s = 0; s < lesson.steps.size(); ++s) {
    const Step& step = lesson.steps[s];
    Result<app::Session> session = start_step(step, Json::object(), step.seed);
    if (!session.ok()) {
      issues.push_back({"/steps/" + std::to_string(s) + "/setup", session.error().code, session.error().message});
      continue;
    }
    for (std::size_t t = 0; t < step.tasks.size(); ++t) {
      lint_solution_controls(step, step.tasks[t], task_pointer(s, t), issues);
      lint_progress_requirement(step.tasks[t], task_pointer(s, t), issues);
      lint_task(step, step.tasks[t], task_pointer(s, t), issues);
    }
  }
  return issues;
}

std::vector<LintIssue> lint_cheap_attempts(const Lesson& lesson, CheapAttemptCount& count) {
  std::vector<LintIssue> issues;
  for (std::size_t s = 0; s < lesson.steps.size(); ++s) {
    const Step& step = lesson.steps[s];
    if (!start_step(step, Json::object(), step.seed).ok()) continue;  // reported by the basics
    for (std::size_t t = 0; t < step.tasks.size(); ++t) lint_task_cheap_attempts(step, step.tasks[t], task_pointer(s, t), issues, count);
  }
  return issues;
}

std::vector<LintIssue> lint_lesson(const Lesson& lesson) {
  std::vector<LintIssue> issues = lint_lesson_basics(lesson);
  CheapAttemptCount count;
  std::vector<LintIssue> cheap = lint_cheap_attempts(lesson, count);
  issues.insert(issues.end(), cheap.begin(), cheap.end());
  return issues;
}

}  // namespace coordlab::lesson

// Checks that cannot be gamed: every command op needs one learner control, and task evaluation (so also
// `coordlab run`, `coordlab verify` and the lint) refuses an attempt that uses a control its step does
// not enable, with the reason; a forged progress record that crashes every replica of a step without the
// crash control is rejected even with its hash recomputed; a task declaring "passes_cheaply" has its
// cheap passes counted as declared, and a declaration no cheap attempt needs is an error; the
// lesson.byzantine_kept goal holds only while the named attack is on.
#include <doctest/doctest.h>

#include <algorithm>

#include "app/builtin_scenarios.hpp"
#include "app/command.hpp"
#include "app/session.hpp"
#include "check/check.hpp"
#include "lesson/controls.hpp"
#include "lesson/lint.hpp"
#include "lesson/library.hpp"
#include "lesson/task_runner.hpp"
#include "lesson/verify.hpp"

namespace {

using namespace coordlab;

lesson::Step raft_step(std::vector<std::string> controls) {
  lesson::Step step;
  step.scenario_name = "raft";
  step.seed = 1;
  step.controls = std::move(controls);
  return step;
}

lesson::Task new_leader_task() {
  lesson::Task task;
  task.id = "new-leader";
  task.check = lesson::CheckCall{"raft.leader_elected", Json{{"after_crash", true}}};
  task.run_ticks = 1000;
  task.solution.commands = Json::array({{{"op", "run"}, {"ticks", 400}}, {{"op", "crash"}, {"node", "n1"}}});
  return task;
}

}  // namespace

TEST_CASE("lesson: controls: every command op needs exactly one known learner control") {
  const auto& controls = lesson::learner_controls();
  for (std::string_view op : app::command_ops()) {
    CAPTURE(op);
    const std::optional<std::string_view> control = lesson::control_for_op(op);
    REQUIRE(control.has_value());
    CHECK(std::find(controls.begin(), controls.end(), *control) != controls.end());
  }
  CHECK(lesson::control_for_op("run") == std::optional<std::string_view>("play"));
  CHECK(lesson::control_for_op("fire") == std::optional<std::string_view>("deliver"));
  CHECK(lesson::control_for_op("mode") == std::optional<std::string_view>("manual_delivery"));
  CHECK_FALSE(lesson::control_for_op("teleport").has_value());
  CHECK_FALSE(lesson::control_for_command(Json{{"ticks", 3}}).has_value());
}

TEST_CASE("lesson: controls: an attempt using a control its step does not enable is refused with the reason (crash, params)") {
  lesson::Task task = new_leader_task();
  lesson::Step without_crash = raft_step({"play", "step"});
  Result<lesson::TaskOutcome> refused = lesson::evaluate_task(without_crash, task, task.solution);
  REQUIRE(refused.ok());
  CHECK_FALSE(refused.value().passed);
  CHECK(refused.value().reason == "command 2 uses crash, which this step does not allow (its controls: play, step).");
  CHECK(refused.value().runs.empty());  // refused before anything runs
  lesson::Step with_crash = raft_step({"play", "crash"});
  CHECK(lesson::evaluate_task(with_crash, task, task.solution).value().passed);

  with_crash.editable_params = {"heartbeat_ticks"};
  lesson::Attempt tuned = task.solution;
  tuned.params = {{"heartbeat_ticks", 40}};
  Result<lesson::TaskOutcome> no_params = lesson::evaluate_task(with_crash, task, tuned);
  CHECK(no_params.value().reason == "the attempt changes params, which this step does not allow (its controls: play, crash).");
  with_crash.controls.push_back("params");
  CHECK(lesson::evaluate_task(with_crash, task, tuned).value().passed);
}

TEST_CASE("lesson: verify: a forged record crashing every replica is rejected though its hash is recomputed (pbft-byzantine-replica)") {
  const Result<lesson::Library>& library = lesson::builtin_library();
  REQUIRE(library.ok());
  const lesson::Step* step = nullptr;
  const lesson::Task* task = library.value().find_task("pbft-byzantine-replica/fix-it/against-equivocation", &step);
  REQUIRE(task != nullptr);
  const lesson::Lesson* lesson = library.value().find_lesson("pbft-byzantine-replica");
  REQUIRE(lesson != nullptr);
  Result<lesson::TaskOutcome> honest = lesson::evaluate_task(*step, *task, task->solution);
  REQUIRE(honest.ok());
  REQUIRE(honest.value().passed);
  lesson::ProgressRecord record = lesson::make_record(*lesson, *step, *task, task->solution, honest.value(), 1);
  record.attempt.commands = Json::array();
  for (const char* replica : {"n0", "n1", "n2", "n3"}) record.attempt.commands.push_back({{"op", "crash"}, {"node", replica}});
  record.record_hash = lesson::record_hash(record);  // anyone can
  lesson::VerifyReport report = lesson::verify_progress(lesson::Progress{"Mallory", {record}}, library.value());
  REQUIRE(report.records.size() == 1);
  CHECK_FALSE(report.records[0].verified);
  CHECK(report.records[0].problem == "the recorded answer does not pass when replayed: command 1 uses crash, which this step does not allow "
                                     "(its controls: play, step, step_back, seek, fork, byzantine, params).");
}

TEST_CASE("lesson: lint: passes_cheaply declares cheap passes fine, and is an error where nothing passes cheaply") {
  lesson::Lesson lesson;
  lesson.id = "declared";
  lesson::Step step = raft_step({"play", "crash"});
  lesson::Task task = new_leader_task();
  task.check = lesson::CheckCall{"raft.leader_elected", Json{{"after_crash", false}}};
  task.solution.commands = Json::array({{{"op", "run"}, {"ticks", 400}}});
  task.run_ticks = 0;  // so the starting state fails: nothing has run yet
  step.tasks = {task};
  lesson.steps = {step};
  lesson::CheapAttemptCount count;
  std::vector<lesson::LintIssue> issues = lesson::lint_cheap_attempts(lesson, count);
  REQUIRE(issues.size() == 1);  // running longer elects a leader: the task is "press Play"
  CHECK(issues[0].code == "lesson.passes_cheaply");
  CHECK(issues[0].message.find("running 10 times longer") != std::string::npos);
  CHECK(count.tried == 2);  // a long run, every node crashed
  CHECK(count.passed == 1);

  lesson.steps[0].tasks[0].passes_cheaply = "pressing Play is the whole task here";
  count = {};
  CHECK(lesson::lint_cheap_attempts(lesson, count).empty());
  CHECK(count.declared == 1);

  lesson.steps[0].controls = {"crash"};  // no Play: no long run to try, and crashing everything elects nobody
  lesson.steps[0].tasks[0].solution.commands = Json::array({{{"op", "crash"}, {"node", "n1"}}});
  count = {};
  issues = lesson::lint_cheap_attempts(lesson, count);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "lesson.passes_cheaply_unused");
  CHECK(issues[0].pointer == "/steps/0/tasks/0/passes_cheaply");
}

TEST_CASE("check: lesson.byzantine_kept: holds while the named attack is on, fails once the node is honest or does another") {
  Result<app::Scenario> scenario = app::builtin_scenario("pbft");
  REQUIRE(scenario.ok());
  Result<app::Session> created = app::Session::create(std::move(scenario.value()), 1);
  REQUIRE(created.ok());
  app::Session& session = created.value();
  auto kept = [&](const char* kind) {
    check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
    Result<check::CheckResult> result = check::run_check("lesson.byzantine_kept", Json{{"node", "n0"}, {"kind", kind}}, input);
    REQUIRE(result.ok());
    return result.value();
  };
  CHECK(kept("equivocate").reason == "n0 is honest, not equivocate: the attack must stay on while you fix the rules.");
  REQUIRE(session.apply(Json{{"op", "byzantine"}, {"node", "n0"}, {"kind", "equivocate"}}).ok());
  REQUIRE(session.apply(Json{{"op", "run"}, {"ticks", 50}}).ok());
  CHECK(kept("equivocate").passed);
  CHECK_FALSE(kept("wrong_digest").passed);
  REQUIRE(session.apply(Json{{"op", "byzantine"}, {"node", "n0"}, {"kind", "none"}}).ok());
  CHECK_FALSE(kept("equivocate").passed);
}

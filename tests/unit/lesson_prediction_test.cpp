// Predictions compared with the run: a prediction with a measure is judged against what the step's run
// produced (which node became leader, how many events of a kind), with feedback either way; option
// values map measured values to options; the lint proves the key matches the run and names the right
// answer when it does not; bad measures and values are located load errors. Measures read the run.
#include <doctest/doctest.h>

#include <algorithm>

#include "lesson/lint.hpp"
#include "lesson/measure.hpp"
#include "lesson/task_runner.hpp"

namespace {

using namespace coordlab;

// A Raft step (seed 1: n1 wins the first election) whose setup crashes n2 at tick 50, with `task`.
std::string lesson_with(const Json& task) {
  Json step = {{"id", "watch"}, {"title", "Watch"}, {"text", "Predict, then run."}, {"scenario", "raft"}, {"seed", 1},
               {"setup", {{{"op", "run"}, {"ticks", 50}}, {{"op", "crash"}, {"node", "n2"}}}}, {"tasks", {task}}};
  return Json{{"format", "coordlab.lesson/1"}, {"id", "predict"}, {"title", "Predict"}, {"path", "observer"}, {"topic", "raft"},
              {"estimated_minutes", 5}, {"objectives", {"Predict."}}, {"steps", {step}}}
      .dump(2);
}

Json leader_prediction(int key) {
  return {{"id", "who-leads"}, {"kind", "prediction"}, {"prompt", "Which node becomes leader?"}, {"options", {"n0", "n1", "n2", "n3", "n4"}},
          {"measure", {{"id", "raft.leader"}}}, {"run_ticks", 400}, {"answer", key}, {"hints", {"Timeouts are random."}},
          {"feedback_correct", "Yes."}, {"feedback_wrong", "Not this time."}, {"solution", {{"answer", key}}}};
}

Json crash_count_prediction(int key) {
  return {{"id", "how-many"}, {"kind", "prediction"}, {"prompt", "How many crashes?"}, {"measure", {{"id", "events.count"}, {"args", {{"kind", "crash"}}}}},
          {"answer", key}, {"hints", {"Read the setup."}},
          {"feedback_correct", "Yes."}, {"feedback_wrong", "Read the setup."}, {"solution", {{"answer", key}}}};
}

Result<lesson::Lesson> load(const Json& task) { return lesson::parse_lesson_text(lesson_with(task), "predict.json", "predict"); }

lesson::TaskOutcome answer(const lesson::Lesson& lesson, const Json& value) {
  const lesson::Step& step = lesson.steps[0];
  lesson::Attempt attempt;
  attempt.answer = value;
  Result<lesson::TaskOutcome> outcome = lesson::evaluate_task(step, step.tasks[0], attempt);
  REQUIRE(outcome.ok());
  return outcome.value();
}

}  // namespace

TEST_CASE("lesson prediction: choice: compared with the run, with feedback either way") {
  Result<lesson::Lesson> lesson = load(leader_prediction(1));
  REQUIRE_MESSAGE(lesson.ok(), lesson.error().to_string());
  const lesson::TaskOutcome unanswered = answer(lesson.value(), Json());
  CHECK_FALSE(unanswered.passed);
  CHECK(unanswered.runs.empty());  // nothing runs before the learner has predicted
  const lesson::TaskOutcome right = answer(lesson.value(), 1);
  CHECK(right.passed);
  CHECK(right.measured == "n1");
  CHECK(right.reason == "Yes. The run: the last leader elected was n1, in term 1.");
  REQUIRE(right.runs.size() == 1);
  CHECK(right.runs[0].seed == 1);
  const lesson::TaskOutcome wrong = answer(lesson.value(), 3);
  CHECK_FALSE(wrong.passed);
  CHECK(wrong.reason == "Not this time. The run: the last leader elected was n1, in term 1.");
  CHECK(lesson::lint_lesson(lesson.value()).empty());
}

TEST_CASE("lesson prediction: numeric: the measured count within tolerance") {
  Result<lesson::Lesson> lesson = load(crash_count_prediction(1));
  REQUIRE_MESSAGE(lesson.ok(), lesson.error().to_string());
  CHECK(answer(lesson.value(), 1).passed);
  CHECK(answer(lesson.value(), 1).observed == "the run had 1 crash event(s)");
  CHECK_FALSE(answer(lesson.value(), 2).passed);
  CHECK(lesson::lint_lesson(lesson.value()).empty());
}

TEST_CASE("lesson prediction: lint: a key the run does not produce is named with the right answer") {
  Result<lesson::Lesson> choice = load(leader_prediction(2));
  REQUIRE(choice.ok());
  std::vector<lesson::LintIssue> issues = lesson::lint_lesson(choice.value());
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "lesson.prediction_key_wrong");
  CHECK(issues[0].pointer == "/steps/0/tasks/0/answer");
  CHECK(issues[0].message ==
        "the key is option 2 (\"n2\") but the run produces \"n1\" (the last leader elected was n1, in term 1): option 1; set \"answer\" to 1.");
  Result<lesson::Lesson> numeric = load(crash_count_prediction(3));
  REQUIRE(numeric.ok());
  issues = lesson::lint_lesson(numeric.value());
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].message == "the key is 3 but the run produces 1 (the run had 1 crash event(s)); set \"answer\" to 1.");
}

TEST_CASE("lesson prediction: values: options stand for measured values; no matching option is a lint error") {
  Json task = leader_prediction(0);
  task["options"] = {"The node that timed out first", "Node n2"};
  task["values"] = {"n1", "n2"};
  Result<lesson::Lesson> lesson = load(task);
  REQUIRE_MESSAGE(lesson.ok(), lesson.error().to_string());
  CHECK(answer(lesson.value(), 0).passed);
  CHECK(lesson::lint_lesson(lesson.value()).empty());
  task["values"] = {"n3", "n4"};
  Result<lesson::Lesson> none = load(task);
  REQUIRE(none.ok());
  std::vector<lesson::LintIssue> issues = lesson::lint_lesson(none.value());
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "lesson.prediction_no_option");
}

TEST_CASE("lesson prediction: load: unknown measure, bad arguments and mismatched values are located") {
  Json task = leader_prediction(1);
  task["measure"]["id"] = "raft.leeder";
  Result<lesson::Lesson> unknown = load(task);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == "lesson.unknown_measure");
  CHECK(unknown.error().pointer == "/steps/0/tasks/0/measure/id");
  CHECK(unknown.error().message.find("Did you mean \"raft.leader\"?") != std::string::npos);
  task = crash_count_prediction(1);
  task["measure"]["args"] = {{"kind", "crash"}, {"nod", "n1"}};
  Result<lesson::Lesson> bad_args = load(task);
  REQUIRE_FALSE(bad_args.ok());
  CHECK(bad_args.error().code == "lesson.bad_measure_args");
  task = leader_prediction(1);
  task["values"] = {"n1"};
  Result<lesson::Lesson> bad_values = load(task);
  REQUIRE_FALSE(bad_values.ok());
  CHECK(bad_values.error().code == "lesson.bad_values");
  CHECK(bad_values.error().line > 0);
}

TEST_CASE("lesson prediction: a prediction without a measure is still compared with its key") {
  Json task = leader_prediction(1);
  task.erase("measure");
  task.erase("run_ticks");
  Result<lesson::Lesson> lesson = load(task);
  REQUIRE(lesson.ok());
  CHECK(answer(lesson.value(), 1).passed);
  CHECK(answer(lesson.value(), 1).runs.empty());
  CHECK_FALSE(answer(lesson.value(), 0).passed);
}

TEST_CASE("lesson prediction: measures: catalog ids are unique and each validates its defaults") {
  std::vector<std::string> ids;
  for (const lesson::MeasureSpec& spec : lesson::measure_catalog()) {
    CHECK(std::find(ids.begin(), ids.end(), spec.id) == ids.end());
    ids.push_back(spec.id);
    CHECK(lesson::find_measure(spec.id) == &spec);
  }
  CHECK(lesson::find_measure("nope") == nullptr);
  CHECK(lesson::measured_text(Json(12)) == "12");
  CHECK(lesson::measured_text(Json("n1")) == "n1");
}

TEST_CASE("lesson prediction: pbft.stable_checkpoint: the highest stable checkpoint, at any or one replica (K = 4)") {
  // Ten requests from client n4 (six inputs and the built-in scenario's four) with a checkpoint every 4:
  // 4 and 8 become stable, 12 is never reached.
  Json setup = Json::array();
  for (int i = 0; i < 6; ++i) setup.push_back({{"op", "input"}, {"node", "n4"}, {"text", "op=r" + std::to_string(i)}});
  Json task = {{"id", "last-stable"}, {"kind", "prediction"}, {"prompt", "Which checkpoint?"}, {"measure", {{"id", "pbft.stable_checkpoint"}}},
               {"run_ticks", 3000}, {"answer", 8}, {"hints", {"K = 4."}}, {"feedback_correct", "Yes."}, {"feedback_wrong", "Count."},
               {"solution", {{"answer", 8}}}};
  Json step = {{"id", "watch"}, {"title", "Watch"}, {"text", "Predict, then run."}, {"scenario", "pbft"}, {"seed", 1}, {"setup", setup}, {"tasks", {task}}};
  const std::string text = Json{{"format", "coordlab.lesson/1"}, {"id", "checkpoints"}, {"title", "Checkpoints"}, {"path", "implementer"},
                                {"topic", "pbft"}, {"estimated_minutes", 5}, {"objectives", {"Predict."}}, {"steps", {step}}}
                               .dump(2);
  Result<lesson::Lesson> loaded = lesson::parse_lesson_text(text, "checkpoints.json", "checkpoints");
  REQUIRE_MESSAGE(loaded.ok(), loaded.error().to_string());
  const lesson::TaskOutcome right = answer(loaded.value(), 8);
  CHECK(right.passed);
  CHECK(right.observed == "the highest stable checkpoint was at sequence number 8");
  CHECK_FALSE(answer(loaded.value(), 12).passed);
  CHECK(lesson::lint_lesson(loaded.value()).empty());
}

// The classify and document task kinds: the sample lesson (tests/lessons_samples/task-kinds.json)
// loads and lints clean (its starting answers fail, its solutions pass, each wrong solution fails);
// classify feedback counts the right items without naming them; the document checkers judge the
// learner's text by running the engine on it and locate every error at line:column in that text; and
// strict validation of the new fields, with the document limits.
#include <doctest/doctest.h>

#include "lesson/document_checkers.hpp"
#include "lesson/lint.hpp"
#include "lesson/task_runner.hpp"
#include "support/lesson_files.hpp"

namespace {

using namespace coordlab;

const std::filesystem::path kSample = std::filesystem::path(COORDLAB_SOURCE_DIR) / "tests/lessons_samples/task-kinds.json";

lesson::Lesson sample_lesson() {
  Result<lesson::Lesson> loaded = lesson::parse_lesson_text(test_support::read_text(kSample), "task-kinds.json", "task-kinds");
  REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().to_string()));
  return loaded.value();
}

lesson::TaskOutcome outcome_of(const lesson::Step& step, const lesson::Task& task, Json answer) {
  lesson::Attempt attempt;
  attempt.answer = std::move(answer);
  Result<lesson::TaskOutcome> outcome = lesson::evaluate_task(step, task, attempt);
  REQUIRE(outcome.ok());
  return outcome.value();
}

// The sample lesson with one field of one task replaced (pointer into the file's JSON).
Error load_error_with(const std::string& pointer, const Json& value) {
  Json document = Json::parse(test_support::read_text(kSample));
  document[Json::json_pointer(pointer)] = value;
  Result<lesson::Lesson> loaded = lesson::parse_lesson_text(document.dump(2), "edited.json", "task-kinds");
  REQUIRE_FALSE(loaded.ok());
  return loaded.error();
}

}  // namespace

TEST_CASE("lesson: task kinds: the sample lesson loads and lints clean") {
  const lesson::Lesson sample = sample_lesson();
  REQUIRE(sample.steps.size() == 3);
  CHECK(sample.steps[0].tasks[0].kind == lesson::TaskKind::classify);
  CHECK(sample.steps[1].tasks[0].kind == lesson::TaskKind::document);
  CHECK(sample.steps[0].tasks[0].items[2].code == "for each term t: count(role=leader, term=t) <= 1");
  for (const lesson::LintIssue& issue : lesson::lint_lesson(sample)) FAIL_CHECK(issue.pointer << ": " << issue.message);
}

TEST_CASE("lesson: classify: feedback counts the right items, never which (5 items, 2 bins)") {
  const lesson::Lesson sample = sample_lesson();
  const lesson::Step& step = sample.steps[0];
  const lesson::Task& task = step.tasks[0];
  CHECK(outcome_of(step, task, Json()).reason == "not answered yet: put each item in a bin.");
  const lesson::TaskOutcome three = outcome_of(step, task, Json{0, 1, 1, 0, 0});
  CHECK_FALSE(three.passed);
  CHECK(three.reason == "3 of 5 items are in the right bin. Ask of each one: could a single bad moment in a trace prove it false?");
  const lesson::TaskOutcome unplaced = outcome_of(step, task, Json{0, nullptr, nullptr, 1, 0});
  CHECK(unplaced.reason.rfind("3 of 5 items are in the right bin; 2 are not placed yet.", 0) == 0);
  CHECK(outcome_of(step, task, Json{1, 0, 0, 0, 1}).reason.rfind("1 of 5 items is in the right bin.", 0) == 0);
  CHECK(outcome_of(step, task, Json{0, 1}).reason == "an answer gives one bin per item.");
  CHECK(outcome_of(step, task, Json{0, 1, 0, 1, 0}).passed);
}

TEST_CASE("lesson: document: scenario checker runs the text and locates errors in it") {
  const lesson::Lesson sample = sample_lesson();
  const lesson::Step& step = sample.steps[1];
  const lesson::Task& task = step.tasks[0];
  const lesson::TaskOutcome start = outcome_of(step, task, task.start_text);
  CHECK_FALSE(start.passed);
  CHECK(start.reason == "no leader with term >= 1 yet.");
  REQUIRE(start.runs.size() == 1);
  CHECK(start.runs[0].seed == 1);
  const lesson::TaskOutcome solved = outcome_of(step, task, task.solution.answer);
  CHECK(solved.passed);
  CHECK(solved.reason.find("became leader in term") != std::string::npos);

  std::string broken = task.start_text;
  broken.replace(broken.find("\"nodes\": 3,"), 11, "\"nodes\": 3");  // line 6: a missing comma
  const lesson::TaskOutcome syntax = outcome_of(step, task, broken);
  CHECK(syntax.text_line == 7);
  CHECK(syntax.text_column == 11);
  CHECK(syntax.reason.rfind("line 7, column 11: ", 0) == 0);

  std::string zero = task.start_text;
  zero.replace(zero.find("\"nodes\": 3"), 10, "\"nodes\": 0");
  const lesson::TaskOutcome invalid = outcome_of(step, task, zero);
  CHECK(invalid.text_line == 6);
  CHECK(invalid.text_column == 12);

  std::string dodged = task.start_text;
  dodged.replace(dodged.find("\"n1\""), 4, "\"n2\"");
  const lesson::TaskOutcome kept = outcome_of(step, task, dodged);
  CHECK(kept.reason == "line 8, column 13: keep /faults as it was: this exercise is about the rest.");
}

TEST_CASE("lesson: document: commands checker applies the list to the step's run") {
  const lesson::Lesson sample = sample_lesson();
  const lesson::Step& step = sample.steps[2];
  const lesson::Task& task = step.tasks[0];
  CHECK(outcome_of(step, task, task.start_text).reason == "no node has crashed yet: crash the leader first.");
  CHECK(outcome_of(step, task, task.solution.answer).passed);
  const lesson::TaskOutcome unknown = outcome_of(step, task, task.wrong_solutions[1].attempt.answer);
  CHECK(unknown.text_line == 3);
  CHECK(unknown.reason.find("n9") != std::string::npos);
  CHECK(outcome_of(step, task, "{\"op\": \"run\"}").reason.rfind("line 1, column 1: the text must be a JSON array", 0) == 0);
  CHECK(outcome_of(step, task, Json()).reason == "not answered yet: edit the text, then check it.");
}

TEST_CASE("lesson: document: limits on the learner's text (bytes, lines)") {
  const lesson::Lesson sample = sample_lesson();
  const lesson::Step& step = sample.steps[2];
  const lesson::Task& task = step.tasks[0];
  const std::string too_long(lesson::kMaxDocumentBytes + 1, ' ');
  CHECK(outcome_of(step, task, too_long).reason == "the text is 32001 bytes; keep it under 32000.");
  const std::string many_lines(lesson::kMaxDocumentLines + 1, '\n');
  const lesson::TaskOutcome lines = outcome_of(step, task, many_lines);
  CHECK(lines.reason == "line 801, column 1: the text has 801 lines; keep it under 800.");
  CHECK(lesson::count_lines("a\nb\n") == 2);
  CHECK(lesson::count_lines("a\nb") == 2);
  CHECK(lesson::count_lines("") == 0);
}

TEST_CASE("lesson: task kinds: strict validation with located errors") {
  Error checker = load_error_with("/steps/1/tasks/0/checker/id", "scenarios");
  CHECK(checker.code == "lesson.unknown_checker");
  CHECK(checker.message == "unknown document checker \"scenarios\". Did you mean \"scenario\"? The document checkers are: commands htn_domain scenario.");
  CHECK(checker.pointer == "/steps/1/tasks/0/checker/id");
  CHECK(checker.line > 1);
  CHECK(load_error_with("/steps/1/tasks/0/checker/args/check/id", "raft.leader_elect").code == "lesson.unknown_check");
  CHECK(load_error_with("/steps/1/tasks/0/checker/args/keep/0", "faults").code == "lesson.bad_pointer");
  CHECK(load_error_with("/steps/1/tasks/0/checker/args/seed", 3).code == "json.unknown_key");
  CHECK(load_error_with("/steps/1/tasks/0/start", 12).code == "json.wrong_type");
  CHECK(load_error_with("/steps/0/tasks/0/answer", Json{0, 1, 0, 1}).code == "lesson.bad_answer");
  CHECK(load_error_with("/steps/0/tasks/0/answer", Json{0, 1, 0, 1, 2}).code == "lesson.bad_answer");
  CHECK(load_error_with("/steps/0/tasks/0/bins", Json{"safety"}).code == "lesson.too_few_bins");
  CHECK(load_error_with("/steps/0/tasks/0/bins", Json{"safety", "safety"}).code == "lesson.duplicate_bin");
  CHECK(load_error_with("/steps/0/tasks/0/items/0", Json{{"code", "x"}}).code == "lesson.missing_key");
  Json many_items = Json::array();
  for (std::size_t i = 0; i <= lesson::kMaxClassifyItems; ++i) many_items.push_back("item");
  CHECK(load_error_with("/steps/0/tasks/0/items", many_items).code == "json.wrong_type");
  CHECK(load_error_with("/steps/0/tasks/0/options", Json{"a", "b"}).code == "json.unknown_key");
}

// Lessons: the markup parser, the loader's located errors (a folder of deliberately broken lessons whose
// messages must match tests/lessons_broken/expected.txt exactly; COORDLAB_UPDATE_GOLDEN=1 rewrites it),
// task evaluation for every task kind, and the lint over the real lessons/ folder.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "check/check.hpp"
#include "lesson/lint.hpp"
#include "lesson/markup.hpp"
#include "lesson/task_runner.hpp"

namespace {

using namespace coordlab;
namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<fs::path> json_files(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// What `coordlab lint` reports for one file: the load error, or every lint issue, one line each.
std::vector<std::string> problems(const fs::path& path) {
  const std::string text = read(path);
  const std::string name = path.filename().string();
  Result<lesson::Lesson> loaded = lesson::parse_lesson_text(text, name, path.stem().string());
  if (!loaded.ok()) return {loaded.error().to_string()};
  std::vector<std::string> lines;
  for (const lesson::LintIssue& issue : lesson::lint_lesson(loaded.value())) {
    lines.push_back(locate_error(make_error(issue.code, issue.message, issue.pointer), text, name).to_string());
  }
  return lines;
}

const fs::path kSource = COORDLAB_SOURCE_DIR;

}  // namespace

TEST_CASE("lesson: markup: headings, lists, spans, code blocks and callouts") {
  Result<std::vector<lesson::Block>> blocks = lesson::parse_markup(
      "# Title\nA **bold** and *italic* `code` line\ncontinued.\n\n- item one\n```\nraw *text*\n```\n> [!pitfall] The course\n> is wrong.");
  REQUIRE(blocks.ok());
  const auto& list = blocks.value();
  REQUIRE(list.size() == 5);
  CHECK(list[0].kind == lesson::BlockKind::heading);
  CHECK(list[1].kind == lesson::BlockKind::paragraph);
  REQUIRE(list[1].spans.size() == 7);
  CHECK(list[1].spans[1].style == lesson::SpanStyle::bold);
  CHECK(list[1].spans[3].style == lesson::SpanStyle::italic);
  CHECK(list[1].spans[5].style == lesson::SpanStyle::code);
  CHECK(list[1].spans[6].text == " line continued.");
  CHECK(list[2].kind == lesson::BlockKind::list_item);
  CHECK(list[3].kind == lesson::BlockKind::code);
  CHECK(list[3].spans[0].text == "raw *text*");
  CHECK(list[4].kind == lesson::BlockKind::pitfall);
  CHECK(lesson::parse_markup("a \\*literal\\* star").value()[0].spans[0].text == "a *literal* star");
  CHECK(lesson::parse_markup("```\nnever closed").error().message == "text line 1: the code block is not closed with ```.");
  CHECK(lesson::parse_markup("> [!tip] x").error().message == "text line 1: unknown callout; use \"> [!pitfall]\" or \"> [!note]\".");
  CHECK(lesson::parse_markup("# ").error().code == "lesson.bad_markup");
}

TEST_CASE("lesson: broken lessons: each yields exactly the expected message") {
  const fs::path folder = kSource / "tests/lessons_broken";
  std::string actual;
  for (const fs::path& file : json_files(folder))
    for (const std::string& line : problems(file)) actual += line + "\n";
  const fs::path expected_path = folder / "expected.txt";
  if (std::getenv("COORDLAB_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << actual;
    MESSAGE("rewrote " << expected_path.string());
  }
  CHECK(actual == read(expected_path));
  CHECK(json_files(folder).size() >= 13);
}

TEST_CASE("lesson: the lessons folder: every lesson loads and lints clean") {
  const std::vector<fs::path> files = json_files(kSource / "lessons");
  REQUIRE_FALSE(files.empty());
  for (const fs::path& file : files) {
    CAPTURE(file.string());
    std::vector<std::string> found = problems(file);
    CHECK_MESSAGE(found.empty(), (found.empty() ? "" : found.front()));
  }
}

TEST_CASE("lesson: questions: single, multiple, numeric with tolerance, ordering") {
  lesson::Step step;
  lesson::Task task;
  task.kind = lesson::TaskKind::multiple_choice;
  task.options = {"a", "b", "c"};
  task.answer = Json::array({0, 2});
  auto passes = [&](const Json& answer) {
    lesson::Attempt attempt;
    attempt.answer = answer;
    return lesson::evaluate_task(step, task, attempt).value().passed;
  };
  CHECK(passes(Json::array({2, 0})));
  CHECK_FALSE(passes(Json::array({0})));
  CHECK_FALSE(passes(Json()));
  task.kind = lesson::TaskKind::numeric;
  task.answer = 0.45;
  task.tolerance = 0.005;
  CHECK(passes(0.454));
  CHECK_FALSE(passes(0.456));
  CHECK_FALSE(passes("0.45"));
  task.kind = lesson::TaskKind::ordering;
  task.answer = Json::array({2, 0, 1});
  CHECK(passes(Json::array({2, 0, 1})));
  CHECK_FALSE(passes(Json::array({0, 1, 2})));
  task.kind = lesson::TaskKind::single_choice;
  task.answer = 1;
  CHECK(passes(1));
  CHECK_FALSE(passes(0));
}

TEST_CASE("lesson: simulator task: params outside editable_params are refused; seeds each run") {
  lesson::Step step;
  step.scenario_name = "raft";
  step.seed = 1;
  step.editable_params = {"heartbeat_ticks"};
  step.controls = {"params"};
  lesson::Task task;
  task.check = lesson::CheckCall{"raft.election_safety", Json::object()};
  task.seeds = {1, 2, 3};
  task.run_ticks = 500;
  lesson::Attempt attempt;
  attempt.params = {{"majority", "course"}};
  Result<lesson::TaskOutcome> refused = lesson::evaluate_task(step, task, attempt);
  REQUIRE(refused.ok());
  CHECK_FALSE(refused.value().passed);
  CHECK(refused.value().reason == "this step does not let you change \"majority\".");
  attempt.params = {{"heartbeat_ticks", 40}};
  Result<lesson::TaskOutcome> outcome = lesson::evaluate_task(step, task, attempt);
  REQUIRE(outcome.ok());
  CHECK(outcome.value().passed);
  REQUIRE(outcome.value().runs.size() == 3);
  CHECK(outcome.value().runs[0].trace_hash != outcome.value().runs[1].trace_hash);
}

TEST_CASE("lesson: simulator task: a passing run says at which step and tick its goal first held (raft, 3 seeds)") {
  lesson::Step step;
  step.scenario_name = "raft";
  step.seed = 1;
  lesson::Task task;
  task.check = lesson::CheckCall{"raft.leader_elected", Json::object()};
  task.seeds = {1, 2, 3};
  task.run_ticks = 600;
  Result<lesson::TaskOutcome> outcome = lesson::evaluate_task(step, task, lesson::Attempt{});
  REQUIRE(outcome.ok());
  REQUIRE(outcome.value().passed);
  for (const lesson::SeedRun& run : outcome.value().runs) {
    REQUIRE(run.passed_at_step.has_value());
    REQUIRE(run.passed_at_tick.has_value());
    // Replaying the same run: the goal fails one step earlier and holds at the reported step and tick.
    Result<app::Session> replayed = lesson::replay_attempt(step, task, lesson::Attempt{}, run.seed);
    REQUIRE(replayed.ok());
    app::Session& session = replayed.value();
    const auto goal_at = [&](std::uint64_t at) {
      REQUIRE(session.seek(at).ok());
      check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
      return check::run_check(task.check.id, task.check.args, input).value().passed;
    };
    CHECK(*run.passed_at_step > 0);
    CHECK_FALSE(goal_at(*run.passed_at_step - 1));
    CHECK(goal_at(*run.passed_at_step));
    CHECK(session.world().now().value == *run.passed_at_tick);
    CHECK(*run.passed_at_tick < 600);
  }
}

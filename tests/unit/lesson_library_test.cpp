// The lesson library and progress summary: the built-in library holds exactly the lessons/ folder
// (byte-identical, so hashes match progress made against the files), a broken file or a missing path
// file is a located error, and the summary (task status, step/lesson/path completion, checklist ticks,
// "continue where you left off") and record_attempt follow the records, on a small synthetic library so
// the figures do not move when the real lessons change.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "lesson/library.hpp"
#include "support/lesson_files.hpp"

namespace {

using namespace coordlab;
namespace fs = std::filesystem;

const fs::path kSource = COORDLAB_SOURCE_DIR;

std::string read(const fs::path& path) { return test_support::read_text(path); }

// A numeric question whose answer is 1.
Json question(const std::string& id) {
  return {{"id", id}, {"kind", "numeric"}, {"prompt", "How many?"}, {"answer", 1}, {"hints", {"One."}}, {"solution", {{"answer", 1}}}};
}

// A vector, not Json: a one-element braced list of Json is an array for GCC but a copy for clang.
Json step(const std::string& id, const std::vector<Json>& tasks) {
  return {{"id", id}, {"title", id}, {"text", "Read this."}, {"scenario", "voting"}, {"tasks", Json(tasks)}};
}

std::string lesson_text(const std::string& id, const std::string& path, const std::vector<Json>& steps) {
  return Json{{"format", "coordlab.lesson/1"}, {"id", id}, {"title", id}, {"path", path}, {"topic", "t"}, {"estimated_minutes", 5},
              {"objectives", {"Learn."}}, {"steps", Json(steps)}}
      .dump(2);
}

std::string path_text(const std::string& id, Json lessons, Json checklist) {
  return Json{{"format", "coordlab.path/1"}, {"id", id}, {"title", id}, {"audience", "everyone"}, {"estimated_minutes_min", 10},
              {"estimated_minutes_max", 20}, {"lessons", std::move(lessons)}, {"checklist", std::move(checklist)}}
      .dump(2);
}

// observer: lesson "a" (steps intro without tasks, s1 {t1, t2}, s2 {t3}), lesson "b" (s1 {t1});
// participant: lesson "p"; implementer: lesson "i". Checklist items map 2, 1 and 0 tasks.
struct Synthetic {
  std::vector<std::string> texts;
  std::vector<lesson::LibraryFile> files;
  lesson::Library library;
};

Synthetic synthetic_library() {
  Synthetic set;
  set.texts = {
      lesson_text("a", "observer", {step("intro", {}), step("s1", {question("t1"), question("t2")}), step("s2", {question("t3")})}),
      lesson_text("b", "observer", {step("s1", {question("t1")})}),
      lesson_text("p", "participant", {step("s1", {question("t1")})}),
      lesson_text("i", "implementer", {step("s1", {question("t1")})}),
      path_text("observer", {"a", "b"},
                {{{"id", "two"}, {"text", "Two tasks"}, {"tasks", {"a/s1/t1", "b/s1/t1"}}},
                 {{"id", "one"}, {"text", "One task"}, {"tasks", {"a/s2/t3"}}},
                 {{"id", "none"}, {"text", "No lesson yet"}, {"tasks", Json::array()}}}),
      path_text("participant", {"p"}, {{{"id", "p1"}, {"text", "P"}, {"tasks", {"p/s1/t1"}}}}),
      path_text("implementer", {"i"}, {{{"id", "i1"}, {"text", "I"}, {"tasks", {"i/s1/t1"}}}}),
  };
  const char* names[] = {"a.json", "b.json", "p.json", "i.json", "paths/observer.json", "paths/participant.json", "paths/implementer.json"};
  for (std::size_t i = 0; i < set.texts.size(); ++i) set.files.push_back({names[i], names[i], set.texts[i]});
  Result<lesson::Library> library = lesson::load_library(set.files);
  REQUIRE_MESSAGE(library.ok(), library.error().to_string());
  set.library = library.value();
  return set;
}

// Evaluates `answer` for a task and records it as the UI would.
lesson::RecordChange answer(lesson::Progress& progress, const lesson::Library& library, const std::string& reference, int value) {
  const lesson::Step* step = nullptr;
  const lesson::Task* task = library.find_task(reference, &step);
  REQUIRE(task != nullptr);
  const lesson::Lesson* lesson = library.find_lesson(reference.substr(0, reference.find('/')));
  lesson::Attempt attempt;
  attempt.answer = value;
  Result<lesson::TaskOutcome> outcome = lesson::evaluate_task(*step, *task, attempt);
  REQUIRE(outcome.ok());
  return lesson::record_attempt(progress, *lesson, *step, *task, attempt, outcome.value());
}

const lesson::ChecklistProgress& item(const lesson::PathProgress& path, const std::string& id) {
  auto found = std::find_if(path.checklist.begin(), path.checklist.end(), [&](const auto& c) { return c.id == id; });
  REQUIRE(found != path.checklist.end());
  return *found;
}

}  // namespace

TEST_CASE("lesson library: builtin: holds every file of lessons/, byte-identical, paths in order") {
  const Result<lesson::Library>& library = lesson::builtin_library();
  REQUIRE_MESSAGE(library.ok(), library.error().to_string());
  std::vector<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(kSource / "lessons")) {
    if (entry.path().extension() != ".json") continue;
    Result<lesson::Lesson> disk = lesson::parse_lesson_text(read(entry.path()), entry.path().string(), entry.path().stem().string());
    REQUIRE(disk.ok());
    const lesson::Lesson* built_in = library.value().find_lesson(disk.value().id);
    REQUIRE_MESSAGE(built_in != nullptr, disk.value().id << " is not embedded: re-run cmake");
    CHECK_MESSAGE(built_in->content_hash == disk.value().content_hash, disk.value().id << " changed after the build embedded it: rebuild");
    on_disk.push_back(disk.value().id);
  }
  CHECK(library.value().lessons.size() == on_disk.size());
  REQUIRE(library.value().paths.size() == 3);
  CHECK(library.value().paths[0].id == "observer");
  CHECK(library.value().paths[1].id == "participant");
  CHECK(library.value().paths[2].id == "implementer");
  CHECK(library.value().find_lesson("no-such-lesson") == nullptr);
  CHECK(&lesson::builtin_library() == &library);  // parsed once
}

TEST_CASE("lesson library: load: a broken lesson or a missing path file is a located error") {
  Synthetic set = synthetic_library();
  std::vector<lesson::LibraryFile> files = set.files;
  const std::string broken = "{\n  \"format\": \"coordlab.lesson/1\",\n  \"id\": \"b\",\n  \"titel\": \"x\"\n}\n";
  files[1].text = broken;
  Result<lesson::Library> bad = lesson::load_library(files);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().file == "b.json");
  CHECK(bad.error().line == 4);
  CHECK(bad.error().code == "json.unknown_key");
  files = set.files;
  files.pop_back();
  Result<lesson::Library> missing = lesson::load_library(files);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == "library.missing_path");
  CHECK(missing.error().message.find("paths/implementer.json") != std::string::npos);
}

TEST_CASE("lesson library: summary: nothing done starts at the first lesson; items without tasks never tick") {
  Synthetic set = synthetic_library();
  lesson::ProgressSummary summary = lesson::summarize_progress(set.library, lesson::Progress{});
  REQUIRE(summary.paths.size() == 3);
  const lesson::PathProgress& observer = summary.paths[0];
  CHECK(observer.tasks_total == 4);
  CHECK(observer.tasks_passed == 0);
  CHECK(observer.lessons_done == 0);
  CHECK(observer.fraction == 0.0);
  CHECK(observer.lessons[0].steps[0].complete);  // no tasks
  CHECK_FALSE(observer.lessons[0].steps[1].complete);
  REQUIRE(observer.resume.has_value());
  CHECK(observer.resume->lesson == "a");
  CHECK(observer.resume->step_index == 0);
  CHECK(summary.resume_path == "observer");
  for (const auto& c : observer.checklist) CHECK_FALSE(c.ticked);
  CHECK(item(observer, "none").tasks_total == 0);
  CHECK(summary.task_status("a/s1/t1") == lesson::TaskStatus::not_attempted);
}

TEST_CASE("lesson library: summary: steps, lessons, checklist and resume follow passed tasks") {
  Synthetic set = synthetic_library();
  lesson::Progress progress;
  answer(progress, set.library, "a/s1/t1", 1);
  answer(progress, set.library, "a/s1/t2", 7);  // wrong
  lesson::ProgressSummary summary = lesson::summarize_progress(set.library, progress);
  const lesson::PathProgress* observer = summary.find_path("observer");
  REQUIRE(observer != nullptr);
  CHECK(summary.task_status("a/s1/t1") == lesson::TaskStatus::passed);
  CHECK(summary.task_status("a/s1/t2") == lesson::TaskStatus::failed);
  CHECK_FALSE(observer->lessons[0].steps[1].complete);
  CHECK(observer->lessons[0].tasks_passed == 1);
  CHECK(observer->lessons[0].tasks_total == 3);
  CHECK(observer->lessons[0].started);
  REQUIRE(observer->resume.has_value());
  CHECK(observer->resume->lesson == "a");
  CHECK(observer->resume->step_index == 1);
  CHECK_FALSE(item(*observer, "two").ticked);
  CHECK(item(*observer, "two").tasks_passed == 1);

  answer(progress, set.library, "a/s1/t2", 1);
  answer(progress, set.library, "a/s2/t3", 1);
  summary = lesson::summarize_progress(set.library, progress);
  observer = summary.find_path("observer");
  CHECK(observer->lessons[0].complete);
  CHECK(observer->lessons_done == 1);
  CHECK(observer->fraction == doctest::Approx(0.75));
  CHECK(item(*observer, "one").ticked);
  CHECK_FALSE(item(*observer, "two").ticked);  // b/s1/t1 still missing
  REQUIRE(observer->resume.has_value());
  CHECK(observer->resume->lesson == "b");  // not started: its first step
  CHECK(observer->resume->step_index == 0);

  answer(progress, set.library, "b/s1/t1", 1);
  summary = lesson::summarize_progress(set.library, progress);
  observer = summary.find_path("observer");
  CHECK(item(*observer, "two").ticked);
  CHECK_FALSE(item(*observer, "none").ticked);
  CHECK(observer->lessons_done == 2);
  CHECK(observer->fraction == 1.0);
  CHECK_FALSE(observer->resume.has_value());
  CHECK(summary.resume_path == "participant");  // the next path not finished
}

TEST_CASE("lesson library: summary: resume prefers a started path; stale and edited records do not count") {
  Synthetic set = synthetic_library();
  lesson::Progress progress;
  answer(progress, set.library, "i/s1/t1", 7);
  lesson::ProgressSummary summary = lesson::summarize_progress(set.library, progress);
  CHECK(summary.resume_path == "implementer");

  answer(progress, set.library, "a/s1/t1", 1);
  answer(progress, set.library, "a/s1/t2", 1);
  progress.records[1].lesson_hash = "0000000000000000";  // done on an older version of the lesson
  progress.records[2].hash_matches = false;              // edited after it was written
  summary = lesson::summarize_progress(set.library, progress);
  CHECK(summary.task_status("a/s1/t1") == lesson::TaskStatus::stale);
  CHECK(summary.task_status("a/s1/t2") == lesson::TaskStatus::failed);
  CHECK(summary.find_path("observer")->tasks_passed == 0);
  CHECK(summary.resume_path == "observer");  // observer comes first among started paths
}

TEST_CASE("lesson library: record_attempt: new record, revision + 1, and a pass is not taken back") {
  Synthetic set = synthetic_library();
  lesson::Progress progress;
  CHECK(answer(progress, set.library, "a/s1/t1", 7) == lesson::RecordChange::added);
  REQUIRE(progress.records.size() == 1);
  CHECK(progress.records[0].revision == 1);
  CHECK_FALSE(progress.records[0].passed);
  CHECK(answer(progress, set.library, "a/s1/t1", 1) == lesson::RecordChange::revised);
  CHECK(progress.records[0].revision == 2);
  CHECK(progress.records[0].passed);
  CHECK(progress.records[0].record_hash == lesson::record_hash(progress.records[0]));
  CHECK(answer(progress, set.library, "a/s1/t1", 9) == lesson::RecordChange::kept_passed);
  CHECK(progress.records[0].revision == 2);
  CHECK(progress.records[0].passed);
  CHECK(answer(progress, set.library, "a/s1/t1", 1) == lesson::RecordChange::revised);
  CHECK(progress.records[0].revision == 3);
  CHECK(progress.records.size() == 1);
}

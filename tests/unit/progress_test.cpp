// Progress: records made from the lessons' reference solutions verify by replay (the sample lessons frozen in
// tests/progress/lessons, and the built-in library); each kind of tampering (an edited record, a forged
// answer or command log with the hash recomputed, a stale lesson, other seeds, an unknown task) is
// flagged; strict import rejects a partly bad file whole and locates every bad record; merging keeps the
// newer record and reports conflicts. The sample files in tests/progress/ are these records
// (COORDLAB_UPDATE_GOLDEN=1 rewrites them after a sample lesson changes).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lesson/verify.hpp"
#include "support/lesson_files.hpp"

namespace {

using namespace coordlab;
namespace fs = std::filesystem;

const fs::path kSource = COORDLAB_SOURCE_DIR;

// The lessons the sample files were made with: a frozen copy in tests/progress/lessons, so the samples
// stay valid while lessons/ grows.
lesson::Library load_lessons() { return test_support::load_lesson_folder(kSource / "tests/progress/lessons"); }

std::string read(const fs::path& path) { return test_support::read_text(path); }

lesson::Progress honest_progress(const lesson::Library& set) {
  lesson::Progress progress;
  progress.learner = "Ada Honest";
  for (const auto& lesson : set.lessons)
    for (const auto& step : lesson.steps)
      for (const auto& task : step.tasks) {
        Result<lesson::TaskOutcome> outcome = lesson::evaluate_task(step, task, task.solution);
        REQUIRE(outcome.ok());
        REQUIRE(outcome.value().passed);
        progress.records.push_back(lesson::make_record(lesson, step, task, task.solution, outcome.value(), 1));
      }
  return progress;
}

// A tampered copy of one record; `rehash` recomputes the hash, as a careful forger would.
lesson::Progress tampered(const lesson::ProgressRecord& original, bool rehash, void (*edit)(lesson::ProgressRecord&)) {
  lesson::ProgressRecord record = original;
  edit(record);
  if (rehash) record.record_hash = lesson::record_hash(record);
  return lesson::Progress{"Mallory", {record}};
}

const lesson::ProgressRecord& find(const lesson::Progress& progress, std::string_view kind_hint) {
  for (const auto& record : progress.records)
    if ((kind_hint == "simulator") == record.attempt.answer.is_null()) return record;
  FAIL("no record of the wanted kind");
  return progress.records.front();
}

// Writes or compares a sample file, then reads it back leniently (as `coordlab verify` does).
lesson::Progress through_file(const lesson::Progress& progress, const std::string& name) {
  const fs::path path = kSource / "tests/progress" / name;
  const std::string text = lesson::progress_to_json(progress).dump(2) + "\n";
  if (std::getenv("COORDLAB_UPDATE_GOLDEN") != nullptr) std::ofstream(path, std::ios::binary) << text;
  CHECK_MESSAGE(read(path) == text, "tests/progress/" << name << " is out of date: rerun with COORDLAB_UPDATE_GOLDEN=1");
  Result<lesson::Progress> parsed = lesson::parse_progress_text(read(path), name, lesson::Reading::lenient);
  REQUIRE(parsed.ok());
  return parsed.value();
}

std::string first_problem(const lesson::Progress& progress, const lesson::Library& set) {
  lesson::VerifyReport report = lesson::verify_progress(progress, set);
  REQUIRE(report.records.size() == 1);
  CHECK_FALSE(report.records[0].verified);
  return report.records[0].problem;
}

}  // namespace

TEST_CASE("progress: honest records verify by replay and tick the checklist items they prove") {
  const lesson::Library set = load_lessons();
  const lesson::Progress honest = through_file(honest_progress(set), "honest.json");
  lesson::VerifyReport report = lesson::verify_progress(honest, set);
  REQUIRE_FALSE(report.records.empty());
  for (const auto& verdict : report.records) CHECK_MESSAGE(verdict.verified, verdict.task << ": " << verdict.problem);
  const auto observer = std::find_if(report.paths.begin(), report.paths.end(), [](const auto& p) { return p.path == "observer"; });
  REQUIRE(observer != report.paths.end());
  CHECK(observer->tasks_verified == observer->tasks_total);
  CHECK(std::find(observer->checklist_ticked.begin(), observer->checklist_ticked.end(), "observer.communication") != observer->checklist_ticked.end());
  CHECK(observer->checklist_ticked.size() < observer->checklist_total);  // items with no lesson yet never tick
}

TEST_CASE("progress: every tampering is detected (sample files in tests/progress)") {
  const lesson::Library set = load_lessons();
  const lesson::Progress honest = honest_progress(set);
  const auto& question = find(honest, "question");
  const auto& simulator = find(honest, "simulator");
  auto edited = through_file(tampered(question, false, [](auto& r) { r.attempt.answer = 12345; }), "edited-answer.json");
  CHECK(first_problem(edited, set) == "hash mismatch: the record was edited after it was written");
  auto forged = through_file(tampered(question, true, [](auto& r) { r.attempt.answer = 12345; }), "forged-answer.json");
  CHECK(first_problem(forged, set).rfind("the recorded answer does not pass when replayed", 0) == 0);
  auto commands = through_file(tampered(simulator, true, [](auto& r) { r.attempt.commands = Json::array(); }), "forged-commands.json");
  CHECK(first_problem(commands, set).rfind("the recorded answer does not pass when replayed", 0) == 0);
  auto stale = through_file(tampered(question, true, [](auto& r) { r.lesson_hash = "0123456789abcdef"; }), "stale-lesson.json");
  CHECK(first_problem(stale, set).rfind("lesson changed since the task was done", 0) == 0);
  auto seeds = through_file(tampered(simulator, true, [](auto& r) { r.seeds = {987654}; }), "other-seeds.json");
  CHECK(first_problem(seeds, set).find("are not the task's seeds") != std::string::npos);
  auto unknown = through_file(tampered(question, true, [](auto& r) { r.task = "no-such-task"; }), "unknown-task.json");
  CHECK(first_problem(unknown, set) == "no such task in the current lessons");
  auto failed = tampered(question, true, [](auto& r) { r.passed = false; });
  CHECK(first_problem(failed, set) == "recorded as not passed");
}

TEST_CASE("progress: strict import rejects a partly bad file whole and names every bad record") {
  const lesson::Library set = load_lessons();
  lesson::Progress progress = honest_progress(set);
  REQUIRE(progress.records.size() >= 3);
  Json document = lesson::progress_to_json(progress);
  document["records"][0]["passed"] = false;  // hash no longer matches
  document["records"][2]["attempt"] = "gibberish";
  Result<lesson::Progress> imported = lesson::parse_progress_text(document.dump(2), "import.json");
  REQUIRE_FALSE(imported.ok());
  CHECK(imported.error().code == "progress.hash_mismatch");
  CHECK(imported.error().pointer == "/records/0");
  CAPTURE(imported.error().message);
  CHECK(imported.error().message.find("Other bad records: /records/2/attempt (json.wrong_type).") != std::string::npos);
  CHECK(imported.error().message.find("Nothing was imported.") != std::string::npos);
  CHECK_FALSE(lesson::parse_progress_text("{\"format\":\"something-else\"}", "x.json").ok());
  CHECK(lesson::parse_progress_text("[1,2", "x.json").error().code == "json.syntax");
}

TEST_CASE("progress: merge adds new records and keeps the newer revision of a task") {
  const lesson::Library set = load_lessons();
  lesson::Progress mine = honest_progress(set);
  lesson::Progress theirs;
  lesson::ProgressRecord newer = mine.records[0];
  newer.revision = 2;
  newer.reason = "redone";
  lesson::ProgressRecord older = mine.records[1];
  older.reason = "same revision";
  theirs.records = {newer, older};
  mine.records.erase(mine.records.begin() + 2, mine.records.end());
  lesson::ProgressRecord extra = honest_progress(set).records[2];
  theirs.records.push_back(extra);
  lesson::MergeReport report = lesson::merge_progress(mine, theirs);
  CHECK(report.replaced == 1);
  CHECK(report.kept == 1);
  CHECK(report.added == 1);
  CHECK(mine.records[0].reason == "redone");
  CHECK(mine.records[1].reason != "same revision");
  CHECK(mine.records.size() == 3);
}

TEST_CASE("progress: honest records of the built-in lessons verify against the built-in library") {
  const Result<lesson::Library>& library = lesson::builtin_library();
  REQUIRE(library.ok());
  const lesson::Progress honest = honest_progress(library.value());
  lesson::VerifyReport report = lesson::verify_progress(honest, library.value());
  REQUIRE(report.records.size() == honest.records.size());
  for (const auto& verdict : report.records) CHECK_MESSAGE(verdict.verified, verdict.task << ": " << verdict.problem);
  for (const auto& path : report.paths) CHECK(path.tasks_verified == path.tasks_total);
}

TEST_CASE("progress: strict import locates every bad record on its own") {
  const lesson::Library set = load_lessons();
  Json document = lesson::progress_to_json(honest_progress(set));
  document["records"][0]["passed"] = false;
  document["records"][1]["seeds"] = "all";
  std::vector<Error> errors;
  const std::string text = document.dump(2);
  REQUIRE_FALSE(lesson::parse_progress_text(text, "import.json", lesson::Reading::strict, &errors).ok());
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].code == "progress.hash_mismatch");
  CHECK(errors[0].file == "import.json");
  CHECK(errors[0].line > 1);
  CHECK(errors[1].pointer == "/records/1/seeds");
  CHECK(errors[1].code == "json.wrong_type");
}

TEST_CASE("progress: merge reports a conflict when the same revision differs") {
  const lesson::Library set = load_lessons();
  lesson::Progress mine = honest_progress(set);
  lesson::Progress theirs;
  lesson::ProgressRecord other = mine.records[0];
  other.reason = "edited elsewhere";
  other.record_hash = lesson::record_hash(other);
  theirs.records = {other, mine.records[1]};
  lesson::MergeReport report = lesson::merge_progress(mine, theirs);
  CHECK(report.kept == 2);
  REQUIRE(report.conflicts.size() == 1);
  CHECK(report.conflicts[0] == mine.records[0].lesson + "/" + mine.records[0].step + "/" + mine.records[0].task);
  CHECK(mine.records[0].reason != "edited elsewhere");
}

TEST_CASE("progress: classify and document records verify by replay; a forged text is caught (tests/progress/task-kinds/progress.json)") {
  const std::string text = read(kSource / "tests/lessons_samples/task-kinds.json");
  Result<lesson::Lesson> sample = lesson::parse_lesson_text(text, "task-kinds.json", "task-kinds");
  REQUIRE(sample.ok());
  lesson::Library set;
  set.lessons.push_back(sample.value());
  const lesson::Progress honest = through_file(honest_progress(set), "task-kinds/progress.json");
  REQUIRE(honest.records.size() == 3);
  CHECK(honest.records[1].attempt.answer.is_string());  // the document's text is the answer
  CHECK(honest.records[1].seeds == std::vector<std::uint64_t>{1});
  for (const auto& verdict : lesson::verify_progress(honest, set).records) CHECK_MESSAGE(verdict.verified, verdict.task << ": " << verdict.problem);
  auto wrong_bins = tampered(honest.records[0], true, [](auto& r) { r.attempt.answer = Json{1, 1, 0, 1, 0}; });
  CHECK(first_problem(wrong_bins, set) == "the recorded answer does not pass when replayed: 4 of 5 items are in the right bin. Ask of each one: could a single bad moment in a trace prove it false?");
  auto forged = tampered(honest.records[1], true, [](lesson::ProgressRecord& r) {
    std::string edited = r.attempt.answer.get<std::string>();
    edited.replace(edited.find("\"nodes\": 5"), 10, "\"nodes\": 4");
    r.attempt.answer = edited;
  });
  CHECK(first_problem(forged, set) == "the recorded answer does not pass when replayed: no leader with term >= 1 yet.");
}

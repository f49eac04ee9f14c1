// Progress records: each completed task keeps everything needed to re-check it later (lesson and task
// ids, the lesson's content hash, scenario, seeds, the learner's attempt, the outcome, the engine
// version) plus a hash over the record. The hash only catches accidental or careless edits; the real
// proof is `coordlab verify`, which replays the attempt and re-evaluates the check, so an edited outcome
// or an answer that does not pass is caught even when the hash was recomputed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "lesson/lesson.hpp"
#include "lesson/task_runner.hpp"

namespace coordlab::lesson {

inline constexpr std::string_view kProgressFormat = "coordlab.progress/1";
inline constexpr std::string_view kEngineVersion = "0.1.0";
inline constexpr std::size_t kMaxProgressRecords = 2000;
inline constexpr std::size_t kMaxProgressBytes = 8'000'000;

struct ProgressRecord {
  std::string lesson;
  std::string step;
  std::string task;
  std::string lesson_hash;
  std::string scenario;              // built-in name, or "inline"
  std::vector<std::uint64_t> seeds;  // the seeds the outcome was computed with
  Attempt attempt;
  bool passed = false;
  std::string reason;
  std::int64_t revision = 1;         // increases each time the learner redoes the task; newer wins on merge
  std::string engine_version;
  std::string record_hash;
  bool hash_matches = true;  // set when reading; not part of the file
};

struct Progress {
  std::string learner;  // free text chosen by the learner, may be empty
  std::vector<ProgressRecord> records;
};

// A record for a task just evaluated (the hash is filled in).
ProgressRecord make_record(const Lesson& lesson, const Step& step, const Task& task, const Attempt& attempt,
                           const TaskOutcome& outcome, std::int64_t revision);
std::string record_hash(const ProgressRecord& record);
Json record_to_json(const ProgressRecord& record);
Json progress_to_json(const Progress& progress);

// Reads a progress file. Strict (for import): every record is validated, hashes included, and one bad
// record rejects the whole file, so nothing is imported; the error names every bad record. Lenient (for
// verify): a record whose hash does not match is kept and marked, so the report can flag it.
// `record_errors`, when given, receives every bad record's own located error (to list them all).
enum class Reading : std::uint8_t { strict, lenient };
Result<Progress> parse_progress_text(std::string_view text, std::string_view file, Reading reading = Reading::strict,
                                     std::vector<Error>* record_errors = nullptr);

struct MergeReport {
  std::size_t added = 0;
  std::size_t replaced = 0;  // an imported record was newer
  std::size_t kept = 0;      // the existing record was as new or newer
  std::vector<std::string> conflicts;  // "lesson/step/task": same revision, different content (the existing one is kept)
};
// Merges `incoming` into `into`, record by record (lesson/step/task identifies a record).
MergeReport merge_progress(Progress& into, const Progress& incoming);

}  // namespace coordlab::lesson

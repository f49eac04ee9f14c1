#include "lesson/verify.hpp"

namespace coordlab::lesson {
namespace {

std::string seeds_text(const std::vector<std::uint64_t>& seeds) {
  std::string text;
  for (std::uint64_t seed : seeds) text += (text.empty() ? "" : ",") + std::to_string(seed);
  return text;
}

RecordVerdict verify_record(const ProgressRecord& record, const Library& library) {
  RecordVerdict verdict{record.lesson + "/" + record.step + "/" + record.task, "", false, ""};
  const Lesson* lesson = library.find_lesson(record.lesson);
  if (lesson != nullptr) verdict.path = lesson->path;
  if (!record.hash_matches) {
    verdict.problem = "hash mismatch: the record was edited after it was written";
    return verdict;
  }
  const Step* step = nullptr;
  const Task* task = library.find_task(verdict.task, &step);
  if (lesson == nullptr || task == nullptr) {
    verdict.problem = "no such task in the current lessons";
    return verdict;
  }
  if (lesson->content_hash != record.lesson_hash) {
    verdict.problem = "lesson changed since the task was done (lesson hash " + record.lesson_hash + ", now " + lesson->content_hash + ")";
    return verdict;
  }
  if (!record.passed) {
    verdict.problem = "recorded as not passed";
    return verdict;
  }
  if (task->kind == TaskKind::simulator) {
    std::vector<std::uint64_t> expected = task->seeds.empty() ? std::vector<std::uint64_t>{step->seed} : task->seeds;
    if (record.seeds != expected) {
      verdict.problem = "seeds " + seeds_text(record.seeds) + " are not the task's seeds " + seeds_text(expected);
      return verdict;
    }
  }
  Result<TaskOutcome> replay = evaluate_task(*step, *task, record.attempt);
  if (!replay.ok() || !replay.value().passed) {
    verdict.problem = "the recorded answer does not pass when replayed: " + (replay.ok() ? replay.value().reason : replay.error().message);
    return verdict;
  }
  verdict.verified = true;
  return verdict;
}

}  // namespace

VerifyReport verify_progress(const Progress& progress, const Library& library) {
  VerifyReport report;
  report.learner = progress.learner;
  Progress verified;  // only the records that verify count towards the paths
  for (const ProgressRecord& record : progress.records) {
    RecordVerdict verdict = verify_record(record, library);
    if (verdict.verified) verified.records.push_back(record);
    report.records.push_back(std::move(verdict));
  }
  const ProgressSummary summary = summarize_progress(library, verified);
  for (const PathProgress& path : summary.paths) {
    VerifiedPath result{path.id, path.tasks_passed, path.tasks_total, {}, path.checklist.size()};
    for (const ChecklistProgress& item : path.checklist)
      if (item.ticked) result.checklist_ticked.push_back(item.id);
    report.paths.push_back(std::move(result));
  }
  return report;
}

}  // namespace coordlab::lesson

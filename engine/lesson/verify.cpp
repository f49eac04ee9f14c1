#include "lesson/verify.hpp"

#include <algorithm>
#include <set>

namespace coordlab::lesson {
namespace {

std::string seeds_text(const std::vector<std::uint64_t>& seeds) {
  std::string text;
  for (std::uint64_t seed : seeds) text += (text.empty() ? "" : ",") + std::to_string(seed);
  return text;
}

RecordVerdict verify_record(const ProgressRecord& record, const std::vector<Lesson>& lessons) {
  RecordVerdict verdict{record.lesson + "/" + record.step + "/" + record.task, false, ""};
  if (!record.hash_matches) {
    verdict.problem = "hash mismatch: the record was edited after it was written";
    return verdict;
  }
  auto lesson = std::find_if(lessons.begin(), lessons.end(), [&](const Lesson& l) { return l.id == record.lesson; });
  const Step* step = nullptr;
  const Task* task = find_task(lessons, verdict.task, &step);
  if (lesson == lessons.end() || task == nullptr) {
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

VerifyReport verify_progress(const Progress& progress, const std::vector<Lesson>& lessons, const std::vector<LearningPath>& paths) {
  VerifyReport report;
  report.learner = progress.learner;
  std::set<std::string> verified;
  for (const ProgressRecord& record : progress.records) {
    RecordVerdict verdict = verify_record(record, lessons);
    if (verdict.verified) verified.insert(verdict.task);
    report.records.push_back(std::move(verdict));
  }
  for (const LearningPath& path : paths) {
    PathSummary summary;
    summary.path = path.id;
    for (const std::string& lesson_id : path.lessons) {
      for (const Lesson& lesson : lessons) {
        if (lesson.id != lesson_id) continue;
        for (const Step& step : lesson.steps) {
          for (const Task& task : step.tasks) {
            ++summary.tasks_total;
            summary.tasks_verified += verified.count(lesson.id + "/" + step.id + "/" + task.id);
          }
        }
      }
    }
    summary.checklist_total = path.checklist.size();
    for (const ChecklistItem& item : path.checklist) {
      const bool ticked = !item.tasks.empty() && std::all_of(item.tasks.begin(), item.tasks.end(), [&](const std::string& t) { return verified.count(t) > 0; });
      if (ticked) summary.checklist_ticked.push_back(item.id);
    }
    report.paths.push_back(std::move(summary));
  }
  return report;
}

}  // namespace coordlab::lesson

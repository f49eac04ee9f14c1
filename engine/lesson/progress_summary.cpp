#include "lesson/progress_summary.hpp"

#include <algorithm>
#include <map>

#include "lesson/library.hpp"

namespace coordlab::lesson {
namespace {

std::string reference_of(const ProgressRecord& record) { return record.lesson + "/" + record.step + "/" + record.task; }

// The learner's latest record per task (a std::map: ordered, so nothing depends on hashing).
using RecordIndex = std::map<std::string, const ProgressRecord*>;

RecordIndex index_records(const Progress& progress) {
  RecordIndex index;
  for (const ProgressRecord& record : progress.records) {
    const ProgressRecord*& slot = index[reference_of(record)];
    if (slot == nullptr || record.revision > slot->revision) slot = &record;
  }
  return index;
}

TaskProgress summarize_task(const Lesson& lesson, const std::string& reference, const RecordIndex& records) {
  TaskProgress summary{reference, TaskStatus::not_attempted, 0};
  auto found = records.find(reference);
  if (found == records.end()) return summary;
  const ProgressRecord& record = *found->second;
  summary.revision = record.revision;
  if (record.lesson_hash != lesson.content_hash) summary.status = TaskStatus::stale;
  else summary.status = record.passed && record.hash_matches ? TaskStatus::passed : TaskStatus::failed;
  return summary;
}

LessonProgress summarize_lesson(const Lesson& lesson, const RecordIndex& records) {
  LessonProgress summary;
  summary.id = lesson.id;
  for (const Step& step : lesson.steps) {
    StepProgress step_summary;
    step_summary.id = step.id;
    step_summary.complete = true;
    for (const Task& task : step.tasks) {
      TaskProgress task_summary = summarize_task(lesson, lesson.id + "/" + step.id + "/" + task.id, records);
      const bool passed = task_summary.status == TaskStatus::passed;
      step_summary.complete = step_summary.complete && passed;
      summary.tasks_passed += passed ? 1 : 0;
      summary.started = summary.started || task_summary.status != TaskStatus::not_attempted;
      step_summary.tasks.push_back(std::move(task_summary));
    }
    summary.tasks_total += step.tasks.size();
    summary.steps.push_back(std::move(step_summary));
  }
  summary.complete = summary.tasks_passed == summary.tasks_total;
  return summary;
}

std::optional<ResumePoint> resume_point(const PathProgress& path) {
  for (const LessonProgress& lesson : path.lessons) {
    if (lesson.complete) continue;
    if (!lesson.started) return ResumePoint{lesson.id, 0};  // a new lesson starts at its beginning
    for (std::size_t i = 0; i < lesson.steps.size(); ++i)
      if (!lesson.steps[i].complete) return ResumePoint{lesson.id, i};
  }
  return std::nullopt;
}

ChecklistProgress summarize_item(const ChecklistItem& item, const std::vector<LessonProgress>& lessons) {
  ChecklistProgress summary;
  summary.id = item.id;
  summary.tasks_total = item.tasks.size();
  for (const std::string& reference : item.tasks) {
    for (const LessonProgress& lesson : lessons)
      for (const StepProgress& step : lesson.steps)
        for (const TaskProgress& task : step.tasks)
          if (task.reference == reference && task.status == TaskStatus::passed) ++summary.tasks_passed;
  }
  summary.ticked = summary.tasks_total > 0 && summary.tasks_passed == summary.tasks_total;
  return summary;
}

PathProgress summarize_path(const Library& library, const LearningPath& path, const RecordIndex& records) {
  PathProgress summary;
  summary.id = path.id;
  for (const std::string& lesson_id : path.lessons) {
    const Lesson* lesson = library.find_lesson(lesson_id);
    ENGINE_ASSERT(lesson != nullptr);  // load_library checked every path's lessons exist
    LessonProgress lesson_summary = summarize_lesson(*lesson, records);
    summary.lessons_done += lesson_summary.complete ? 1 : 0;
    summary.tasks_passed += lesson_summary.tasks_passed;
    summary.tasks_total += lesson_summary.tasks_total;
    summary.started = summary.started || lesson_summary.started;
    summary.lessons.push_back(std::move(lesson_summary));
  }
  summary.fraction = summary.tasks_total == 0 ? 0.0 : static_cast<double>(summary.tasks_passed) / static_cast<double>(summary.tasks_total);
  for (const ChecklistItem& item : path.checklist) summary.checklist.push_back(summarize_item(item, summary.lessons));
  summary.resume = resume_point(summary);
  return summary;
}

}  // namespace

std::string_view task_status_name(TaskStatus status) {
  switch (status) {
    case TaskStatus::not_attempted: return "not_attempted";
    case TaskStatus::failed: return "failed";
    case TaskStatus::stale: return "stale";
    case TaskStatus::passed: return "passed";
  }
  return "unknown";
}

const PathProgress* ProgressSummary::find_path(std::string_view id) const {
  for (const PathProgress& path : paths)
    if (path.id == id) return &path;
  return nullptr;
}

TaskStatus ProgressSummary::task_status(std::string_view reference) const {
  for (const PathProgress& path : paths)
    for (const LessonProgress& lesson : path.lessons)
      for (const StepProgress& step : lesson.steps)
        for (const TaskProgress& task : step.tasks)
          if (task.reference == reference) return task.status;
  return TaskStatus::not_attempted;
}

ProgressSummary summarize_progress(const Library& library, const Progress& progress) {
  const RecordIndex records = index_records(progress);
  ProgressSummary summary;
  for (const LearningPath& path : library.paths) summary.paths.push_back(summarize_path(library, path, records));
  auto started_unfinished = std::find_if(summary.paths.begin(), summary.paths.end(), [](const PathProgress& p) { return p.started && p.resume; });
  auto unfinished = std::find_if(summary.paths.begin(), summary.paths.end(), [](const PathProgress& p) { return p.resume.has_value(); });
  if (started_unfinished != summary.paths.end()) summary.resume_path = started_unfinished->id;
  else if (unfinished != summary.paths.end()) summary.resume_path = unfinished->id;
  return summary;
}

RecordChange record_attempt(Progress& progress, const Lesson& lesson, const Step& step, const Task& task, const Attempt& attempt,
                            const TaskOutcome& outcome) {
  auto same_task = [&](const ProgressRecord& record) { return record.lesson == lesson.id && record.step == step.id && record.task == task.id; };
  auto existing = std::find_if(progress.records.begin(), progress.records.end(), same_task);
  if (existing == progress.records.end()) {
    progress.records.push_back(make_record(lesson, step, task, attempt, outcome, 1));
    return RecordChange::added;
  }
  const bool keeps_pass = existing->passed && existing->hash_matches && existing->lesson_hash == lesson.content_hash;
  if (keeps_pass && !outcome.passed) return RecordChange::kept_passed;
  *existing = make_record(lesson, step, task, attempt, outcome, existing->revision + 1);
  return RecordChange::revised;
}

}  // namespace coordlab::lesson

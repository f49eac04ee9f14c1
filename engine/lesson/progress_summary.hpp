// A learner's progress at a glance: a pure function of (library, progress records). Per task whether it
// passed, per step and lesson how much is done, per path the lessons done, the checklist items ticked
// (only when every task mapped to the item passes) and where to continue.
//
// A task counts as passed only when its record says passed, its hash matches and it was done on the
// current version of the lesson (a record made on an older version shows as `stale`; `coordlab verify`
// would reject it too). The summary trusts the records otherwise; replaying them is `coordlab verify`.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lesson/progress.hpp"

namespace coordlab::lesson {

struct Library;

enum class TaskStatus : std::uint8_t { not_attempted, failed, stale, passed };
std::string_view task_status_name(TaskStatus status);

struct TaskProgress {
  std::string reference;  // "lesson/step/task"
  TaskStatus status = TaskStatus::not_attempted;
  std::int64_t revision = 0;  // of the record, 0 when there is none
};

struct StepProgress {
  std::string id;
  std::vector<TaskProgress> tasks;
  bool complete = false;  // every task passed (a step without tasks is complete)
};

struct LessonProgress {
  std::string id;
  std::vector<StepProgress> steps;
  std::size_t tasks_passed = 0;
  std::size_t tasks_total = 0;
  bool started = false;   // some task of it has a record
  bool complete = false;  // every task passed
};

struct ChecklistProgress {
  std::string id;
  std::size_t tasks_passed = 0;
  std::size_t tasks_total = 0;  // 0: no lesson proves this item yet, so it never ticks
  bool ticked = false;
};

// Where to continue: a lesson of the path and the index of a step in it.
struct ResumePoint {
  std::string lesson;
  std::size_t step_index = 0;
};

struct PathProgress {
  std::string id;
  std::vector<LessonProgress> lessons;  // in the path's order
  std::size_t lessons_done = 0;
  std::size_t tasks_passed = 0;
  std::size_t tasks_total = 0;
  double fraction = 0;  // tasks_passed / tasks_total (0 for a path without tasks): a progress bar
  std::vector<ChecklistProgress> checklist;
  bool started = false;
  // The first incomplete step in path order (the first step of a lesson not started yet); none when
  // every lesson of the path is complete.
  std::optional<ResumePoint> resume;
};

struct ProgressSummary {
  std::vector<PathProgress> paths;  // in the library's path order
  // "Continue where you left off": the first path started but not finished, else the first path not
  // finished; its resume point. None when everything is done.
  std::optional<std::string> resume_path;

  const PathProgress* find_path(std::string_view id) const;
  TaskStatus task_status(std::string_view reference) const;
};

ProgressSummary summarize_progress(const Library& library, const Progress& progress);

enum class RecordChange : std::uint8_t { added, revised, kept_passed };
// Records a newly evaluated attempt: a new record (revision 1) or revision + 1 of the task's existing
// record. A failed attempt never replaces a passed record of the same lesson version (exploring after
// passing does not take progress away); the result then is kept_passed and nothing changes.
RecordChange record_attempt(Progress& progress, const Lesson& lesson, const Step& step, const Task& task, const Attempt& attempt,
                            const TaskOutcome& outcome);

}  // namespace coordlab::lesson

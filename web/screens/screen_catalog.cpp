#include "screens/screen_catalog.hpp"

#include <algorithm>

namespace coordlab::ui {

Catalog load_catalog() {
  Catalog catalog;
  const Result<lesson::Library>& library = lesson::builtin_library();
  if (library.ok()) catalog.library = library.value();
  else catalog.problems.push_back(library.error().to_string());
  return catalog;
}

std::string task_key(std::string_view lesson, std::string_view step, std::string_view task) {
  return std::string(lesson) + "/" + std::string(step) + "/" + std::string(task);
}

bool task_passed(const lesson::ProgressSummary& summary, std::string_view lesson, std::string_view step, std::string_view task) {
  return summary.task_status(task_key(lesson, step, task)) == lesson::TaskStatus::passed;
}

const lesson::LessonProgress* lesson_progress(const lesson::ProgressSummary& summary, std::string_view lesson) {
  for (const lesson::PathProgress& path : summary.paths) {
    for (const lesson::LessonProgress& progress : path.lessons) {
      if (progress.id == lesson) return &progress;
    }
  }
  return nullptr;
}

bool lesson_complete(const lesson::ProgressSummary& summary, std::string_view lesson) {
  const lesson::LessonProgress* progress = lesson_progress(summary, lesson);
  return progress != nullptr && progress->complete;
}

void reset_lesson_progress(lesson::Progress& progress, std::string_view lesson) {
  std::erase_if(progress.records, [lesson](const lesson::ProgressRecord& record) { return record.lesson == lesson; });
}

}  // namespace coordlab::ui

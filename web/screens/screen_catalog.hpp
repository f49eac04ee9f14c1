// What the screens show besides the run: the lesson library compiled into the lab (lesson/library.hpp)
// and small look-ups into the learner's progress summary (lesson/progress_summary.hpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lesson/library.hpp"
#include "lesson/progress_summary.hpp"

namespace coordlab::ui {

// Draft lessons are opened from their text (lab_open_lesson, automation.hpp) at #/draft/LESSON/STEP:
// on no path, never recorded in progress; for authors trying a lesson and for tests of sample lessons.
inline constexpr std::string_view kDraftRoute = "draft";

struct Catalog {
  lesson::Library library;            // empty when the built-in library failed to load
  std::vector<std::string> problems;  // why it failed (a build bug: lint catches it first)
  std::vector<lesson::Lesson> drafts;

  const std::vector<lesson::LearningPath>& paths() const { return library.paths; }
  const lesson::Lesson* find_lesson(std::string_view id) const {
    const lesson::Lesson* built_in = library.find_lesson(id);
    return built_in != nullptr ? built_in : find_draft(id);
  }
  const lesson::Lesson* find_draft(std::string_view id) const {
    for (const lesson::Lesson& draft : drafts)
      if (draft.id == id) return &draft;
    return nullptr;
  }
  const lesson::LearningPath* find_path(std::string_view id) const { return library.find_path(id); }
};

Catalog load_catalog();

// "lesson/step/task", the key of a progress record and of a checklist reference.
std::string task_key(std::string_view lesson, std::string_view step, std::string_view task);
bool task_passed(const lesson::ProgressSummary& summary, std::string_view lesson, std::string_view step, std::string_view task);
// The lesson's progress as seen from its first path (every lesson belongs to one), or nullptr.
const lesson::LessonProgress* lesson_progress(const lesson::ProgressSummary& summary, std::string_view lesson);
bool lesson_complete(const lesson::ProgressSummary& summary, std::string_view lesson);
// Forgets every record of one lesson.
void reset_lesson_progress(lesson::Progress& progress, std::string_view lesson);

}  // namespace coordlab::ui

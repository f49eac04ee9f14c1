// Learning paths (lessons/paths/<path>.json, format "coordlab.path/1"): who a path is for, how long it
// takes, its ordered lessons, and its validation checklist, each item mapped to the tasks that prove it
// ("lesson-id/step-id/task-id"). An item ticks only when all its tasks pass.
#pragma once
#include <string>
#include <vector>

#include "lesson/lesson.hpp"

namespace coordlab::lesson {

struct ChecklistItem {
  std::string id;
  std::string text;
  std::vector<std::string> tasks;  // "lesson/step/task"
};

struct LearningPath {
  std::string id;  // observer, participant, implementer
  std::string title;
  std::string audience;
  std::int64_t minutes_min = 0;
  std::int64_t minutes_max = 0;
  std::vector<std::string> lessons;
  std::vector<ChecklistItem> checklist;
};

inline constexpr std::string_view kPathFormat = "coordlab.path/1";

// Parses a path file and checks it against the loaded lessons (ids exist, belong to this path, and every
// checklist task reference names a real task).
Result<LearningPath> parse_path_text(std::string_view text, std::string_view file, std::string_view file_stem,
                                     const std::vector<Lesson>& lessons);

// The task a "lesson/step/task" reference names, or nullptr.
const Task* find_task(const std::vector<Lesson>& lessons, std::string_view reference, const Step** step = nullptr);

}  // namespace coordlab::lesson

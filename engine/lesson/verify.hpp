// Verifying progress by replay, with no server: each record's attempt is re-run deterministically and
// its check re-evaluated against the current lessons. A record verifies only if its hash matches, its
// lesson is unchanged, its seeds are the task's, and the replay passes.
#pragma once
#include <string>
#include <vector>

#include "lesson/learning_path.hpp"
#include "lesson/progress.hpp"

namespace coordlab::lesson {

struct RecordVerdict {
  std::string task;  // lesson/step/task
  bool verified = false;
  std::string problem;  // empty when verified
};

struct PathSummary {
  std::string path;
  std::size_t tasks_verified = 0;
  std::size_t tasks_total = 0;
  std::vector<std::string> checklist_ticked;
  std::size_t checklist_total = 0;
};

struct VerifyReport {
  std::string learner;
  std::vector<RecordVerdict> records;
  std::vector<PathSummary> paths;
};

VerifyReport verify_progress(const Progress& progress, const std::vector<Lesson>& lessons, const std::vector<LearningPath>& paths);

}  // namespace coordlab::lesson

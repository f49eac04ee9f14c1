// Verifying progress by replay, with no server: each record's attempt is re-run deterministically and
// its check re-evaluated against the current lessons. A record verifies only if its hash matches, its
// lesson is unchanged, its seeds are the task's, and the replay passes. Per path, the verified records
// count as the learner's progress (tasks done, checklist items ticked), as in progress_summary.hpp.
#pragma once
#include <string>
#include <vector>

#include "lesson/library.hpp"
#include "lesson/progress.hpp"

namespace coordlab::lesson {

struct RecordVerdict {
  std::string task;  // lesson/step/task
  std::string path;  // the lesson's learning path; empty when the lesson is unknown
  bool verified = false;
  std::string problem;  // empty when verified
};

struct VerifiedPath {
  std::string path;
  std::size_t tasks_verified = 0;
  std::size_t tasks_total = 0;
  std::vector<std::string> checklist_ticked;  // item ids
  std::size_t checklist_total = 0;
};

struct VerifyReport {
  std::string learner;
  std::vector<RecordVerdict> records;
  std::vector<VerifiedPath> paths;  // in the library's path order
};

VerifyReport verify_progress(const Progress& progress, const Library& library);

}  // namespace coordlab::lesson

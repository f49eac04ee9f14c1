// The lesson library: every lesson and learning path, parsed and validated once.
//
// How the UI uses it (this interface is kept stable):
//
//   const Result<lesson::Library>& library = lesson::builtin_library();  // lessons/ compiled in
//   if (!library.ok()) show(library.error().to_string());  // a broken lesson file: file:line:col, pointer, what to do
//   for (const lesson::LearningPath& path : library.value().paths)        // observer, participant, implementer
//     path.title, path.audience, path.minutes_min..minutes_max, path.lessons (ordered ids),
//     path.checklist (items, each with the "lesson/step/task" references that prove it)
//   const lesson::Lesson* lesson = library.value().find_lesson("raft-new-leader");  // nullptr if unknown
//
//   // Progress: evaluate an attempt, record it, summarise (all pure and deterministic).
//   Result<TaskOutcome> outcome = lesson::evaluate_task(step, task, attempt);    // task_runner.hpp
//   lesson::record_attempt(progress, *lesson, step, task, attempt, outcome.value());
//   lesson::ProgressSummary summary = lesson::summarize_progress(library.value(), progress);
//   summary.paths[i].lessons[j].steps[k].tasks[t].status, .complete, .tasks_passed/.tasks_total,
//   summary.paths[i].checklist[c].ticked, summary.paths[i].resume ("continue where you left off")
//   lesson::progress_to_json(progress) / parse_progress_text(...) to save and restore (progress.hpp).
//
// The built-in library embeds lessons/*.json and lessons/paths/*.json at build time (new files are
// picked up when CMake re-globs). `load_library` builds a library from any set of files (the CLI's
// `--lessons DIR`, tests).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lesson/learning_path.hpp"
#include "lesson/lesson.hpp"
#include "lesson/progress_summary.hpp"

namespace coordlab::lesson {

struct Library {
  std::vector<Lesson> lessons;       // sorted by id
  std::vector<LearningPath> paths;   // in learning_paths() order: observer, participant, implementer

  const Lesson* find_lesson(std::string_view id) const;
  const LearningPath* find_path(std::string_view id) const;
  // The task a "lesson/step/task" reference names (and its step), or nullptr.
  const Task* find_task(std::string_view reference, const Step** step = nullptr) const;
};

// One file of a lesson folder: `name` relative to the folder ("raft-new-leader.json",
// "paths/observer.json"), `label` what errors call it (a path on disk, or "builtin:lessons/...").
struct LibraryFile {
  std::string name;
  std::string label;
  std::string_view text;
};

// Parses every lesson (*.json at the top) and the three path files (paths/<id>.json); other files are
// ignored. The first invalid file is the error; a missing path file is "library.missing_path".
Result<Library> load_library(const std::vector<LibraryFile>& files);

// The lessons compiled into the binary, parsed on first use and kept for the program's lifetime.
const Result<Library>& builtin_library();

}  // namespace coordlab::lesson

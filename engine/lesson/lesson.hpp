// Lessons are data: JSON files (format "coordlab.lesson/1", schema in lessons/schema/) that the engine
// turns into guided, self-checking exercises. A lesson has ordered steps; a step has text in a small
// markup, a scenario and seed, the learner controls it enables, tasks, hints and gated solutions.
//
// Task kinds:
//  - simulator: the learner drives the step's run (commands) and/or edits allowed scenario params; a
//    named check over the run decides. With several seeds the learner's params must pass under each.
//  - single_choice, multiple_choice, numeric (with tolerance), ordering: answered questions.
//  - prediction: answered before running. With a `measure` (measure.hpp) the step's run (scenario, seed,
//    setup, then run_ticks) is measured and the prediction compared with what it produced; the lint
//    proves the key matches the run. With `options` the learner picks one (each option stands for the
//    measured value in `values`, by default its own text); without, the learner predicts a number
//    (within `tolerance`). Without a measure a prediction is compared with its key only.
//  - classify: the learner puts each item (text, optionally a code block) into one of the named bins;
//    the key is a bin index per item. A wrong answer is told how many items are right, never which.
//  - document: the learner edits a text (a scenario, a command list, later a domain's rules) that a
//    named document checker (document_checkers.hpp) runs; its errors point at line:column in that text.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json_input.hpp"

namespace coordlab::lesson {

enum class TaskKind : std::uint8_t { simulator, single_choice, multiple_choice, numeric, ordering, prediction, classify, document };
std::string_view task_kind_name(TaskKind kind);

struct CheckCall {
  std::string id;
  Json args = Json::object();
};

// What a learner submits for a task: commands and params for simulator tasks, an answer for questions.
struct Attempt {
  Json commands = Json::array();   // simulator: applied after the step's setup commands
  Json params = Json::object();    // simulator: overrides of the step's editable params
  // questions: index, indexes, number, or ordered list; classify: a bin index (or null, not placed) per
  // item; document: the learner's text (a string)
  Json answer;
};

struct WrongSolution {
  Attempt attempt;
  std::string why;  // what this wrong attempt teaches (shown in lint output)
};

// One item of a classify task: a line of text, optionally with a code block shown under it.
struct ClassifyItem {
  std::string text;
  std::string code;
};

struct Task {
  std::string id;
  TaskKind kind = TaskKind::simulator;
  std::string prompt;
  std::vector<std::string> hints;   // a ladder, most general first
  // simulator / prediction
  CheckCall check;                  // must pass
  std::vector<CheckCall> invariants;  // must also pass (e.g. safety while reaching a goal)
  std::vector<std::uint64_t> seeds;   // empty = the step's seed only
  std::int64_t run_ticks = 0;         // ticks run after the learner's commands (simulator) or the setup (prediction)
  std::string passes_cheaply;         // simulator: why passing one of the lint's cheap attempts is fine ("" = it must not)
  // prediction
  std::optional<CheckCall> measure;   // a named measure over the step's run
  std::vector<std::string> values;    // the measured value each option stands for (empty: the option texts)
  // questions
  std::vector<std::string> options;
  Json answer;                      // the key: index, indexes, number, or ordered list
  double tolerance = 0;             // numeric
  std::string feedback_correct;
  std::string feedback_wrong;
  // classify (the key is `answer`: a bin index per item)
  std::vector<std::string> bins;
  std::vector<ClassifyItem> items;
  // document
  CheckCall checker;                // a named document checker and its validated args
  std::string start_text;           // what the editor holds at first (the lint proves it fails)
  Attempt solution;                 // the gated reference solution
  std::vector<WrongSolution> wrong_solutions;
};

struct Step {
  std::string id;
  std::string title;
  std::string text;           // lesson markup (see markup.hpp)
  std::string scenario_name;  // a built-in scenario, or empty with `scenario_inline`
  Json scenario_inline;
  std::uint64_t seed = 1;
  std::vector<std::string> controls;       // learner controls enabled in this step
  std::vector<std::string> editable_params;  // scenario params the learner may change
  Json setup = Json::array();              // commands applied before the learner starts
  std::vector<Task> tasks;
  std::string goal;                        // optional "show goal" preview text
  std::vector<std::string> views;          // the views shown (app/domain_views.hpp), the first in front; empty = all
};

struct Lesson {
  std::string id;  // = file name without ".json"
  std::string title;
  std::string path;   // observer, participant, implementer
  std::string topic;
  std::int64_t estimated_minutes = 0;
  std::vector<std::string> objectives;
  std::vector<Step> steps;
  std::string content_hash;  // of the source text, for progress records
};

inline constexpr std::string_view kLessonFormat = "coordlab.lesson/1";
// Bounds of the classify and document kinds (kept here, beside the format they bound).
inline constexpr std::size_t kMaxClassifyItems = 24;
inline constexpr std::size_t kMaxClassifyBins = 8;
// A document is a text a learner reads in one editor (a scenario, a rule set), not a data dump.
inline constexpr std::size_t kMaxDocumentBytes = 32'000;
inline constexpr std::size_t kMaxDocumentLines = 800;
const std::vector<std::string_view>& learning_paths();
const std::vector<std::string_view>& learner_controls();

// Parses and validates one lesson file; `file_stem` must equal the lesson's id. Errors carry the file,
// line, column and JSON pointer.
Result<Lesson> parse_lesson_text(std::string_view text, std::string_view file, std::string_view file_stem);

}  // namespace coordlab::lesson

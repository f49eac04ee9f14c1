// Evaluating a learner's attempt at a task: simulator tasks replay the step's scenario with the
// learner's params and commands under every listed seed and evaluate the task's checks; questions
// compare the answer with the key. Everything is deterministic, so the same attempt always gets the
// same outcome (which is what lets an instructor re-verify progress by replay).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/session.hpp"
#include "lesson/lesson.hpp"

namespace coordlab::lesson {

struct SeedRun {
  std::uint64_t seed = 0;
  bool passed = false;
  std::string reason;
  std::optional<std::size_t> first_violation;
  std::uint64_t trace_hash = 0;
  // A passing simulator run: the first world step (and its tick) at which the task's goal check holds,
  // so the lab can say "at tick 512 ..." and jump there. The goal is evaluated on the run up to a step;
  // the step found is one where it fails just before and holds from there to the end of the run at
  // every point the search looked at (exact for goals that stay true once reached, as goals do).
  std::optional<std::uint64_t> passed_at_step;
  std::optional<std::int64_t> passed_at_tick;
};

struct TaskOutcome {
  bool passed = false;
  std::string reason;
  std::vector<SeedRun> runs;  // simulator tasks: one per seed; a prediction with a measure: its one run
  Json measured;              // a prediction with a measure: what the run produced (null otherwise)
  std::string observed;       // ... in words, for the learner: "n3 became leader in term 2"
  int text_line = 0;          // a document task: where in the learner's text the problem is (1-based; 0 = nowhere)
  int text_column = 0;
};

// The step's scenario document with the learner's param overrides (only editable params are allowed).
Result<Json> step_scenario(const Step& step, const Json& params);
// A session of the step: scenario (with params), seed, then the step's setup commands.
Result<app::Session> start_step(const Step& step, const Json& params, std::uint64_t seed);
// The run a task is checked on: the step's session with the attempt's commands applied, then the
// task's run_ticks (automatic delivery only). A prediction's run is this with no commands. Commands and
// params the step's controls do not enable are refused (controls.hpp).
Result<app::Session> replay_attempt(const Step& step, const Task& task, const Attempt& attempt, std::uint64_t seed);
// What the learner starts from: nothing answered, or a document task's starting text (the lint
// proves it fails).
Attempt starting_attempt(const Task& task);
Result<TaskOutcome> evaluate_task(const Step& step, const Task& task, const Attempt& attempt);

// A prediction with a measure: the option whose value is the measured value (nullopt if none is).
std::optional<std::size_t> option_for_measured(const Task& task, const Json& measured);

}  // namespace coordlab::lesson

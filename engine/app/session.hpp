// A Session is one run a learner can drive: built from a scenario and a seed, changed only through
// validated commands that are appended to its command log, so its state is a pure function of
// (scenario, seed, log). It can step back and seek to any earlier step by restoring a periodic
// snapshot and replaying (the replay checks itself against the recorded trace), and fork from a past
// point, which truncates the log there.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "app/command.hpp"
#include "app/scenario.hpp"

namespace coordlab::app {

class Session {
 public:
  static Result<Session> create(Scenario scenario, std::optional<std::uint64_t> seed = std::nullopt);
  static Result<Session> from_text(std::string_view scenario_text, std::string_view file,
                                   std::optional<std::uint64_t> seed = std::nullopt);

  // Validates, executes at the head of the run and logs. Fails (changing nothing) when viewing the past.
  Status apply(Command command);
  Status apply(const Json& command);
  // Applies each command of a JSON array in order; stops at the first error (pointer to the entry).
  Status apply_all(const Json& commands);

  // Moves the view to just after world step `step` (0 = right after boot). Never changes the log.
  Status seek(std::uint64_t step);
  Status step_back();
  Status step_forward();
  void seek_to_end();
  // Makes the current position the new end: the log and trace after it are discarded.
  void fork();

  const sim::World& world() const { return world_; }
  const sim::Trace& trace() const { return *trace_; }
  const Scenario& scenario() const { return scenario_; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t position() const { return world_.step_count(); }
  std::uint64_t head_step() const { return head_step_; }
  bool at_head() const { return at_head_; }
  const std::vector<Command>& log() const { return log_; }
  Json log_json() const;
  std::size_t snapshot_count() const { return snapshots_.size(); }

 private:
  struct Progress {
    std::size_t command = 0;  // index into log_ of the command being executed
    std::uint64_t done = 0;   // world steps already taken inside it
  };
  struct Snapshot {
    sim::World world;
    Progress progress;
  };

  Session(Scenario scenario, std::uint64_t seed, std::unique_ptr<sim::Trace> trace);
  Status validate_at_head(const Command& command);
  // Runs the log from progress_ until the world reaches `target_step` (or the end of the log when
  // `to_end`), taking snapshots on the way.
  Status advance(std::uint64_t target_step, bool to_end);
  void maybe_snapshot();
  void coalesce_last_commands();

  Scenario scenario_;
  std::uint64_t seed_ = 0;
  std::unique_ptr<sim::Trace> trace_;  // heap-held so worlds can point at it while the Session moves
  sim::World world_;
  std::vector<Command> log_;
  std::vector<Snapshot> snapshots_;  // ascending by step
  std::uint64_t snapshot_interval_steps_ = 0;
  Progress progress_;
  std::uint64_t head_step_ = 0;
  bool at_head_ = true;
};

}  // namespace coordlab::app

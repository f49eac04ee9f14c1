#include "app/session.hpp"

#include <algorithm>

#include "core/limits.hpp"

namespace coordlab::app {
namespace {

// Executes part of one command: at most `steps_allowed` world steps. Returns whether it completed.
Result<bool> execute_some(sim::World& world, const Command& command, std::uint64_t& done, std::uint64_t steps_allowed) {
  switch (command.kind) {
    case Command::Kind::run_until: {
      Result<std::uint64_t> steps = world.run_until(command.until, steps_allowed);
      if (!steps.ok()) return steps.error();
      done += steps.value();
      return steps.value() < steps_allowed;
    }
    case Command::Kind::step: {
      while (done < command.count && steps_allowed > 0) {
        RETURN_IF_ERROR(world.step());
        ++done;
        --steps_allowed;
      }
      return done == command.count;
    }
    case Command::Kind::mode: world.set_mode(command.mode); return true;
    default: break;
  }
  if (steps_allowed == 0) return false;
  switch (command.kind) {
    case Command::Kind::world: RETURN_IF_ERROR(world.apply(command.world)); break;
    case Command::Kind::deliver: RETURN_IF_ERROR(world.deliver_now(MessageId{command.subject})); break;
    case Command::Kind::drop: RETURN_IF_ERROR(world.drop(MessageId{command.subject})); break;
    case Command::Kind::duplicate: RETURN_IF_ERROR(world.duplicate(MessageId{command.subject})); break;
    case Command::Kind::delay: RETURN_IF_ERROR(world.delay(MessageId{command.subject}, command.delay_ticks)); break;
    case Command::Kind::fire: RETURN_IF_ERROR(world.fire_now(TimerId{command.subject})); break;
    default: ENGINE_ASSERT(false);
  }
  done = 1;
  return true;
}

sim::WorldSetup setup_with_seed(const Scenario& scenario, std::uint64_t seed) {
  sim::WorldSetup setup = scenario.setup;
  setup.seed = seed;
  return setup;
}

}  // namespace

Session::Session(Scenario scenario, std::uint64_t seed, std::unique_ptr<sim::Trace> trace)
    : scenario_(std::move(scenario)),
      seed_(seed),
      trace_(std::move(trace)),
      world_(setup_with_seed(scenario_, seed), *trace_),
      snapshot_interval_steps_(limits::kSnapshotIntervalSteps) {
  snapshots_.push_back(Snapshot{world_, Progress{}});
}

Result<Session> Session::create(Scenario scenario, std::optional<std::uint64_t> seed) {
  const std::uint64_t chosen_seed = seed.value_or(scenario.default_seed);
  auto trace = std::make_unique<sim::Trace>(scenario.setup.node_names, scenario.setup.message_types, scenario.setup.timer_kinds);
  return Session(std::move(scenario), chosen_seed, std::move(trace));
}

Result<Session> Session::from_text(std::string_view scenario_text, std::string_view file, std::optional<std::uint64_t> seed) {
  Result<Scenario> scenario = parse_scenario_text(scenario_text, file);
  if (!scenario.ok()) return scenario.error();
  return create(std::move(scenario.value()), seed);
}

Status Session::apply(const Json& command) {
  Result<Command> parsed = parse_command(command, "", world_);
  if (!parsed.ok()) return parsed.error();
  return apply(std::move(parsed.value()));
}

Status Session::apply_all(const Json& commands) {
  if (!commands.is_array()) return make_error("command.not_array", "a command log is a JSON array of command objects.");
  for (std::size_t i = 0; i < commands.size(); ++i) {
    Result<Command> parsed = parse_command(commands[i], pointer_append("", i), world_);
    if (!parsed.ok()) return parsed.error();
    Status status = apply(std::move(parsed.value()));
    if (!status.ok()) {
      Error error = status.error();
      if (error.pointer.empty()) error.pointer = pointer_append("", i);
      return error;
    }
  }
  return {};
}

Status Session::validate_at_head(const Command& command) {
  if (!at_head_) {
    return make_error("session.in_past", "you are viewing step " + std::to_string(position()) + " of " +
                                             std::to_string(head_step_) +
                                             "; fork from here to change what happens next, or go to the end first.");
  }
  if (log_.size() >= limits::kMaxCommandLogLength) {
    return make_error("session.log_full", "the command log holds " + std::to_string(log_.size()) +
                                              " commands, its limit; start a new run.");
  }
  const bool manual = world_.mode() == sim::DeliveryMode::manual;
  if (manual && command.kind == Command::Kind::run_until) {
    return make_error("session.manual_mode", "delivery is manual: choose the next message or timer to deliver, "
                                             "use step, or switch delivery back to automatic.");
  }
  if (command.kind == Command::Kind::step && world_.pending_count() == 0) {
    return make_error("sim.nothing_pending", "nothing is pending: no message, timer or scheduled fault is left to process.");
  }
  return {};
}

Status Session::apply(Command command) {
  RETURN_IF_ERROR(validate_at_head(command));
  log_.push_back(std::move(command));
  progress_ = Progress{log_.size() - 1, 0};
  const std::uint64_t start_step = world_.step_count();
  Status status = advance(0, true);
  if (!status.ok()) {
    // Keep the log equal to what happened: drop a command that did nothing, or record the steps it took.
    Progress failed = progress_;
    if (failed.command < log_.size()) {
      if (failed.done == 0) {
        log_.pop_back();
      } else {
        Command& partial = log_.back();
        partial.kind = Command::Kind::step;
        partial.count = failed.done;
      }
    }
    progress_ = Progress{log_.size(), 0};
  }
  head_step_ = world_.step_count();
  at_head_ = true;
  if (status.ok()) {
    // A run records how many steps it took, so coalescing can renumber snapshots taken inside it.
    if (log_.back().kind == Command::Kind::run_until) log_.back().count = head_step_ - start_step;
    coalesce_last_commands();
  }
  return status;
}

Status Session::advance(std::uint64_t target_step, bool to_end) {
  while (progress_.command < log_.size()) {
    const std::uint64_t step = world_.step_count();
    if (!to_end && step >= target_step) break;
    std::uint64_t allowed = to_end ? UINT64_MAX : target_step - step;
    const std::uint64_t next_boundary = (step / snapshot_interval_steps_ + 1) * snapshot_interval_steps_;
    allowed = std::min(allowed, next_boundary - step);
    Result<bool> completed = execute_some(world_, log_[progress_.command], progress_.done, allowed);
    if (!completed.ok()) return completed.error();
    if (completed.value()) progress_ = Progress{progress_.command + 1, 0};
    maybe_snapshot();
  }
  return {};
}

void Session::maybe_snapshot() {
  const std::uint64_t step = world_.step_count();
  if (step % snapshot_interval_steps_ != 0 || snapshots_.back().world.step_count() >= step) return;
  snapshots_.push_back(Snapshot{world_, progress_});
  if (snapshots_.size() <= limits::kMaxSnapshots) return;
  // Too many: keep every other one and take them half as often from now on.
  std::vector<Snapshot> kept;
  for (std::size_t i = 0; i < snapshots_.size(); i += 2) kept.push_back(std::move(snapshots_[i]));
  snapshots_ = std::move(kept);
  snapshot_interval_steps_ *= 2;
}

Status Session::seek(std::uint64_t step) {
  if (step > head_step_) {
    return make_error("session.seek_out_of_range", "step " + std::to_string(step) + " is past the end of the run (step " +
                                                       std::to_string(head_step_) + ").");
  }
  if (step == head_step_) {
    seek_to_end();
    return {};
  }
  if (step < position() || at_head_) {
    auto after = std::upper_bound(snapshots_.begin(), snapshots_.end(), step,
                                  [](std::uint64_t s, const Snapshot& snapshot) { return s < snapshot.world.step_count(); });
    ENGINE_ASSERT(after != snapshots_.begin());
    const Snapshot& snapshot = *std::prev(after);
    world_ = snapshot.world;
    progress_ = snapshot.progress;
  }
  at_head_ = false;
  Status status = advance(step, false);
  ENGINE_ASSERT_MSG(status.ok(), "replaying a logged command failed");
  ENGINE_ASSERT(position() == step);
  return {};
}

void Session::seek_to_end() {
  if (at_head_) return;
  Status status = advance(0, true);
  ENGINE_ASSERT_MSG(status.ok(), "replaying a logged command failed");
  ENGINE_ASSERT(position() == head_step_);
  at_head_ = true;
}

Status Session::step_back() {
  if (position() == 0) return make_error("session.at_start", "this is the start of the run; there is no earlier step.");
  return seek(position() - 1);
}

Status Session::step_forward() {
  if (at_head_) return make_error("session.at_end", "this is the end of the run; run or step to go further.");
  return seek(position() + 1);
}

void Session::fork() {
  if (at_head_) return;
  log_.resize(progress_.command + (progress_.done > 0 ? 1 : 0));
  if (progress_.done > 0) {
    Command& partial = log_.back();
    ENGINE_ASSERT(partial.kind == Command::Kind::run_until || partial.kind == Command::Kind::step);
    partial.kind = Command::Kind::step;
    partial.count = progress_.done;
  }
  trace_->truncate(world_.cursor());
  snapshots_.erase(std::upper_bound(snapshots_.begin(), snapshots_.end(), position(),
                                    [](std::uint64_t s, const Snapshot& snapshot) { return s < snapshot.world.step_count(); }),
                   snapshots_.end());
  progress_ = Progress{log_.size(), 0};
  head_step_ = position();
  at_head_ = true;
}

void Session::coalesce_last_commands() {
  const std::size_t n = log_.size();
  if (n < 2) return;
  Command& previous = log_[n - 2];
  const Command& last = log_[n - 1];
  if (previous.kind != last.kind || (last.kind != Command::Kind::run_until && last.kind != Command::Kind::step)) return;
  const std::uint64_t previous_count = previous.count;
  if (last.kind == Command::Kind::run_until) previous.until = last.until;
  previous.count += last.count;
  log_.pop_back();
  for (Snapshot& snapshot : snapshots_) {
    if (snapshot.progress.command == n - 1) snapshot.progress = Progress{n - 2, previous_count + snapshot.progress.done};
    else if (snapshot.progress.command == n) snapshot.progress = Progress{n - 1, 0};
  }
  progress_ = Progress{log_.size(), 0};
}

Json Session::log_json() const {
  Json out = Json::array();
  for (const Command& command : log_) out.push_back(command_to_json(command, *trace_));
  return out;
}

}  // namespace coordlab::app

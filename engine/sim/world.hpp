// The simulator: actors, the event queue, the network and timers, writing everything into a Trace.
// Only the World moves messages and time. Copying a World deep-copies its actors (snapshots for
// step-back); copies share the Trace they write to, which they check rather than append when replaying.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "sim/actor.hpp"
#include "sim/event_queue.hpp"
#include "sim/network.hpp"
#include "sim/trace.hpp"
#include "sim/world_command.hpp"

namespace coordlab::sim {

enum class DeliveryMode : std::uint8_t { automatic, manual };

struct WorldSetup {
  std::vector<std::string> node_names;
  std::vector<std::string> message_types;
  std::vector<std::string> timer_kinds;
  ActorFactory factory;
  LinkConfig default_link;
  std::vector<NodeSettings> node_settings;  // one per node
  std::vector<ScheduledCommand> scheduled;
  std::vector<std::string> byzantine_kinds;  // what set_byzantine accepts besides "none"
  DeliveryMode mode = DeliveryMode::automatic;
  std::uint64_t seed = 0;
};

// One queued event as shown to a learner choosing what happens next.
struct PendingEvent {
  QueuedEvent queued;
  NodeId node;                  // recipient of a message; owner of a timer
  std::uint16_t label = 0;      // timer kind
};

class World {
 public:
  // Builds the actors and boots them at tick 0; `trace` must outlive the world and its copies.
  World(WorldSetup setup, Trace& trace);
  World(const World& other);
  World& operator=(const World& other);
  World(World&&) = default;
  World& operator=(World&&) = default;
  ~World() = default;

  // Processes the next live event in (tick, sequence) order. Error if none is pending or a limit is hit.
  Status step();
  // Processes every event due at or before `target`, then moves the clock to `target`.
  // `steps_allowed` caps the work (for seeking); the result says how many steps ran.
  Result<std::uint64_t> run_until(Tick target, std::uint64_t steps_allowed = UINT64_MAX);
  Status apply(const WorldCommand& command);

  // A learner's hand on a message in flight or a pending timer (each is one step).
  Status deliver_now(MessageId message);
  Status drop(MessageId message);
  Status duplicate(MessageId message);
  Status delay(MessageId message, std::int64_t delay_ticks);
  Status fire_now(TimerId timer);
  void set_mode(DeliveryMode mode) { mode_ = mode; }

  // Read-only view.
  Tick now() const { return now_; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t step_count() const { return cursor_.steps; }
  DeliveryMode mode() const { return mode_; }
  std::size_t node_count() const { return actors_.size(); }
  bool node_up(NodeId node) const;
  const Actor* actor(NodeId node) const;  // nullptr while crashed
  const Network& network() const { return network_; }
  const Trace& trace() const { return *trace_; }
  const TraceCursor& cursor() const { return cursor_; }
  std::optional<Tick> next_event_tick();
  std::size_t pending_count() const { return queue_.size(); }
  const std::vector<std::string>& byzantine_kinds() const { return byzantine_kinds_; }
  const std::string& byzantine_kind(NodeId node) const { return byzantine_[node.value]; }  // "" when honest
  std::vector<PendingEvent> pending() const;

 private:
  struct ActiveTimer {
    std::uint32_t id;
    std::uint16_t kind;
    Tick due;
  };

  Status check_capacity() const {
    if (cursor_.events < limits::kMaxTraceEvents && queue_.size() + 2 * limits::kMaxSendsPerStep <= limits::kMaxInFlightMessages &&
        trace_->text_bytes_through(cursor_) < limits::kMaxTraceTextBytes)
      return {};
    return capacity_error();
  }
  Error capacity_error() const;
  void process(const QueuedEvent& event, bool forced);
  void deliver(MessageId id, bool doomed, bool forced);
  void fire(NodeId node, std::uint32_t timer_id);
  void boot(NodeId node);
  void drain(NodeId node);
  void send(NodeId from, NodeId to, std::uint16_t type, std::string_view payload);
  void schedule(Tick tick, QueuedKind kind, std::uint32_t subject, NodeId node, bool doomed = false);
  Context context_for(NodeId node);
  void emit(EventKind kind, NodeId node, NodeId peer, std::uint32_t subject, std::uint16_t label = 0,
            std::uint8_t detail = 0);
  void emit_text(EventKind kind, NodeId node, std::string_view text);
  std::optional<QueuedEvent> find_in_flight(MessageId message) const;
  Status apply_now(const WorldCommand& command);
  void enter_step();
  void begin_step();

  Trace* trace_;
  TraceCursor cursor_;
  ActorFactory factory_;
  std::vector<std::unique_ptr<Actor>> actors_;  // nullptr while crashed
  std::vector<std::string> persisted_;
  std::vector<std::vector<ActiveTimer>> timers_;
  std::vector<Random> node_random_;
  std::vector<ScheduledCommand> scheduled_;
  std::vector<std::string> byzantine_kinds_;
  std::vector<std::string> byzantine_;  // per node; "" = honest
  Network network_;
  EventQueue queue_;
  Outbox outbox_;
  DeliveryMode mode_ = DeliveryMode::automatic;
  Tick now_;
  std::uint64_t seed_ = 0;
  std::uint64_t next_sequence_ = 0;
  std::uint32_t next_timer_id_ = 0;
};

}  // namespace coordlab::sim

#include "sim/world.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "core/limits.hpp"

namespace coordlab::sim {

World::World(WorldSetup setup, Trace& trace)
    : trace_(&trace),
      factory_(std::move(setup.factory)),
      scheduled_(std::move(setup.scheduled)),
      byzantine_kinds_(std::move(setup.byzantine_kinds)),
      network_(setup.node_names.size(), setup.default_link, std::move(setup.node_settings), setup.seed),
      mode_(setup.mode),
      seed_(setup.seed) {
  const std::size_t node_count = setup.node_names.size();
  ENGINE_ASSERT(node_count >= 1 && node_count <= limits::kMaxNodes);
  actors_.resize(node_count);
  persisted_.resize(node_count);
  byzantine_.resize(node_count);
  timers_.resize(node_count);
  for (std::size_t i = 0; i < node_count; ++i) node_random_.push_back(Random::stream(seed_, i));
  for (std::size_t i = 0; i < scheduled_.size(); ++i) {
    schedule(scheduled_[i].tick, QueuedKind::scheduled_command, static_cast<std::uint32_t>(i), NodeId{0});
  }
  enter_step();
  for (std::size_t i = 0; i < node_count; ++i) boot(NodeId{static_cast<std::uint16_t>(i)});
}

World::World(const World& other)
    : trace_(other.trace_),
      cursor_(other.cursor_),
      factory_(other.factory_),
      persisted_(other.persisted_),
      timers_(other.timers_),
      node_random_(other.node_random_),
      scheduled_(other.scheduled_),
      byzantine_kinds_(other.byzantine_kinds_),
      byzantine_(other.byzantine_),
      network_(other.network_),
      queue_(other.queue_),
      mode_(other.mode_),
      now_(other.now_),
      seed_(other.seed_),
      next_sequence_(other.next_sequence_),
      next_timer_id_(other.next_timer_id_) {
  actors_.reserve(other.actors_.size());
  for (const auto& actor : other.actors_) actors_.push_back(actor ? actor->clone() : nullptr);
}

World& World::operator=(const World& other) {
  if (this != &other) {
    World copy(other);
    *this = std::move(copy);
  }
  return *this;
}

bool World::node_up(NodeId node) const {
  ENGINE_ASSERT(node.value < actors_.size());
  return actors_[node.value] != nullptr;
}

const Actor* World::actor(NodeId node) const {
  ENGINE_ASSERT(node.value < actors_.size());
  return actors_[node.value].get();
}

void World::enter_step() { set_assert_context(AssertContext{seed_, now_.value, true}); }

void World::begin_step() {
  enter_step();
  trace_->put_step_start(cursor_);
}

Context World::context_for(NodeId node) {
  outbox_.clear();
  return Context{now_ + network_.node(node).clock_offset_ticks, node, actors_.size(), node_random_[node.value], outbox_};
}

void World::emit(EventKind kind, NodeId node, NodeId peer, std::uint32_t subject, std::uint16_t label,
                 std::uint8_t detail) {
  trace_->put_event(cursor_, TraceEvent{now_, subject, node.value, peer.value, kind, detail, label});
}

void World::emit_text(EventKind kind, NodeId node, std::string_view text) {
  std::uint32_t index = trace_->put_text(cursor_, text);
  emit(kind, node, node, index);
}

void World::schedule(Tick tick, QueuedKind kind, std::uint32_t subject, NodeId node, bool doomed) {
  QueuedEvent event;
  event.tick = tick;
  event.sequence = next_sequence_++;
  event.subject = subject;
  event.node = node.value;
  event.kind = kind;
  event.doomed = doomed;
  queue_.push(event);
}

void World::boot(NodeId node) {
  actors_[node.value] = factory_(node, actors_.size(), persisted_[node.value]);
  ENGINE_ASSERT(actors_[node.value] != nullptr);
  if (!byzantine_[node.value].empty()) actors_[node.value]->set_byzantine(byzantine_[node.value]);
  Context context = context_for(node);
  actors_[node.value]->start(context);
  drain(node);
}

void World::send(NodeId from, NodeId to, std::uint16_t type, std::string_view payload) {
  ENGINE_ASSERT_MSG(to.value < actors_.size(), "an actor sent to a node that does not exist");
  ENGINE_ASSERT(type < trace_->message_types().size());
  const auto id = static_cast<std::uint32_t>(cursor_.messages);
  MessageRecord record{now_, 0, id, 0, from.value, to.value, type};
  trace_->put_message(cursor_, record, payload);
  emit(EventKind::send, from, to, id, type);
  Transmission transmission = network_.transmit(from, to, now_);
  schedule(transmission.deliver_tick, QueuedKind::message, id, to, transmission.lost);
  if (transmission.duplicated) {
    const auto copy_id = static_cast<std::uint32_t>(cursor_.messages);
    trace_->put_message(cursor_, MessageRecord{now_, 0, id, 0, from.value, to.value, type}, payload);
    emit(EventKind::duplicate, from, to, copy_id, type);
    schedule(transmission.duplicate_tick, QueuedKind::message, copy_id, to);
  }
}

void World::drain(NodeId node) {
  for (const Outbox::Item& item : outbox_.items()) {
    switch (item.kind) {
      case Outbox::Kind::send: send(node, NodeId{item.node_or_kind}, item.type, outbox_.text(item)); break;
      case Outbox::Kind::set_timer: {
        auto& timers = timers_[node.value];
        ENGINE_ASSERT_MSG(timers.size() < limits::kMaxTimersPerNode, "an actor set more than kMaxTimersPerNode timers");
        ENGINE_ASSERT(item.node_or_kind < trace_->timer_kind_count());
        Tick due = now_ + network_.timer_delay(node, item.delay_ticks);
        timers.push_back(ActiveTimer{next_timer_id_, item.node_or_kind, due});
        schedule(due, QueuedKind::timer, next_timer_id_++, node);
        break;
      }
      case Outbox::Kind::cancel_timers: {
        auto& timers = timers_[node.value];
        std::uint16_t kind = item.node_or_kind;
        timers.erase(std::remove_if(timers.begin(), timers.end(), [kind](const ActiveTimer& t) { return t.kind == kind; }),
                     timers.end());
        break;
      }
      case Outbox::Kind::note: emit_text(EventKind::note, node, outbox_.text(item)); break;
    }
  }
  outbox_.clear();
}

Error World::capacity_error() const {
  if (cursor_.events >= limits::kMaxTraceEvents) {
    return make_error("sim.trace_full", "the trace holds " + std::to_string(cursor_.events) +
                                            " events, its limit; fork from an earlier point or start a new run.");
  }
  if (trace_->text_bytes_through(cursor_) >= limits::kMaxTraceTextBytes) {
    return make_error("sim.trace_full", "the trace holds " + std::to_string(trace_->text_bytes_through(cursor_)) +
                                            " bytes of payloads or notes, its limit; fork from an earlier point or start a new run.");
  }
  return make_error("sim.in_flight_limit", "too many messages and timers are pending (" + std::to_string(queue_.size()) +
                                               "); the protocol or scenario is flooding the network.");
}

std::optional<Tick> World::next_event_tick() {
  while (!queue_.empty()) {
    const QueuedEvent& next = queue_.top();
    if (next.kind != QueuedKind::timer) return next.tick;
    const auto& timers = timers_[next.node];
    if (std::any_of(timers.begin(), timers.end(), [&](const ActiveTimer& t) { return t.id == next.subject; })) return next.tick;
    queue_.pop();  // a timer cancelled by its actor or lost in a crash is not an event: run_until must not stop on it
  }
  return std::nullopt;
}

Status World::step() {
  RETURN_IF_ERROR(check_capacity());
  while (!queue_.empty()) {
    QueuedEvent event = queue_.pop();
    if (event.kind == QueuedKind::timer) {
      const auto& timers = timers_[event.node];
      bool live = std::any_of(timers.begin(), timers.end(), [&](const ActiveTimer& t) { return t.id == event.subject; });
      if (!live) continue;  // cancelled by its actor, or lost in a crash: not an event
    }
    now_ = std::max(now_, event.tick);
    process(event, false);
    return {};
  }
  return make_error("sim.nothing_pending", "no message, timer or scheduled fault is pending; the run is quiet.");
}

Result<std::uint64_t> World::run_until(Tick target, std::uint64_t steps_allowed) {
  std::uint64_t steps = 0;
  while (steps < steps_allowed) {
    std::optional<Tick> next = next_event_tick();
    if (!next || *next > target) break;
    RETURN_IF_ERROR(step());
    ++steps;
  }
  if (steps < steps_allowed) now_ = std::max(now_, target);
  return steps;
}

void World::process(const QueuedEvent& event, bool forced) {
  enter_step();
  switch (event.kind) {
    case QueuedKind::message:
      begin_step();
      deliver(MessageId{event.subject}, event.doomed, forced);
      break;
    case QueuedKind::timer:
      begin_step();
      fire(NodeId{event.node}, event.subject);
      break;
    case QueuedKind::scheduled_command: {
      Status status = apply_now(scheduled_[event.subject].command);
      if (!status.ok()) {
        begin_step();
        emit_text(EventKind::network, NodeId{0}, "scheduled fault skipped: " + status.error().message);
      }
      break;
    }
  }
}

void World::deliver(MessageId id, bool doomed, bool forced) {
  const MessageRecord& record = trace_->message(id);
  const NodeId from{record.from}, to{record.to};
  auto drop_for = [&](DropReason reason) { emit(EventKind::drop, to, from, id.value, record.type, static_cast<std::uint8_t>(reason)); };
  if (doomed && !forced) return drop_for(DropReason::loss);
  if (!network_.connected(from, to)) return drop_for(DropReason::partition);
  if (!node_up(to)) return drop_for(DropReason::node_down);
  emit(EventKind::deliver, to, from, id.value, record.type);
  Message message{id, from, to, record.type, record.sent_tick, trace_->payload(id)};
  Context context = context_for(to);
  actors_[to.value]->handle_message(message, context);
  drain(to);
}

void World::fire(NodeId node, std::uint32_t timer_id) {
  auto& timers = timers_[node.value];
  auto it = std::find_if(timers.begin(), timers.end(), [&](const ActiveTimer& t) { return t.id == timer_id; });
  ENGINE_ASSERT(it != timers.end());
  std::uint16_t kind = it->kind;
  timers.erase(it);
  emit(EventKind::timer, node, node, timer_id, kind);
  Context context = context_for(node);
  actors_[node.value]->handle_timer(kind, context);
  drain(node);
}

}  // namespace coordlab::sim

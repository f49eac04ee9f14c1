// World: faults, network changes, outside input, and a learner's hand on individual messages/timers.
#include <algorithm>

#include "core/assert.hpp"
#include "sim/world.hpp"

namespace coordlab::sim {
namespace {

std::string describe_groups(const Trace& trace, const std::vector<std::vector<NodeId>>& groups) {
  std::string text;
  for (const auto& group : groups) {
    text += text.empty() ? "{" : " {";
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (i > 0) text += ",";
      text += trace.node_name(group[i].value);
    }
    text += "}";
  }
  return text;
}

Error not_in_flight(MessageId message) {
  return make_error("sim.not_in_flight", "message #" + std::to_string(message.value) +
                                             " is not in flight (it was delivered, dropped, or never sent).");
}

}  // namespace

Status World::apply(const WorldCommand& command) {
  RETURN_IF_ERROR(check_capacity());
  enter_step();
  return apply_now(command);
}

Status World::apply_now(const WorldCommand& command) {
  if (const auto* crash = std::get_if<CrashNode>(&command)) {
    NodeId node = crash->node;
    if (!node_up(node)) return make_error("sim.node_down", std::string(trace_->node_name(node.value)) + " is already crashed.");
    begin_step();
    persisted_[node.value] = actors_[node.value]->persistent_state();
    actors_[node.value].reset();
    timers_[node.value].clear();
    emit(EventKind::crash, node, node, 0);
    return {};
  }
  if (const auto* restart = std::get_if<RestartNode>(&command)) {
    NodeId node = restart->node;
    if (node_up(node)) return make_error("sim.node_up", std::string(trace_->node_name(node.value)) + " is running; crash it first.");
    begin_step();
    emit(EventKind::restart, node, node, 0);
    boot(node);
    return {};
  }
  if (const auto* partition = std::get_if<PartitionNodes>(&command)) {
    begin_step();
    network_.partition(partition->groups);
    emit_text(EventKind::partition, NodeId{0}, describe_groups(*trace_, partition->groups));
    return {};
  }
  if (std::holds_alternative<HealPartition>(command)) {
    begin_step();
    network_.heal();
    emit(EventKind::heal, NodeId{0}, NodeId{0}, 0);
    return {};
  }
  if (const auto* link = std::get_if<SetLink>(&command)) {
    begin_step();
    std::string text;
    if (link->from && link->to) {
      network_.set_link(*link->from, *link->to, link->config);
      text = "link " + std::string(trace_->node_name(link->from->value)) + "->" +
             std::string(trace_->node_name(link->to->value)) + " " + link->config.to_string();
    } else {
      network_.set_default_link(link->config);
      text = "default link " + link->config.to_string();
    }
    emit_text(EventKind::network, NodeId{0}, text);
    return {};
  }
  if (const auto* settings = std::get_if<SetNodeSettings>(&command)) {
    begin_step();
    network_.set_node(settings->node, settings->settings);
    const NodeSettings& s = settings->settings;
    emit_text(EventKind::network, settings->node,
              "node " + std::string(trace_->node_name(settings->node.value)) + " slow=" + std::to_string(s.slow_ticks) +
                  " clock_offset=" + std::to_string(s.clock_offset_ticks) + " clock_drift=" +
                  std::to_string(s.clock_drift_percent) + "%");
    return {};
  }
  if (const auto* byzantine = std::get_if<SetByzantine>(&command)) {
    const bool honest = byzantine->kind == "none";
    if (!honest && std::find(byzantine_kinds_.begin(), byzantine_kinds_.end(), byzantine->kind) == byzantine_kinds_.end()) {
      return make_error("sim.unknown_byzantine_kind", "this protocol has no Byzantine behaviour \"" + byzantine->kind + "\".");
    }
    begin_step();
    byzantine_[byzantine->node.value] = honest ? std::string() : byzantine->kind;
    if (node_up(byzantine->node)) actors_[byzantine->node.value]->set_byzantine(byzantine->kind);
    emit_text(EventKind::byzantine, byzantine->node, byzantine->kind);
    return {};
  }
  const auto& input = std::get<NodeInput>(command);
  if (!node_up(input.node)) {
    return make_error("sim.node_down", std::string(trace_->node_name(input.node.value)) + " is crashed; restart it first.");
  }
  Context context = context_for(input.node);
  Status status = actors_[input.node.value]->handle_input(input.text, context);
  if (!status.ok()) {
    outbox_.clear();
    return status;
  }
  begin_step();  // after the actor accepted the input, so a rejected input is not a step
  std::uint32_t text = trace_->put_text(cursor_, input.text);
  emit(EventKind::input, input.node, input.node, text);
  drain(input.node);
  return {};
}

std::optional<QueuedEvent> World::find_in_flight(MessageId message) const {
  for (const QueuedEvent& event : queue_.sorted_live()) {
    if (event.kind == QueuedKind::message && event.subject == message.value) return event;
  }
  return std::nullopt;
}

Status World::deliver_now(MessageId message) {
  RETURN_IF_ERROR(check_capacity());
  std::optional<QueuedEvent> event = find_in_flight(message);
  if (!event) return not_in_flight(message);
  queue_.cancel(event->sequence);
  // In manual mode the learner is the scheduler: time moves to the chosen event (never backwards).
  if (mode_ == DeliveryMode::manual) now_ = std::max(now_, event->tick);
  process(*event, true);
  return {};
}

Status World::drop(MessageId message) {
  RETURN_IF_ERROR(check_capacity());
  std::optional<QueuedEvent> event = find_in_flight(message);
  if (!event) return not_in_flight(message);
  queue_.cancel(event->sequence);
  begin_step();
  const MessageRecord& record = trace_->message(message);
  emit(EventKind::drop, NodeId{record.to}, NodeId{record.from}, message.value, record.type,
       static_cast<std::uint8_t>(DropReason::learner));
  return {};
}

Status World::duplicate(MessageId message) {
  RETURN_IF_ERROR(check_capacity());
  std::optional<QueuedEvent> event = find_in_flight(message);
  if (!event) return not_in_flight(message);
  begin_step();
  const MessageRecord record = trace_->message(message);
  const auto copy_id = static_cast<std::uint32_t>(cursor_.messages);
  std::string payload(trace_->payload(message));
  trace_->put_message(cursor_, MessageRecord{now_, 0, record.copy_of, 0, record.from, record.to, record.type}, payload);
  emit(EventKind::duplicate, NodeId{record.from}, NodeId{record.to}, copy_id, record.type);
  schedule(event->tick, QueuedKind::message, copy_id, NodeId{record.to});
  return {};
}

Status World::delay(MessageId message, std::int64_t delay_ticks) {
  RETURN_IF_ERROR(check_capacity());
  std::optional<QueuedEvent> event = find_in_flight(message);
  if (!event) return not_in_flight(message);
  queue_.cancel(event->sequence);
  begin_step();
  schedule(event->tick + delay_ticks, QueuedKind::message, event->subject, NodeId{event->node}, event->doomed);
  emit_text(EventKind::network, NodeId{event->node},
            "delay #" + std::to_string(message.value) + " by " + std::to_string(delay_ticks) + " ticks");
  return {};
}

Status World::fire_now(TimerId timer) {
  RETURN_IF_ERROR(check_capacity());
  for (const QueuedEvent& event : queue_.sorted_live()) {
    if (event.kind != QueuedKind::timer || event.subject != timer.value) continue;
    const auto& timers = timers_[event.node];
    bool live = std::any_of(timers.begin(), timers.end(), [&](const ActiveTimer& t) { return t.id == timer.value; });
    if (!live) break;
    queue_.cancel(event.sequence);
    if (mode_ == DeliveryMode::manual) now_ = std::max(now_, event.tick);
    process(event, true);
    return {};
  }
  return make_error("sim.no_such_timer", "timer " + std::to_string(timer.value) + " is not pending.");
}

std::vector<PendingEvent> World::pending() const {
  std::vector<PendingEvent> result;
  for (const QueuedEvent& event : queue_.sorted_live()) {
    PendingEvent item{event, NodeId{event.node}, 0};
    if (event.kind == QueuedKind::timer) {
      const auto& timers = timers_[event.node];
      auto it = std::find_if(timers.begin(), timers.end(), [&](const ActiveTimer& t) { return t.id == event.subject; });
      if (it == timers.end()) continue;  // cancelled
      item.label = it->kind;
    }
    result.push_back(item);
  }
  return result;
}

}  // namespace coordlab::sim

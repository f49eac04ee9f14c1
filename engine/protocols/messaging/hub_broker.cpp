// The hub: registration, routing rounds ordered by priority, expiry, pub/sub fan-out, threads, stats.
#include <algorithm>

#include "protocols/messaging/hub.hpp"
#include "protocols/payload.hpp"

namespace coordlab::protocols::messaging {
namespace {

std::string conversation_text(const Envelope& envelope) {
  return envelope.conversation.empty() ? "-" : envelope.conversation;
}

}  // namespace

void HubBroker::handle_message(const sim::Message& message, sim::Context& context) {
  switch (message.type) {
    case kRegister:
      on_register(message, context);
      break;
    case kSubscribe: {
      PayloadReader reader(message.payload);
      auto agent = reader.text("agent"), topic = reader.text("topic");
      if (!agent || !topic || !valid_token(*agent) || !valid_token(*topic)) return;
      auto owner = agents_.find(std::string(*agent));
      if (owner == agents_.end() || owner->second != message.from) {
        context.out.note("refused agent=" + std::string(*agent) +
                         " reason=not_registered topic=" + std::string(*topic));
        return;
      }
      subscribers_[std::string(*topic)].insert(std::string(*agent));
      context.out.note("subscribed agent=" + std::string(*agent) + " topic=" + std::string(*topic));
      break;
    }
    case kRoute:
      on_route(message, context);
      break;
    default:
      break;  // agents' messages only
  }
}

void HubBroker::on_register(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  std::optional<std::string_view> agent = reader.text("agent");
  if (!agent || !valid_token(*agent)) return;
  const std::string name(*agent);
  auto reply = [&](bool ok, std::string_view reason) {
    PayloadWriter writer;
    writer.add("agent", name).add("ok", ok ? 1 : 0);
    if (!ok) writer.add("reason", reason);
    context.out.send(message.from, kRegistration, writer.text());
  };
  auto existing = agents_.find(name);
  if (existing != agents_.end() && existing->second != message.from) {
    context.out.note("refused agent=" + name + " reason=duplicate_id");
    reply(false, "duplicate_id");
    return;
  }
  // The same node registering the same id again (after a restart, or a retry) is not a duplicate.
  if (existing == agents_.end() && static_cast<std::int64_t>(agents_.size()) >= params_.capacity) {
    context.out.note("refused agent=" + name + " reason=capacity");
    reply(false, "capacity");
    return;
  }
  agents_[name] = message.from;
  context.out.note("registered agent=" + name + " node=" + (*names_)[message.from.value] +
                   " count=" + std::to_string(agents_.size()));
  reply(true, "");
}

void HubBroker::on_route(const sim::Message& message, sim::Context& context) {
  std::optional<Envelope> envelope = decode_envelope(message.payload);
  if (!envelope) return;  // malformed
  lamport_ = std::max(lamport_, envelope->lamport) + 1;
  ++stats_.sent;
  auto sender = agents_.find(envelope->sender);
  if (sender == agents_.end() || sender->second != message.from) {
    fail(*envelope, "unknown_sender", context);
    return;
  }
  if (queue_.size() >= kMaxHubQueue) {
    fail(*envelope, "queue_full", context);
    return;
  }
  if (queue_.empty()) context.out.set_timer(kRouteTimer, params_.route_delay_ticks);
  queue_.push_back(std::move(*envelope));
}

void HubBroker::handle_timer(std::uint16_t timer_kind, sim::Context& context) {
  if (timer_kind != kRouteTimer) return;
  std::vector<Envelope> round = std::move(queue_);
  queue_.clear();
  // A total order, so the round is the same on every platform: priority, then Lamport time, then id.
  std::sort(round.begin(), round.end(), [](const Envelope& a, const Envelope& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.lamport != b.lamport) return a.lamport < b.lamport;
    return a.id < b.id;
  });
  for (const Envelope& envelope : round) route(envelope, context);
}

void HubBroker::route(const Envelope& envelope, sim::Context& context) {
  if (envelope.expires_tick && *envelope.expires_tick < context.now.value) {
    fail(envelope, "expired", context);
    return;
  }
  if (!envelope.topic.empty()) {
    std::int64_t count = 0;
    auto topic = subscribers_.find(envelope.topic);
    for (const std::string& subscriber : topic == subscribers_.end() ? std::set<std::string>{} : topic->second) {
      if (subscriber == envelope.sender || agents_.count(subscriber) == 0) continue;
      forward(envelope, subscriber, context);
      ++count;
    }
    context.out.note("published id=" + envelope.id + " topic=" + envelope.topic +
                     " subscribers=" + std::to_string(count));
    remember_in_thread(envelope, context);
    return;
  }
  if (agents_.count(envelope.recipient) == 0) {
    fail(envelope, "unknown_recipient", context);
    return;
  }
  forward(envelope, envelope.recipient, context);
  remember_in_thread(envelope, context);
}

void HubBroker::forward(const Envelope& envelope, const std::string& recipient, sim::Context& context) {
  ++lamport_;
  Envelope copy = envelope;
  copy.recipient = recipient;
  context.out.send(agents_.at(recipient), kDeliver, encode_envelope(copy));
  ++stats_.delivered;
  std::string note = "delivered id=" + envelope.id + " from=" + envelope.sender + " to=" + recipient +
                     " type=" + envelope.type + " conv=" + conversation_text(envelope) +
                     " priority=" + std::to_string(envelope.priority) + " lamport=" + std::to_string(envelope.lamport);
  if (!envelope.topic.empty()) note += " topic=" + envelope.topic;
  context.out.note(note + " body=" + envelope.body);
}

void HubBroker::fail(const Envelope& envelope, std::string_view reason, sim::Context& context) {
  ++stats_.failed;
  ++stats_.failures_by_reason[std::string(reason)];
  const std::string destination = envelope.topic.empty() ? envelope.recipient : "topic:" + envelope.topic;
  context.out.note("failed id=" + envelope.id + " from=" + envelope.sender + " to=" + destination + " type=" +
                   envelope.type + " conv=" + conversation_text(envelope) + " reason=" + std::string(reason));
  auto sender = agents_.find(envelope.sender);
  if (sender != agents_.end()) {
    context.out.send(sender->second, kFailure, PayloadWriter().add("id", envelope.id).add("reason", reason).text());
  }
}

void HubBroker::remember_in_thread(const Envelope& envelope, sim::Context& context) {
  if (envelope.conversation.empty()) return;
  auto thread = threads_.find(envelope.conversation);
  if (thread == threads_.end() && threads_.size() >= kMaxConversationsKept) {
    context.out.note("thread_not_kept conv=" + envelope.conversation + " reason=conversation_limit");
    return;
  }
  std::vector<std::string>& ids = threads_[envelope.conversation];
  if (ids.size() >= kMaxThreadLengthKept) {
    context.out.note("thread_not_kept conv=" + envelope.conversation + " reason=thread_length_limit");
    return;
  }
  ids.push_back(envelope.id);
}

Status HubBroker::handle_input(std::string_view, sim::Context&) {
  return make_error("input.hub_takes_no_input",
                    "the hub only routes; give input to an agent, e.g. \"send to=" +
                        (names_->size() > 1 ? (*names_)[params_.hub.value == 0 ? 1 : 0] : std::string("AGENT")) +
                        " type=data_request payload=hello\".");
}

void HubBroker::describe(sim::StateWriter& writer) const {
  writer.field("registered", static_cast<std::int64_t>(agents_.size()));
  writer.field("capacity", params_.capacity);
  std::string agents;
  for (const auto& [name, node] : agents_) agents += (agents.empty() ? "" : " ") + name;
  writer.field("agents", agents.empty() ? "(none)" : agents);
  writer.field("sent", stats_.sent);
  writer.field("delivered", stats_.delivered);
  writer.field("failed", stats_.failed);
  std::string reasons;
  for (const auto& [reason, count] : stats_.failures_by_reason)
    reasons += (reasons.empty() ? "" : " ") + reason + "=" + std::to_string(count);
  writer.field("failure_reasons", reasons.empty() ? "(none)" : reasons);
  writer.field("queued", static_cast<std::int64_t>(queue_.size()));
  writer.field("lamport", lamport_);
  for (const auto& [topic, subscribers] : subscribers_) {
    std::string list;
    for (const std::string& subscriber : subscribers) list += (list.empty() ? "" : " ") + subscriber;
    writer.field("topic " + topic, list.empty() ? "(none)" : list);
  }
  for (const auto& [conversation, ids] : threads_) {
    std::string list;
    for (const std::string& id : ids) list += (list.empty() ? "" : " ") + id;
    writer.field("thread " + conversation, list);
  }
}

}  // namespace coordlab::protocols::messaging

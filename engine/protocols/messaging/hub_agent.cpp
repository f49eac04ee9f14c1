// A hub agent: registers, turns the learner's input into envelopes (through the hub or peer to peer),
// keeps a Lamport clock, and records what it receives.
#include <algorithm>

#include "protocols/messaging/hub.hpp"
#include "protocols/payload.hpp"

namespace coordlab::protocols::messaging {
namespace {

const std::vector<std::pair<std::string_view, std::string_view>>& agent_verbs() {
  static const std::vector<std::pair<std::string_view, std::string_view>> verbs = {
      {"send", "to type payload conv priority expires_in response direct count"},
      {"publish", "topic type payload conv priority expires_in response count"},
      {"subscribe", "topic"},
      {"register", "id"},
  };
  return verbs;
}

}  // namespace

HubAgent::HubAgent(HubParams params, NodeNames names, NodeId self, std::string_view persisted)
    : params_(params), names_(std::move(names)), name_((*names_)[self.value]) {
  PayloadReader reader(persisted);
  next_message_ = std::max<std::int64_t>(1, reader.integer("next").value_or(1));
  lamport_ = std::max<std::int64_t>(0, reader.integer("lamport").value_or(0));
}

std::string HubAgent::persistent_state() const {
  return PayloadWriter().add("next", next_message_).add("lamport", lamport_).text();
}

void HubAgent::start(sim::Context& context) {
  if (params_.auto_register) context.out.send(params_.hub, kRegister, PayloadWriter().add("agent", name_).text());
}

Status HubAgent::handle_input(std::string_view text, sim::Context& context) {
  Result<InputCommand> command = parse_input(text, "hub agent", agent_verbs());
  if (!command.ok()) return command.error();
  const std::string& verb = command.value().verb();
  if (verb == "register") {
    Result<std::string> id = command.value().token("id", name_);
    if (!id.ok()) return id.error();
    context.out.send(params_.hub, kRegister, PayloadWriter().add("agent", id.value()).text());
    return {};
  }
  if (verb == "subscribe") {
    Result<std::string> topic = command.value().token("topic");
    if (!topic.ok()) return topic.error();
    context.out.send(params_.hub, kSubscribe, PayloadWriter().add("agent", name_).add("topic", topic.value()).text());
    return {};
  }
  Result<SendRequest> request = read_send_request(command.value());
  if (!request.ok()) return request.error();
  if (verb == "send" && request.value().to.empty())
    return make_error("input.missing_option", "\"send\" needs to=AGENT.");
  if (verb == "publish" && request.value().topic.empty())
    return make_error("input.missing_option", "\"publish\" needs topic=TOPIC.");
  return send(request.value(), context);
}

Status HubAgent::send(const SendRequest& request, sim::Context& context) {
  for (std::int64_t i = 0; i < request.count; ++i) {
    Envelope envelope;
    envelope.id = name_ + "-" + std::to_string(next_message_++);
    envelope.sender = name_;
    envelope.recipient = request.to;
    envelope.topic = request.topic;
    envelope.type = request.type;
    envelope.body = request.body;
    envelope.conversation = request.conversation;
    envelope.timestamp_tick = context.now.value;
    envelope.priority = request.priority;
    if (request.expires_in_ticks) envelope.expires_tick = context.now.value + *request.expires_in_ticks;
    envelope.requires_response = request.requires_response;
    envelope.lamport = ++lamport_;
    ++sent_;
    std::string note =
        "send id=" + envelope.id + " from=" + name_ +
        " to=" + (request.topic.empty() ? request.to : "topic:" + request.topic) + " type=" + envelope.type +
        " conv=" + (envelope.conversation.empty() ? "-" : envelope.conversation) +
        " priority=" + std::to_string(envelope.priority) + " lamport=" + std::to_string(envelope.lamport);
    if (!request.direct) {
      context.out.note(note);
      context.out.send(params_.hub, kRoute, encode_envelope(envelope));
      continue;
    }
    context.out.note(note + " direct=1");
    std::optional<NodeId> peer = node_named(*names_, request.to);
    if (!peer || *peer == params_.hub) {
      context.out.note("undeliverable id=" + envelope.id + " reason=unknown_recipient");  // no such peer to connect to
      continue;
    }
    context.out.send(*peer, kDirect, encode_envelope(envelope));
  }
  return {};
}

void HubAgent::handle_message(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  switch (message.type) {
    case kDeliver:
    case kDirect:
      on_receive(message, context);
      break;
    case kRegistration: {
      auto agent = reader.text("agent");
      auto ok = reader.integer("ok");
      if (!agent || !ok || !valid_token(*agent)) return;
      std::string note = "registration agent=" + std::string(*agent) + " ok=" + std::to_string(*ok);
      if (*ok == 1) registered_ids_.insert(std::string(*agent));
      if (auto reason = reader.text("reason")) note += " reason=" + std::string(*reason);
      context.out.note(note);
      break;
    }
    case kFailure: {
      auto id = reader.text("id"), reason = reader.text("reason");
      if (id && reason && valid_token(*id) && valid_token(*reason)) {
        context.out.note("undeliverable id=" + std::string(*id) + " reason=" + std::string(*reason));
      }
      break;
    }
    default:
      break;
  }
}

void HubAgent::on_receive(const sim::Message& message, sim::Context& context) {
  std::optional<Envelope> envelope = decode_envelope(message.payload);
  if (!envelope) return;
  lamport_ = std::max(lamport_, envelope->lamport) + 1;
  // A direct message has no hub to check its expiry, so the recipient does.
  if (message.type == kDirect && envelope->expires_tick && *envelope->expires_tick < context.now.value) {
    context.out.note("failed id=" + envelope->id + " from=" + envelope->sender + " to=" + name_ +
                     " type=" + envelope->type +
                     " conv=" + (envelope->conversation.empty() ? "-" : envelope->conversation) + " reason=expired");
    return;
  }
  ++received_;
  context.out.note("received id=" + envelope->id + " from=" + envelope->sender + " type=" + envelope->type +
                   " conv=" + (envelope->conversation.empty() ? "-" : envelope->conversation) +
                   " lamport=" + std::to_string(envelope->lamport) + " clock=" + std::to_string(lamport_));
  if (inbox_.size() >= kMaxInboxKept) inbox_.erase(inbox_.begin());  // a display window, not message loss
  inbox_.push_back(std::move(*envelope));
}

void HubAgent::describe(sim::StateWriter& writer) const {
  writer.field("agent", name_);
  std::string ids;
  for (const std::string& id : registered_ids_) ids += (ids.empty() ? "" : " ") + id;
  writer.field("registered_as", ids.empty() ? "(not registered)" : ids);
  writer.field("lamport", lamport_);
  writer.field("sent", sent_);
  writer.field("received", received_);
  for (const Envelope& envelope : inbox_) {
    writer.field("inbox " + envelope.id, envelope.type + " from " + envelope.sender +
                                             (envelope.conversation.empty() ? "" : " in " + envelope.conversation) +
                                             ": " + envelope.body);
  }
}

}  // namespace coordlab::protocols::messaging

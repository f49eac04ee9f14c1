// Reliable delivery endpoints (see reliable.hpp).
#include <algorithm>

#include "protocols/messaging/reliable.hpp"
#include "protocols/payload.hpp"

namespace coordlab::protocols::messaging {

ReliableActor::ReliableActor(ReliableParams params, NodeNames names, NodeId self, std::string_view persisted)
    : params_(params),
      names_(std::move(names)),
      name_((*names_)[self.value]),
      queue_(params.retry, kRetryTimer, names_) {
  PayloadReader reader(persisted);
  next_message_ = std::max<std::int64_t>(1, reader.integer("next").value_or(1));
  std::string_view seen = reader.text("seen").value_or("");
  while (!seen.empty()) {
    const std::size_t comma = std::min(seen.find(','), seen.size());
    if (comma > 0) seen_.insert(std::string(seen.substr(0, comma)));
    seen = seen.substr(std::min(comma + 1, seen.size()));
  }
}

// The de-duplication memory must survive a crash, or a restarted receiver processes a retry again.
std::string ReliableActor::persistent_state() const {
  std::string seen;
  for (const std::string& id : seen_) seen += (seen.empty() ? "" : ",") + id;
  PayloadWriter writer;
  writer.add("next", next_message_);
  if (!seen.empty()) writer.add("seen", seen);
  return writer.text();
}

Status ReliableActor::handle_input(std::string_view text, sim::Context& context) {
  static const std::vector<std::pair<std::string_view, std::string_view>> verbs = {
      {"send", "to count conv type payload"}};
  Result<InputCommand> command = parse_input(text, "reliable", verbs);
  if (!command.ok()) return command.error();
  Result<SendRequest> request = read_send_request(command.value());
  if (!request.ok()) return request.error();
  std::optional<NodeId> to = node_named(*names_, request.value().to);
  if (!to || *to == context.self) {
    return make_error("input.bad_recipient", "to= must name another node of this scenario.");
  }
  if (queue_.outstanding_count() + static_cast<std::size_t>(request.value().count) > kMaxOutstanding) {
    return make_error("input.too_many_outstanding",
                      "this node already has " + std::to_string(queue_.outstanding_count()) +
                          " unacknowledged messages; at most " + std::to_string(kMaxOutstanding) +
                          " may be outstanding. Wait for acks first.");
  }
  for (std::int64_t i = 0; i < request.value().count; ++i) {
    const std::string id = name_ + "-" + std::to_string(next_message_++);
    PayloadWriter payload;
    payload.add("id", id).add("type", request.value().type);
    if (!request.value().conversation.empty()) payload.add("conv", request.value().conversation);
    payload.add("body", request.value().body);
    context.out.note("send id=" + id + " from=" + name_ + " to=" + request.value().to + " attempt=1");
    if (params_.guarantee == Guarantee::course) {
      // The course's "guaranteed delivery": one send, and success reported before anything is known.
      context.out.send(*to, kData, payload.text() + " attempt=1");
      context.out.note("confirmed id=" + id + " to=" + request.value().to);
      continue;
    }
    queue_.send(id, *to, kData, payload.text(), context);
  }
  return {};
}

void ReliableActor::handle_message(const sim::Message& message, sim::Context& context) {
  if (message.type == kData) {
    on_data(message, context);
    return;
  }
  if (message.type != kAck) return;
  PayloadReader reader(message.payload);
  std::optional<std::string_view> id = reader.text("id");
  if (id && valid_token(*id)) (void)queue_.acknowledge(*id, message.from, context);
}

void ReliableActor::on_data(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  std::optional<std::string_view> id = reader.text("id");
  std::optional<std::int64_t> attempt = reader.integer("attempt");
  if (!id || !valid_token(*id) || !attempt) return;  // malformed
  const std::string where =
      "id=" + std::string(*id) + " from=" + (*names_)[message.from.value] + " attempt=" + std::to_string(*attempt);
  const bool dedupe = params_.dedupe && params_.guarantee == Guarantee::acknowledged;
  if (dedupe && seen_.count(std::string(*id)) > 0) {
    ++duplicates_;
    context.out.note("duplicate " + where);
  } else if (dedupe && seen_.size() >= kMaxRememberedIds) {
    context.out.note("dedupe_full " + where);
    return;  // unacknowledged on purpose: see reliable.hpp
  } else {
    if (dedupe) seen_.insert(std::string(*id));
    ++processed_;
    context.out.note("processed " + where);
  }
  // Acknowledge every copy: the sender may be retrying because our earlier ack was lost.
  if (params_.guarantee == Guarantee::acknowledged)
    context.out.send(message.from, kAck, PayloadWriter().add("id", *id).text());
}

void ReliableActor::handle_timer(std::uint16_t timer_kind, sim::Context& context) {
  if (timer_kind == kRetryTimer) queue_.handle_timer(context);
}

void ReliableActor::describe(sim::StateWriter& writer) const {
  writer.field("outstanding", static_cast<std::int64_t>(queue_.outstanding_count()));
  std::string dead;
  for (const std::string& id : queue_.dead_letters()) dead += (dead.empty() ? "" : " ") + id;
  writer.field("dead_letters", dead.empty() ? "(none)" : dead);
  writer.field("processed", processed_);
  writer.field("duplicates_ignored", duplicates_);
  writer.field("ids_remembered", static_cast<std::int64_t>(seen_.size()));
  writer.field("max_attempts", queue_.policy().max_attempts);
}

}  // namespace coordlab::protocols::messaging

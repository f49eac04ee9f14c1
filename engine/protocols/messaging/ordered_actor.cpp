// Ordered delivery (see ordered.hpp): input, acknowledgements, the hold-back buffer, and FIFO order.
#include <algorithm>

#include "protocols/messaging/ordered.hpp"
#include "protocols/payload.hpp"

namespace coordlab::protocols::messaging {

std::string encode_vector_clock(const std::vector<std::int64_t>& clock) {
  std::string text;
  for (std::size_t i = 0; i < clock.size(); ++i) text += (i ? "." : "") + std::to_string(clock[i]);
  return text;
}

std::optional<std::vector<std::int64_t>> decode_vector_clock(std::string_view text, std::size_t node_count) {
  std::vector<std::int64_t> clock;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t dot = std::min(text.find('.', start), text.size());
    std::optional<std::int64_t> value = parse_decimal(text.substr(start, dot - start));
    if (!value || *value < 0 || clock.size() >= node_count) return std::nullopt;
    clock.push_back(*value);
    start = dot + 1;
  }
  if (clock.size() != node_count) return std::nullopt;
  return clock;
}

OrderedActor::OrderedActor(OrderedParams params, NodeNames names, NodeId self, std::string_view persisted)
    : params_(params),
      names_(std::move(names)),
      name_((*names_)[self.value]),
      queue_(params.retry, kOrderedRetryTimer, names_),
      vector_clock_(names_->size(), 0) {
  next_message_ = std::max<std::int64_t>(1, PayloadReader(persisted).integer("next").value_or(1));
}

// Only the id counter persists (ids must stay unique); delivery state restarts empty after a crash.
std::string OrderedActor::persistent_state() const { return PayloadWriter().add("next", next_message_).text(); }

std::string OrderedActor::role() const {
  return params_.order == OrderMode::total && (*names_)[params_.sequencer.value] == name_ ? "sequencer" : "member";
}

Status OrderedActor::handle_input(std::string_view text, sim::Context& context) {
  const bool fifo = params_.order == OrderMode::fifo;
  static const std::vector<std::pair<std::string_view, std::string_view>> fifo_verbs = {
      {"send", "to conv payload count"}};
  static const std::vector<std::pair<std::string_view, std::string_view>> group_verbs = {{"send", "to payload count"}};
  Result<InputCommand> command =
      parse_input(text, fifo ? "fifo ordered" : "causal/total ordered", fifo ? fifo_verbs : group_verbs);
  if (!command.ok()) return command.error();
  Result<SendRequest> request = read_send_request(command.value());
  if (!request.ok()) return request.error();
  std::optional<NodeId> to = node_named(*names_, request.value().to);
  if (fifo && (!to || *to == context.self))
    return make_error("input.bad_recipient", "to= must name another node of this scenario.");
  if (!fifo && !request.value().to.empty() && request.value().to != "all") {
    return make_error("input.bad_recipient",
                      "in causal and total order every message goes to all nodes; leave out to= (or write to=all).");
  }
  const std::size_t copies = fifo ? 1 : names_->size();
  if (queue_.outstanding_count() + copies * static_cast<std::size_t>(request.value().count) > kMaxOutstanding) {
    return make_error("input.too_many_outstanding",
                      "this node already has " + std::to_string(queue_.outstanding_count()) +
                          " unacknowledged messages; at most " + std::to_string(kMaxOutstanding) + ".");
  }
  for (std::int64_t i = 0; i < request.value().count; ++i)
    send_one(request.value(), to.value_or(context.self), context);
  return {};
}

void OrderedActor::send_one(const SendRequest& request, NodeId to, sim::Context& context) {
  const std::string id = name_ + "-" + std::to_string(next_message_++);
  PayloadWriter payload;
  payload.add("id", id);
  if (params_.order == OrderMode::fifo) {
    std::string note = "send id=" + id + " from=" + name_ + " to=" + (*names_)[to.value];
    if (!request.conversation.empty()) {
      const std::int64_t sequence = next_sequence_[stream_key(to, request.conversation)]++;
      payload.add("conv", request.conversation).add("seq", sequence);
      note += " conv=" + request.conversation + " seq=" + std::to_string(sequence);
    } else {
      note += " conv=-";
    }
    context.out.note(note + " attempt=1");
    queue_.send(id, to, kOrderedData, payload.add("body", request.body).text(), context);
    return;
  }
  if (params_.order == OrderMode::causal) {
    ++vector_clock_[context.self.value];  // sending delivers to oneself at once
    const std::string clock = encode_vector_clock(vector_clock_);
    context.out.note("send id=" + id + " from=" + name_ + " vc=" + clock + " attempt=1");
    delivered_.push_back(id);
    payload.add("vc", clock).add("body", request.body);
    for (std::size_t peer = 0; peer < names_->size(); ++peer) {
      if (peer != context.self.value)
        queue_.send(id, NodeId{static_cast<std::uint16_t>(peer)}, kOrderedData, payload.text(), context);
    }
    return;
  }
  context.out.note("send id=" + id + " from=" + name_ + " attempt=1");
  if (context.self == params_.sequencer) {
    sequence(id, context.self, context);
  } else {
    queue_.send(id, params_.sequencer, kSubmit, payload.add("body", request.body).text(), context);
  }
}

void OrderedActor::handle_message(const sim::Message& message, sim::Context& context) {
  switch (message.type) {
    case kOrderedAck: {
      std::optional<std::string_view> id = PayloadReader(message.payload).text("id");
      if (id && valid_token(*id)) (void)queue_.acknowledge(*id, message.from, context);
      break;
    }
    case kOrderedData:
      if (params_.order == OrderMode::fifo) on_fifo(message, context);
      if (params_.order == OrderMode::causal) on_causal(message, context);
      break;
    case kSubmit:
      if (params_.order == OrderMode::total && context.self == params_.sequencer) on_submit(message, context);
      break;
    case kSequenced:
      if (params_.order == OrderMode::total) on_sequenced(message.from, message.payload, context);
      break;
    default:
      break;
  }
}

void OrderedActor::handle_timer(std::uint16_t timer_kind, sim::Context& context) {
  if (timer_kind == kOrderedRetryTimer) queue_.handle_timer(context);
}

void OrderedActor::acknowledge(const sim::Message& message, std::string_view id, sim::Context& context) {
  context.out.send(message.from, kOrderedAck, PayloadWriter().add("id", id).text());
}

void OrderedActor::deliver(const Held& message, sim::Context& context) {
  std::string detail;
  if (params_.order == OrderMode::fifo) {
    detail = message.conversation.empty()
                 ? " conv=-"
                 : " conv=" + message.conversation + " seq=" + std::to_string(message.sequence);
  } else if (params_.order == OrderMode::causal) {
    detail = " vc=" + encode_vector_clock(message.clock);
  } else {
    detail = " total=" + std::to_string(message.sequence);
  }
  context.out.note("deliver id=" + message.id + " from=" + (*names_)[message.from.value] + detail);
  delivered_.push_back(message.id);
}

bool OrderedActor::hold(Held message, std::string_view detail, sim::Context& context) {
  const std::string where = "id=" + message.id + " from=" + (*names_)[message.from.value];
  if (held_.size() >= kMaxHeldMessages) {
    context.out.note("buffer_full " + where);
    return false;
  }
  context.out.note("buffer " + where + " " + std::string(detail));
  held_.push_back(std::move(message));
  return true;
}

std::string OrderedActor::stream_key(NodeId peer, const std::string& conversation) const {
  return (*names_)[peer.value] + "/" + conversation;
}

void OrderedActor::on_fifo(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  std::optional<std::string_view> id = reader.text("id");
  std::optional<std::int64_t> sequence = reader.integer("seq");
  if (!id || !valid_token(*id)) return;
  Held arrived{
      message.from, std::string(*id), std::string(reader.text("conv").value_or("")), sequence.value_or(-1), {}};
  if (!arrived.conversation.empty() && (!valid_token(arrived.conversation) || arrived.sequence < 0))
    return;  // malformed
  if (params_.delivery == DeliveryDiscipline::arrival) {
    acknowledge(message, *id, context);
    deliver(arrived, context);
    return;
  }
  const std::string where = "id=" + arrived.id + " from=" + (*names_)[message.from.value];
  if (arrived.conversation.empty()) {
    acknowledge(message, *id, context);
    if (params_.delivery == DeliveryDiscipline::course_strict) {
      context.out.note("held " + where + " conv=- seq=-1");  // the course's -1: waits for ever
    } else if (!unsequenced_seen_.insert(arrived.id).second) {
      context.out.note("duplicate " + where + " conv=- reacked=1");
    } else {
      deliver(arrived, context);
    }
    return;
  }
  const std::string key = stream_key(message.from, arrived.conversation);
  const std::int64_t expected = expected_[key];
  const bool already_held = std::any_of(held_.begin(), held_.end(), [&](const Held& held) {
    return held.from == arrived.from && held.conversation == arrived.conversation && held.sequence == arrived.sequence;
  });
  const std::string position = "conv=" + arrived.conversation + " seq=" + std::to_string(arrived.sequence);
  if (arrived.sequence < expected || already_held) {
    acknowledge(message, *id, context);
    context.out.note("duplicate " + where + " " + position + " reacked=1");
    return;
  }
  if (arrived.sequence > expected) {
    if (hold(arrived, position + " waiting_for=" + std::to_string(expected), context))
      acknowledge(message, *id, context);
    return;
  }
  acknowledge(message, *id, context);
  deliver(arrived, context);
  expected_[key] = expected + 1;
  deliver_fifo_backlog(message.from, arrived.conversation, context);
}

void OrderedActor::deliver_fifo_backlog(NodeId from, const std::string& conversation, sim::Context& context) {
  const std::string key = stream_key(from, conversation);
  for (bool progress = true; progress;) {
    progress = false;
    for (auto it = held_.begin(); it != held_.end(); ++it) {
      if (it->from != from || it->conversation != conversation || it->sequence != expected_[key]) continue;
      Held next = std::move(*it);
      held_.erase(it);
      deliver(next, context);
      ++expected_[key];
      progress = true;
      break;
    }
  }
}

void OrderedActor::describe(sim::StateWriter& writer) const {
  static const char* orders[] = {"fifo", "causal", "total"};
  static const char* deliveries[] = {"ordered", "arrival", "course_strict"};
  writer.field("order", orders[static_cast<int>(params_.order)]);
  writer.field("delivery", deliveries[static_cast<int>(params_.delivery)]);
  writer.field("delivered", static_cast<std::int64_t>(delivered_.size()));
  std::string recent;
  const std::size_t shown = std::min<std::size_t>(delivered_.size(), 12);
  for (std::size_t i = delivered_.size() - shown; i < delivered_.size(); ++i)
    recent += (recent.empty() ? "" : " ") + delivered_[i];
  writer.field("recently_delivered", recent.empty() ? "(none)" : recent);
  std::string held;
  for (const Held& message : held_) held += (held.empty() ? "" : " ") + message.id;
  writer.field("buffered", held.empty() ? "(none)" : held);
  for (const auto& [stream, next] : expected_) writer.field("expecting " + stream, next);
  if (params_.order == OrderMode::causal) writer.field("vector_clock", encode_vector_clock(vector_clock_));
  if (params_.order == OrderMode::total) writer.field("next_total", next_total_delivery_);
  writer.field("outstanding", static_cast<std::int64_t>(queue_.outstanding_count()));
  writer.field("dead_letters", static_cast<std::int64_t>(queue_.dead_letters().size()));
}

}  // namespace coordlab::protocols::messaging

// Group orders (see ordered.hpp): causal delivery with vector clocks, total order through a sequencer.
#include <algorithm>

#include "protocols/messaging/ordered.hpp"
#include "protocols/payload.hpp"

namespace coordlab::protocols::messaging {

void OrderedActor::on_causal(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  std::optional<std::string_view> id = reader.text("id"), clock_text = reader.text("vc");
  if (!id || !valid_token(*id) || !clock_text) return;
  std::optional<std::vector<std::int64_t>> clock = decode_vector_clock(*clock_text, names_->size());
  const std::size_t from = message.from.value;
  if (!clock || (*clock)[from] < 1) return;  // malformed
  Held arrived{message.from, std::string(*id), "", (*clock)[from], *clock};
  if (params_.delivery == DeliveryDiscipline::arrival) {
    acknowledge(message, *id, context);
    for (std::size_t k = 0; k < vector_clock_.size(); ++k)
      vector_clock_[k] = std::max(vector_clock_[k], arrived.clock[k]);
    deliver(arrived, context);
    return;
  }
  const std::string where =
      "id=" + arrived.id + " from=" + (*names_)[from] + " vc=" + encode_vector_clock(arrived.clock);
  const bool already_held = std::any_of(held_.begin(), held_.end(), [&](const Held& held) {
    return held.from == arrived.from && held.sequence == arrived.sequence;
  });
  if (arrived.sequence <= vector_clock_[from] || already_held) {
    acknowledge(message, *id, context);
    context.out.note("duplicate " + where + " reacked=1");
    return;
  }
  if (!causally_ready(arrived)) {
    // A copy that finds the buffer full stays unacknowledged, so the sender retries it later.
    if (hold(arrived, "vc=" + encode_vector_clock(arrived.clock) + " have=" + encode_vector_clock(vector_clock_),
             context)) {
      acknowledge(message, *id, context);
    }
    return;
  }
  acknowledge(message, *id, context);
  vector_clock_[from] = arrived.sequence;
  deliver(arrived, context);
  deliver_causal_backlog(context);
}

bool OrderedActor::causally_ready(const Held& message) const {
  const std::size_t from = message.from.value;
  if (message.clock[from] != vector_clock_[from] + 1) return false;
  for (std::size_t k = 0; k < vector_clock_.size(); ++k) {
    if (k != from && message.clock[k] > vector_clock_[k]) return false;
  }
  return true;
}

void OrderedActor::deliver_causal_backlog(sim::Context& context) {
  for (bool progress = true; progress;) {
    progress = false;
    for (auto it = held_.begin(); it != held_.end(); ++it) {
      if (!causally_ready(*it)) continue;
      Held next = std::move(*it);
      held_.erase(it);
      vector_clock_[next.from.value] = next.sequence;
      deliver(next, context);
      progress = true;
      break;
    }
  }
}

void OrderedActor::on_submit(const sim::Message& message, sim::Context& context) {
  std::optional<std::string_view> id = PayloadReader(message.payload).text("id");
  if (!id || !valid_token(*id)) return;
  acknowledge(message, *id, context);
  auto numbered = total_of_.find(std::string(*id));
  if (numbered != total_of_.end()) {
    context.out.note("duplicate id=" + std::string(*id) + " from=" + (*names_)[message.from.value] +
                     " total=" + std::to_string(numbered->second) + " reacked=1");
    return;
  }
  sequence(std::string(*id), message.from, context);
}

void OrderedActor::sequence(const std::string& id, NodeId origin, sim::Context& context) {
  const std::int64_t total = next_total_++;
  total_of_[id] = total;
  context.out.note("sequence id=" + id + " origin=" + (*names_)[origin.value] + " total=" + std::to_string(total));
  const std::string payload =
      PayloadWriter().add("id", id).add("origin", (*names_)[origin.value]).add("total", total).text();
  for (std::size_t peer = 0; peer < names_->size(); ++peer) {
    if (peer != context.self.value)
      queue_.send(id, NodeId{static_cast<std::uint16_t>(peer)}, kSequenced, payload, context);
  }
  on_sequenced(context.self, payload, context);  // the sequencer is a member too
}

void OrderedActor::on_sequenced(NodeId from, std::string_view payload, sim::Context& context) {
  PayloadReader reader(payload);
  std::optional<std::string_view> id = reader.text("id"), origin_name = reader.text("origin");
  std::optional<std::int64_t> total = reader.integer("total");
  std::optional<NodeId> origin = origin_name ? node_named(*names_, *origin_name) : std::nullopt;
  if (!id || !valid_token(*id) || !origin || !total || *total < 0) return;
  auto acknowledge_copy = [&] {
    if (from != context.self) context.out.send(from, kOrderedAck, PayloadWriter().add("id", *id).text());
  };
  Held arrived{*origin, std::string(*id), "", *total, {}};
  if (params_.delivery == DeliveryDiscipline::arrival) {
    acknowledge_copy();
    deliver(arrived, context);
    return;
  }
  const bool already_held =
      std::any_of(held_.begin(), held_.end(), [&](const Held& held) { return held.sequence == *total; });
  const std::string where =
      "id=" + arrived.id + " from=" + std::string(*origin_name) + " total=" + std::to_string(*total);
  if (*total < next_total_delivery_ || already_held) {
    acknowledge_copy();
    context.out.note("duplicate " + where + " reacked=1");
    return;
  }
  if (*total > next_total_delivery_) {
    if (hold(arrived, "total=" + std::to_string(*total) + " waiting_for=" + std::to_string(next_total_delivery_),
             context)) {
      acknowledge_copy();
    }
    return;
  }
  acknowledge_copy();
  deliver(arrived, context);
  ++next_total_delivery_;
  deliver_total_backlog(context);
}

void OrderedActor::deliver_total_backlog(sim::Context& context) {
  for (bool progress = true; progress;) {
    progress = false;
    for (auto it = held_.begin(); it != held_.end(); ++it) {
      if (it->sequence != next_total_delivery_) continue;
      Held next = std::move(*it);
      held_.erase(it);
      deliver(next, context);
      ++next_total_delivery_;
      progress = true;
      break;
    }
  }
}

}  // namespace coordlab::protocols::messaging

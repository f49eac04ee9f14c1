// At-least-once retransmission with exponential back-off (see messaging.hpp).
#include <algorithm>

#include "protocols/messaging/messaging.hpp"

namespace coordlab::protocols::messaging {

std::int64_t ack_wait_ticks(const RetryPolicy& policy, std::int64_t attempt) {
  ENGINE_ASSERT(attempt >= 1 && policy.ack_timeout_ticks >= 1 && policy.backoff_multiplier >= 1);
  std::int64_t wait = policy.ack_timeout_ticks;
  // Multiply step by step and stop at the cap, so large attempt counts cannot overflow.
  for (std::int64_t i = 1; i < attempt && wait < policy.backoff_cap_ticks; ++i) wait *= policy.backoff_multiplier;
  return std::min(wait, std::max(policy.backoff_cap_ticks, policy.ack_timeout_ticks));
}

void RetransmitQueue::transmit(Outstanding& message, sim::Context& context) {
  ++message.attempts;
  const std::int64_t wait = ack_wait_ticks(policy_, message.attempts);
  message.deadline = context.now + wait;
  context.out.send(message.to, message.type, message.payload + " attempt=" + std::to_string(message.attempts));
}

void RetransmitQueue::send(std::string id, NodeId to, std::uint16_t type, std::string payload, sim::Context& context) {
  ENGINE_ASSERT(!full());
  outstanding_.push_back(Outstanding{std::move(id), to, type, std::move(payload), 0, Tick{}});
  transmit(outstanding_.back(), context);
  arm_timer(context);
}

std::optional<std::int64_t> RetransmitQueue::acknowledge(std::string_view id, NodeId from, sim::Context& context) {
  auto it = std::find_if(outstanding_.begin(), outstanding_.end(),
                         [&](const Outstanding& message) { return message.id == id && message.to == from; });
  if (it == outstanding_.end()) return std::nullopt;  // a duplicate or late ack
  const std::int64_t attempts = it->attempts;
  context.out.note("acked id=" + it->id + " to=" + (*names_)[from.value] + " attempts=" + std::to_string(attempts));
  outstanding_.erase(it);
  arm_timer(context);
  return attempts;
}

void RetransmitQueue::handle_timer(sim::Context& context) {
  std::vector<Outstanding> kept;
  kept.reserve(outstanding_.size());
  for (Outstanding& message : outstanding_) {
    if (message.deadline > context.now) {
      kept.push_back(std::move(message));
      continue;
    }
    const std::string where = "id=" + message.id + " to=" + (*names_)[message.to.value];
    if (message.attempts >= policy_.max_attempts) {
      const bool room = dead_letters_.size() < kMaxDeadLetters;
      context.out.note((room ? "dead_letter " : "dead_letter_full ") + where +
                       " attempts=" + std::to_string(message.attempts));
      if (room) dead_letters_.push_back(message.id);
      continue;
    }
    transmit(message, context);
    context.out.note("retry " + where + " attempt=" + std::to_string(message.attempts) +
                     " wait=" + std::to_string(ack_wait_ticks(policy_, message.attempts)));
    kept.push_back(std::move(message));
  }
  outstanding_ = std::move(kept);
  arm_timer(context);
}

void RetransmitQueue::arm_timer(sim::Context& context) {
  context.out.cancel_timers(timer_kind_);
  if (outstanding_.empty()) return;
  Tick earliest = outstanding_.front().deadline;
  for (const Outstanding& message : outstanding_) earliest = std::min(earliest, message.deadline);
  context.out.set_timer(timer_kind_, std::max<std::int64_t>(1, earliest - context.now));
}

Result<RetryPolicy> read_retry_policy(const ObjectReader& reader, RetryPolicy defaults) {
  RetryPolicy policy = defaults;
  Result<std::int64_t> timeout = reader.integer("ack_timeout_ticks", 1, 1'000'000, defaults.ack_timeout_ticks);
  if (!timeout.ok()) return timeout.error();
  Result<std::int64_t> multiplier = reader.integer("backoff_multiplier", 1, 16, defaults.backoff_multiplier);
  if (!multiplier.ok()) return multiplier.error();
  Result<std::int64_t> cap = reader.integer("backoff_cap_ticks", timeout.value(), 10'000'000,
                                            std::max(timeout.value(), defaults.backoff_cap_ticks));
  if (!cap.ok()) {
    Error error = cap.error();
    error.message += " The cap bounds the back-off, so it cannot be below the first ack timeout.";
    return error;
  }
  Result<std::int64_t> attempts = reader.integer("max_attempts", 1, 100, defaults.max_attempts);
  if (!attempts.ok()) return attempts.error();
  policy.ack_timeout_ticks = timeout.value();
  policy.backoff_multiplier = multiplier.value();
  policy.backoff_cap_ticks = cap.value();
  policy.max_attempts = attempts.value();
  return policy;
}

}  // namespace coordlab::protocols::messaging

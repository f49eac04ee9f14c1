// Reliable delivery = at-least-once sending + receiver de-duplication by message id, which together
// give effectively-once processing. Every node can send and receive. A sender keeps each message
// until it is acknowledged, resending after an ack wait that doubles (backoff_multiplier) up to
// backoff_cap_ticks, and dead-letters it after max_attempts. A receiver acknowledges every copy it
// gets (the ack may have been lost) but processes an id only once when dedupe is on.
//
// Params: ack_timeout_ticks (20), backoff_multiplier (2), backoff_cap_ticks (160), max_attempts (6;
// 1 = no retries), dedupe (true), guarantee: "acknowledged" (default) or "course" - the course's
// "guaranteed delivery", which sends once, reports success at once whatever happens, and never
// de-duplicates. Lesson P4 starts from max_attempts 1 and dedupe false.
//
// Input: send to=NODE [count=N] [conv=C] [type=T] [payload=P]
// Notes: "send id=I from=A to=B attempt=1", "retry id=I to=B attempt=K wait=W", "acked id=I to=B
// attempts=K", "dead_letter id=I to=B attempts=K", "confirmed id=I to=B" (course: success claimed),
// "processed id=I from=A attempt=K", "duplicate id=I from=A attempt=K" (re-acknowledged, not processed),
// "dedupe_full id=I" (the receiver remembers kMaxRememberedIds ids; beyond that it neither processes
// nor acknowledges, so the sender's retries dead-letter instead of a silent double-processing).
#pragma once
#include <set>

#include "protocols/messaging/messaging.hpp"
#include "protocols/protocol_spec.hpp"

namespace coordlab::protocols::messaging {

enum ReliableMessageType : std::uint16_t { kData, kAck };
enum ReliableTimerKind : std::uint16_t { kRetryTimer };

inline constexpr std::size_t kMaxRememberedIds = 100'000;

enum class Guarantee : std::uint8_t { acknowledged, course };

struct ReliableParams {
  RetryPolicy retry;
  bool dedupe = true;
  Guarantee guarantee = Guarantee::acknowledged;
};

class ReliableActor final : public sim::Actor {
 public:
  ReliableActor(ReliableParams params, NodeNames names, NodeId self, std::string_view persisted);
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<ReliableActor>(*this); }
  void start(sim::Context&) override {}
  void handle_message(const sim::Message& message, sim::Context& context) override;
  void handle_timer(std::uint16_t timer_kind, sim::Context& context) override;
  Status handle_input(std::string_view text, sim::Context& context) override;
  std::string persistent_state() const override;
  std::string role() const override { return "endpoint"; }
  void describe(sim::StateWriter& writer) const override;

  std::int64_t processed_count() const { return processed_; }
  const RetransmitQueue& sender() const { return queue_; }

 private:
  void on_data(const sim::Message& message, sim::Context& context);

  ReliableParams params_;
  NodeNames names_;
  std::string name_;
  RetransmitQueue queue_;
  std::int64_t next_message_ = 1;  // persistent
  std::set<std::string> seen_;     // persistent: ids already processed (dedupe on)
  std::int64_t processed_ = 0;
  std::int64_t duplicates_ = 0;
};

ProtocolSpec reliable_protocol();

}  // namespace coordlab::protocols::messaging

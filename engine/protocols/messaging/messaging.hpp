// The messaging family's shared parts: the message envelope and its payload encoding, the learner's
// input syntax, and at-least-once retransmission (ack timeout, exponential back-off with a cap, an
// attempt limit, then a dead-letter queue). The hub, reliable and ordered protocols build on these.
//
// Input syntax (one line, space-separated; values never contain spaces):
//   VERB key=value key=value ...
// Tokens (agent names, ids, conversation ids, topics, types) are 1-40 characters of A-Z a-z 0-9 _ . : -
// and payloads 0-120 printable characters without spaces. Unknown verbs and keys, repeated keys and
// out-of-range values are errors that say what is allowed.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_input.hpp"
#include "core/result.hpp"
#include "sim/actor.hpp"

namespace coordlab::protocols::messaging {

// Small enough that a note naming five tokens and a body stays under limits::kMaxNoteBytes.
inline constexpr std::size_t kMaxTokenBytes = 40;
inline constexpr std::size_t kMaxBodyBytes = 120;
inline constexpr std::int64_t kMaxExpiresInTicks = 1'000'000;
inline constexpr std::int64_t kMaxSendCount = 1000;   // "send count=N" in one input
inline constexpr std::size_t kMaxOutstanding = 2048;  // unacknowledged messages per sender
inline constexpr std::size_t kMaxDeadLetters = 1024;  // kept in a node's dead-letter queue
inline constexpr std::int64_t kPriorityLow = 1;
inline constexpr std::int64_t kPriorityNormal = 2;
inline constexpr std::int64_t kPriorityEmergency = 5;

// data_request, data_response, schema_proposal, validation_vote, consensus_result, pipeline_status.
const std::vector<std::string_view>& course_message_types();
bool valid_token(std::string_view text);
bool valid_body(std::string_view text);

struct Envelope {
  std::string id;         // "<sender>-<counter>", unique per sender
  std::string sender;     // agent name
  std::string recipient;  // agent name; empty when published to a topic
  std::string topic;      // publish/subscribe topic; empty for a direct or routed message
  std::string type = "data_request";
  std::string body;                          // the application payload
  std::string conversation;                  // empty = not part of a conversation
  std::int64_t timestamp_tick = 0;           // the sender's clock when sent
  std::int64_t priority = kPriorityNormal;   // 1 low .. 5 emergency
  std::optional<std::int64_t> expires_tick;  // undeliverable after this tick
  bool requires_response = false;
  std::int64_t lamport = 0;  // the sender's Lamport clock at the send
};

std::string encode_envelope(const Envelope& envelope);
std::optional<Envelope> decode_envelope(std::string_view text);  // nothing when malformed

// A parsed input line: the verb and its options in the order given.
class InputCommand {
 public:
  const std::string& verb() const { return verb_; }
  bool has(std::string_view key) const;
  Result<std::string> token(std::string_view key, std::optional<std::string> fallback = std::nullopt) const;
  Result<std::string> body(std::string_view key) const;  // "" when absent
  Result<std::int64_t> integer(std::string_view key, std::int64_t low, std::int64_t high, std::int64_t fallback) const;
  Result<bool> flag(std::string_view key) const;  // 0 or 1; false when absent

 private:
  friend Result<InputCommand> parse_input(std::string_view, std::string_view,
                                          const std::vector<std::pair<std::string_view, std::string_view>>&);
  std::optional<std::string_view> find(std::string_view key) const;
  std::string protocol_;
  std::string verb_;
  std::vector<std::pair<std::string, std::string>> options_;
};

// `verbs` lists each verb with its allowed keys ("to type payload conv"); errors name `protocol`.
Result<InputCommand> parse_input(std::string_view text, std::string_view protocol,
                                 const std::vector<std::pair<std::string_view, std::string_view>>& verbs);

// What a "send"/"publish" input asks for, validated.
struct SendRequest {
  std::string to;
  std::string topic;
  std::string type = "data_request";
  std::string body;
  std::string conversation;
  std::int64_t priority = kPriorityNormal;
  std::optional<std::int64_t> expires_in_ticks;
  bool requires_response = false;
  bool direct = false;
  std::int64_t count = 1;
};
Result<SendRequest> read_send_request(const InputCommand& command);

// The scenario's node names in node order, shared by a protocol's actors (and their snapshots).
using NodeNames = std::shared_ptr<const std::vector<std::string>>;

struct RetryPolicy {
  std::int64_t ack_timeout_ticks = 20;
  std::int64_t backoff_multiplier = 2;
  std::int64_t backoff_cap_ticks = 160;
  std::int64_t max_attempts = 6;  // 1 = no retries
};

// How long to wait for an acknowledgement after attempt `attempt` (1-based):
// ack_timeout_ticks * backoff_multiplier^(attempt-1), never more than backoff_cap_ticks.
std::int64_t ack_wait_ticks(const RetryPolicy& policy, std::int64_t attempt);

// At-least-once sending: keeps each message until its recipient acknowledges it, resends it when the
// ack wait runs out, and moves it to the dead-letter queue after max_attempts. One timer (the
// earliest deadline) serves every outstanding message, since a node has only a few timers.
// Notes: "retry id=I to=N attempt=K wait=W", "acked id=I to=N attempts=K",
// "dead_letter id=I to=N attempts=K" (or "dead_letter_full id=I ..." once kMaxDeadLetters are kept).
class RetransmitQueue {
 public:
  RetransmitQueue(RetryPolicy policy, std::uint16_t timer_kind, NodeNames names)
      : policy_(policy), timer_kind_(timer_kind), names_(std::move(names)) {}

  bool full() const { return outstanding_.size() >= kMaxOutstanding; }
  // Sends attempt 1 of `payload` (" attempt=K" is appended to each copy). The caller checks full() first.
  void send(std::string id, NodeId to, std::uint16_t type, std::string payload, sim::Context& context);
  // Returns the attempts used if (`id`, `from`) was outstanding; it no longer is.
  std::optional<std::int64_t> acknowledge(std::string_view id, NodeId from, sim::Context& context);
  void handle_timer(sim::Context& context);

  std::size_t outstanding_count() const { return outstanding_.size(); }
  const std::vector<std::string>& dead_letters() const { return dead_letters_; }
  const RetryPolicy& policy() const { return policy_; }

 private:
  struct Outstanding {
    std::string id;
    NodeId to;
    std::uint16_t type = 0;
    std::string payload;
    std::int64_t attempts = 0;
    Tick deadline;
  };
  void transmit(Outstanding& message, sim::Context& context);
  void arm_timer(sim::Context& context);

  RetryPolicy policy_;
  std::uint16_t timer_kind_ = 0;
  NodeNames names_;
  std::vector<Outstanding> outstanding_;  // in send order, so retries are deterministic
  std::vector<std::string> dead_letters_;
};

// Reads the retry params shared by the reliable and ordered protocols.
// (ack_timeout_ticks, backoff_multiplier, backoff_cap_ticks, max_attempts).
Result<RetryPolicy> read_retry_policy(const ObjectReader& reader, RetryPolicy defaults);
// Finds `name` among the node names; nothing when unknown.
std::optional<NodeId> node_named(const std::vector<std::string>& node_names, std::string_view name);

}  // namespace coordlab::protocols::messaging

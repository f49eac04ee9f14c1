// The hub (broker) pattern: one node is the hub, every other node an agent named after its node.
// Agents register with the hub (refused past the capacity limit, or when another node already holds
// the id), send envelopes through it, subscribe to topics and publish to them, or send straight to a
// peer. Every process keeps a Lamport clock: +1 before a send, max(local, received) + 1 on a receipt.
//
// Routing is in rounds, so priorities mean something: the first envelope to reach an idle hub arms a
// timer for route_delay_ticks; when it fires, every queued envelope is routed in the order (priority
// 5 first, then lower Lamport timestamp, then id). An envelope whose expiry tick is before the hub's
// clock at routing fails as "expired"; one for an unregistered recipient as "unknown_recipient"; one
// from an unregistered sender as "unknown_sender"; one that finds the queue full as "queue_full".
// The sender is told of each failure. Delivery here is best effort: the reliable protocol adds acks.
//
// Agent input (see messaging.hpp for tokens):
//   send to=AGENT [type=T] [payload=P] [conv=C] [priority=1..5] [expires_in=TICKS] [response=0|1]
//        [direct=0|1] [count=N]        direct=1 bypasses the hub (peer to peer)
//   publish topic=TOPIC [type=T] [payload=P] [conv=C] [priority=1..5] [expires_in=TICKS]
//   subscribe topic=TOPIC
//   register [id=NAME]                 registers another agent id hosted on this node (default: own name)
// The hub takes no input.
//
// Notes (hub): "registered agent=A node=N count=K", "refused agent=A reason=capacity|duplicate_id",
// "subscribed agent=A topic=T", "delivered id=I from=A to=B type=T conv=C priority=P lamport=L [topic=T]
// body=B", "failed id=I from=A to=B type=T conv=C reason=R", "published id=I topic=T subscribers=K".
// Notes (agent): "send id=I from=A to=B type=T conv=C priority=P lamport=L [direct=1]",
// "received id=I from=A type=T conv=C lamport=L clock=K", "undeliverable id=I reason=R",
// "registration agent=A ok=0|1 [reason=R]". "conv=-" stands for no conversation.
#pragma once
#include <map>
#include <set>

#include "protocols/messaging/messaging.hpp"
#include "protocols/protocol_spec.hpp"

namespace coordlab::protocols::messaging {

enum HubMessageType : std::uint16_t { kRegister, kRegistration, kSubscribe, kRoute, kDeliver, kFailure, kDirect };
enum HubTimerKind : std::uint16_t { kRouteTimer };

inline constexpr std::int64_t kMaxHubCapacity = 4096;
inline constexpr std::size_t kMaxHubQueue = 1024;          // envelopes waiting for the next routing round
inline constexpr std::size_t kMaxConversationsKept = 256;  // threads the hub keeps for display
inline constexpr std::size_t kMaxThreadLengthKept = 256;
inline constexpr std::size_t kMaxInboxKept = 32;  // recent receipts an agent shows

struct HubParams {
  NodeId hub{0};
  std::int64_t capacity = 100;  // the course's limit
  std::int64_t route_delay_ticks = 1;
  bool auto_register = true;
};

struct HubStats {
  std::int64_t sent = 0;  // envelopes that reached the hub
  std::int64_t delivered = 0;
  std::int64_t failed = 0;
  std::map<std::string, std::int64_t> failures_by_reason;
};

class HubBroker final : public sim::Actor {
 public:
  HubBroker(HubParams params, NodeNames names) : params_(params), names_(std::move(names)) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<HubBroker>(*this); }
  void start(sim::Context&) override {}
  void handle_message(const sim::Message& message, sim::Context& context) override;
  void handle_timer(std::uint16_t timer_kind, sim::Context& context) override;
  Status handle_input(std::string_view text, sim::Context& context) override;
  std::string role() const override { return "hub"; }
  void describe(sim::StateWriter& writer) const override;

  const HubStats& stats() const { return stats_; }
  const std::map<std::string, NodeId>& agents() const { return agents_; }
  const std::map<std::string, std::vector<std::string>>& threads() const { return threads_; }
  std::int64_t lamport() const { return lamport_; }

 private:
  void on_register(const sim::Message& message, sim::Context& context);
  void on_route(const sim::Message& message, sim::Context& context);
  void route(const Envelope& envelope, sim::Context& context);
  void forward(const Envelope& envelope, const std::string& recipient, sim::Context& context);
  void fail(const Envelope& envelope, std::string_view reason, sim::Context& context);
  void remember_in_thread(const Envelope& envelope, sim::Context& context);

  HubParams params_;
  NodeNames names_;
  std::map<std::string, NodeId> agents_;
  std::map<std::string, std::set<std::string>> subscribers_;  // topic -> agents
  std::vector<Envelope> queue_;
  std::map<std::string, std::vector<std::string>> threads_;  // conversation -> message ids
  HubStats stats_;
  std::int64_t lamport_ = 0;
};

class HubAgent final : public sim::Actor {
 public:
  HubAgent(HubParams params, NodeNames names, NodeId self, std::string_view persisted);
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<HubAgent>(*this); }
  void start(sim::Context& context) override;
  void handle_message(const sim::Message& message, sim::Context& context) override;
  void handle_timer(std::uint16_t, sim::Context&) override {}
  Status handle_input(std::string_view text, sim::Context& context) override;
  std::string persistent_state() const override;
  std::string role() const override { return "agent"; }
  void describe(sim::StateWriter& writer) const override;

  std::int64_t lamport() const { return lamport_; }
  std::int64_t received_count() const { return received_; }
  const std::vector<Envelope>& inbox() const { return inbox_; }

 private:
  Status send(const SendRequest& request, sim::Context& context);
  void on_receive(const sim::Message& message, sim::Context& context);

  HubParams params_;
  NodeNames names_;
  std::string name_;
  std::int64_t next_message_ = 1;  // persistent, so ids stay unique across restarts
  std::int64_t lamport_ = 0;       // persistent
  std::int64_t sent_ = 0;
  std::int64_t received_ = 0;
  std::vector<Envelope> inbox_;  // the latest kMaxInboxKept receipts, for display
  std::set<std::string> registered_ids_;
};

ProtocolSpec hub_protocol();

}  // namespace coordlab::protocols::messaging

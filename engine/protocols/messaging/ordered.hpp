// Ordered delivery on top of at-least-once links (every message is acknowledged and retried, see
// RetransmitQueue), in three orders:
//  - fifo: each (sender, recipient, conversation) stream is numbered from 0; the receiver delivers
//    sequence number next, buffers a gap's later messages, and re-acknowledges a duplicate without
//    delivering it again. A message with no conversation has no sequence and is delivered at once.
//  - causal: every message goes to all nodes with the sender's vector clock; a receiver delivers a
//    message from j when it is the next one from j (vc[j] == delivered[j] + 1) and everything it had
//    seen from others is delivered (vc[k] <= delivered[k]), buffering it otherwise.
//  - total: senders submit to a sequencer node, which numbers each message once (from 0) and sends it
//    to all nodes; every node delivers in that number order.
// delivery: "ordered" (the rules above), "arrival" (each copy delivered as it arrives: the starting
// point of lesson P5), or "course_strict" (fifo only: the course's strict ordering, which gives a
// message without a sequence number -1 and so never delivers it).
//
// Params: order ("fifo"), delivery ("ordered"), sequencer (node name; default the first node), and
// the retry params ack_timeout_ticks, backoff_multiplier, backoff_cap_ticks, max_attempts (12).
// Input: fifo: send to=NODE [conv=C] [payload=P] [count=N]; causal, total: send [payload=P] [count=N]
// Notes: "send id=I from=A to=B conv=C seq=S attempt=1" (fifo; seq only with a conversation),
// "send id=I from=A vc=V attempt=1" (causal, V like 2.0.1), "send id=I from=A attempt=1" (total),
// "sequence id=I origin=A total=G" (the sequencer), "deliver id=I from=A ..." (with conv/seq, vc or
// total), "buffer id=I from=A ...", "duplicate id=I from=A ... reacked=1", "held id=I from=A conv=-
// seq=-1" (course_strict), "buffer_full id=I from=A" (kMaxHeldMessages reached: left unacknowledged,
// so the sender retries later).
#pragma once
#include <map>
#include <set>

#include "protocols/messaging/messaging.hpp"
#include "protocols/protocol_spec.hpp"

namespace coordlab::protocols::messaging {

enum OrderedMessageType : std::uint16_t { kOrderedData, kOrderedAck, kSubmit, kSequenced };
enum OrderedTimerKind : std::uint16_t { kOrderedRetryTimer };

inline constexpr std::size_t kMaxHeldMessages = 512;  // buffered out-of-order messages per node

enum class OrderMode : std::uint8_t { fifo, causal, total };
enum class DeliveryDiscipline : std::uint8_t { ordered, arrival, course_strict };

struct OrderedParams {
  OrderMode order = OrderMode::fifo;
  DeliveryDiscipline delivery = DeliveryDiscipline::ordered;
  NodeId sequencer{0};
  RetryPolicy retry{20, 2, 160, 12};
};

std::string encode_vector_clock(const std::vector<std::int64_t>& clock);
std::optional<std::vector<std::int64_t>> decode_vector_clock(std::string_view text, std::size_t node_count);

class OrderedActor final : public sim::Actor {
 public:
  OrderedActor(OrderedParams params, NodeNames names, NodeId self, std::string_view persisted);
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<OrderedActor>(*this); }
  void start(sim::Context&) override {}
  void handle_message(const sim::Message& message, sim::Context& context) override;
  void handle_timer(std::uint16_t timer_kind, sim::Context& context) override;
  Status handle_input(std::string_view text, sim::Context& context) override;
  std::string persistent_state() const override;
  std::string role() const override;
  void describe(sim::StateWriter& writer) const override;

  const std::vector<std::string>& delivered() const { return delivered_; }
  const std::vector<std::int64_t>& vector_clock() const { return vector_clock_; }

 private:
  struct Held {
    NodeId from;
    std::string id;
    std::string conversation;
    std::int64_t sequence = 0;        // fifo sequence or total order number
    std::vector<std::int64_t> clock;  // causal
  };
  void send_one(const SendRequest& request, NodeId to, sim::Context& context);
  void deliver(const Held& message, sim::Context& context);
  bool hold(Held message, std::string_view detail, sim::Context& context);
  void acknowledge(const sim::Message& message, std::string_view id, sim::Context& context);
  // fifo
  void on_fifo(const sim::Message& message, sim::Context& context);
  void deliver_fifo_backlog(NodeId from, const std::string& conversation, sim::Context& context);
  // causal
  void on_causal(const sim::Message& message, sim::Context& context);
  bool causally_ready(const Held& message) const;
  void deliver_causal_backlog(sim::Context& context);
  // total
  void on_submit(const sim::Message& message, sim::Context& context);
  void sequence(const std::string& id, NodeId origin, sim::Context& context);
  void on_sequenced(NodeId from, std::string_view payload, sim::Context& context);
  void deliver_total_backlog(sim::Context& context);
  std::string stream_key(NodeId peer, const std::string& conversation) const;

  OrderedParams params_;
  NodeNames names_;
  std::string name_;
  RetransmitQueue queue_;
  std::int64_t next_message_ = 1;                      // persistent
  std::map<std::string, std::int64_t> next_sequence_;  // fifo sender: per (recipient, conversation)
  std::map<std::string, std::int64_t> expected_;       // fifo receiver: per (sender, conversation)
  std::set<std::string> unsequenced_seen_;             // fifo receiver: ids without a conversation
  std::vector<std::int64_t> vector_clock_;             // causal: messages delivered from each node
  std::int64_t next_total_ = 0;                        // total: the sequencer's next number
  std::map<std::string, std::int64_t> total_of_;       // total: the sequencer's numbering so far
  std::int64_t next_total_delivery_ = 0;               // total: the next number to deliver
  std::vector<Held> held_;
  std::vector<std::string> delivered_;  // ids, in delivery order
};

ProtocolSpec ordered_protocol();

}  // namespace coordlab::protocols::messaging

#include <memory>

#include "protocols/demo/demo_protocols.hpp"
#include "protocols/payload.hpp"

namespace coordlab::protocols {
namespace {

enum PingType : std::uint16_t { kPing = 0, kEcho = 1 };
enum PingTimer : std::uint16_t { kRound = 0 };

struct PingParams {
  std::int64_t round_ticks = 10;
};

class PingEchoActor final : public sim::Actor {
 public:
  PingEchoActor(PingParams params, std::string_view persisted) : params_(params) {
    // Only the echo count is declared persistent; everything else restarts from zero.
    PayloadReader reader(persisted);
    echoes_received_ = reader.integer("echoes").value_or(0);
  }
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<PingEchoActor>(*this); }

  void start(sim::Context& context) override {
    context.out.set_timer(kRound, params_.round_ticks + context.random.range(0, params_.round_ticks / 2));
  }

  void handle_message(const sim::Message& message, sim::Context& context) override {
    PayloadReader reader(message.payload);
    std::optional<std::int64_t> sequence = reader.integer("seq");
    if (!sequence) return;  // malformed: ignore
    if (message.type == kPing) {
      ++pings_answered_;
      context.out.send(message.from, kEcho, PayloadWriter().add("seq", *sequence).text());
    } else if (message.type == kEcho && *sequence == last_sequence_sent_) {
      ++echoes_received_;
      if (echoes_received_ % 10 == 0) context.out.note("echoes=" + std::to_string(echoes_received_));
    }
  }

  void handle_timer(std::uint16_t, sim::Context& context) override {
    if (context.node_count > 1) {
      auto offset = static_cast<std::uint16_t>(1 + context.random.below(context.node_count - 1));
      ping(NodeId{static_cast<std::uint16_t>((context.self.value + offset) % context.node_count)}, context);
    }
    context.out.set_timer(kRound, params_.round_ticks);
  }

  Status handle_input(std::string_view text, sim::Context& context) override {
    PayloadReader reader(text);
    std::optional<std::int64_t> target = reader.integer("ping");
    if (!target || *target < 0 || static_cast<std::size_t>(*target) >= context.node_count) {
      return make_error("input.invalid", "ping_echo accepts \"ping=N\" where N is a node index below " +
                                             std::to_string(context.node_count) + ".");
    }
    ping(NodeId{static_cast<std::uint16_t>(*target)}, context);
    return {};
  }

  std::string persistent_state() const override { return PayloadWriter().add("echoes", echoes_received_).text(); }
  std::string role() const override { return "pinger"; }
  void describe(sim::StateWriter& writer) const override {
    writer.field("last_seq_sent", last_sequence_sent_);
    writer.field("pings_answered", pings_answered_);
    writer.field("echoes_received (persistent)", echoes_received_);
  }

 private:
  void ping(NodeId target, sim::Context& context) {
    ++last_sequence_sent_;
    context.out.send(target, kPing, PayloadWriter().add("seq", last_sequence_sent_).text());
  }

  PingParams params_;
  std::int64_t last_sequence_sent_ = 0;
  std::int64_t pings_answered_ = 0;
  std::int64_t echoes_received_ = 0;
};

}  // namespace

ProtocolSpec ping_echo_protocol() {
  ProtocolSpec spec;
  spec.name = "ping_echo";
  spec.summary = "each node pings a random peer every round and counts the echoes";
  spec.message_types = {"Ping", "Echo"};
  spec.timer_kinds = {"Round"};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    PingParams parsed;
    if (!params.is_null()) {
      ObjectReader reader(params, pointer, "ping_echo params");
      RETURN_IF_ERROR(reader.check({"round_ticks"}));
      Result<std::int64_t> round = reader.integer("round_ticks", 2, 1'000'000, 10);
      if (!round.ok()) return round.error();
      parsed.round_ticks = round.value();
    }
    return sim::ActorFactory([parsed](NodeId, std::size_t, std::string_view persisted) {
      return std::make_unique<PingEchoActor>(parsed, persisted);
    });
  };
  return spec;
}

}  // namespace coordlab::protocols

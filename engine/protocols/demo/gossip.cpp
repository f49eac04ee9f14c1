#include <memory>

#include "protocols/demo/demo_protocols.hpp"
#include "protocols/payload.hpp"

namespace coordlab::protocols {
namespace {

enum GossipType : std::uint16_t { kRumor = 0 };
enum GossipTimer : std::uint16_t { kRound = 0 };

struct GossipParams {
  std::int64_t round_ticks = 10;
  std::int64_t fanout = 2;
};

class GossipActor final : public sim::Actor {
 public:
  explicit GossipActor(GossipParams params) : params_(params) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<GossipActor>(*this); }

  void start(sim::Context& context) override { context.out.set_timer(kRound, 1 + context.random.range(0, params_.round_ticks - 1)); }

  void handle_message(const sim::Message& message, sim::Context& context) override {
    std::optional<std::int64_t> version = PayloadReader(message.payload).integer("v");
    if (version && *version > version_) {
      version_ = *version;
      learned_tick_ = context.now.value;
    }
  }

  void handle_timer(std::uint16_t, sim::Context& context) override {
    if (context.self.value == 0) ++version_;  // the source publishes a new version each round
    if (version_ > 0 && context.node_count > 1) {
      const std::string payload = PayloadWriter().add("v", version_).text();
      for (std::int64_t i = 0; i < params_.fanout; ++i) {
        auto offset = static_cast<std::uint16_t>(1 + context.random.below(context.node_count - 1));
        context.out.send(NodeId{static_cast<std::uint16_t>((context.self.value + offset) % context.node_count)}, kRumor, payload);
      }
    }
    context.out.set_timer(kRound, params_.round_ticks);
  }

  Status handle_input(std::string_view, sim::Context&) override {
    return make_error("input.unsupported", "gossip takes no input; watch the version spread.");
  }

  std::string role() const override { return version_ > 0 ? "informed" : "waiting"; }
  void describe(sim::StateWriter& writer) const override {
    writer.field("version", version_);
    writer.field("learned_at_tick", learned_tick_);
  }

 private:
  GossipParams params_;
  std::int64_t version_ = 0;
  std::int64_t learned_tick_ = 0;
};

}  // namespace

ProtocolSpec gossip_protocol() {
  ProtocolSpec spec;
  spec.name = "gossip";
  spec.summary = "n0 publishes a new version each round; every node pushes what it knows to random peers";
  spec.message_types = {"Rumor"};
  spec.timer_kinds = {"Round"};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    GossipParams parsed;
    if (!params.is_null()) {
      ObjectReader reader(params, pointer, "gossip params");
      RETURN_IF_ERROR(reader.check({"round_ticks", "fanout"}));
      Result<std::int64_t> round = reader.integer("round_ticks", 2, 1'000'000, 10);
      if (!round.ok()) return round.error();
      Result<std::int64_t> fanout = reader.integer("fanout", 1, 16, 2);
      if (!fanout.ok()) return fanout.error();
      parsed.round_ticks = round.value();
      parsed.fanout = fanout.value();
    }
    return sim::ActorFactory([parsed](NodeId, std::size_t, std::string_view) { return std::make_unique<GossipActor>(parsed); });
  };
  return spec;
}

}  // namespace coordlab::protocols

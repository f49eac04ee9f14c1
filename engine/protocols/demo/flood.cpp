#include <memory>

#include "protocols/demo/demo_protocols.hpp"
#include "protocols/payload.hpp"

namespace coordlab::protocols {
namespace {

enum FloodType : std::uint16_t { kFlood = 0 };
enum FloodTimer : std::uint16_t { kRound = 0 };

class FloodActor final : public sim::Actor {
 public:
  explicit FloodActor(std::int64_t round_ticks) : round_ticks_(round_ticks) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<FloodActor>(*this); }

  void start(sim::Context& context) override { context.out.set_timer(kRound, round_ticks_); }
  void handle_message(const sim::Message&, sim::Context&) override { ++received_; }
  void handle_timer(std::uint16_t, sim::Context& context) override {
    ++round_;
    const std::string payload = PayloadWriter().add("r", round_).text();
    for (std::size_t peer = 0; peer < context.node_count; ++peer) {
      if (peer != context.self.value) context.out.send(NodeId{static_cast<std::uint16_t>(peer)}, kFlood, payload);
    }
    context.out.set_timer(kRound, round_ticks_);
  }
  Status handle_input(std::string_view, sim::Context&) override {
    return make_error("input.unsupported", "flood takes no input.");
  }
  std::string role() const override { return "flooder"; }
  void describe(sim::StateWriter& writer) const override {
    writer.field("round", round_);
    writer.field("received", received_);
  }

 private:
  std::int64_t round_ticks_;
  std::int64_t round_ = 0;
  std::int64_t received_ = 0;
};

}  // namespace

ProtocolSpec flood_protocol() {
  ProtocolSpec spec;
  spec.name = "flood";
  spec.summary = "every node sends to every other node every round (throughput benchmark)";
  spec.message_types = {"Flood"};
  spec.timer_kinds = {"Round"};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    std::int64_t round_ticks = 10;
    if (!params.is_null()) {
      ObjectReader reader(params, pointer, "flood params");
      RETURN_IF_ERROR(reader.check({"round_ticks"}));
      Result<std::int64_t> round = reader.integer("round_ticks", 1, 1'000'000, 10);
      if (!round.ok()) return round.error();
      round_ticks = round.value();
    }
    return sim::ActorFactory([round_ticks](NodeId, std::size_t, std::string_view) { return std::make_unique<FloodActor>(round_ticks); });
  };
  return spec;
}

}  // namespace coordlab::protocols

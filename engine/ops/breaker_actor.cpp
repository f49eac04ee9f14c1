// ops_breaker: node 0 ("client") calls node 1 ("agent") through one circuit breaker. The learner
// sends "call outcome=ok|fail" to the client; a permitted call travels to the agent as a message and
// its outcome comes back; a rejected call fails fast and never leaves the client. Ticks are seconds.
// Notes: "call id=N permitted=0|1 state=S" and "breaker from=S to=S".
#include "core/limits.hpp"
#include "ops/fleet_params.hpp"
#include "ops/ops.hpp"
#include "protocols/payload.hpp"

namespace coordlab::ops {
namespace {

enum MessageType : std::uint16_t { kCall, kOutcome };

class BreakerActor final : public sim::Actor {
 public:
  BreakerActor(const BreakerConfig& config, NodeId self) : breaker_(config), self_(self) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<BreakerActor>(*this); }
  void start(sim::Context&) override {}

  void handle_message(const sim::Message& message, sim::Context& context) override {
    protocols::PayloadReader reader(message.payload);
    if (message.type == kCall && self_.value == 1) {  // the agent answers with the outcome it was asked for
      context.out.send(message.from, kOutcome, message.payload);
      return;
    }
    if (message.type != kOutcome || self_.value != 0) return;
    const BreakerState before = breaker_.state();
    const std::int64_t now_ms = context.now.value * 1000;
    breaker_.record(now_ms, (context.now - message.sent_tick) * 1000, reader.text("outcome") == std::optional<std::string_view>("fail"));
    note_change(before, context);
  }

  void handle_timer(std::uint16_t, sim::Context&) override {}

  Status handle_input(std::string_view text, sim::Context& context) override {
    protocols::PayloadReader reader(text);
    const std::optional<std::string_view> outcome = reader.text("outcome");
    if (self_.value != 0) return make_error("input.invalid", "send calls to the client (node 0): \"call outcome=ok\" or \"call outcome=fail\".");
    if (text.substr(0, 5) != "call " || !outcome || (*outcome != "ok" && *outcome != "fail")) {
      return make_error("input.invalid", "the client accepts \"call outcome=ok\" or \"call outcome=fail\".");
    }
    const BreakerState before = breaker_.state();
    const bool permitted = breaker_.acquire(context.now.value * 1000);
    note_change(before, context);
    ++calls_;
    context.out.note("call " + protocols::PayloadWriter()
                                   .add("id", calls_).add("permitted", permitted ? 1 : 0)
                                   .add("state", breaker_state_name(breaker_.state())).add("outcome", *outcome)
                                   .text());
    if (permitted) context.out.send(NodeId{1}, kCall, protocols::PayloadWriter().add("id", calls_).add("outcome", *outcome).text());
    return {};
  }

  std::string role() const override { return self_.value == 0 ? std::string(breaker_state_name(breaker_.state())) : "agent"; }

  void describe(sim::StateWriter& writer) const override {
    if (self_.value != 0) return;
    writer.field("state", breaker_state_name(breaker_.state()));
    writer.field("failures counted", breaker_.failures_counted());
    writer.field("rejected calls", breaker_.rejected());
    if (breaker_.state() == BreakerState::open) writer.field("open until tick", breaker_.open_until_ms() / 1000);
    writer.table("ops.breaker", {"tick", "from", "to"});
    for (const auto& row : history_) writer.row(row);
  }

 private:
  void note_change(BreakerState before, sim::Context& context) {
    if (breaker_.state() == before) return;
    context.out.note("breaker " + protocols::PayloadWriter().add("from", breaker_state_name(before)).add("to", breaker_state_name(breaker_.state())).text());
    if (history_.size() < limits::kMaxStateTableRows) {
      history_.push_back({std::to_string(context.now.value), std::string(breaker_state_name(before)), std::string(breaker_state_name(breaker_.state()))});
    }
  }

  Breaker breaker_;
  NodeId self_;
  std::int64_t calls_ = 0;
  std::vector<std::vector<std::string>> history_;
};

}  // namespace

protocols::ProtocolSpec breaker_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "ops_breaker";
  spec.summary = "a client calls an agent through one circuit breaker (resilience4j, consecutive-failure, or the course's lifetime count)";
  spec.message_types = {"Call", "Outcome"};
  spec.views = {{"ops.breaker", "Breaker", protocols::ViewKind::table, "ops.breaker", "the breaker's state changes, tick by tick"}};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<BreakerConfig> parsed = read_breaker_config(params.is_null() ? Json::object() : params, pointer);
    if (!parsed.ok()) return parsed.error();
    BreakerConfig chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId self, std::size_t, std::string_view) { return std::make_unique<BreakerActor>(chosen, self); });
  };
  return spec;
}

}  // namespace coordlab::ops

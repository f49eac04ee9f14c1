// ops_fleet: one actor runs the fleet one simulated second per timer (tick = 1 s) and notes what the
// views and checks read: a metric sample per interval, the autoscaler's decision per sync (with its
// intermediate values), breaker transitions and faults. Requests themselves are never stored.
#include <deque>

#include "core/limits.hpp"
#include "ops/fleet_params.hpp"
#include "ops/ops.hpp"
#include "protocols/payload.hpp"

namespace coordlab::ops {
namespace {

enum TimerKind : std::uint16_t { kSecond };

std::string decision_note(const ScaleRecord& record) {
  protocols::PayloadWriter note;
  note.add("t", record.at_seconds).add("from", record.from).add("to", record.to).add("signal", record.signal.empty() ? "none" : record.signal);
  if (record.hpa) {
    const HpaDecision& hpa = *record.hpa;
    note.add("proposal", hpa.proposal).add("stabilized", hpa.stabilized).add("limited", hpa.limited).add("reason", hpa.reason);
    if (!hpa.metrics.empty()) note.add("metric", hpa.metrics.front().name).add("current", hpa.metrics.front().current).add("ready", hpa.metrics.front().ready);
  } else {
    note.add("util_percent", record.utilization_percent).add("headroom_percent", record.headroom_percent);
  }
  return "decide " + note.text();
}

class FleetActor final : public sim::Actor {
 public:
  explicit FleetActor(const FleetParams& params) : fleet_(params) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<FleetActor>(*this); }

  void start(sim::Context& context) override {
    const FleetParams& params = fleet_.params();
    context.out.note("fleet " + protocols::PayloadWriter()
                                    .add("slo_ms", params.slo_p95_ms)
                                    .add("duration_s", fleet_.duration_seconds())
                                    .add("autoscaler", params.scaler == Scaler::hpa ? "hpa" : params.scaler == Scaler::course ? "course" : "none")
                                    .add("min", params.scaler == Scaler::course ? params.course.min_replicas : params.hpa.min_replicas)
                                    .add("max", params.scaler == Scaler::course ? params.course.max_replicas : params.hpa.max_replicas)
                                    .text());
    context.out.set_timer(kSecond, 1);
  }
  void handle_message(const sim::Message&, sim::Context&) override {}

  void handle_timer(std::uint16_t, sim::Context& context) override {
    const std::int64_t second = context.now.value - 1;
    if (second >= fleet_.duration_seconds()) return;  // the trace is over: the run ends
    Fleet::SecondResult result = fleet_.step(second, context.random);
    for (const std::string& change : result.breaker_changes) context.out.note(change);
    if (result.decision) {
      context.out.note(decision_note(*result.decision));
      decisions_.push_back(*result.decision);
      if (decisions_.size() > limits::kMaxOpsDecisionRows) decisions_.pop_front();
    }
    if (result.sample) {
      const FleetSample& s = *result.sample;
      last_sample_ = s;
      context.out.note("sample " + protocols::PayloadWriter()
                                       .add("t", s.at_seconds).add("rps", s.rps).add("requests", s.requests).add("errors", s.errors)
                                       .add("retries", s.retries).add("rejected", s.rejected).add("p50_ms", s.p50_ms).add("p95_ms", s.p95_ms)
                                       .add("p99_ms", s.p99_ms).add("replicas", s.replicas).add("ready", s.ready).add("util_percent", s.utilization_percent)
                                       .add("panic", s.panic_picks).add("no_host", s.no_host)
                                       .text());
    }
    context.out.set_timer(kSecond, 1);
  }

  Status handle_input(std::string_view text, sim::Context& context) override {
    protocols::PayloadReader reader(text);
    const std::optional<std::string_view> replica = reader.text("replica");
    const std::optional<std::int64_t> percent = reader.integer("percent");
    if (text.substr(0, 5) != "fail " || !replica || replica->size() < 2 || (*replica)[0] != 'r' || !percent || *percent < 0 || *percent > 100) {
      return make_error("input.invalid", "the fleet accepts \"fail replica=r1 percent=100\" (percent 0 heals it).");
    }
    const std::optional<std::int64_t> id = protocols::parse_decimal(replica->substr(1));
    if (!id) return make_error("input.invalid", "name a replica as r0, r1, ...");
    fleet_.set_failing(*id, *percent);
    context.out.note("fault replica=r" + std::to_string(*id) + " failing_percent=" + std::to_string(*percent));
    return {};
  }

  std::string role() const override { return "fleet"; }

  void describe(sim::StateWriter& writer) const override {
    writer.field("replicas", static_cast<std::int64_t>(fleet_.replicas().size()));
    writer.field("requests served", fleet_.total_requests());
    if (last_sample_) {
      writer.field("p95 ms (last interval)", last_sample_->p95_ms);
      writer.field("utilisation %", last_sample_->utilization_percent);
    }
    writer.table("ops.replicas", {"replica", "ready at s", "breaker", "failing %"});
    for (const Replica& replica : fleet_.replicas()) {
      writer.row({"r" + std::to_string(replica.id), std::to_string(replica.ready_at_s),
                  replica.breaker ? std::string(breaker_state_name(replica.breaker->state())) : "-", std::to_string(replica.failing_percent)});
    }
    writer.table("ops.decisions", {"t s", "from", "proposal", "stabilized", "rate-limited", "to", "why"});
    for (const ScaleRecord& record : decisions_) {
      const bool hpa = record.hpa.has_value();
      writer.row({std::to_string(record.at_seconds), std::to_string(record.from), hpa ? std::to_string(record.hpa->proposal) : "-",
                  hpa ? std::to_string(record.hpa->stabilized) : "-", hpa ? std::to_string(record.hpa->limited) : "-", std::to_string(record.to),
                  hpa ? record.hpa->reason : record.signal.empty() ? "no action" : record.signal + " (util " + std::to_string(record.utilization_percent) +
                                                                                       "%, headroom " + std::to_string(record.headroom_percent) + "%)"});
    }
  }

 private:
  Fleet fleet_;
  std::deque<ScaleRecord> decisions_;
  std::optional<FleetSample> last_sample_;
};

}  // namespace

protocols::ProtocolSpec fleet_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "ops_fleet";
  spec.summary = "a fleet serving a load trace: load balancer, breakers, retries, and the Kubernetes HPA (or the course's scaler)";
  spec.timer_kinds = {"Second"};
  spec.views = {
      {"ops.latency", "Latency", protocols::ViewKind::plot, "ops.latency", "p50, p95 and p99 per interval (histogram_quantile) with the SLO"},
      {"ops.replicas", "Replicas", protocols::ViewKind::plot, "ops.replicas", "replicas and ready replicas over time, a marker per scale action"},
      {"ops.traffic", "Traffic", protocols::ViewKind::plot, "ops.traffic", "requests per second, errors, retries and breaker rejections per interval"},
      {"ops.decisions", "Autoscaler log", protocols::ViewKind::table, "ops.decisions", "each sync: proposal, stabilized, rate-limited, result"},
      {"ops.fleet", "Fleet", protocols::ViewKind::table, "ops.replicas", "each replica: readiness, breaker state, injected failures"},
      {"ops.breakers", "Breakers", protocols::ViewKind::plot, "ops.breakers", "the breaker state strip: each replica's open and half-open spans"},
  };
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<FleetParams> parsed = read_fleet_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    FleetParams chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId, std::size_t, std::string_view) { return std::make_unique<FleetActor>(chosen); });
  };
  return spec;
}

}  // namespace coordlab::ops

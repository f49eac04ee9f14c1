// The ops sandboxes end to end: the course's scaler flaps and scales on headroom on the two-hour trace
// while a tuned HPA keeps the SLO; breakers with retries cut the errors of a failing replica; each
// ops/breaker/alert/health/config check fails on the run that breaks it. A seed sweep over random
// traces, faults, balancers, retries and breakers checks the bounds and that every run ends.
#include <doctest/doctest.h>

#include "protocols/payload.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using test_support::evaluate;

Json autoscale_scenario(const Json& overrides) {
  Result<Json> text = parse_json_text(app::builtin_scenario_text("ops_autoscale"), "ops_autoscale");
  REQUIRE(text.ok());
  Json scenario = text.value();
  for (const auto& item : overrides.items()) scenario["params"][item.key()] = item.value();
  return scenario;
}

Json good_hpa() {
  return Json::parse(R"({"spec": {"minReplicas": 2, "maxReplicas": 30,
    "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}}}],
    "behavior": {"scaleUp": {"policies": [{"type": "Percent", "value": 100, "periodSeconds": 60}, {"type": "Pods", "value": 4, "periodSeconds": 60}]},
                 "scaleDown": {"stabilizationWindowSeconds": 300, "policies": [{"type": "Pods", "value": 2, "periodSeconds": 60}]}}}})");
}

app::Session run(const Json& scenario, std::int64_t ticks, std::uint64_t seed = 1) {
  app::Session session = test_support::make_session(scenario, seed);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", ticks}});
  return session;
}

std::string notes(const app::Session& session, std::string_view prefix) {
  std::string all;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) {
    const sim::TraceEvent& event = session.trace().event(i);
    if (event.kind != sim::EventKind::note) continue;
    const std::string_view text = session.trace().text(event.subject);
    if (text.substr(0, prefix.size()) == prefix) all.append(text).append("\n");
  }
  return all;
}

std::int64_t total(const app::Session& session, std::string_view key) {
  std::int64_t sum = 0;
  const std::string samples = notes(session, "sample ");
  for (std::size_t start = 0; start < samples.size();) {
    const std::size_t end = samples.find('\n', start);
    sum += protocols::PayloadReader(std::string_view(samples).substr(start, end - start)).integer(key).value_or(0);
    start = end + 1;
  }
  return sum;
}

}  // namespace

TEST_CASE("ops: fleet: the course's scaler flaps on headroom; a tuned HPA keeps the SLO within bounds (two-hour trace)") {
  const app::Session course = run(autoscale_scenario(Json::object()), 7300);
  CHECK_FALSE(evaluate(course, "ops.direction_changes_at_most", {{"max", 4}}).passed);
  CHECK_FALSE(evaluate(course, "ops.no_scale_on_headroom").passed);
  const app::Session hot = run(autoscale_scenario({{"autoscaler", "hpa"}}), 7300);
  CHECK_FALSE(evaluate(hot, "ops.slo_p95_within").passed);  // a 95% target
  const app::Session tuned = run(autoscale_scenario({{"autoscaler", "hpa"}, {"hpa", good_hpa()}}), 7300);
  CHECK(evaluate(tuned, "ops.slo_p95_within").passed);
  CHECK(evaluate(tuned, "ops.replicas_within_bounds").passed);
  CHECK(evaluate(tuned, "ops.direction_changes_at_most", {{"max", 4}}).passed);
  CHECK(evaluate(tuned, "ops.no_scale_on_headroom").passed);
  CHECK_FALSE(evaluate(tuned, "ops.actions_spaced", {{"min_gap_s", 60}}).passed);  // the HPA has no cooldown: policies limit change per period
  CHECK_FALSE(evaluate(tuned, "ops.replicas_within_bounds", {{"min", 2}, {"max", 10}}).passed);
  const app::Session again = run(autoscale_scenario({{"autoscaler", "hpa"}, {"hpa", good_hpa()}}), 7300);
  CHECK(notes(again, "decide ") == notes(tuned, "decide "));  // deterministic
}

TEST_CASE("ops: fleet: with a replica failing, breakers plus jittered retries turn most errors into successes") {
  const Json load = Json::array({{{"seconds", 600}, {"rps", 300}}});
  const Json base = {{"format", "coordlab.scenario/1"}, {"name", "failing"}, {"protocol", "ops_fleet"}, {"nodes", Json::array({"fleet"})},
                     {"params", {{"load", load}, {"initial_replicas", 6}, {"workers", 8}, {"autoscaler", "none"}}},
                     {"faults", Json::array({{{"at_tick", 60}, {"op", "input"}, {"node", "fleet"}, {"text", "fail replica=r1 percent=100"}}})}};
  const app::Session bare = run(base, 700);
  Json resilient = base;
  resilient["params"]["retry"] = {{"backoff", "full_jitter"}, {"max_attempts", 3}, {"base_ms", 50}, {"cap_ms", 1000}};
  resilient["params"]["breaker"] = {{"kind", "resilience4j"}, {"window_size", 20}, {"minimum_calls", 10}, {"wait_open_ms", 30000}, {"half_open_calls", 3}};
  const app::Session guarded = run(resilient, 700);
  CHECK(total(bare, "errors") > 20'000);  // a sixth of 540 s x 300 requests
  CHECK(total(guarded, "errors") * 50 < total(bare, "errors"));
  CHECK(notes(guarded, "breaker replica=r1 from=closed to=open").size() > 0);
}

TEST_CASE("ops: breaker, alert, health and config checks fail on the runs that break them") {
  const auto breaker_run = [](const char* kind) {
    Json scenario = {{"format", "coordlab.scenario/1"}, {"name", "b"}, {"protocol", "ops_breaker"}, {"nodes", Json::array({"client", "agent"})},
                     {"params", {{"kind", kind}, {"failure_threshold", 3}, {"wait_open_ms", 10000}}}, {"network", {{"latency_min_ticks", 1}, {"latency_max_ticks", 1}}}};
    app::Session session = test_support::make_session(scenario);
    for (int i = 0; i < 3; ++i) test_support::apply(session, {{"op", "input"}, {"node", "client"}, {"text", "call outcome=fail"}});
    test_support::apply(session, {{"op", "run"}, {"ticks", 3}});
    test_support::apply(session, {{"op", "input"}, {"node", "client"}, {"text", "call outcome=ok"}});
    test_support::apply(session, {{"op", "run"}, {"ticks", 3}});
    return session;
  };
  const app::Session polly = breaker_run("consecutive");
  CHECK(evaluate(polly, "breaker.rejected_while_open").passed);
  CHECK_FALSE(evaluate(polly, "breaker.sequence").passed);  // never half-open yet
  CHECK_FALSE(evaluate(breaker_run("course_lifetime"), "breaker.rejected_while_open").passed);

  const auto alert_run = [](const Json& rules) {
    Json params = {{"phases", Json::parse(R"([{"seconds": 3600, "mean_ms": 5000, "noise_ms": 800}, {"seconds": 900, "mean_ms": 16000, "noise_ms": 3000},
                                                {"seconds": 1800, "mean_ms": 800, "noise_ms": 100}])")}};
    for (const auto& item : rules.items()) params[item.key()] = item.value();
    return run({{"format", "coordlab.scenario/1"}, {"name", "a"}, {"protocol", "ops_alerts"}, {"nodes", Json::array({"prometheus"})}, {"params", params}}, 6400);
  };
  const app::Session course = alert_run({{"rules", "course"}, {"warning_ms", 5000}, {"critical_ms", 15000}});
  CHECK_FALSE(evaluate(course, "alert.episodes", {{"severity", "warning"}, {"to_s", 3600}, {"max", 1}}).passed);
  CHECK_FALSE(evaluate(course, "alert.inhibited_while_critical").passed);
  const app::Session tuned = alert_run({{"warning_ms", 6000}, {"critical_ms", 10000}, {"for_seconds", 120}, {"keep_firing_for_seconds", 300}});
  CHECK(evaluate(tuned, "alert.episodes", {{"severity", "warning"}, {"to_s", 3600}, {"max", 1}}).passed);
  CHECK(evaluate(tuned, "alert.episodes", {{"severity", "critical"}, {"from_s", 3600}, {"to_s", 4500}, {"min", 1}, {"max", 1}}).passed);
  CHECK(evaluate(tuned, "alert.inhibited_while_critical").passed);
  CHECK(evaluate(tuned, "alert.all_resolved").passed);
  CHECK_FALSE(evaluate(alert_run({{"warning_ms", 6000}, {"critical_ms", 10000}, {"for_seconds", 120}, {"keep_firing_for_seconds", 300}, {"inhibit", false}}),
                       "alert.inhibited_while_critical").passed);

  const Json board = {{"format", "coordlab.scenario/1"}, {"name", "h"}, {"protocol", "ops_health"}, {"nodes", Json::array({"monitor"})},
                      {"params", {{"agents", Json::array({"ok", "ok", "ok", "ok", "ok", "ok", "ok", "error", "slow", "stale"})}}}};
  app::Session fixed = test_support::make_session(board);
  test_support::apply(fixed, {{"op", "input"}, {"node", "monitor"}, {"text", "fix agent=a9"}});
  test_support::apply(fixed, {{"op", "run"}, {"ticks", 30}});
  CHECK(evaluate(fixed, "health.classification").passed);
  CHECK_FALSE(evaluate(run(board, 30), "health.classification").passed);  // nothing fixed
  const app::Session basic = run({{"format", "coordlab.scenario/1"}, {"name", "c"}, {"protocol", "ops_config"}, {"nodes", 1}, {"params", {{"preset", "basic"}}}}, 1);
  const check::CheckResult config = evaluate(basic, "config.satisfies");
  CHECK_FALSE(config.passed);
  CHECK(config.reason.find("max_data_agents is 50") != std::string::npos);
  CHECK(evaluate(run({{"format", "coordlab.scenario/1"}, {"name", "c"}, {"protocol", "ops_config"}, {"nodes", 1}, {"params", {{"preset", "advanced"}}}}, 1),
                 "config.satisfies").passed);
}

TEST_CASE("ops: fleet: sweep over random traces, faults, balancers, retries and breakers: bounds hold and every run ends") {
  const std::uint64_t seeds = test_support::sweep_seed_count(16);
  const char* balancers[] = {"round_robin", "least_request", "random"};
  const char* backoffs[] = {"none", "exponential", "full_jitter", "equal_jitter", "decorrelated"};
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    Random pick(seed * 7919);
    Json load = Json::array();
    std::int64_t seconds = 0;
    for (int i = 0; i < 4; ++i) {
      const std::int64_t length = pick.range(60, 400);
      load.push_back({{"seconds", length}, {"from_rps", pick.range(0, 400)}, {"to_rps", pick.range(0, 400)}, {"shape", pick.below(2) ? "ramp" : "diurnal"}});
      seconds += length;
    }
    const std::int64_t minimum = pick.range(1, 4), maximum = minimum + pick.range(0, 12);
    Json params = {{"load", load}, {"noise_percent", pick.range(0, 30)}, {"initial_replicas", pick.range(minimum, maximum)}, {"workers", pick.range(1, 8)},
                   {"balancer", balancers[pick.below(3)]}, {"autoscaler", "hpa"},
                   {"retry", {{"backoff", backoffs[pick.below(5)]}, {"max_attempts", pick.range(1, 4)}}},
                   {"hpa", {{"minReplicas", minimum}, {"maxReplicas", maximum}}}};
    if (pick.below(2)) params["hpa"]["behavior"] = {{"scaleDown", {{"stabilizationWindowSeconds", pick.range(0, 600)}}}};
    if (pick.below(2)) params["breaker"] = {{"kind", pick.below(2) ? "resilience4j" : "consecutive"}, {"minimum_calls", 10}, {"wait_open_ms", 20000}};
    Json faults = Json::array();
    for (int i = 0; i < 3; ++i) {
      faults.push_back({{"at_tick", pick.range(1, seconds)}, {"op", "input"}, {"node", "fleet"},
                        {"text", "fail replica=r" + std::to_string(pick.range(0, 3)) + " percent=" + std::to_string(pick.range(0, 100))}});
    }
    const Json scenario = {{"format", "coordlab.scenario/1"}, {"name", "sweep"}, {"protocol", "ops_fleet"}, {"nodes", Json::array({"fleet"})},
                           {"params", params}, {"faults", faults}};
    CAPTURE(seed);
    const app::Session session = run(scenario, seconds * 3, seed);
    const sim::Trace& trace = session.trace();
    CHECK(trace.event(trace.event_count() - 1).tick.value <= seconds + 1);  // the run ended with its trace
    CHECK(evaluate(session, "ops.replicas_within_bounds").passed);
    CHECK(total(session, "errors") <= total(session, "requests"));
  }
}

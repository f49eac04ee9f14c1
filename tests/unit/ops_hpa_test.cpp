// The HPA replayed exactly: the worked examples of design/ops_semantics.md section 1 (doubling and the
// 300 s downscale window, the inclusive tolerance band, the documentation's Percent policy example one
// step per period, default scale-up with and without `behavior`), unready pods on the slow path, the
// skip rule, and the Kubernetes spec reader's field errors. Also the course's scaler flapping on headroom.
#include <doctest/doctest.h>

#include "ops/hpa.hpp"
#include "ops/hpa_spec.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::ops;

std::vector<PodSample> ready_pods(std::int64_t count, std::int64_t value_milli, std::int64_t request_milli = 1000) {
  std::vector<PodSample> pods(static_cast<std::size_t>(count));
  for (PodSample& pod : pods) {
    pod.ready = true;
    pod.start_seconds = -10'000;
    pod.ready_change_seconds = -9'000;
    pod.value_milli = value_milli;
    pod.request_milli = request_milli;
  }
  return pods;
}

HpaSpec average_value_spec(std::int64_t min, std::int64_t max, std::int64_t target_milli) {
  HpaSpec spec;
  spec.min_replicas = min;
  spec.max_replicas = max;
  spec.metrics = {MetricSpec{"requests_per_second", MetricTarget::average_value, target_milli}};
  return spec;
}

// Reconciles every 15 s from t=0; `value_at(t)` gives each pod's value; returns the replica count after each sync.
template <typename ValueAt>
std::vector<std::int64_t> replay(Hpa& hpa, std::int64_t replicas, int syncs, ValueAt value_at) {
  std::vector<std::int64_t> counts;
  for (int i = 0; i < syncs; ++i) {
    const std::int64_t now = 15 * i;
    replicas = hpa.reconcile(now, replicas, {ready_pods(replicas, value_at(now))}).desired;
    counts.push_back(replicas);
  }
  return counts;
}

}  // namespace

TEST_CASE("ops: hpa: 200m against a 100m target doubles 4 -> 8; 50m halves only once the 300 s window expires") {
  Hpa hpa(average_value_spec(1, 20, 100), ControllerSettings{});
  const std::vector<std::int64_t> counts = replay(hpa, 4, 22, [](std::int64_t now) { return now == 0 ? 200 : 50; });
  CHECK(counts[0] == 8);
  for (int i = 1; i < 20; ++i) CHECK(counts[static_cast<std::size_t>(i)] == 8);  // the recommendation 8 (t=0) is inside the window
  CHECK(counts[20] == 4);  // t=300: the t=0 sample has age 300 >= 300, expired; the 21st sync
}

TEST_CASE("ops: hpa: the tolerance band is inclusive (0.05: 105 stays at 10, 106 goes to 11)") {
  ControllerSettings settings;
  settings.tolerance_permille = 50;
  Hpa stays(average_value_spec(1, 20, 100), settings);
  CHECK(stays.reconcile(0, 10, {ready_pods(10, 105)}).desired == 10);
  Hpa grows(average_value_spec(1, 20, 100), settings);
  CHECK(grows.reconcile(0, 10, {ready_pods(10, 106)}).desired == 11);
  Hpa default_band(average_value_spec(1, 20, 100), ControllerSettings{});
  CHECK(default_band.reconcile(0, 10, {ready_pods(10, 110)}).desired == 10);  // kubernetes#116984: 1.1 never adds the 11th pod
}

TEST_CASE("ops: hpa: the documentation's Percent 10 / 60 s example steps once per period (80 -> 72 -> 64 -> 57 ...)") {
  HpaSpec spec = average_value_spec(10, 100, 1000);
  Behavior behavior;
  behavior.scale_down.stabilization_window_seconds = 0;
  behavior.scale_down.policies = {{PolicyType::percent, 10, 60}};
  spec.behavior = behavior_with_defaults(behavior, ControllerSettings{});
  Hpa hpa(spec, ControllerSettings{});
  const std::vector<std::int64_t> counts = replay(hpa, 80, 48, [](std::int64_t) { return 1; });
  const std::vector<std::int64_t> per_minute = {72, 64, 57, 51, 45, 40, 36, 32, 28, 25, 22, 19};
  for (std::size_t minute = 0; minute < per_minute.size(); ++minute) {
    CHECK(counts[minute * 4] == per_minute[minute]);
    for (std::size_t k = 1; k < 4; ++k) CHECK(counts[minute * 4 + k] == per_minute[minute]);  // nothing more within the period
  }
}

TEST_CASE("ops: hpa: default scale-up is 1 -> 5 -> 10 -> 20 -> 40 with behavior and 1 -> 4 -> 8 -> 16 -> 32 without") {
  HpaSpec with = average_value_spec(1, 100, 100);
  with.behavior = behavior_with_defaults(Behavior{}, ControllerSettings{});
  Hpa behaving(with, ControllerSettings{});
  CHECK(replay(behaving, 1, 4, [](std::int64_t) { return 100'000; }) == std::vector<std::int64_t>{5, 10, 20, 40});
  Hpa legacy(average_value_spec(1, 100, 100), ControllerSettings{});
  CHECK(replay(legacy, 1, 4, [](std::int64_t) { return 100'000; }) == std::vector<std::int64_t>{4, 8, 16, 32});
}

TEST_CASE("ops: hpa: min/max bypass the pipeline; stabilization windows hold recommendations (behavior path)") {
  Hpa above(average_value_spec(2, 5, 100), ControllerSettings{});
  const HpaDecision clamped = above.reconcile(0, 9, {ready_pods(9, 100)});
  CHECK(clamped.desired == 5);
  CHECK(clamped.reason == "TooManyReplicas");
  HpaSpec spec = average_value_spec(1, 20, 100);
  Behavior behavior;
  behavior.scale_up.stabilization_window_seconds = 60;
  spec.behavior = behavior_with_defaults(behavior, ControllerSettings{});
  Hpa hpa(spec, ControllerSettings{});
  // Up is the minimum over the last 60 s: the initial recommendation (4) holds the scale-up back.
  const HpaDecision first = hpa.reconcile(0, 4, {ready_pods(4, 200)});
  CHECK(first.proposal == 8);
  CHECK(first.stabilized == 4);
  CHECK(hpa.reconcile(15, 4, {ready_pods(4, 200)}).desired == 4);
  CHECK(hpa.reconcile(60, 4, {ready_pods(4, 200)}).desired == 8);  // the t=0 samples have aged out
}

TEST_CASE("ops: hpa: unready pods count as 0 only when scaling up; cpu pods in their initialization period are unready") {
  HpaSpec spec;
  spec.max_replicas = 20;
  spec.metrics = {MetricSpec{"cpu", MetricTarget::utilization, 50}};
  std::vector<PodSample> pods = ready_pods(4, 1000);  // 100% of a 1000m request: ratio 2
  PodSample starting;
  starting.ready = false;
  starting.start_seconds = 0;
  starting.ready_change_seconds = 0;
  starting.request_milli = 1000;
  pods.push_back(starting);
  pods.push_back(starting);
  const MetricProposal proposal = propose_replicas(spec.metrics[0], 6, pods, 100, 100, 30, ControllerSettings{});
  CHECK(proposal.ready == 4);
  CHECK(proposal.unready == 2);
  // Slow path: (4 * 1000 + 2 * 0) * 100 / 6000 = 66% over 6 pods: ceil(66 * 6 / 50) = 8.
  CHECK(proposal.replicas == 8);
  pods = ready_pods(2, 1000);
  pods.push_back(starting);
  pods.push_back(starting);
  pods.push_back(starting);
  pods.push_back(starting);
  // Fast path would give ceil(2 * 2) = 4 < 6 current; slow path: 2000 * 100 / 6000 = 33% < 50: flips direction => keep 6.
  CHECK(propose_replicas(spec.metrics[0], 6, pods, 100, 100, 30, ControllerSettings{}).replicas == 6);
}

TEST_CASE("ops: hpa: a cycle with no ready metric is skipped and changes nothing") {
  Hpa hpa(average_value_spec(1, 10, 100), ControllerSettings{});
  std::vector<PodSample> pods = ready_pods(3, 100);
  for (PodSample& pod : pods) pod.pending = true;
  const HpaDecision decision = hpa.reconcile(0, 3, {pods});
  CHECK(decision.skipped);
  CHECK(decision.desired == 3);
}

TEST_CASE("ops: hpa spec: reads autoscaling/v2 field names and points at bad fields") {
  Result<Json> document = parse_json_text(R"({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "spec": {
    "minReplicas": 2, "maxReplicas": 30,
    "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}}},
                {"type": "Pods", "pods": {"metric": {"name": "requests_per_second"}, "target": {"type": "AverageValue", "averageValue": "500m"}}}],
    "behavior": {"scaleDown": {"stabilizationWindowSeconds": 600, "selectPolicy": "Min",
                               "policies": [{"type": "Pods", "value": 2, "periodSeconds": 60}], "tolerance": "0.05"}}}})");
  REQUIRE(document.ok());
  Result<HpaSpec> spec = read_hpa_spec(document.value(), "/hpa");
  REQUIRE(spec.ok());
  CHECK(spec.value().min_replicas == 2);
  CHECK(spec.value().metrics.size() == 2);
  CHECK(spec.value().metrics[1].target_value == 500);
  CHECK(spec.value().behavior->scale_down.select == SelectPolicy::min);
  CHECK(*spec.value().behavior->scale_down.tolerance_permille == 50);
  Result<Json> bad = parse_json_text(R"({"maxReplicas": 5, "behavior": {"scaleUp": {"policies": [{"type": "Pods", "value": 4, "periodSeconds": 4000}]}}})");
  Result<HpaSpec> refused = read_hpa_spec(bad.value(), "/hpa");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().pointer == "/hpa/behavior/scaleUp/policies/0/periodSeconds");
  Result<Json> typo = parse_json_text(R"({"maxReplica": 5})");
  CHECK_FALSE(read_hpa_spec(typo.value(), "").ok());
  Result<Json> inverted = parse_json_text(R"({"minReplicas": 6, "maxReplicas": 5})");
  CHECK(read_hpa_spec(inverted.value(), "").error().pointer == "/maxReplicas");
}

TEST_CASE("ops: course scaler: headroom counts as load and the cooldown never engages, so it flaps") {
  CourseScaler course(CourseScalerSettings{});
  std::int64_t replicas = 2, direction_changes = 0, last_direction = 0;
  for (std::int64_t t = 0; t < 3600; t += 15) {
    const CourseDecision decision = course.decide(t, replicas, 10);  // 10% utilisation: no real load
    if (decision.desired == replicas) continue;
    const std::int64_t direction = decision.desired > replicas ? 1 : -1;
    if (last_direction != 0 && direction != last_direction) ++direction_changes;
    last_direction = direction;
    replicas = decision.desired;
  }
  CHECK(direction_changes > 100);
  CourseScalerSettings fixed;
  fixed.count_headroom = false;
  fixed.record_cooldown = true;
  CourseScaler calm(fixed);
  CHECK(calm.decide(0, 2, 10).desired == 2);  // no load: no scale-up
  CHECK(calm.decide(15, 3, 90).desired == 4);
  CHECK(calm.decide(30, 4, 90).desired == 4);  // inside the 300 s cooldown
}

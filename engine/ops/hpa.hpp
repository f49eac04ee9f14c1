// The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) replayed exactly as the controller's code
// behaves (pkg/controller/podautoscaler/horizontal.go and replica_calculator.go; see
// design/ops_semantics.md section 1): per-metric proposals from ready pods with the tolerance band,
// the slow path for unready pods, the max over metrics, then either the legacy path (no `behavior`:
// highest recommendation in the downscale window, then [min, min(max, max(2*current, 4))]) or the
// behavior path (stabilization windows first, then the scaling policies with selectPolicy).
// Integer clock in seconds; a sample of age a is inside a window W iff a < W. Ratios are exact
// rationals where the Go code uses float64 (documented in the README).
//
// The course's scaler is a labelled variant (CourseScaler): thresholds on utilisation, a cooldown it
// never records, and "room to grow" counted as load.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace coordlab::ops {

enum class MetricTarget : std::uint8_t { utilization, average_value };

struct MetricSpec {
  std::string name = "cpu";  // "cpu" (a Resource metric) or a Pods metric name such as "requests_per_second"
  MetricTarget target = MetricTarget::utilization;
  std::int64_t target_value = 80;  // percent for utilization; milli-units per pod for average_value
};

enum class PolicyType : std::uint8_t { pods, percent };
enum class SelectPolicy : std::uint8_t { max, min, disabled };

struct ScalingPolicy {
  PolicyType type = PolicyType::pods;
  std::int64_t value = 4;
  std::int64_t period_seconds = 15;
};

struct ScalingRules {
  std::optional<std::int64_t> stabilization_window_seconds;  // unset: 0 for scale-up, the controller's flag for scale-down
  SelectPolicy select = SelectPolicy::max;
  std::vector<ScalingPolicy> policies;
  std::optional<std::int64_t> tolerance_permille;  // KEP-4951 per-direction tolerance; unset: the controller's
};

struct Behavior {
  ScalingRules scale_up;
  ScalingRules scale_down;
};

struct HpaSpec {
  std::int64_t min_replicas = 1;
  std::int64_t max_replicas = 10;
  std::vector<MetricSpec> metrics;
  std::optional<Behavior> behavior;  // nullopt: the legacy path
};

struct ControllerSettings {
  std::int64_t sync_period_seconds = 15;
  std::int64_t tolerance_permille = 100;  // 0.1
  std::int64_t downscale_stabilization_seconds = 300;
  std::int64_t cpu_initialization_seconds = 300;
  std::int64_t initial_readiness_delay_seconds = 30;
};

// What the controller sees of one pod for one metric at a sync.
struct PodSample {
  bool pending = false;                   // phase Pending (not started): counted unready
  bool ready = false;                     // the Ready condition
  std::int64_t start_seconds = 0;         // pod start time
  std::int64_t ready_change_seconds = 0;  // last transition of the Ready condition
  bool has_metric = true;
  std::int64_t value_milli = 0;    // usage (milli-cores for cpu) or the Pods metric's value
  std::int64_t request_milli = 0;  // the container requests (Utilization only)
  std::int64_t metric_window_seconds = 15;  // metrics-server's window ending at the sync
};

struct MetricProposal {
  std::string name;
  bool ok = false;
  std::int64_t current = 0;  // the integer average (percent or milli-units)
  std::int64_t replicas = 0;
  std::int64_t ready = 0, unready = 0, missing = 0;
  std::string error;
};

// One reconcile's inputs and intermediate values, recorded with every sync.
struct HpaDecision {
  std::int64_t at_seconds = 0;
  std::int64_t current = 0;
  std::vector<MetricProposal> metrics;
  std::int64_t proposal = 0;    // max over metrics (or min/max when current is out of bounds)
  std::int64_t stabilized = 0;  // after the stabilization window(s)
  std::int64_t limited = 0;     // after the scaling policies (behavior) or the 2x/4 cap (legacy)
  std::int64_t desired = 0;     // the replica count written (== current: no action)
  bool skipped = false;         // the metrics failed: nothing recorded
  std::string reason;           // "DesiredWithinRange", "ScaleUpLimit", "TooFewReplicas", ...
};

// Per-metric proposal (calcPlainMetricReplicas / GetResourceReplicas).
MetricProposal propose_replicas(const MetricSpec& metric, std::int64_t current_replicas, const std::vector<PodSample>& pods,
                                std::int64_t tolerance_up_permille, std::int64_t tolerance_down_permille, std::int64_t now_seconds,
                                const ControllerSettings& settings);

class Hpa {
 public:
  Hpa(HpaSpec spec, ControllerSettings settings) : spec_(std::move(spec)), settings_(settings) {}
  // One reconcile at `now_seconds`; `pods[m]` are the samples for metric m. Records recommendations
  // and scale events as the controller does.
  HpaDecision reconcile(std::int64_t now_seconds, std::int64_t current_replicas, const std::vector<std::vector<PodSample>>& pods);
  const HpaSpec& spec() const { return spec_; }
  const ControllerSettings& settings() const { return settings_; }

 private:
  struct Stamped {
    std::int64_t value;
    std::int64_t at_seconds;
  };
  std::int64_t stabilize_legacy(std::int64_t now, std::int64_t desired);
  std::int64_t stabilize_with_behavior(std::int64_t now, std::int64_t current, std::int64_t desired);
  std::int64_t rate_limit(std::int64_t now, std::int64_t current, std::int64_t desired, std::string& reason) const;
  void record_recommendation(std::int64_t now, std::int64_t value);
  void store_scale_event(std::int64_t now, std::int64_t current, std::int64_t desired);

  HpaSpec spec_;
  ControllerSettings settings_;
  bool initialized_ = false;
  std::vector<Stamped> recommendations_;
  std::vector<Stamped> scale_up_events_, scale_down_events_;
};

// Fills the API defaults for a set `behavior` (K-def): scale-up window 0, Max, {Pods 4/15 s, Percent
// 100/15 s}; scale-down window from the controller, Max, {Percent 100/15 s}.
Behavior behavior_with_defaults(Behavior behavior, const ControllerSettings& settings);

// The course's scaler (mechanics.md section 6), a labelled variant: scale up by `step` when the load
// signal exceeds `up_percent`, down when it is under `down_percent`; the signal is
// max(utilisation, headroom) where headroom = (max - current) / max counts "room to grow" as load, and
// the cooldown is checked against a last-action time that is never written, so it never engages.
struct CourseScalerSettings {
  std::int64_t up_percent = 75, down_percent = 25, step = 1, cooldown_seconds = 300;
  std::int64_t min_replicas = 2, max_replicas = 20;
  bool count_headroom = true;    // the course's bug; false = scale on utilisation only
  bool record_cooldown = false;  // the course's bug; true = the cooldown engages
};

struct CourseDecision {
  std::int64_t desired = 0;
  std::int64_t utilization_percent = 0, headroom_percent = 0;
  std::string signal;  // "utilization", "headroom" or "" (no action)
};

class CourseScaler {
 public:
  explicit CourseScaler(CourseScalerSettings settings) : settings_(settings) {}
  CourseDecision decide(std::int64_t now_seconds, std::int64_t current, std::int64_t utilization_percent);
  const CourseScalerSettings& settings() const { return settings_; }

 private:
  CourseScalerSettings settings_;
  std::optional<std::int64_t> last_action_seconds_;
};

}  // namespace coordlab::ops

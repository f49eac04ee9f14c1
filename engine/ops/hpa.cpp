#include "ops/hpa.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "core/limits.hpp"

namespace coordlab::ops {
namespace {

struct Tolerances {
  std::int64_t up_permille, down_permille;
};

// Tolerances.isWithin: 1 - down <= current/target <= 1 + up, inclusive, in exact integers.
bool within(std::int64_t current, std::int64_t target, const Tolerances& tolerance) {
  return current * 1000 >= target * (1000 - tolerance.down_permille) && current * 1000 <= target * (1000 + tolerance.up_permille);
}

std::int64_t ceil_div(std::int64_t numerator, std::int64_t denominator) { return (numerator + denominator - 1) / denominator; }

// groupPods: Pending => unready; no sample => missing; cpu within the initialization period: unready
// unless Ready and the sample window lies entirely after the Ready transition; later: unready only if
// not Ready and it never became Ready (its last transition within the initial readiness delay).
enum class Group : std::uint8_t { ready, unready, missing };

Group group_pod(const PodSample& pod, bool cpu, std::int64_t now, const ControllerSettings& settings) {
  if (pod.pending) return Group::unready;
  if (!pod.has_metric) return Group::missing;
  if (!cpu) return Group::ready;
  bool unready = false;
  if (pod.start_seconds + settings.cpu_initialization_seconds > now) {
    unready = !pod.ready || now < pod.ready_change_seconds + pod.metric_window_seconds;
  } else {
    unready = !pod.ready && pod.start_seconds + settings.initial_readiness_delay_seconds > pod.ready_change_seconds;
  }
  return unready ? Group::unready : Group::ready;
}

struct Usage {
  std::int64_t value_sum = 0, request_sum = 0, count = 0;
  // GetResourceUtilizationRatio: int32(sum*100/requests); GetMetricUsageRatio: sum/len (integer).
  std::int64_t current(MetricTarget target) const {
    if (target == MetricTarget::utilization) return request_sum == 0 ? 0 : value_sum * 100 / request_sum;
    return count == 0 ? 0 : value_sum / count;
  }
  void add(std::int64_t value, std::int64_t request) {
    value_sum += value;
    request_sum += request;
    ++count;
  }
};

}  // namespace

MetricProposal propose_replicas(const MetricSpec& metric, std::int64_t current_replicas, const std::vector<PodSample>& pods,
                                std::int64_t tolerance_up_permille, std::int64_t tolerance_down_permille, std::int64_t now_seconds,
                                const ControllerSettings& settings) {
  MetricProposal proposal;
  proposal.name = metric.name;
  const bool cpu = metric.target == MetricTarget::utilization && metric.name == "cpu";
  const Tolerances tolerance{tolerance_up_permille, tolerance_down_permille};
  const std::int64_t target = metric.target_value;
  ENGINE_ASSERT(target > 0);
  Usage ready_usage;
  std::vector<const PodSample*> unready, missing;
  for (const PodSample& pod : pods) {
    switch (group_pod(pod, cpu, now_seconds, settings)) {
      case Group::ready: ready_usage.add(pod.value_milli, pod.request_milli); break;
      case Group::unready: unready.push_back(&pod); break;
      case Group::missing: missing.push_back(&pod); break;
    }
  }
  proposal.ready = ready_usage.count;
  proposal.unready = static_cast<std::int64_t>(unready.size());
  proposal.missing = static_cast<std::int64_t>(missing.size());
  if (ready_usage.count == 0) {
    proposal.error = "no metrics for the targeted pods (pods might be unready)";
    return proposal;
  }
  proposal.ok = true;
  const std::int64_t current = ready_usage.current(metric.target);
  proposal.current = current;
  const bool scale_up_with_unready = !unready.empty() && current > target;
  if (!scale_up_with_unready && missing.empty()) {  // the fast path
    proposal.replicas = within(current, target, tolerance) ? current_replicas : ceil_div(current * ready_usage.count, target);
    return proposal;
  }
  Usage all = ready_usage;
  for (const PodSample* pod : missing) {
    if (current < target) {  // scale-down: a missing pod is assumed at 100% of its request, or at the target
      const std::int64_t fallback = metric.target == MetricTarget::utilization ? pod->request_milli * std::max<std::int64_t>(100, target) / 100 : target;
      all.add(fallback, pod->request_milli);
    } else if (current > target) {
      all.add(0, pod->request_milli);
    }
  }
  if (scale_up_with_unready)
    for (const PodSample* pod : unready) all.add(0, pod->request_milli);
  const std::int64_t new_current = all.current(metric.target);
  const bool flips = (current < target && new_current > target) || (current > target && new_current < target);
  if (within(new_current, target, tolerance) || flips) {
    proposal.replicas = current_replicas;
    return proposal;
  }
  const std::int64_t replicas = ceil_div(new_current * all.count, target);
  const bool against = (new_current < target && replicas > current_replicas) || (new_current > target && replicas < current_replicas);
  proposal.replicas = against ? current_replicas : replicas;
  return proposal;
}

Behavior behavior_with_defaults(Behavior behavior, const ControllerSettings& settings) {
  ScalingRules& up = behavior.scale_up;
  ScalingRules& down = behavior.scale_down;
  if (!up.stabilization_window_seconds) up.stabilization_window_seconds = 0;
  if (up.policies.empty()) up.policies = {{PolicyType::pods, 4, 15}, {PolicyType::percent, 100, 15}};
  if (!down.stabilization_window_seconds) down.stabilization_window_seconds = settings.downscale_stabilization_seconds;
  if (down.policies.empty()) down.policies = {{PolicyType::percent, 100, 15}};
  return behavior;
}

HpaDecision Hpa::reconcile(std::int64_t now, std::int64_t current, const std::vector<std::vector<PodSample>>& pods) {
  ENGINE_ASSERT(pods.size() == spec_.metrics.size());
  HpaDecision decision;
  decision.at_seconds = now;
  decision.current = current;
  if (!initialized_) {  // recordInitialRecommendation
    recommendations_.push_back({current, now});
    initialized_ = true;
  }
  const auto bounds_only = [&](std::int64_t desired, const char* reason) {
    decision.proposal = decision.stabilized = decision.limited = decision.desired = desired;
    decision.reason = reason;
    if (desired != current) store_scale_event(now, current, desired);
    return decision;
  };
  if (current == 0 && spec_.min_replicas > 0) return bounds_only(0, "ScalingDisabled");
  if (current > spec_.max_replicas) return bounds_only(spec_.max_replicas, "TooManyReplicas");
  if (current < spec_.min_replicas) return bounds_only(spec_.min_replicas, "TooFewReplicas");
  const bool behavior = spec_.behavior.has_value();
  const Tolerances tolerance{
      behavior && spec_.behavior->scale_up.tolerance_permille ? *spec_.behavior->scale_up.tolerance_permille : settings_.tolerance_permille,
      behavior && spec_.behavior->scale_down.tolerance_permille ? *spec_.behavior->scale_down.tolerance_permille : settings_.tolerance_permille};
  std::int64_t proposal = 0, failed = 0;
  for (std::size_t m = 0; m < spec_.metrics.size(); ++m) {
    MetricProposal metric = propose_replicas(spec_.metrics[m], current, pods[m], tolerance.up_permille, tolerance.down_permille, now, settings_);
    if (metric.ok) proposal = std::max(proposal, metric.replicas);
    else ++failed;
    decision.metrics.push_back(std::move(metric));
  }
  // computeReplicasForMetrics: all failed, or some failed and the max would scale down => skip the cycle.
  if (failed == static_cast<std::int64_t>(spec_.metrics.size()) || (failed > 0 && proposal < current)) {
    decision.skipped = true;
    decision.proposal = decision.stabilized = decision.limited = decision.desired = current;
    decision.reason = "FailedGetMetrics";
    return decision;
  }
  decision.proposal = proposal;
  if (!behavior) {
    decision.stabilized = stabilize_legacy(now, proposal);
    const std::int64_t maximum = std::min(spec_.max_replicas, std::max<std::int64_t>(2 * current, 4));
    decision.limited = std::clamp(decision.stabilized, std::min(spec_.min_replicas, maximum), maximum);
    decision.reason = decision.limited == decision.stabilized ? "DesiredWithinRange"
                      : decision.limited == spec_.min_replicas ? "TooFewReplicas" : maximum < spec_.max_replicas ? "ScaleUpLimit" : "TooManyReplicas";
  } else {
    decision.stabilized = stabilize_with_behavior(now, current, proposal);
    decision.limited = rate_limit(now, current, decision.stabilized, decision.reason);
  }
  decision.desired = decision.limited;
  if (decision.desired != current) store_scale_event(now, current, decision.desired);
  return decision;
}

void Hpa::record_recommendation(std::int64_t now, std::int64_t value) {
  ENGINE_ASSERT_MSG(recommendations_.size() < limits::kMaxHpaRecommendations, "HPA recommendations are bounded by window / sync period");
  recommendations_.push_back({value, now});
}

// stabilizeRecommendation (no behavior): the highest recommendation inside the downscale window, the
// new one included; one expired sample is overwritten by the new recommendation.
std::int64_t Hpa::stabilize_legacy(std::int64_t now, std::int64_t desired) {
  const std::int64_t window = settings_.downscale_stabilization_seconds;
  std::int64_t highest = desired;
  std::optional<std::size_t> old;
  for (std::size_t i = 0; i < recommendations_.size(); ++i) {
    if (now - recommendations_[i].at_seconds >= window) old = i;
    else highest = std::max(highest, recommendations_[i].value);
  }
  if (old) recommendations_[*old] = {desired, now};
  else record_recommendation(now, desired);
  return highest;
}

// stabilizeRecommendationWithBehaviors: up = min over the scale-up window, down = max over the
// scale-down window; current raised to up, then lowered to down; the raw proposal is recorded.
std::int64_t Hpa::stabilize_with_behavior(std::int64_t now, std::int64_t current, std::int64_t desired) {
  const std::int64_t up_window = *spec_.behavior->scale_up.stabilization_window_seconds;
  const std::int64_t down_window = *spec_.behavior->scale_down.stabilization_window_seconds;
  std::int64_t up = desired, down = desired;
  std::optional<std::size_t> old;
  for (std::size_t i = 0; i < recommendations_.size(); ++i) {
    const std::int64_t age = now - recommendations_[i].at_seconds;
    if (age < up_window) up = std::min(up, recommendations_[i].value);
    if (age < down_window) down = std::max(down, recommendations_[i].value);
    if (age >= up_window && age >= down_window) old = i;
  }
  std::int64_t recommendation = std::max(current, up);
  recommendation = std::min(recommendation, down);
  if (old) recommendations_[*old] = {desired, now};
  else record_recommendation(now, desired);
  return recommendation;
}

namespace {

std::int64_t change_in_period(const std::vector<std::int64_t>& changes, const std::vector<std::int64_t>& ages, std::int64_t period) {
  std::int64_t total = 0;
  for (std::size_t i = 0; i < changes.size(); ++i)
    if (ages[i] < period) total += changes[i];
  return total;
}

}  // namespace

// convertDesiredReplicasWithBehaviorRate with calculateScale{Up,Down}LimitWithScalingRules: each policy
// proposes from the replica count at the start of its period (both event lists netted).
std::int64_t Hpa::rate_limit(std::int64_t now, std::int64_t current, std::int64_t desired, std::string& reason) const {
  std::vector<std::int64_t> up_changes, up_ages, down_changes, down_ages;
  for (const Stamped& event : scale_up_events_) up_changes.push_back(event.value), up_ages.push_back(now - event.at_seconds);
  for (const Stamped& event : scale_down_events_) down_changes.push_back(event.value), down_ages.push_back(now - event.at_seconds);
  const auto period_start = [&](const ScalingPolicy& policy) {
    return current - change_in_period(up_changes, up_ages, policy.period_seconds) + change_in_period(down_changes, down_ages, policy.period_seconds);
  };
  reason = "DesiredWithinRange";
  if (desired > current) {
    const ScalingRules& rules = spec_.behavior->scale_up;
    std::int64_t limit = current;
    if (rules.select != SelectPolicy::disabled) {
      const bool pick_min = rules.select == SelectPolicy::min;
      limit = pick_min ? INT64_MAX : INT64_MIN;
      for (const ScalingPolicy& policy : rules.policies) {
        const std::int64_t start = period_start(policy);
        const std::int64_t proposed = policy.type == PolicyType::pods ? start + policy.value : ceil_div(start * (100 + policy.value), 100);
        limit = pick_min ? std::min(limit, proposed) : std::max(limit, proposed);
      }
    }
    limit = std::max(limit, current);
    std::int64_t allowed = spec_.max_replicas;
    if (allowed > limit) {
      allowed = limit;
      reason = "ScaleUpLimit";
    } else {
      reason = "TooManyReplicas";
    }
    if (desired > allowed) return allowed;
    reason = "DesiredWithinRange";
  } else if (desired < current) {
    const ScalingRules& rules = spec_.behavior->scale_down;
    std::int64_t limit = current;
    if (rules.select != SelectPolicy::disabled) {
      const bool pick_min_change = rules.select == SelectPolicy::min;
      limit = pick_min_change ? INT64_MIN : INT64_MAX;
      for (const ScalingPolicy& policy : rules.policies) {
        const std::int64_t start = period_start(policy);
        // int32(float64(start) * (1 - value/100)): truncation toward zero
        const std::int64_t proposed = policy.type == PolicyType::pods ? start - policy.value : start * (100 - policy.value) / 100;
        limit = pick_min_change ? std::max(limit, proposed) : std::min(limit, proposed);
      }
    }
    limit = std::min(limit, current);
    std::int64_t allowed = spec_.min_replicas;
    if (allowed < limit) {
      allowed = limit;
      reason = "ScaleDownLimit";
    } else {
      reason = "TooFewReplicas";
    }
    if (desired < allowed) return allowed;
    reason = "DesiredWithinRange";
  }
  return desired;
}

// storeScaleEvent (behavior only): events older than the direction's longest policy period are
// outdated; the first outdated one is overwritten, so the lists stay bounded.
void Hpa::store_scale_event(std::int64_t now, std::int64_t current, std::int64_t desired) {
  if (!spec_.behavior) return;
  const bool up = desired > current;
  const ScalingRules& rules = up ? spec_.behavior->scale_up : spec_.behavior->scale_down;
  std::vector<Stamped>& events = up ? scale_up_events_ : scale_down_events_;
  std::int64_t longest = 0;
  for (const ScalingPolicy& policy : rules.policies) longest = std::max(longest, policy.period_seconds);
  const Stamped event{up ? desired - current : current - desired, now};
  for (Stamped& existing : events) {
    if (now - existing.at_seconds >= longest) {
      existing = event;
      return;
    }
  }
  ENGINE_ASSERT_MSG(events.size() < limits::kMaxHpaScaleEvents, "HPA scale events are bounded by the longest policy period");
  events.push_back(event);
}

CourseDecision CourseScaler::decide(std::int64_t now, std::int64_t current, std::int64_t utilization_percent) {
  CourseDecision decision;
  decision.desired = current;
  decision.utilization_percent = utilization_percent;
  decision.headroom_percent = settings_.max_replicas == 0 ? 0 : (settings_.max_replicas - current) * 100 / settings_.max_replicas;
  if (last_action_seconds_ && now - *last_action_seconds_ < settings_.cooldown_seconds) return decision;
  const std::int64_t signal = settings_.count_headroom ? std::max(utilization_percent, decision.headroom_percent) : utilization_percent;
  if (signal > settings_.up_percent && current < settings_.max_replicas) {
    decision.desired = std::min(settings_.max_replicas, current + settings_.step);
    decision.signal = utilization_percent > settings_.up_percent ? "utilization" : "headroom";
  } else if (utilization_percent < settings_.down_percent && current > settings_.min_replicas) {
    decision.desired = std::max(settings_.min_replicas, current - settings_.step);
    decision.signal = "utilization";
  }
  if (decision.desired != current && settings_.record_cooldown) last_action_seconds_ = now;
  return decision;
}

}  // namespace coordlab::ops

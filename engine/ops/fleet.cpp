#include "ops/fleet.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "core/limits.hpp"

namespace coordlab::ops {

std::vector<std::int32_t> expand_load(const std::vector<LoadSegment>& segments) {
  std::vector<std::int32_t> load;
  for (const LoadSegment& segment : segments) {
    const std::int64_t span = std::max<std::int64_t>(1, segment.seconds);
    for (std::int64_t s = 0; s < segment.seconds; ++s) {
      std::int64_t position = s;  // a ramp goes from -> to; a diurnal segment goes from -> to -> from
      if (segment.diurnal) position = 2 * (s < span / 2 ? s : span - s);
      load.push_back(static_cast<std::int32_t>(segment.from_rps + (segment.to_rps - segment.from_rps) * position / span));
    }
  }
  return load;
}

std::int64_t backoff_ms(const RetryPolicy& policy, std::int64_t retry_number, std::int64_t previous_sleep_ms, Random& random) {
  const std::int64_t exponent = std::min<std::int64_t>(retry_number, 30);
  const std::int64_t expo = std::min(policy.cap_ms, policy.base_ms << exponent);
  switch (policy.backoff) {
    case Backoff::none: return 0;
    case Backoff::fixed: return policy.base_ms;
    case Backoff::exponential: return expo;
    case Backoff::full_jitter: return random.range(0, expo);
    case Backoff::equal_jitter: return expo / 2 + random.range(0, expo / 2);
    case Backoff::decorrelated: return std::min(policy.cap_ms, random.range(policy.base_ms, std::max(policy.base_ms, 3 * previous_sleep_ms)));
  }
  return 0;
}

Fleet::Fleet(FleetParams params) : params_(std::move(params)), load_(expand_load(params_.load)) {
  ENGINE_ASSERT(load_.size() <= limits::kMaxOpsTraceSeconds);
  if (params_.scaler == Scaler::hpa) {
    HpaSpec spec = params_.hpa;
    if (spec.behavior) spec.behavior = behavior_with_defaults(*spec.behavior, params_.controller);
    hpa_.emplace(std::move(spec), params_.controller);
  }
  if (params_.scaler == Scaler::course) course_.emplace(params_.course);
  for (std::int64_t i = 0; i < params_.initial_replicas; ++i) add_replica(-params_.readiness_seconds);
  if (params_.balancer == Balancer::ring_hash) {
    for (std::int64_t key = 0; key < params_.hash_keys; ++key) key_hashes_.push_back(request_key_hash(static_cast<std::uint64_t>(key)));
  }
}

void Fleet::add_replica(std::int64_t now_s) {
  ENGINE_ASSERT(static_cast<std::int64_t>(replicas_.size()) < limits::kMaxOpsReplicas);
  Replica replica;
  replica.id = next_replica_id_++;
  replica.started_s = now_s;
  replica.ready_at_s = now_s + params_.readiness_seconds;
  replica.free_at_ms.assign(static_cast<std::size_t>(params_.workers), 0);
  replica.busy_ms.assign(static_cast<std::size_t>(params_.controller.sync_period_seconds), 0);
  replica.served.assign(replica.busy_ms.size(), 0);
  replica.failures.assign(replica.busy_ms.size(), 0);
  if (params_.breaker) replica.breaker.emplace(*params_.breaker);
  replicas_.push_back(std::move(replica));
}

void Fleet::set_failing(std::int64_t replica_id, std::int64_t percent) {
  for (Replica& replica : replicas_)
    if (replica.id == replica_id) replica.failing_percent = percent;
}

std::int64_t Fleet::window_sum(const std::vector<std::int64_t>& ring) const {
  std::int64_t total = 0;
  for (std::int64_t value : ring) total += value;
  return total;
}

std::int64_t Fleet::serve(Replica& replica, std::int64_t arrival_ms, std::int64_t now_s, Random& random, bool& failed) {
  failed = false;
  if (replica.failing_percent > 0 && static_cast<std::int64_t>(random.below(100)) < replica.failing_percent) {
    failed = true;  // the faulty replica answers 500 at once
    return 5;
  }
  auto worker = std::min_element(replica.free_at_ms.begin(), replica.free_at_ms.end());
  const std::int64_t start = std::max(arrival_ms, *worker);
  if (start - arrival_ms > params_.queue_timeout_ms) {
    failed = true;  // the client gives up
    return params_.queue_timeout_ms;
  }
  std::int64_t service = random.range(params_.service_ms / 2, params_.service_ms * 3 / 2);
  if (random.below(20) == 0) service *= 4;
  *worker = start + service;
  const std::size_t slot = static_cast<std::size_t>(now_s % static_cast<std::int64_t>(replica.busy_ms.size()));
  replica.busy_ms[slot] += service;
  replica.served[slot] += 1;
  return start - arrival_ms + service;
}

Fleet::SecondResult Fleet::step(std::int64_t now_s, Random& random) {
  SecondResult result;
  const std::size_t slot = static_cast<std::size_t>(now_s % params_.controller.sync_period_seconds);
  ready_indexes_.clear();
  for (std::size_t i = 0; i < replicas_.size(); ++i) {
    replicas_[i].busy_ms[slot] = 0;
    replicas_[i].served[slot] = 0;
    replicas_[i].failures[slot] = 0;
    if (replicas_[i].ready(now_s)) ready_indexes_.push_back(i);
  }
  std::int64_t rps = now_s < duration_seconds() ? load_[static_cast<std::size_t>(now_s)] : 0;
  if (params_.noise_percent > 0) rps = std::max<std::int64_t>(0, rps * (100 + random.range(-params_.noise_percent, params_.noise_percent)) / 100);
  for (std::int64_t i = 0; i < rps; ++i) {
    const std::int64_t arrival = now_s * 1000 + i * 1000 / rps;
    std::int64_t at = arrival, sleep = params_.retry.base_ms;
    const bool keyed = params_.balancer == Balancer::ring_hash || params_.balancer == Balancer::capability_based;
    const std::uint64_t key = keyed ? random.below(static_cast<std::uint64_t>(params_.hash_keys)) : 0;  // the request's user
    bool failed = true;
    for (std::int64_t attempt = 1; attempt <= params_.retry.max_attempts; ++attempt) {
      const std::optional<std::size_t> chosen = pick(at, key, random);
      if (!chosen) {
        ++interval_.no_host;  // nothing can serve it: 503
        break;
      }
      Replica& replica = replicas_[*chosen];
      std::int64_t latency = 0;
      const BreakerState before = replica.breaker ? replica.breaker->state() : BreakerState::closed;
      if (replica.breaker && !replica.breaker->acquire(at)) {
        ++interval_.rejected;  // fails fast, not recorded
      } else {
        latency = serve(replica, at, now_s, random, failed);
        replica.failures[slot] += failed;
        if (replica.breaker) replica.breaker->record(at + latency, latency, failed);
      }
      if (replica.breaker && replica.breaker->state() != before && result.breaker_changes.size() < limits::kMaxOpsNotesPerSecond) {
        result.breaker_changes.push_back("breaker replica=r" + std::to_string(replica.id) + " from=" + std::string(breaker_state_name(before)) +
                                         " to=" + std::string(breaker_state_name(replica.breaker->state())));
      }
      at += latency;
      if (!failed) break;
      if (attempt == params_.retry.max_attempts) break;
      sleep = backoff_ms(params_.retry, attempt, sleep, random);
      at += sleep;
      ++interval_.retries;
    }
    interval_histogram_.observe(at - arrival);
    ++interval_.requests;
    interval_.errors += failed;
  }
  total_requests_ += rps;
  if (now_s > 0 && now_s % params_.controller.sync_period_seconds == 0) result.decision = autoscale(now_s);
  if ((now_s + 1) % params_.sample_seconds == 0) {
    FleetSample sample = interval_;
    sample.at_seconds = now_s;
    sample.p50_ms = interval_histogram_.quantile_ms(500).value_or(0);
    sample.p95_ms = interval_histogram_.quantile_ms(950).value_or(0);
    sample.p99_ms = interval_histogram_.quantile_ms(990).value_or(0);
    sample.replicas = static_cast<std::int64_t>(replicas_.size());
    sample.ready = static_cast<std::int64_t>(ready_indexes_.size());
    std::int64_t busy = 0;
    for (std::size_t index : ready_indexes_) busy += std::min(window_sum(replicas_[index].busy_ms), params_.workers * 1000 * params_.controller.sync_period_seconds);
    const std::int64_t capacity = sample.ready * params_.workers * 1000 * params_.controller.sync_period_seconds;
    sample.utilization_percent = capacity == 0 ? 0 : busy * 100 / capacity;
    sample.rps = sample.requests / params_.sample_seconds;
    run_histogram_.add(interval_histogram_);
    interval_histogram_.clear();
    interval_ = FleetSample{};
    result.sample = sample;
  }
  return result;
}

std::optional<ScaleRecord> Fleet::autoscale(std::int64_t now_s) {
  const std::int64_t window = params_.controller.sync_period_seconds;
  const std::int64_t current = static_cast<std::int64_t>(replicas_.size());
  ScaleRecord record;
  record.at_seconds = now_s;
  record.from = current;
  std::int64_t desired = current;
  if (hpa_) {
    std::vector<std::vector<PodSample>> samples(hpa_->spec().metrics.size());
    for (std::size_t m = 0; m < samples.size(); ++m) {
      const bool cpu = hpa_->spec().metrics[m].target == MetricTarget::utilization;
      for (const Replica& replica : replicas_) {
        PodSample pod;
        pod.ready = replica.ready(now_s);
        pod.start_seconds = replica.started_s;
        pod.ready_change_seconds = pod.ready ? replica.ready_at_s : replica.started_s;
        pod.metric_window_seconds = window;
        pod.request_milli = params_.workers * 1000;
        pod.value_milli = cpu ? std::min(window_sum(replica.busy_ms), params_.workers * 1000 * window) / window : window_sum(replica.served) * 1000 / window;
        samples[m].push_back(pod);
      }
    }
    HpaDecision decision = hpa_->reconcile(now_s, current, samples);
    desired = decision.desired;
    record.signal = "metric";
    record.hpa = std::move(decision);
  } else if (course_) {
    std::int64_t busy = 0, capacity = 0;
    for (const Replica& replica : replicas_) {
      if (!replica.ready(now_s)) continue;
      busy += std::min(window_sum(replica.busy_ms), params_.workers * 1000 * window);
      capacity += params_.workers * 1000 * window;
    }
    const CourseDecision decision = course_->decide(now_s, current, capacity == 0 ? 0 : busy * 100 / capacity);
    desired = decision.desired;
    record.signal = decision.signal;
    record.utilization_percent = decision.utilization_percent;
    record.headroom_percent = decision.headroom_percent;
  } else {
    return std::nullopt;
  }
  desired = std::clamp<std::int64_t>(desired, 0, limits::kMaxOpsReplicas);
  while (static_cast<std::int64_t>(replicas_.size()) < desired) add_replica(now_s);
  while (static_cast<std::int64_t>(replicas_.size()) > desired) replicas_.pop_back();  // the newest go first
  record.to = desired;
  return record;
}

}  // namespace coordlab::ops

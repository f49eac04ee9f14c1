// The production sandbox's fleet: replicas with a fixed number of workers serving a load trace one
// simulated second at a time, request by request (arrivals spread over the second, a load balancer's
// pick, the replica's client-side circuit breaker, a worker's queue, a service time from the PRNG,
// retries with back-off), without storing requests: the fleet keeps per-second counters, a latency
// histogram per sample interval, and the autoscaler's decisions. Replicas start unready and serve only
// after their readiness delay. The autoscaler is the HPA (ops/hpa.hpp) or the course's scaler.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "ops/balancer.hpp"
#include "ops/breaker.hpp"
#include "ops/hpa.hpp"
#include "ops/metrics.hpp"

namespace coordlab::ops {

// A load trace as data: segments of constant, ramping or diurnal (triangle) load, then +-noise.
struct LoadSegment {
  std::int64_t seconds = 60;
  std::int64_t from_rps = 0, to_rps = 0;  // equal: a plateau; else a linear ramp
  bool diurnal = false;                   // from -> to -> from over the segment
};

std::vector<std::int32_t> expand_load(const std::vector<LoadSegment>& segments);

enum class Balancer : std::uint8_t { round_robin, least_request, random, ring_hash, resource_based, capability_based };
enum class Backoff : std::uint8_t { none, fixed, exponential, full_jitter, equal_jitter, decorrelated };
enum class Scaler : std::uint8_t { none, hpa, course };

struct RetryPolicy {
  Backoff backoff = Backoff::none;
  std::int64_t max_attempts = 1;  // counts the first call
  std::int64_t base_ms = 100, cap_ms = 2000;
};

// One retry's sleep (AWS "Exponential Backoff And Jitter": n = 1 for the first retry; expo =
// min(cap, base * 2^n); full = uniform(0, expo); equal = expo/2 + uniform(0, expo/2); decorrelated =
// min(cap, uniform(base, 3 * previous))).
std::int64_t backoff_ms(const RetryPolicy& policy, std::int64_t retry_number, std::int64_t previous_sleep_ms, Random& random);

struct FleetParams {
  std::vector<LoadSegment> load;
  std::int64_t noise_percent = 0;
  std::int64_t initial_replicas = 2;
  std::int64_t workers = 4;               // concurrent requests per replica (its CPU request = workers cores)
  std::int64_t service_ms = 100;          // mean; uniform in [mean/2, 3*mean/2], 1 in 20 four times longer
  std::int64_t queue_timeout_ms = 5000;   // a request waiting longer fails (a timeout)
  std::int64_t readiness_seconds = 30;    // start -> Ready
  std::int64_t sample_seconds = 15;       // metric sample interval (a note each)
  std::int64_t slo_p95_ms = 1000;
  Balancer balancer = Balancer::round_robin;
  RetryPolicy retry;
  std::optional<BreakerConfig> breaker;   // a client-side breaker per replica
  bool skip_open_breakers = true;         // health-aware picks; false = the course's routing
  std::int64_t panic_threshold_percent = 50;  // Envoy: fewer healthy than this share => balance over all (0: never)
  std::int64_t hash_keys = 1000;          // distinct request keys (users) for ring_hash and capability_based
  std::int64_t ring_min_size = 1024, ring_max_size = 8 * 1024 * 1024;
  std::vector<std::vector<std::string>> capabilities;  // replica rN offers capabilities[N % size]
  std::vector<std::string> request_kinds;               // a request with key k needs request_kinds[k % size]
  Scaler scaler = Scaler::hpa;
  HpaSpec hpa;
  ControllerSettings controller;
  CourseScalerSettings course;
};

struct FleetSample {
  std::int64_t at_seconds = 0, requests = 0, errors = 0, retries = 0, rejected = 0;
  std::int64_t panic_picks = 0, no_host = 0;  // picks over all hosts (Envoy's panic mode); attempts with no host
  std::int64_t p50_ms = 0, p95_ms = 0, p99_ms = 0;
  std::int64_t replicas = 0, ready = 0, utilization_percent = 0, rps = 0;
};

struct ScaleRecord {
  std::int64_t at_seconds = 0, from = 0, to = 0;
  std::string signal;  // "metric" (HPA), "utilization" or "headroom" (course)
  std::optional<HpaDecision> hpa;
  std::int64_t utilization_percent = 0, headroom_percent = 0;
};

struct Replica {
  std::int64_t id = 0;
  std::int64_t started_s = 0, ready_at_s = 0;
  std::vector<std::int64_t> free_at_ms;  // per worker
  std::vector<std::int64_t> busy_ms;     // per second of the metric window (a ring)
  std::vector<std::int64_t> served;      // requests per second of the metric window (a ring)
  std::vector<std::int64_t> failures;    // failed calls per second of the metric window (a ring)
  std::int64_t failing_percent = 0;      // a fault: this share of its calls fail fast
  std::optional<Breaker> breaker;
  bool ready(std::int64_t now_s) const { return now_s >= ready_at_s; }
};

class Fleet {
 public:
  explicit Fleet(FleetParams params);
  // Simulates second `now_s`. Returns a sample when one is due and the autoscaler's record at a sync.
  struct SecondResult {
    std::optional<FleetSample> sample;
    std::optional<ScaleRecord> decision;
    std::vector<std::string> breaker_changes;  // "replica=r3 from=closed to=open"
  };
  SecondResult step(std::int64_t now_s, Random& random);
  void set_failing(std::int64_t replica_id, std::int64_t percent);
  const std::vector<Replica>& replicas() const { return replicas_; }
  const FleetParams& params() const { return params_; }
  std::int64_t duration_seconds() const { return static_cast<std::int64_t>(load_.size()); }
  std::int64_t total_requests() const { return total_requests_; }
  const LatencyHistogram& run_histogram() const { return run_histogram_; }

 private:
  void add_replica(std::int64_t now_s);
  std::optional<std::size_t> pick(std::int64_t arrival_ms, std::uint64_t key, Random& random);  // fleet_balancer.cpp
  bool breaker_open(std::size_t index, std::int64_t arrival_ms) const;
  std::int64_t active_requests(std::size_t index, std::int64_t arrival_ms) const;
  std::size_t pick_among(const std::vector<std::size_t>& candidates, std::int64_t arrival_ms, std::uint64_t key, Random& random);
  std::int64_t serve(Replica& replica, std::int64_t arrival_ms, std::int64_t now_s, Random& random, bool& failed);
  std::optional<ScaleRecord> autoscale(std::int64_t now_s);
  std::int64_t window_sum(const std::vector<std::int64_t>& ring) const;

  FleetParams params_;
  std::vector<std::int32_t> load_;
  std::vector<Replica> replicas_;
  std::vector<std::size_t> ready_indexes_;  // this second's ready replicas
  std::vector<std::size_t> subset_, healthy_;  // scratch for one pick
  std::vector<std::int64_t> ring_ids_;
  HashRing ring_;
  std::vector<std::uint64_t> key_hashes_;
  std::int64_t next_replica_id_ = 0;
  std::uint64_t round_robin_ = 0;
  std::optional<Hpa> hpa_;
  std::optional<CourseScaler> course_;
  LatencyHistogram interval_histogram_, run_histogram_;
  FleetSample interval_;
  std::int64_t total_requests_ = 0;
};

}  // namespace coordlab::ops

// The fleet's load balancer, as Envoy selects a host: first the subset a request may use (all ready
// replicas, or for capability_based those offering the request's kind, like Envoy's subset balancer
// with no fallback), then health (replicas whose breaker is open are unhealthy) with Envoy's panic rule
// (below panic_threshold_percent healthy, balance over the whole subset), then the policy over those
// candidates. No candidate at all is a 503, counted as `no_host`.
#include <algorithm>

#include "ops/fleet.hpp"

namespace coordlab::ops {

bool Fleet::breaker_open(std::size_t index, std::int64_t arrival_ms) const {
  const Replica& replica = replicas_[index];
  return replica.breaker && replica.breaker->state() == BreakerState::open && arrival_ms <= replica.breaker->open_until_ms();
}

std::int64_t Fleet::active_requests(std::size_t index, std::int64_t arrival_ms) const {
  std::int64_t busy = 0;
  for (std::int64_t free_at : replicas_[index].free_at_ms) busy += free_at > arrival_ms;
  return busy;
}

std::optional<std::size_t> Fleet::pick(std::int64_t arrival_ms, std::uint64_t key, Random& random) {
  const std::vector<std::size_t>* hosts = &ready_indexes_;
  if (params_.balancer == Balancer::capability_based && !params_.request_kinds.empty() && !params_.capabilities.empty()) {
    const std::string& kind = params_.request_kinds[key % params_.request_kinds.size()];
    subset_.clear();
    for (std::size_t index : ready_indexes_) {
      const std::vector<std::string>& offered = params_.capabilities[static_cast<std::size_t>(replicas_[index].id) % params_.capabilities.size()];
      if (std::find(offered.begin(), offered.end(), kind) != offered.end()) subset_.push_back(index);
    }
    hosts = &subset_;
  }
  if (hosts->empty()) return std::nullopt;
  if (!params_.breaker || !params_.skip_open_breakers) return pick_among(*hosts, arrival_ms, key, random);  // every host counts as healthy
  healthy_.clear();
  for (std::size_t index : *hosts)
    if (!breaker_open(index, arrival_ms)) healthy_.push_back(index);
  if (in_panic(healthy_.size(), hosts->size(), params_.panic_threshold_percent)) {
    ++interval_.panic_picks;
    return pick_among(*hosts, arrival_ms, key, random);
  }
  if (healthy_.empty()) return std::nullopt;  // panic mode disabled and no healthy host
  return pick_among(healthy_, arrival_ms, key, random);
}

// Round robin: candidates[index++ % n]; random: one uniform draw; least request (and capability_based
// within its subset): two uniform draws with replacement, the second wins only with strictly fewer
// active requests; ring hash: the ring over the candidates (rebuilt when they change); resource_based:
// the highest health * (1 - utilisation), ties broken from a rotating start.
std::size_t Fleet::pick_among(const std::vector<std::size_t>& candidates, std::int64_t arrival_ms, std::uint64_t key, Random& random) {
  const std::size_t count = candidates.size();
  switch (params_.balancer) {
    case Balancer::round_robin: return candidates[round_robin_++ % count];
    case Balancer::random: return candidates[random.below(count)];
    case Balancer::least_request:
    case Balancer::capability_based: {
      std::size_t chosen = candidates[random.below(count)];
      const std::size_t second = candidates[random.below(count)];
      if (active_requests(second, arrival_ms) < active_requests(chosen, arrival_ms)) chosen = second;
      return chosen;
    }
    case Balancer::ring_hash: {
      bool same = ring_ids_.size() == count;
      for (std::size_t i = 0; same && i < count; ++i) same = ring_ids_[i] == replicas_[candidates[i]].id;
      if (!same) {
        ring_ids_.clear();
        for (std::size_t index : candidates) ring_ids_.push_back(replicas_[index].id);
        ring_ = build_ring(ring_ids_, params_.ring_min_size, params_.ring_max_size);
      }
      return candidates[ring_lookup(ring_, key_hashes_[key % key_hashes_.size()])];
    }
    case Balancer::resource_based: {
      const std::size_t start = round_robin_++ % count;
      std::size_t best = candidates[start];
      std::int64_t best_score = -1;
      for (std::size_t i = 0; i < count; ++i) {
        const std::size_t index = candidates[(start + i) % count];
        const Replica& replica = replicas_[index];
        const std::int64_t ok = window_sum(replica.served), failed = window_sum(replica.failures);
        const std::int64_t health = ok + failed == 0 ? 1000 : ok * 1000 / (ok + failed);
        const std::int64_t score = resource_score(health, active_requests(index, arrival_ms), params_.workers);
        if (score > best_score) best = index, best_score = score;
      }
      return best;
    }
  }
  return candidates.front();
}

}  // namespace coordlab::ops

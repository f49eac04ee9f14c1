// Envoy's load-balancing building blocks the fleet picks replicas with, as pure functions so tests can
// pin them: the panic rule (below `panic_threshold_percent` healthy hosts, balance over all of them),
// the ring hash (Ketama: each host gets ceil(min_ring / hosts) entries keyed "<host>_<k>", a request goes
// to the first entry whose hash is >= its own, wrapping to the first), and the course's resource score
// `health * (1 - utilisation)`. FNV-1a 64 finalized by splitmix64 stands in for xxHash64: any stable 64-bit hash keeps runs
// deterministic (ops_semantics.md section 8).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace coordlab::ops {

// Envoy `isHostSetInPanic`: healthy_percent = 100 * healthy / total < threshold (strict); 0 disables
// panic mode. Written on integers: healthy * 100 < threshold * total.
bool in_panic(std::size_t healthy, std::size_t total, std::int64_t panic_threshold_percent);

struct HashRing {
  std::vector<std::int64_t> host_ids;                          // the hosts the ring was built over
  std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;  // (hash, position in host_ids), sorted
};

// Equal weights: ring size = ceil(min_ring / n) * n, capped at max_ring (Envoy's min/max_ring_size).
HashRing build_ring(const std::vector<std::int64_t>& host_ids, std::int64_t min_ring_size, std::int64_t max_ring_size);
// The position in ring.host_ids that serves a request hash (the ring must have hosts).
std::size_t ring_lookup(const HashRing& ring, std::uint64_t request_hash);
std::uint64_t request_key_hash(std::uint64_t key);

// The course's resource-based score in millionths: health_permille * (1000 - utilisation_permille).
std::int64_t resource_score(std::int64_t health_permille, std::int64_t active, std::int64_t workers);

}  // namespace coordlab::ops

#include "ops/balancer.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "core/hash.hpp"
#include "core/random.hpp"

namespace coordlab::ops {
namespace {

// FNV-1a alone spreads short, similar keys ("r0_1", "r0_2") unevenly over 64 bits, which overloads one
// replica; splitmix64's finalizer mixes every bit (xxHash64 has its own avalanche step for the same reason).
std::uint64_t ring_hash_of(std::string_view text) {
  std::uint64_t state = fnv1a64(text);
  return splitmix64(state);
}

}  // namespace

bool in_panic(std::size_t healthy, std::size_t total, std::int64_t panic_threshold_percent) {
  if (total == 0 || panic_threshold_percent <= 0) return false;
  return static_cast<std::int64_t>(healthy) * 100 < std::min<std::int64_t>(100, panic_threshold_percent) * static_cast<std::int64_t>(total);
}

HashRing build_ring(const std::vector<std::int64_t>& host_ids, std::int64_t min_ring_size, std::int64_t max_ring_size) {
  HashRing ring;
  ring.host_ids = host_ids;
  if (host_ids.empty()) return ring;
  const std::int64_t hosts = static_cast<std::int64_t>(host_ids.size());
  const std::int64_t per_host = std::max<std::int64_t>(1, std::min((min_ring_size + hosts - 1) / hosts, max_ring_size / hosts));
  ring.entries.reserve(static_cast<std::size_t>(per_host * hosts));
  for (std::size_t position = 0; position < host_ids.size(); ++position) {
    for (std::int64_t k = 0; k < per_host; ++k) {
      std::string key = "r";
      key.append(std::to_string(host_ids[position])).append("_").append(std::to_string(k));
      ring.entries.emplace_back(ring_hash_of(key), static_cast<std::uint32_t>(position));
    }
  }
  std::sort(ring.entries.begin(), ring.entries.end());  // equal hashes: the lower position first
  return ring;
}

std::size_t ring_lookup(const HashRing& ring, std::uint64_t request_hash) {
  ENGINE_ASSERT(!ring.entries.empty());
  auto entry = std::lower_bound(ring.entries.begin(), ring.entries.end(), request_hash,
                                [](const std::pair<std::uint64_t, std::uint32_t>& e, std::uint64_t h) { return e.first < h; });
  if (entry == ring.entries.end()) entry = ring.entries.begin();  // past the last entry: wrap around
  return entry->second;
}

std::uint64_t request_key_hash(std::uint64_t key) {
  std::string text = "key";
  text.append(std::to_string(key));
  return ring_hash_of(text);
}

std::int64_t resource_score(std::int64_t health_permille, std::int64_t active, std::int64_t workers) {
  const std::int64_t utilisation = std::min<std::int64_t>(1000, workers <= 0 ? 1000 : active * 1000 / workers);
  return health_permille * (1000 - utilisation);
}

}  // namespace coordlab::ops

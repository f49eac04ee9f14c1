#pragma once
// How many seeds a seed sweep runs. Natively every sweep runs its full count; the sanitizer and
// WebAssembly runs, several times slower, pass --sweep-percent=N (tests/CMakeLists.txt) and check the
// same properties on N% of the seeds. COORDLAB_SEEDS=<count> sets every sweep's count outright.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace coordlab::test_support {

inline constexpr std::uint64_t kFullSweepPercent = 100;

inline std::uint64_t& sweep_percent() {
  static std::uint64_t percent = kFullSweepPercent;
  return percent;
}

// Accepts a whole number from 1 to 100; anything else leaves the percentage as it was.
inline bool set_sweep_percent(std::string_view text) {
  if (text.empty() || text.size() > 3) return false;
  std::uint64_t value = 0;
  for (char digit : text) {
    if (digit < '0' || digit > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(digit - '0');
  }
  if (value < 1 || value > kFullSweepPercent) return false;
  sweep_percent() = value;
  return true;
}

// Seeds for a sweep whose full size is `full_count`: COORDLAB_SEEDS when set, else the share that
// --sweep-percent asks for (at least one seed).
inline std::uint64_t sweep_seed_count(std::uint64_t full_count) {
  if (const char* text = std::getenv("COORDLAB_SEEDS")) return std::strtoull(text, nullptr, 10);
  return std::max<std::uint64_t>(1, full_count * sweep_percent() / kFullSweepPercent);
}

}  // namespace coordlab::test_support

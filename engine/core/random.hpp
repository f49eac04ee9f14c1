// Our own PRNG: splitmix64 seeds xoshiro256**. Same seed, same numbers, on every compiler and platform
// (unlike <random> distributions, whose algorithms differ between libstdc++ and libc++).
#pragma once
#include <array>
#include <cstdint>

#include "core/ratio.hpp"

namespace coordlab {

std::uint64_t splitmix64(std::uint64_t& state);

class Random {
 public:
  explicit Random(std::uint64_t seed = 0);
  // An independent stream for a named purpose (e.g. one per node), stable for a given seed.
  static Random stream(std::uint64_t seed, std::uint64_t stream_index);

  std::uint64_t next_u64();
  // Uniform integer in [low, high], inclusive, without modulo bias. Requires low <= high.
  std::int64_t range(std::int64_t low, std::int64_t high);
  // Uniform index in [0, count). Requires count > 0.
  std::uint64_t below(std::uint64_t count);
  // True with exactly the given probability.
  bool chance(Ratio probability);

  friend bool operator==(const Random&, const Random&) = default;

 private:
  std::array<std::uint64_t, 4> state_{};
};

}  // namespace coordlab

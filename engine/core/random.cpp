#include "core/random.hpp"

#include "core/assert.hpp"

namespace coordlab {
namespace {
std::uint64_t rotate_left(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

Random::Random(std::uint64_t seed) {
  std::uint64_t mixer = seed;
  for (auto& word : state_) word = splitmix64(mixer);
}

Random Random::stream(std::uint64_t seed, std::uint64_t stream_index) {
  std::uint64_t mixer = seed ^ (0xD1B54A32D192ED03ULL * (stream_index + 1));
  return Random(splitmix64(mixer));
}

std::uint64_t Random::next_u64() {
  const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotate_left(state_[3], 45);
  return result;
}

std::uint64_t Random::below(std::uint64_t count) {
  ENGINE_ASSERT(count > 0);
  // Rejection sampling on the top of the range keeps every value equally likely.
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % count);
  std::uint64_t draw = next_u64();
  while (draw >= limit) draw = next_u64();
  return draw % count;
}

std::int64_t Random::range(std::int64_t low, std::int64_t high) {
  ENGINE_ASSERT(low <= high);
  const std::uint64_t span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  if (span == UINT64_MAX) return static_cast<std::int64_t>(next_u64());
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + below(span + 1));
}

bool Random::chance(Ratio probability) {
  ENGINE_ASSERT(probability.denominator > 0 && probability.numerator <= probability.denominator);
  if (probability.numerator == 0) return false;
  if (probability.numerator == probability.denominator) return true;
  return below(probability.denominator) < probability.numerator;
}

}  // namespace coordlab

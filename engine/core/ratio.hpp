// Integer probabilities: numerator/denominator, so chances are exact and identical on every platform.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace coordlab {

struct Ratio {
  std::uint32_t numerator = 0;
  std::uint32_t denominator = 1;

  static constexpr Ratio zero() { return Ratio{0, 1}; }
  static constexpr Ratio one() { return Ratio{1, 1}; }
  bool is_zero() const { return numerator == 0; }
  bool is_one() const { return numerator == denominator; }
  // Equal as fractions (1/2 == 2/4).
  bool same_value(const Ratio& other) const {
    return std::uint64_t{numerator} * other.denominator == std::uint64_t{other.numerator} * denominator;
  }
  friend bool operator==(const Ratio&, const Ratio&) = default;

  // "a/b" (or "0" / "1").
  std::string to_string() const;
};

// Accepts "a/b", "N%" (whole or with up to 4 decimals, e.g. "2.5%") or a plain integer 0 or 1.
// Ratios must lie in [0, 1] with a denominator of at most limits::kMaxRatioDenominator.
Result<Ratio> parse_ratio(std::string_view text);

}  // namespace coordlab

// Small text formatting shared by the CLI, the engine's messages and the web lab.
#pragma once
#include <cstdint>
#include <string>

namespace coordlab {

// 1234567 -> "1,234,567": counts that learners read in messages and readouts.
inline std::string with_thousands(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

}  // namespace coordlab

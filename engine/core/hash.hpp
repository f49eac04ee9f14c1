// FNV-1a 64: a small, well-known hash with the same result on every platform (trace hashes, lesson
// content hashes, progress record hashes). Not for security.
#pragma once
#include <cstdint>
#include <string_view>

namespace coordlab {

inline constexpr std::uint64_t kFnv1a64Offset = 0xcbf29ce484222325ULL;

inline std::uint64_t fnv1a64_extend(std::uint64_t state, std::string_view bytes) {
  for (unsigned char byte : bytes) {
    state ^= byte;
    state *= 0x100000001b3ULL;
  }
  return state;
}

inline std::uint64_t fnv1a64(std::string_view bytes) { return fnv1a64_extend(kFnv1a64Offset, bytes); }

}  // namespace coordlab

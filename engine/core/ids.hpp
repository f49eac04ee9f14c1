// Strong ids and simulated time. Distinct types stop a node index from being passed as a message id.
#pragma once
#include <compare>
#include <cstdint>

namespace coordlab {

template <typename Tag, typename Value>
struct StrongId {
  Value value{};
  constexpr StrongId() = default;
  constexpr explicit StrongId(Value v) : value(v) {}
  constexpr auto operator<=>(const StrongId&) const = default;
};

using NodeId = StrongId<struct NodeIdTag, std::uint16_t>;
using MessageId = StrongId<struct MessageIdTag, std::uint32_t>;
using TimerId = StrongId<struct TimerIdTag, std::uint32_t>;

// Simulated time. Ticks have no wall-clock meaning; scenarios choose their scale.
struct Tick {
  std::int64_t value = 0;
  constexpr Tick() = default;
  constexpr explicit Tick(std::int64_t v) : value(v) {}
  constexpr auto operator<=>(const Tick&) const = default;
  constexpr Tick operator+(std::int64_t ticks) const { return Tick{value + ticks}; }
  constexpr std::int64_t operator-(Tick other) const { return value - other.value; }
};

}  // namespace coordlab

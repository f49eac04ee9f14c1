// I8, Vickrey incentives: the learner plays one bidder in many auctions with a standing shade (quote =
// cost x shade / 1000). This replays every auction it took part in with the same opponents' valid
// quotes, under the auction's own rules (mechanism, award rule, reserve), for a range of shades, and
// sums the learner's utility (payment minus cost when it wins): the measured utility against shade.
// Under second price quoting one's cost is a dominant strategy, so shade 1000 earns the most (shades
// near it can tie when no opponent quote falls in between); under first price a shade above 1000 does.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/trace.hpp"

namespace coordlab::allocation {

struct ShadePoint {
  std::int64_t shade_permille = 0;
  std::int64_t utility_cents = 0;
  std::int64_t wins = 0;
};

struct ShadeCurve {
  bool found = false;               // a "learner_shade" note exists
  std::uint16_t learner = 0;
  std::int64_t chosen_shade_permille = 0;  // the last shade the learner set
  std::int64_t shade_changes = 0;   // shades set after the first
  std::int64_t cost_cents = 0;
  std::int64_t auctions = 0;        // closed auctions in which the learner's quote arrived in time
  std::vector<ShadePoint> points;   // 500..1500 by kShadeCurveStepPermille, plus the chosen shade, ascending
  ShadePoint chosen;                // the chosen shade's point
  ShadePoint best;                  // the highest utility (ties: the shade nearest 1000, then the lowest)
};

ShadeCurve shade_utility_curve(const sim::Trace& trace, std::size_t event_count);

}  // namespace coordlab::allocation

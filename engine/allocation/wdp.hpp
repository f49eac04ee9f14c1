// Combinatorial allocation: exact winner determination (WDP) over bundle bids.
//
// Each bid asks for a set of goods at an integer price; an allocation accepts bids that share no good,
// and its welfare is the sum of their prices. Finding the best one is weighted set packing (NP-hard).
// XOR bids of one bidder are written, as the Combinatorial Auction Test Suite (CATS) does, with a dummy
// good that all of that bidder's bids contain, so one set-packing solver covers OR and XOR bids.
//
// The solver is a depth-first branch and bound in the spirit of CABOB (Sandholm et al. 2005):
// - the bound is a Lagrangian relaxation: every good's "at most one bid" constraint is priced by an
//   integer multiplier, except the goods chosen as groups (dummy goods first), whose "at most one of
//   these bids" constraint is kept exactly, so the bound knows a bidder takes only one of its
//   alternatives. Any multipliers >= 0 give a valid bound; subgradient steps (integer arithmetic) at
//   the root and at every node tighten it. Everything is an integer, so the optimum, the chosen bids
//   and the search itself are the same on every platform;
// - branching on the good with the fewest live bids, bids in order of reduced price (ties: bid index),
//   then the branch that leaves the good unsold;
// - when the relaxation's own choice is a feasible allocation it becomes the incumbent, and when its
//   value meets the bound the subtree is solved without branching;
// - a node limit: on reaching it the answer says so, with the best allocation found and the bound.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_input.hpp"
#include "core/result.hpp"

namespace coordlab::allocation {

struct WdpBid {
  std::string bidder;
  std::vector<std::uint32_t> goods;  // ascending, no repeats
  std::int64_t price = 0;            // >= 1
};

struct WdpInstance {
  std::uint32_t good_count = 0;
  std::vector<std::string> good_names;  // empty, or one per good
  std::vector<WdpBid> bids;
};

// Reads a `coordlab.wdp/1` document; errors carry a JSON pointer (locate them with locate_error).
Result<WdpInstance> read_wdp_instance(const Json& document);
// Parses and reads text; errors carry file, line and column.
Result<WdpInstance> parse_wdp_instance(std::string_view text, std::string_view file = {});
Json wdp_instance_json(const WdpInstance& instance);

enum class WdpStatus : std::uint8_t { optimal, node_limit };
std::string_view wdp_status_name(WdpStatus status);

struct WdpOptions {
  std::int64_t node_limit = 0;  // 0: limits::kDefaultWdpNodes
};

struct WdpSolution {
  WdpStatus status = WdpStatus::optimal;
  std::int64_t welfare = 0;
  std::vector<std::uint32_t> chosen;  // bid indices, ascending
  std::int64_t upper_bound = 0;       // == welfare when optimal
  std::int64_t nodes = 0;             // search nodes visited
  std::int64_t root_bound = 0;        // the bound before branching
};

// The instance must have passed read_wdp_instance (or come from a generator).
WdpSolution solve_wdp(const WdpInstance& instance, const WdpOptions& options = {});

// A proposed allocation (bid indices in any order): an error if an index is out of range, repeated, or
// two bids share a good (the message names the good and both bids); otherwise its welfare.
Result<std::int64_t> allocation_welfare(const WdpInstance& instance, const std::vector<std::uint32_t>& chosen);

// CATS-style seeded generators (our own code after Leyton-Brown, Pearson and Shoham, EC-00).
enum class WdpDistribution : std::uint8_t { arbitrary, paths, legacy_l3, legacy_l7 };
std::string_view wdp_distribution_name(WdpDistribution distribution);
Result<WdpDistribution> wdp_distribution_from_name(std::string_view name);
// `good_count` real goods and about `bid_count` bids (exactly that many, dummy goods appended after
// the real ones for XOR bidders). Requires 1 <= good_count, bid_count within the limits.
WdpInstance generate_wdp_instance(WdpDistribution distribution, std::uint32_t good_count, std::uint32_t bid_count, std::uint64_t seed);

}  // namespace coordlab::allocation

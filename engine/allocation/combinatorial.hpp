// A combinatorial (bundle) auction over the simulated network: node 0 is the auctioneer, the other
// nodes host the bidders. Each bid asks for a bundle of goods (tasks) at an integer price in cents.
//
// At boot the auctioneer sends a CallForBundles with a deadline to every bidder node; each bidder
// sends each of its bids as its own message, `send_after_ticks` after the call (0: at once). A bid
// that arrives after the deadline is out ("late"); a bid that never arrives (lost, or its bidder was
// down) is out too, and at the close the trace names it. At the deadline the auctioneer solves the
// winner determination problem (wdp.hpp, `solve_wdp`) over the bids it received and announces the
// winners. The learner proposes an allocation of their own with the input "pick b1 b3 b4" (or "pick
// none") to the auctioneer; the checks compare it with the optimum over the bids received.
//
// Bids are numbered b0, b1, ... in the order of the params (the numbering `coordlab auction wdp
// --allocation` uses). Bidder k, in the order of its first bid, lives on node 1 + k mod (nodes - 1).
//
// Trace notes (read by the checks in check/combinatorial_checks.cpp):
//   auctioneer: "wdp_open goods=G bids=N deadline=T names=ingest,clean,..."
//               "wdp_bid bid=bK bidder=NAME node=N price=P goods=0,3"     (received in time)
//               "wdp_late bid=bK bidder=NAME node=N arrived=T deadline=D"
//               "wdp_missing bid=bK bidder=NAME reason=not_received"        (at the close)
//               "wdp_award received=R welfare=W chosen=b1,b3 status=optimal|node_limit|greedy upper_bound=U nodes=N solver=S"
//               "wdp_restart deadline=T lost_bids=1"   (a restart: bids received before it are gone)
//               "wdp_pick chosen=b1,b3|none"           (the learner's allocation; the last one counts)
//   bidder:     "wdp_won bid=bK bidder=NAME price=P"
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "allocation/wdp.hpp"
#include "protocols/protocol_spec.hpp"

namespace coordlab::allocation {

enum CombinatorialMessage : std::uint16_t { kCallForBundles, kBundleBid, kBundleAward };
enum CombinatorialTimer : std::uint16_t { kBundleCloseTimer, kBundleSendTimer };

// "exact": solve_wdp. "greedy_by_price": a tempting heuristic, labelled as one: take the bids from the
// highest price down, each that shares no good with those taken (the invariant catches it).
enum class WdpSolver : std::uint8_t { exact, greedy_by_price };

struct CombinatorialParams {
  WdpInstance instance;                                  // every bid any bidder will send
  std::int64_t bid_window_ticks = 100;                   // the call's deadline, after boot
  std::map<std::string, std::int64_t> send_after_ticks;  // by bidder name; absent: 0
  WdpSolver solver = WdpSolver::exact;
  std::vector<std::uint32_t> bidder_of_bid;  // by bid: its bidder's index in the order of first bids (filled by the reader)
};

// "b3" for bid 3.
std::string bid_label(std::size_t index);
// "b1,b3" ("none" for none).
std::string bid_list(const std::vector<std::uint32_t>& bids);
// The names of the bidders in the order of their first bid; bidder k is on node 1 + k mod (node_count - 1).
std::vector<std::string> bidder_order(const WdpInstance& instance);
// The node that sends bid `bid`.
std::uint16_t bidder_node(const CombinatorialParams& params, std::size_t bid, std::size_t node_count);
// The greedy heuristic's choice (bid indices, ascending) and its welfare; ties in price: lower index first.
WdpSolution greedy_by_price(const WdpInstance& instance);
// A learner's "pick b1 b3" / "pick none": the bid numbers, or an error naming the bad word.
Result<std::vector<std::uint32_t>> read_pick(std::string_view text, std::size_t bid_count);

protocols::ProtocolSpec combinatorial_auction_protocol();

}  // namespace coordlab::allocation

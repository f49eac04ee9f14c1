// Sealed-bid procurement (reverse) auctions over the simulated network: node 0 is the buyer (the
// auctioneer), every other node a bidder quoting a price, in integer cents, to do the task.
//
// The auctioneer checks each bidder's eligibility first (the course's capability match, 0.6 skill +
// 0.2 capacity + 0.1 quality + 0.1 reliability, in permille, against a threshold), sends a CallForBids
// with a deadline to the eligible ones, and closes the auction when its timer fires. A bid that arrives
// after the deadline is out; a quote above the reserve price (the buyer's budget) is rejected, never
// clamped. The lowest valid quote wins, ties to the lowest node number. First price pays the winner its
// quote; second price (Vickrey) pays the second-lowest valid quote, or the reserve when there is none,
// which makes quoting one's true cost a dominant strategy.
//
// Course variants (params) reproduce the course's mistakes: "award": "course_most_expensive" (its
// Vickrey awards the highest quote) and "budget": "course_clamp" (a quote above the budget is lowered to
// it, so the second price can equal the first).
//
// Input: to the auctioneer "announce id=NAME"; to a bidder whose strategy is "learner", "quote cents=Q"
// (its quote for the open call, or the next one) or "shade permille=P" (from now on, quote cost x P / 1000
// in every call: how the learner plays many auctions, I8).
//
// Scoring (params "scoring": "fixed_anchors" | "course_relative", see scoring.hpp): the call asks for
// the bidders' attributes, the highest score wins (ties to the lowest node) and is paid its quote; the
// announce note adds "scoring=S weights=W,W,W,W,W cost_anchor=WORST..BEST throughput_anchor=WORST..BEST",
// each bid note "attributes=QUOTE,QUALITY,THROUGHPUT,RELIABILITY,INNOVATION", and each valid bid gets a
// "score id=A bidder=B total=S values=V,V,V,V,V" note at the close.
// Trace notes (read by the auction.* checks):
//   "announce id=A deadline=T reserve=R mechanism=M eligible=1,3"   (node numbers)
//   "eligibility id=A bidder=B match=P eligible=0|1"
//   "bid id=A bidder=B offered=Q quote=Q"   (quote differs from offered only when clamped)
//   "late_bid id=A bidder=B offered=Q", "reject_bid id=A bidder=B offered=Q reason=above_reserve"
//   "award id=A winner=B quote=Q payment=P mechanism=M reserve=R bids=K", "no_award id=A reason=no_valid_bids"
//   bidder: "won id=A payment=P cost=C utility=U", "learner_shade shade=P cost=C"
// The announce note adds " award=course_most_expensive" or " deadline=course_wait_for_all" for those variants.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "allocation/scoring.hpp"
#include "protocols/protocol_spec.hpp"

namespace coordlab::allocation {

enum AuctionMessage : std::uint16_t { kCallForBids, kBid, kAward, kReject };
enum AuctionTimer : std::uint16_t { kCloseTimer, kNextRoundTimer };

enum class Mechanism : std::uint8_t { first_price, second_price };
enum class AwardRule : std::uint8_t { lowest, course_most_expensive };
enum class BudgetRule : std::uint8_t { reject_above, course_clamp };
enum class Strategy : std::uint8_t { truthful, shade, random, learner };
// "enforced": a bid after the deadline is out. "course_wait_for_all": the course has no deadline; the
// auctioneer closes only once every invited bidder has quoted, so a late bid counts and a lost one stalls it.
enum class DeadlineRule : std::uint8_t { enforced, course_wait_for_all };

struct BidderProfile {
  std::int64_t cost_cents = 10'000;
  Strategy strategy = Strategy::truthful;
  std::int64_t shade_permille = 1000;      // shade: quote = cost * shade / 1000
  std::int64_t random_low_permille = 1000;  // random: quote = cost * r / 1000, r drawn in [low, high]
  std::int64_t random_high_permille = 1500;
  std::int64_t skill_permille = 1000;
  std::int64_t capacity_permille = 1000;
  std::int64_t quality_permille = 1000;
  std::int64_t reliability_permille = 1000;
  std::int64_t throughput_per_hour = 50;  // offered with the quote in a scoring auction
  std::int64_t innovation_permille = 500;
};

struct AuctionParams {
  Mechanism mechanism = Mechanism::second_price;
  AwardRule award = AwardRule::lowest;
  BudgetRule budget = BudgetRule::reject_above;
  std::int64_t reserve_cents = 100'000;
  std::int64_t bid_window_ticks = 100;
  std::int64_t eligibility_permille = 500;
  std::vector<BidderProfile> bidders;  // bidder i is node i + 1; missing ones get the defaults
  ScoringParams scoring;                // normalisation none: the lowest quote wins
  DeadlineRule deadline = DeadlineRule::enforced;
  std::int64_t rounds = 0;              // > 0: the auctioneer announces r1..rN by itself, one every round_ticks
  std::int64_t round_ticks = 200;
};

std::string_view mechanism_name(Mechanism mechanism);
// The course's capability match in permille: (600 skill + 200 capacity + 100 quality + 100 reliability) / 1000.
std::int64_t capability_match_permille(const BidderProfile& profile);

// One valid bid, for choosing the winner and the payment.
struct ValidBid {
  std::uint16_t bidder = 0;
  std::int64_t quote_cents = 0;
};
struct Outcome {
  bool awarded = false;
  std::uint16_t winner = 0;
  std::int64_t quote_cents = 0;
  std::int64_t payment_cents = 0;
};
// The correct rule: lowest quote wins (ties to the lowest node); first or second price, capped by the reserve.
Outcome decide_auction(std::vector<ValidBid> bids, Mechanism mechanism, std::int64_t reserve_cents, AwardRule award = AwardRule::lowest);

protocols::ProtocolSpec auction_protocol();

// Shared with the clock auctions (clock_auction.hpp) and the contract net.
// "1,3" for nodes 1 and 3; "none" for none.
std::string node_list(const std::vector<std::uint16_t>& nodes);
// The price a bidder's strategy names: its cost (truthful, learner), cost x shade, or cost x a random permille.
std::int64_t strategy_quote_cents(const BidderProfile& profile, sim::Context& context);
// The optional "bidders" array of the params, one object per bidder n1, n2, ...
Result<std::vector<BidderProfile>> read_bidder_profiles(const ObjectReader& reader);
// Reads "announce id=NAME" for an auctioneer that runs `running` auctions; `taken` says whether an id is in use.
Result<std::string> read_announce(std::string_view text, std::size_t running, const std::function<bool(const std::string&)>& taken);
// Notes each bidder's eligibility for auction `id` and returns the eligible nodes, in node order.
std::vector<std::uint16_t> eligible_bidders(const std::string& id, const std::vector<BidderProfile>& bidders, std::int64_t threshold_permille,
                                            sim::Context& context);
// A learner bidder's "quote cents=Q"; an error for any other bidder or text.
Result<std::int64_t> read_learner_quote(std::string_view text, const BidderProfile& profile);

}  // namespace coordlab::allocation

// Clock procurement (reverse) auctions over the simulated network: node 0 is the buyer (the
// auctioneer), every other node a bidder; money in integer cents. The auctioneer calls out a price per
// round, with a deadline; each eligible bidder still in answers "stay" (willing to do the task at that
// price) or "drop". A reply that is lost or arrives after the round's deadline counts as a drop, and the
// trace says so. A bidder who dropped is out for good (the activity rule).
//
//   descending_clock (reverse English): the price starts at the reserve (the buyer's budget) and falls
//     by `step_cents` while at least two bidders stay. When one stays, it wins at that round's price, the
//     price at which the second-to-last dropped (Vickrey within one step). When the last two or more
//     drop together, the lowest node among them wins at the previous round's price (they all stayed
//     there). Nobody staying at the reserve: no award.
//   dutch (reverse Dutch): the price starts low (`start_cents`) and rises by `step_cents` each round;
//     the first "stay" (accept) that arrives in time wins at that round's price (first price). Past the
//     reserve: no award.
//   course_english (the course's mistake, labelled): an ascending English auction copied from a sale.
//     The price rises from `start_cents`, bidders stay while the price is at most their quote, as buyers
//     would, and the last one in wins: the most expensive agent, paid more than it asked.
//
// Bidders use the sealed-bid profiles (auction.hpp): a strategy names a limit price (cost, cost x
// shade, a random multiple drawn once per auction, or the learner's "quote cents=Q"); a bidder stays
// while the price is at least its limit (course_english: at most).
// Input: to the auctioneer "announce id=NAME"; to a learner bidder "quote cents=Q" (its limit, from now on).
// Trace notes (read by the auction.clock_* checks):
//   "clock_open id=A mechanism=M reserve=R start=S step=D eligible=1,3" (plus "eligibility ..." per bidder)
//   "round id=A round=K price=P deadline=T active=1,3"
//   "reply id=A bidder=B round=K stay=0|1", "late_reply id=A bidder=B round=K"
//   "drop id=A bidder=B round=K reason=declined|no_reply"
//   "award id=A winner=B quote=P payment=P mechanism=M reserve=R bids=K rounds=N reason=last_in|tie|first_accept|price_floor"
//   "no_award id=A reason=nobody_at_reserve|reserve_reached"; bidder: "won id=A payment=P cost=C utility=U"
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "allocation/auction.hpp"

namespace coordlab::allocation {

enum ClockMessage : std::uint16_t { kClockRound, kClockReply, kClockAward };
enum ClockTimer : std::uint16_t { kRoundTimer };

enum class ClockMechanism : std::uint8_t { descending_clock, dutch, course_english };

struct ClockParams {
  ClockMechanism mechanism = ClockMechanism::descending_clock;
  std::int64_t reserve_cents = 100'000;
  std::int64_t start_cents = 1'000;  // dutch and course_english: the first price
  std::int64_t step_cents = 1'000;
  std::int64_t round_ticks = 30;
  std::int64_t eligibility_permille = 500;
  std::vector<BidderProfile> bidders;  // bidder i is node i + 1
};

std::string_view clock_mechanism_name(ClockMechanism mechanism);
// The price of round `round` (0-based) of a clock with these params.
std::int64_t clock_price_cents(const ClockParams& params, std::int64_t round);
// Rounds the clock can run before it passes the reserve (dutch, course_english) or reaches 0 (descending).
std::int64_t clock_round_count(const ClockParams& params);
// Whether a bidder with limit `limit_cents` stays in (accepts) at `price_cents` under `mechanism`.
bool clock_bidder_stays(ClockMechanism mechanism, std::int64_t price_cents, std::int64_t limit_cents);

protocols::ProtocolSpec clock_auction_protocol();

}  // namespace coordlab::allocation

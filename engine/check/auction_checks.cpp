// Checks of sealed-bid procurement auctions, recomputed from the auctioneer's notes (see
// allocation/auction.hpp): each award against the bids that arrived in time, the correct winner, the
// payment rule, the reserve; and two goals, auctions awarded and a bidder's profit.
#include <algorithm>
#include <map>

#include "allocation/auction.hpp"
#include "check/check.hpp"
#include "check/notes.hpp"

namespace coordlab::check {
namespace {

using protocols::PayloadReader;

struct AuctionRecord {
  std::int64_t reserve_cents = 0;
  std::string mechanism;
  bool scored = false;  // a scoring auction: auction.top_score judges its winner
  std::vector<std::uint16_t> eligible;
  std::vector<allocation::ValidBid> offered;  // bids in time, as offered (before any clamp)
};

struct Award {
  std::string id;
  std::size_t event = 0;
  std::uint16_t winner = 0;
  std::int64_t quote_cents = 0, payment_cents = 0;
};

// Calls `judge(record, award)` for every award; stops at the first failure it returns.
std::optional<CheckResult> for_each_award(const CheckInput& input, const std::function<std::optional<std::string>(const AuctionRecord&, const Award&)>& judge,
                                          std::size_t* awards = nullptr) {
  std::map<std::string, AuctionRecord> auctions;
  std::optional<CheckResult> failure;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    const std::string_view text = input.trace.text(input.trace.event(event).subject);
    const std::string id(note.text("id").value_or(""));
    if (text.rfind("announce ", 0) == 0) {
      AuctionRecord& record = auctions[id];
      record.reserve_cents = note.integer("reserve").value_or(0);
      record.mechanism = std::string(note.text("mechanism").value_or(""));
      record.scored = note.text("scoring").has_value();
      for (std::string_view word : note_list_items(note.text("eligible").value_or(""))) {
        record.eligible.push_back(static_cast<std::uint16_t>(protocols::parse_decimal(word).value_or(0)));
      }
    } else if (text.rfind("bid ", 0) == 0) {
      auctions[id].offered.push_back({static_cast<std::uint16_t>(note.integer("bidder").value_or(0)), note.integer("offered").value_or(0)});
    } else if (text.rfind("award ", 0) == 0) {
      if (awards) ++*awards;
      const Award award{id, event, static_cast<std::uint16_t>(note.integer("winner").value_or(0)), note.integer("quote").value_or(0),
                        note.integer("payment").value_or(0)};
      if (auto problem = judge(auctions[id], award)) {
        failure = fail("auction " + id + ": " + *problem, event);
        return false;
      }
    }
    return true;
  });
  return failure;
}

// The valid bids by the correct rules: in time, from an eligible bidder, at most the reserve.
std::vector<allocation::ValidBid> valid_bids(const AuctionRecord& record) {
  std::vector<allocation::ValidBid> valid;
  for (const auto& bid : record.offered) {
    const bool eligible = std::find(record.eligible.begin(), record.eligible.end(), bid.bidder) != record.eligible.end();
    if (eligible && bid.quote_cents <= record.reserve_cents) valid.push_back(bid);
  }
  return valid;
}

CheckResult winner_lowest_eligible(const CheckInput& input, const Json&) {
  std::size_t awards = 0;
  auto failure = for_each_award(input, [](const AuctionRecord& record, const Award& award) -> std::optional<std::string> {
    if (record.scored) return std::nullopt;
    const allocation::Outcome right = allocation::decide_auction(valid_bids(record), allocation::Mechanism::first_price, record.reserve_cents);
    if (!right.awarded) return "n" + std::to_string(award.winner) + " won, but no eligible bid at or below the reserve arrived in time.";
    if (right.winner != award.winner) {
      return "n" + std::to_string(award.winner) + " won, but the lowest eligible quote was n" + std::to_string(right.winner) + "'s " +
             std::to_string(right.quote_cents) + " cents.";
    }
    return std::nullopt;
  }, &awards);
  if (failure) return *failure;
  return pass(std::to_string(awards) + " auction(s) awarded, each to the lowest eligible quote.");
}

CheckResult payment_rule(const CheckInput& input, const Json&) {
  std::size_t awards = 0;
  auto failure = for_each_award(input, [](const AuctionRecord& record, const Award& award) -> std::optional<std::string> {
    // First price: the winner's quote. Second price: the lowest other valid quote, capped by the reserve
    // (the reserve alone when nobody else bid validly). Whether the winner is right is the other check's.
    std::int64_t expected = award.quote_cents;
    if (record.mechanism != "first_price") {
      expected = record.reserve_cents;
      for (const auto& bid : valid_bids(record))
        if (bid.bidder != award.winner) expected = std::min(expected, bid.quote_cents);
    }
    if (award.payment_cents != expected) {
      return "n" + std::to_string(award.winner) + " is paid " + std::to_string(award.payment_cents) + " cents, but " + record.mechanism + " pays " +
             std::to_string(expected) + ".";
    }
    return std::nullopt;
  }, &awards);
  if (failure) return *failure;
  return pass(std::to_string(awards) + " auction(s) paid by their rule.");
}

CheckResult reserve_respected(const CheckInput& input, const Json&) {
  std::size_t awards = 0;
  auto failure = for_each_award(input, [](const AuctionRecord& record, const Award& award) -> std::optional<std::string> {
    std::int64_t offered = award.quote_cents;
    for (const auto& bid : record.offered)
      if (bid.bidder == award.winner) offered = bid.quote_cents;
    if (offered > record.reserve_cents) {
      return "n" + std::to_string(award.winner) + " offered " + std::to_string(offered) + " cents, above the reserve of " +
             std::to_string(record.reserve_cents) + ", and still won.";
    }
    if (award.payment_cents > record.reserve_cents) return "the payment " + std::to_string(award.payment_cents) + " exceeds the reserve.";
    return std::nullopt;
  }, &awards);
  if (failure) return *failure;
  return pass(std::to_string(awards) + " auction(s) within the reserve.");
}

CheckResult auctions_awarded(const CheckInput& input, const Json& args) {
  const std::int64_t wanted = args["min_awards"].get<std::int64_t>();
  std::int64_t awards = 0;
  for_each_note(input, "award ", [&](std::size_t, std::uint16_t, const PayloadReader&) {
    ++awards;
    return true;
  });
  if (awards < wanted) return fail(std::to_string(awards) + " of the " + std::to_string(wanted) + " auction(s) needed were awarded.");
  return pass(std::to_string(awards) + " auction(s) awarded.");
}

CheckResult bidder_profit(const CheckInput& input, const Json& args) {
  const std::string node = args["node"].get<std::string>();
  const std::int64_t wanted = args["min_cents"].get<std::int64_t>();
  std::int64_t utility = 0, wins = 0;
  for_each_note(input, "won ", [&](std::size_t, std::uint16_t at, const PayloadReader& note) {
    if (input.trace.node_name(at) == node) {
      utility += note.integer("utility").value_or(0);
      ++wins;
    }
    return true;
  });
  const std::string summary = node + " won " + std::to_string(wins) + " auction(s) for a profit of " + std::to_string(utility) + " cents";
  if (wins == 0 || utility < wanted) return fail(summary + "; at least " + std::to_string(wanted) + " is needed.");
  return pass(summary + ".");
}

}  // namespace

std::vector<CheckSpec> auction_checks() {
  return {
      CheckSpec{"auction.winner_lowest_eligible", CheckKind::invariant, "auction",
                "each auction is won by the lowest eligible quote at or below the reserve that arrived in time (ties: lowest node)", {},
                winner_lowest_eligible},
      CheckSpec{"auction.payment_rule", CheckKind::invariant, "auction",
                "the winner is paid its quote (first price) or the second-lowest valid quote, capped by the reserve (second price)", {}, payment_rule},
      CheckSpec{"auction.reserve_respected", CheckKind::invariant, "auction", "no quote above the reserve wins, and no payment exceeds it", {},
                reserve_respected},
      CheckSpec{"auction.awarded", CheckKind::goal, "auction", "at least `min_awards` auctions were awarded",
                {ArgSpec{"min_awards", ArgType::integer, "awards needed", Json(1), 1, 1000}}, auctions_awarded},
      CheckSpec{"auction.bidder_profit", CheckKind::goal, "auction", "bidder `node` won and made at least `min_cents` of profit (payment minus cost)",
                {ArgSpec{"node", ArgType::string, "the bidder", Json(), 0, 0},
                 ArgSpec{"min_cents", ArgType::integer, "profit needed, in cents", Json(1), -1'000'000'000, 1'000'000'000}},
                bidder_profit},
  };
}

}  // namespace coordlab::check

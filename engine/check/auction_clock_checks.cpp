// Checks of clock procurement auctions (allocation/clock_auction.hpp), recomputed from the auctioneer's
// notes: the clock moves the right way by the step from the right start and only the bidders who stayed
// carry on (`auction.clock_rule`), the award and payment follow from the rounds (`auction.clock_award`),
// the winner is the bidder who agreed to the lowest price (`auction.clock_winner_lowest`); and one goal
// for any procurement auction, the buyer's total payment (`auction.buyer_paid_at_most`).
#include <algorithm>
#include <map>

#include "check/check.hpp"
#include "check/notes.hpp"

namespace coordlab::check {
namespace {

using protocols::PayloadReader;
using Nodes = std::vector<std::uint16_t>;

Nodes parse_nodes(std::string_view list) {
  Nodes nodes;
  for (std::string_view word : note_list_items(list)) nodes.push_back(static_cast<std::uint16_t>(protocols::parse_decimal(word).value_or(0)));
  return nodes;
}

struct ClockRound {
  std::int64_t price_cents = 0;
  Nodes active, stayed;  // stayed: counted "stay" replies, in arrival order
};

struct ClockRecord {
  std::string mechanism;
  std::int64_t reserve_cents = 0, start_cents = 0, step_cents = 0;
  std::vector<ClockRound> rounds;
  std::optional<std::size_t> award_event;
  std::uint16_t winner = 0;
  std::int64_t payment_cents = 0;
};

std::string cents(std::int64_t value) {
  std::string text = std::to_string(value / 100);
  text.append(".").append(value % 100 < 10 ? "0" : "").append(std::to_string(value % 100));
  return text;
}
std::string node(std::uint16_t value) { return "n" + std::to_string(value); }

std::map<std::string, ClockRecord> read_clocks(const CheckInput& input) {
  std::map<std::string, ClockRecord> clocks;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    const std::string_view text = input.trace.text(input.trace.event(event).subject);
    const auto word = text.substr(0, text.find(' '));
    const std::string id(note.text("id").value_or(""));
    if (word == "clock_open") {
      ClockRecord& record = clocks[id];
      record.mechanism = std::string(note.text("mechanism").value_or(""));
      record.reserve_cents = note.integer("reserve").value_or(0);
      record.start_cents = note.integer("start").value_or(0);
      record.step_cents = note.integer("step").value_or(0);
    } else if (word == "round" && clocks.count(id)) {
      clocks[id].rounds.push_back({note.integer("price").value_or(0), parse_nodes(note.text("active").value_or("")), {}});
    } else if (word == "reply" && clocks.count(id) && note.integer("stay").value_or(0) == 1 && !clocks[id].rounds.empty()) {
      clocks[id].rounds.back().stayed.push_back(static_cast<std::uint16_t>(note.integer("bidder").value_or(0)));
    } else if (word == "award" && clocks.count(id)) {
      ClockRecord& record = clocks[id];
      record.award_event = event;
      record.winner = static_cast<std::uint16_t>(note.integer("winner").value_or(0));
      record.payment_cents = note.integer("payment").value_or(0);
    }
    return true;
  });
  return clocks;
}

// Runs `judge` on every clock auction; the first problem it names fails the check.
template <typename Judge>
CheckResult judge_clocks(const CheckInput& input, const std::string& passed, Judge judge) {
  const std::map<std::string, ClockRecord> clocks = read_clocks(input);
  for (const auto& [id, record] : clocks) {
    if (auto problem = judge(record)) return fail("clock auction " + id + ": " + *problem, record.award_event);
  }
  return pass(std::to_string(clocks.size()) + " clock auction(s) " + passed);
}

Nodes sorted(Nodes nodes) {
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

std::optional<std::string> rule_problem(const ClockRecord& record) {
  const bool dutch = record.mechanism == "dutch";
  for (std::size_t k = 0; k < record.rounds.size(); ++k) {
    const std::int64_t step = static_cast<std::int64_t>(k) * record.step_cents;
    const std::int64_t expected = dutch ? record.start_cents + step : record.reserve_cents - step;
    const std::int64_t called = record.rounds[k].price_cents;
    if (called != expected) {
      return "round " + std::to_string(k) + " called " + cents(called) + (dutch ? ", but a Dutch clock starts at " + cents(record.start_cents) + " and rises by "
                                                                                : ", but a procurement clock starts at the reserve " + cents(record.reserve_cents) + " and falls by ") +
             cents(record.step_cents) + " a round, so it should be " + cents(expected) + ".";
    }
    if (called > record.reserve_cents || called < 1) return "round " + std::to_string(k) + " called " + cents(called) + ", outside 0.01 to the reserve.";
    if (dutch || k == 0) continue;
    const ClockRound& before = record.rounds[k - 1];
    if (before.stayed.size() < 2) return "round " + std::to_string(k) + " was called although fewer than two bidders stayed in round " + std::to_string(k - 1) + ".";
    if (sorted(before.stayed) != sorted(record.rounds[k].active)) {
      return "round " + std::to_string(k) + " went to other bidders than the ones who stayed in round " + std::to_string(k - 1) + ".";
    }
  }
  return std::nullopt;
}

CheckResult clock_rule(const CheckInput& input, const Json&) {
  return judge_clocks(input, "called their prices by the rule.", rule_problem);
}

// The award the rounds imply: the winner and its payment.
std::optional<std::pair<std::uint16_t, std::int64_t>> implied_award(const ClockRecord& record) {
  if (record.rounds.empty()) return std::nullopt;
  if (record.mechanism == "dutch") {
    for (const ClockRound& round : record.rounds)
      if (!round.stayed.empty()) return std::make_pair(round.stayed.front(), round.price_cents);
    return std::nullopt;
  }
  const ClockRound& last = record.rounds.back();
  if (!last.stayed.empty()) return std::make_pair(sorted(last.stayed).front(), last.price_cents);
  if (record.rounds.size() < 2 || last.active.empty()) return std::nullopt;
  return std::make_pair(sorted(last.active).front(), record.rounds[record.rounds.size() - 2].price_cents);
}

CheckResult clock_award(const CheckInput& input, const Json&) {
  return judge_clocks(input, "awarded as their rounds imply.", [](const ClockRecord& record) -> std::optional<std::string> {
    if (!record.award_event) return std::nullopt;  // still running, or no award
    const auto expected = implied_award(record);
    if (!expected) return node(record.winner) + " was awarded, but no bidder stayed in at any price.";
    if (expected->first != record.winner || expected->second != record.payment_cents) {
      return node(record.winner) + " was awarded for " + cents(record.payment_cents) + ", but the rounds give the task to " + node(expected->first) +
             " for " + cents(expected->second) + ".";
    }
    if (record.payment_cents > record.reserve_cents) return "the payment " + cents(record.payment_cents) + " exceeds the reserve.";
    return std::nullopt;
  });
}

CheckResult clock_winner_lowest(const CheckInput& input, const Json&) {
  return judge_clocks(input, "won by the bidder who agreed to the lowest price.", [](const ClockRecord& record) -> std::optional<std::string> {
    if (!record.award_event) return std::nullopt;
    std::map<std::uint16_t, std::int64_t> lowest;  // by bidder: the lowest price it agreed to
    for (const ClockRound& round : record.rounds)
      for (std::uint16_t bidder : round.stayed) {
        auto [at, fresh] = lowest.emplace(bidder, round.price_cents);
        if (!fresh) at->second = std::min(at->second, round.price_cents);
      }
    const auto own = lowest.find(record.winner);
    for (const auto& [bidder, price] : lowest) {
      if (bidder == record.winner) continue;
      const bool cheaper = own == lowest.end() || price < own->second || (price == own->second && bidder < record.winner);
      if (cheaper) {
        return node(record.winner) + " won for " + cents(record.payment_cents) + ", but " + node(bidder) + " had agreed to do the task for " + cents(price) + ".";
      }
    }
    return std::nullopt;
  });
}

CheckResult buyer_paid_at_most(const CheckInput& input, const Json& args) {
  const std::int64_t most = args["max_cents"].get<std::int64_t>();
  std::int64_t paid = 0, awards = 0;
  for_each_note(input, "award ", [&](std::size_t, std::uint16_t, const PayloadReader& note) {
    paid += note.integer("payment").value_or(0);
    ++awards;
    return true;
  });
  const std::string summary = "the buyer paid " + cents(paid) + " for " + std::to_string(awards) + " awarded auction(s)";
  if (awards == 0) return fail("no auction was awarded.");
  if (paid > most) return fail(summary + ", more than " + cents(most) + ".");
  return pass(summary + ".");
}

}  // namespace

std::vector<CheckSpec> auction_clock_checks() {
  return {
      CheckSpec{"auction.clock_rule", CheckKind::invariant, "clock_auction",
                "a procurement clock starts at the reserve and falls by the step while two or more stay (Dutch: starts low and rises); only "
                "bidders who stayed go on",
                {}, clock_rule},
      CheckSpec{"auction.clock_award", CheckKind::invariant, "clock_auction",
                "the award follows the rounds: the last bidder in, paid the price where the second dropped (Dutch: the first accept, at its price)",
                {}, clock_award},
      CheckSpec{"auction.clock_winner_lowest", CheckKind::invariant, "clock_auction",
                "no other bidder agreed to a lower price than the winner (ties: lowest node)", {}, clock_winner_lowest},
      CheckSpec{"auction.buyer_paid_at_most", CheckKind::goal, "", "at least one auction was awarded and the buyer paid at most `max_cents` in all",
                {ArgSpec{"max_cents", ArgType::integer, "the most the buyer may pay in all, in cents", Json(), 1, 1'000'000'000'000}}, buyer_paid_at_most},
  };
}

}  // namespace coordlab::check

// Checks of the combinatorial auction (allocation/combinatorial.hpp), recomputed from the auctioneer's
// notes: the bids that arrived in time are rebuilt into a winner determination instance and solved
// again. Goals: the learner's pick is an allocation (no good sold twice, only bids received in time)
// and is worth the optimum. Invariant: the auctioneer's own award is feasible and optimal.
#include <map>

#include "allocation/combinatorial.hpp"
#include "check/check.hpp"
#include "check/notes.hpp"

namespace coordlab::check {
namespace {

using allocation::bid_label;
using allocation::WdpBid;
using allocation::WdpInstance;
using protocols::PayloadReader;

std::vector<std::uint32_t> bid_numbers(std::string_view list) {  // "b1,b3" -> 1, 3
  std::vector<std::uint32_t> numbers;
  for (std::string_view word : note_list_items(list)) {
    numbers.push_back(static_cast<std::uint32_t>(protocols::parse_decimal(word.substr(word.empty() ? 0 : 1)).value_or(0)));
  }
  return numbers;
}

std::vector<std::uint32_t> good_numbers(std::string_view list) {
  std::vector<std::uint32_t> goods;
  for (std::string_view word : note_list_items(list)) goods.push_back(static_cast<std::uint32_t>(protocols::parse_decimal(word).value_or(0)));
  return goods;
}

// The bids in hand at one point: by bid number, those that arrived in time since the last restart.
struct Received {
  std::uint32_t good_count = 0;
  std::size_t bid_count = 0;
  std::vector<std::string> good_names;
  std::map<std::uint32_t, WdpBid> bids;
  std::map<std::uint32_t, std::string> excluded;  // why a bid is out

  std::string good_name(std::uint32_t good) const {
    std::string name = "good " + std::to_string(good);
    if (good < good_names.size()) name.append(" (").append(good_names[good]).append(")");
    return name;
  }
  // Bid numbers kept: a bid not in hand has no goods (it cannot be chosen without an error first).
  WdpInstance by_number() const {
    WdpInstance instance{good_count, {}, std::vector<WdpBid>(bid_count)};
    for (const auto& [number, bid] : bids) instance.bids[number] = bid;
    return instance;
  }
  std::int64_t optimum(allocation::WdpStatus& status) const {
    WdpInstance compact{good_count, {}, {}};
    for (const auto& entry : bids) compact.bids.push_back(entry.second);
    const allocation::WdpSolution solution = allocation::solve_wdp(compact);
    status = solution.status;
    return solution.welfare;
  }
};

struct Award {
  std::size_t event = 0;
  std::vector<std::uint32_t> chosen;
  std::int64_t welfare = 0, upper_bound = 0;
  bool limited = false;  // the solver hit its node limit: the welfare is only bounded
  Received received;  // the bids in hand at the close
};

struct AuctionRun {
  Received received;
  std::vector<Award> awards;
  std::optional<std::vector<std::uint32_t>> pick;
  std::size_t pick_event = 0;
};

std::uint32_t bid_number(const PayloadReader& note) {
  const std::vector<std::uint32_t> numbers = bid_numbers(note.text("bid").value_or(""));
  return numbers.empty() ? 0 : numbers.front();
}

AuctionRun read_run(const CheckInput& input) {
  AuctionRun run;
  Received& now = run.received;
  for_each_note(input, "wdp_", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    const std::string_view text = input.trace.text(input.trace.event(event).subject);
    const std::string_view kind = text.substr(0, text.find(' '));
    if (kind == "wdp_open") {
      now.good_count = static_cast<std::uint32_t>(note.integer("goods").value_or(0));
      now.bid_count = static_cast<std::size_t>(note.integer("bids").value_or(0));
      std::string_view names = note.text("names").value_or("");
      while (!names.empty()) {
        const std::size_t comma = names.find(',');
        now.good_names.emplace_back(names.substr(0, comma));
        names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 1);
      }
    } else if (kind == "wdp_bid" && bid_number(note) < now.bid_count) {
      now.bids[bid_number(note)] = WdpBid{std::string(note.text("bidder").value_or("")), good_numbers(note.text("goods").value_or("")),
                                          note.integer("price").value_or(0)};
    } else if (kind == "wdp_late") {
      now.excluded[bid_number(note)] = "arrived late (t=" + std::to_string(note.integer("arrived").value_or(0)) + ", after the deadline t=" +
                                       std::to_string(note.integer("deadline").value_or(0)) + ")";
    } else if (kind == "wdp_missing") {
      now.excluded[bid_number(note)] = "never arrived (lost, or its bidder was down)";
    } else if (kind == "wdp_restart") {
      for (const auto& entry : now.bids) now.excluded[entry.first] = "was lost when the auctioneer crashed";
      now.bids.clear();
    } else if (kind == "wdp_award") {
      run.awards.push_back(Award{event, bid_numbers(note.text("chosen").value_or("none")), note.integer("welfare").value_or(0),
                                 note.integer("upper_bound").value_or(0), note.text("status").value_or("") == "node_limit", now});
    } else if (kind == "wdp_pick") {
      run.pick = bid_numbers(note.text("chosen").value_or("none"));
      run.pick_event = event;
    }
    return true;
  });
  return run;
}

std::string list_text(const std::vector<std::uint32_t>& bids) {
  std::string text;
  for (std::uint32_t bid : bids) text.append(text.empty() ? "" : " ").append(bid_label(bid));
  return text.empty() ? "the empty allocation" : text;
}

// The welfare of `chosen` over the bids in hand, or why it is not an allocation of them.
Result<std::int64_t> judge_allocation(const Received& received, const std::vector<std::uint32_t>& chosen) {
  for (std::uint32_t bid : chosen) {
    if (received.bids.count(bid) > 0) continue;
    const auto why = received.excluded.find(bid);
    return make_error("auction.not_received", bid_label(bid) + " is not among the bids received in time: it " +
                                                  (why == received.excluded.end() ? std::string("has not arrived") : why->second) + ".");
  }
  Result<std::int64_t> welfare = allocation::allocation_welfare(received.by_number(), chosen);
  if (welfare.ok() || welfare.error().code != "wdp.good_sold_twice") return welfare;
  // Name the good and both bids in the lab's words (allocation_welfare counts bids from 0, as b0 does).
  std::map<std::uint32_t, std::uint32_t> holder;
  for (std::uint32_t bid : chosen) {
    for (std::uint32_t good : received.bids.at(bid).goods) {
      const auto [at, fresh] = holder.emplace(good, bid);
      if (!fresh) {
        return make_error("auction.good_sold_twice", received.good_name(good) + " would be sold twice: " + bid_label(at->second) + " and " +
                                                         bid_label(bid) + " both contain it. Drop one of them.");
      }
    }
  }
  return welfare;
}

// The learner's last pick, judged against the bids in hand at the close (or now, while still open).
struct JudgedPick {
  std::optional<CheckResult> failure;
  std::int64_t welfare = 0;
  Received received;
};

JudgedPick judge_pick(const AuctionRun& run) {
  JudgedPick judged;
  if (!run.pick) {
    judged.failure = fail("no allocation picked yet: give the auctioneer (node 0) \"pick b1 b3 ...\" with the bids you accept.");
    return judged;
  }
  judged.received = run.awards.empty() ? run.received : run.awards.back().received;
  // A bid missing at the close may have turned up late since: say so.
  for (const auto& [bid, why] : run.received.excluded) judged.received.excluded[bid] = why;
  Result<std::int64_t> welfare = judge_allocation(judged.received, *run.pick);
  if (!welfare.ok()) {
    judged.failure = fail("your allocation " + list_text(*run.pick) + " is not feasible: " + welfare.error().message, run.pick_event);
    return judged;
  }
  judged.welfare = welfare.value();
  return judged;
}

CheckResult allocation_feasible(const CheckInput& input, const Json&) {
  const AuctionRun run = read_run(input);
  JudgedPick judged = judge_pick(run);
  if (judged.failure) return *judged.failure;
  return pass("your allocation " + list_text(*run.pick) + " sells each good at most once and is worth " + std::to_string(judged.welfare) + " cents.");
}

CheckResult welfare_optimal(const CheckInput& input, const Json&) {
  const AuctionRun run = read_run(input);
  JudgedPick judged = judge_pick(run);
  if (judged.failure) return *judged.failure;
  if (run.awards.empty()) return fail("the auction has not closed yet: run past its deadline so the bids received are known.");
  allocation::WdpStatus status = allocation::WdpStatus::optimal;
  const std::int64_t optimum = judged.received.optimum(status);
  if (status != allocation::WdpStatus::optimal) return fail("the optimum over the bids received could not be proven within the search node limit.");
  const std::string received = std::to_string(judged.received.bids.size()) + " bids received in time";
  if (judged.welfare != optimum) {
    return fail("your allocation " + list_text(*run.pick) + " is worth " + std::to_string(judged.welfare) + " cents; the best allocation of the " +
                    received + " is worth " + std::to_string(optimum) + ".",
                run.pick_event);
  }
  return pass("your allocation " + list_text(*run.pick) + " is worth " + std::to_string(optimum) + " cents, the optimum over the " + received + ".");
}

CheckResult award_optimal(const CheckInput& input, const Json&) {
  const AuctionRun run = read_run(input);
  for (const Award& award : run.awards) {
    Result<std::int64_t> welfare = judge_allocation(award.received, award.chosen);
    if (!welfare.ok()) return fail("the auctioneer accepted " + list_text(award.chosen) + ", which is not feasible: " + welfare.error().message, award.event);
    if (welfare.value() != award.welfare) {
      return fail("the auctioneer announced a welfare of " + std::to_string(award.welfare) + " cents, but its bids are worth " +
                      std::to_string(welfare.value()) + ".",
                  award.event);
    }
    allocation::WdpStatus status = allocation::WdpStatus::optimal;
    const std::int64_t optimum = award.received.optimum(status);
    if (!award.limited && status == allocation::WdpStatus::optimal && optimum != award.welfare) {
      return fail("the auctioneer's allocation is worth " + std::to_string(award.welfare) + " cents, but the bids received in time allow " +
                      std::to_string(optimum) + ".",
                  award.event);
    }
    if (award.limited && (award.welfare > award.upper_bound || (status == allocation::WdpStatus::optimal && optimum > award.upper_bound))) {
      return fail("the auctioneer's unproven award states an upper bound of " + std::to_string(award.upper_bound) + " that does not hold.", award.event);
    }
  }
  return pass(std::to_string(run.awards.size()) + " award(s), each feasible and optimal over the bids received in time.");
}

}  // namespace

std::vector<CheckSpec> combinatorial_checks() {
  return {
      CheckSpec{"auction.allocation_feasible", CheckKind::goal, "combinatorial_auction",
                "the learner's allocation (\"pick\") accepts only bids received in time, and no two of them share a good", {}, allocation_feasible},
      CheckSpec{"auction.welfare_optimal", CheckKind::goal, "combinatorial_auction",
                "the learner's allocation is feasible and worth as much as the best allocation of the bids received in time", {}, welfare_optimal},
      CheckSpec{"auction.wdp_award_optimal", CheckKind::invariant, "combinatorial_auction",
                "every award of the auctioneer is feasible over the bids received in time and worth their optimum", {}, award_optimal},
  };
}

}  // namespace coordlab::check

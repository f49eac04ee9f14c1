// Checks of scoring auctions, deadlines and the learner's bidding (issue 17), from the auctioneer's and
// bidders' notes (allocation/auction.hpp): the weights are valid, the winner has the top score under
// FIXED anchors (whatever normalisation the run used), no bid after the deadline was counted, and (I8)
// the learner's standing shade earns the most over many auctions and is truthful.
#include <algorithm>
#include <map>

#include "allocation/auction.hpp"
#include "allocation/shade_curve.hpp"
#include "check/check.hpp"
#include "check/notes.hpp"

namespace coordlab::check {
namespace {

using allocation::Anchor;
using allocation::CriterionValues;
using protocols::PayloadReader;

std::string name(const CheckInput& input, std::uint16_t node) { return std::string(input.trace.node_name(node)); }

struct ScoredAuction {
  bool scored = false;
  CriterionValues weights{};
  allocation::ScoringParams fixed;  // the announced anchors and weights, normalisation fixed_anchors
  std::int64_t deadline_tick = 0;
  std::vector<allocation::OfferedBid> in_time;
};

std::optional<Anchor> parse_anchor(std::string_view text) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) return std::nullopt;
  const auto worst = protocols::parse_decimal(text.substr(0, dots)), best = protocols::parse_decimal(text.substr(dots + 2));
  if (!worst || !best) return std::nullopt;
  return Anchor{*worst, *best};
}

void read_announce(const PayloadReader& note, ScoredAuction& auction) {
  auction.deadline_tick = note.integer("deadline").value_or(0);
  const auto weights = allocation::parse_criterion_list(note.text("weights").value_or(""));
  const auto cost = parse_anchor(note.text("cost_anchor").value_or("")), throughput = parse_anchor(note.text("throughput_anchor").value_or(""));
  auction.scored = weights && cost && throughput;
  if (!auction.scored) return;
  auction.weights = *weights;
  auction.fixed.normalisation = allocation::Normalisation::fixed_anchors;
  auction.fixed.weights_permille = *weights;
  auction.fixed.cost_cents = *cost;
  auction.fixed.throughput = *throughput;
}

CheckResult weights_valid(const CheckInput& input, const Json&) {
  std::int64_t scored = 0;
  std::optional<CheckResult> failure;
  for_each_note(input, "announce ", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    ScoredAuction auction;
    read_announce(note, auction);
    if (!auction.scored) return true;
    ++scored;
    if (auto problem = allocation::weights_problem(auction.weights)) {
      failure = fail("auction " + std::string(note.text("id").value_or("")) + ": " + *problem + " (weights must be >= 0 and sum to 1000).", event);
      return false;
    }
    return true;
  });
  if (failure) return *failure;
  return pass(std::to_string(scored) + " scoring auction(s), each with weights >= 0 summing to 1000 permille.");
}

// The fixed-anchor top score of an auction's in-time bids: a bidder, or 0 for none.
std::uint16_t fixed_top(const ScoredAuction& auction) {
  const std::vector<allocation::BidScore> scores = allocation::score_bids(auction.in_time, auction.fixed);
  const std::optional<std::size_t> top = allocation::top_score_index(scores);
  return top ? scores[*top].bidder : 0;
}

CheckResult top_score(const CheckInput& input, const Json& args) {
  const std::string wanted = args["node"].get<std::string>();
  const std::int64_t min_scored = args["min_scored"].get<std::int64_t>();
  std::map<std::string, ScoredAuction> auctions;
  std::int64_t scored = 0;
  std::optional<CheckResult> failure;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    const std::string_view text = input.trace.text(input.trace.event(event).subject);
    const std::string id(note.text("id").value_or(""));
    if (text.rfind("announce ", 0) == 0) read_announce(note, auctions[id]);
    if (!auctions[id].scored) return true;
    ScoredAuction& auction = auctions[id];
    const auto bidder = static_cast<std::uint16_t>(note.integer("bidder").value_or(0));
    const auto attributes = allocation::parse_criterion_list(note.text("attributes").value_or(""));
    if (text.rfind("bid ", 0) == 0 && attributes && input.trace.event(event).tick.value <= auction.deadline_tick) auction.in_time.push_back({bidder, *attributes});
    if (text.rfind("award ", 0) != 0) return true;
    ++scored;
    const std::uint16_t winner = static_cast<std::uint16_t>(note.integer("winner").value_or(0)), top = fixed_top(auction);
    std::string problem;
    if (winner != top) problem = name(input, winner) + " won, but under the fixed anchors " + name(input, top) + " has the top score.";
    else if (!wanted.empty() && name(input, top) != wanted) problem = name(input, top) + " has the top score, not " + wanted + ".";
    if (!problem.empty()) failure = fail("auction " + id + ": " + problem, event);
    return problem.empty();
  });
  if (failure) return *failure;
  if (scored < min_scored) return fail(std::to_string(scored) + " scoring auction(s) awarded; " + std::to_string(min_scored) + " needed.");
  return pass(std::to_string(scored) + " scoring auction(s), each won by the top score under fixed anchors" + (wanted.empty() ? "" : " (" + wanted + ")") + ".");
}

CheckResult late_bids_excluded(const CheckInput& input, const Json&) {
  std::map<std::string, std::int64_t> deadline;
  std::map<std::string, std::vector<std::uint16_t>> late;
  std::int64_t bids = 0;
  std::optional<CheckResult> failure;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    const std::string_view text = input.trace.text(input.trace.event(event).subject);
    const std::string id(note.text("id").value_or(""));
    const auto bidder = static_cast<std::uint16_t>(note.integer("bidder").value_or(0));
    const std::int64_t tick = input.trace.event(event).tick.value;
    if (text.rfind("announce ", 0) == 0) deadline[id] = note.integer("deadline").value_or(0);
    if (text.rfind("late_bid ", 0) == 0) late[id].push_back(bidder);
    if (text.rfind("bid ", 0) == 0 && deadline.count(id) && tick > deadline[id]) {
      failure = fail("auction " + id + ": " + name(input, bidder) + "'s bid arrived at tick " + std::to_string(tick) + ", after the deadline " +
                         std::to_string(deadline[id]) + ", and was counted.",
                     event);
    }
    const auto winner = static_cast<std::uint16_t>(note.integer("winner").value_or(0));
    if (text.rfind("award ", 0) == 0 && std::count(late[id].begin(), late[id].end(), winner) > 0) {
      failure = fail("auction " + id + ": " + name(input, winner) + " won with a late bid.", event);
    }
    bids += text.rfind("bid ", 0) == 0 ? 1 : 0;
    return !failure;
  });
  if (failure) return *failure;
  std::size_t late_count = 0;
  for (const auto& [id, bidders] : late) late_count += bidders.size();
  return pass(std::to_string(bids) + " bid(s) counted, all in time; " + std::to_string(late_count) + " late bid(s) left out.");
}

CheckResult truthful_best(const CheckInput& input, const Json& args) {
  const std::int64_t min_auctions = args["min_auctions"].get<std::int64_t>();
  const std::int64_t tolerance = args["tolerance_permille"].get<std::int64_t>();
  const allocation::ShadeCurve curve = allocation::shade_utility_curve(input.trace, input.event_count);
  if (!curve.found) return fail("the learner set no shade: send \"shade permille=P\" to your bidder.");
  if (curve.shade_changes > 0) return fail("the shade changed " + std::to_string(curve.shade_changes) + " time(s): pick one shade for every auction.");
  if (curve.auctions < min_auctions) {
    return fail("the learner's quote reached " + std::to_string(curve.auctions) + " closed auction(s); " + std::to_string(min_auctions) + " are needed.");
  }
  const std::string chosen = "shade " + std::to_string(curve.chosen_shade_permille) + " earned " + std::to_string(curve.chosen.utility_cents) +
                             " cents over " + std::to_string(curve.auctions) + " auctions";
  if (curve.chosen.utility_cents < curve.best.utility_cents) {
    return fail(chosen + ", but shade " + std::to_string(curve.best.shade_permille) + " would have earned " + std::to_string(curve.best.utility_cents) + ".");
  }
  const std::int64_t off = curve.chosen_shade_permille > 1000 ? curve.chosen_shade_permille - 1000 : 1000 - curve.chosen_shade_permille;
  if (off > tolerance) return fail(chosen + " (the most here), but it is not truthful: more than " + std::to_string(tolerance) + " permille from 1000.");
  return pass(chosen + ": the most of any shade, and truthful within " + std::to_string(tolerance) + " permille.");
}

}  // namespace

std::vector<CheckSpec> auction_scoring_checks() {
  return {
      CheckSpec{"auction.weights_valid", CheckKind::invariant, "auction", "every scoring auction's weights are >= 0 and sum to 1000 permille", {},
                weights_valid},
      CheckSpec{"auction.top_score", CheckKind::invariant, "auction",
                "every scoring auction is won by the top score under its fixed anchors (ties: lowest node); `node`, if set, must be that top scorer",
                {ArgSpec{"node", ArgType::string, "the bidder that must have the top score (\"\": any)", Json(""), 0, 0},
                 ArgSpec{"min_scored", ArgType::integer, "scoring auctions that must be awarded", Json(0), 0, 1000}},
                top_score},
      CheckSpec{"auction.late_bids_excluded", CheckKind::invariant, "auction", "no bid that arrived after its auction's deadline is counted or wins", {},
                late_bids_excluded},
      CheckSpec{"auction.truthful_best", CheckKind::goal, "auction",
                "over at least `min_auctions` auctions, the learner's one shade earns the most utility of any shade (replayed against the same "
                "quotes) and is within `tolerance_permille` of truthful (1000)",
                {ArgSpec{"min_auctions", ArgType::integer, "auctions the learner's quote must reach", Json(200), 1, 1000},
                 ArgSpec{"tolerance_permille", ArgType::integer, "how far from 1000 still counts as truthful", Json(50), 0, 1000}},
                truthful_best},
  };
}

}  // namespace coordlab::check

// The learner's utility against its shade, replayed over the auctions of a trace (see shade_curve.hpp).
#include "allocation/shade_curve.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "allocation/auction.hpp"
#include "core/limits.hpp"
#include "protocols/payload.hpp"

namespace coordlab::allocation {
namespace {

constexpr std::int64_t kLowestShadePermille = 500, kHighestShadePermille = 1500;

struct Replay {
  std::int64_t reserve_cents = 0;
  Mechanism mechanism = Mechanism::second_price;
  AwardRule award = AwardRule::lowest;
  std::vector<ValidBid> others;  // the other bidders' valid quotes
  bool learner_quoted = false;   // the learner's quote arrived in time (valid or over the reserve)
  bool closed = false;
};

// What the learner would have earned in `auction` quoting `quote_cents`.
std::int64_t replay_utility(const Replay& auction, std::uint16_t learner, std::int64_t quote_cents, std::int64_t cost_cents, bool& won) {
  std::vector<ValidBid> bids = auction.others;
  if (quote_cents <= auction.reserve_cents) bids.push_back({learner, quote_cents});
  const Outcome outcome = decide_auction(bids, auction.mechanism, auction.reserve_cents, auction.award);
  won = outcome.awarded && outcome.winner == learner;
  return won ? outcome.payment_cents - cost_cents : 0;
}

ShadePoint point_at(const std::map<std::string, Replay>& auctions, const ShadeCurve& curve, std::int64_t shade_permille) {
  ShadePoint point{shade_permille, 0, 0};
  const std::int64_t quote = std::max<std::int64_t>(1, curve.cost_cents * shade_permille / 1000);
  for (const auto& [id, auction] : auctions) {
    if (!auction.closed || !auction.learner_quoted) continue;
    bool won = false;
    point.utility_cents += replay_utility(auction, curve.learner, quote, curve.cost_cents, won);
    point.wins += won ? 1 : 0;
  }
  return point;
}

void read_note(std::string_view text, std::uint16_t node, std::map<std::string, Replay>& auctions, ShadeCurve& curve) {
  const protocols::PayloadReader note(text);
  if (text.rfind("learner_shade ", 0) == 0) {
    curve.shade_changes += curve.found ? 1 : 0;
    curve.found = true;
    curve.learner = node;
    curve.chosen_shade_permille = note.integer("shade").value_or(0);
    curve.cost_cents = note.integer("cost").value_or(0);
    return;
  }
  const std::string id(note.text("id").value_or(""));
  if (text.rfind("announce ", 0) == 0) {
    Replay& auction = auctions[id];
    auction.reserve_cents = note.integer("reserve").value_or(0);
    auction.mechanism = note.text("mechanism").value_or("") == "first_price" ? Mechanism::first_price : Mechanism::second_price;
    auction.award = note.text("award").value_or("") == "course_most_expensive" ? AwardRule::course_most_expensive : AwardRule::lowest;
    return;
  }
  const auto found = auctions.find(id);
  if (found == auctions.end() || found->second.closed) return;
  Replay& auction = found->second;
  const auto bidder = static_cast<std::uint16_t>(note.integer("bidder").value_or(0));
  const bool quoted = text.rfind("bid ", 0) == 0 || text.rfind("reject_bid ", 0) == 0;
  if (quoted && curve.found && bidder == curve.learner) auction.learner_quoted = true;
  else if (text.rfind("bid ", 0) == 0) auction.others.push_back({bidder, note.integer("quote").value_or(0)});
  if (text.rfind("award ", 0) == 0 || text.rfind("no_award ", 0) == 0) auction.closed = true;
}

}  // namespace

ShadeCurve shade_utility_curve(const sim::Trace& trace, std::size_t event_count) {
  ShadeCurve curve;
  std::map<std::string, Replay> auctions;
  for (std::size_t i = 0; i < event_count; ++i) {
    const sim::TraceEvent& event = trace.event(i);
    if (event.kind == sim::EventKind::note) read_note(trace.text(event.subject), event.node, auctions, curve);
  }
  if (!curve.found) return curve;
  for (const auto& [id, auction] : auctions) curve.auctions += auction.closed && auction.learner_quoted ? 1 : 0;
  std::vector<std::int64_t> shades;
  for (std::int64_t shade = kLowestShadePermille; shade <= kHighestShadePermille; shade += limits::kShadeCurveStepPermille) shades.push_back(shade);
  if (std::find(shades.begin(), shades.end(), curve.chosen_shade_permille) == shades.end()) shades.push_back(curve.chosen_shade_permille);
  std::sort(shades.begin(), shades.end());
  for (std::int64_t shade : shades) {
    const ShadePoint point = point_at(auctions, curve, shade);
    curve.points.push_back(point);
    if (shade == curve.chosen_shade_permille) curve.chosen = point;
    const auto distance = [](std::int64_t s) { return s > 1000 ? s - 1000 : 1000 - s; };
    const bool better = curve.points.size() == 1 || point.utility_cents > curve.best.utility_cents ||
                        (point.utility_cents == curve.best.utility_cents && distance(shade) < distance(curve.best.shade_permille));
    if (better) curve.best = point;
  }
  return curve;
}

}  // namespace coordlab::allocation

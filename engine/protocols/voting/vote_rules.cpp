#include "protocols/voting/vote_rules.hpp"

#include <algorithm>
#include <map>

#include "core/assert.hpp"

namespace coordlab::protocols::voting {
namespace {

Tally binary(const Rule& rule, const std::vector<Ballot>& ballots) {
  Tally tally;
  tally.ballots = static_cast<std::int64_t>(ballots.size());
  for (const Ballot& ballot : ballots) {
    const std::int64_t amount = rule.kind == RuleKind::weighted ? ballot.weight : 1;
    (ballot.yes ? tally.yes : tally.no) += amount;
  }
  const std::int64_t total = tally.yes + tally.no;
  const std::string counts = std::to_string(tally.yes) + " yes, " + std::to_string(tally.no) + " no";
  switch (rule.kind) {
    case RuleKind::majority:
      if (tally.yes == tally.no) {
        tally.outcome = Outcome::tie;
        tally.explanation = counts + ": a tie is not a majority.";
      } else {
        tally.outcome = tally.yes * 2 > total ? Outcome::accepted : Outcome::rejected;
        tally.explanation = counts + ": a majority needs more than half.";
      }
      break;
    case RuleKind::supermajority:
    case RuleKind::weighted:
      // k * yes >= m * total, all integers: 2 of 3 passes at 2/3, exactly.
      tally.outcome = rule.denominator * tally.yes >= rule.numerator * total ? Outcome::accepted : Outcome::rejected;
      tally.explanation = counts + (rule.kind == RuleKind::weighted ? " (by weight)" : "") + ": passes when " +
                          std::to_string(rule.denominator) + " x yes >= " + std::to_string(rule.numerator) + " x " +
                          std::to_string(total) + ".";
      break;
    case RuleKind::course_float: {
      // The course's rule, reproduced on purpose: yes / total >= 0.67 in floating point.
      const double share = static_cast<double>(tally.yes) / static_cast<double>(total);
      const double threshold = static_cast<double>(rule.course_threshold_per_mille) / 1000.0;
      tally.outcome = share >= threshold ? Outcome::accepted : Outcome::rejected;
      tally.explanation = counts + ": the course compares " + std::to_string(share) + " with " + std::to_string(threshold) + ".";
      break;
    }
    default: ENGINE_ASSERT(false);
  }
  return tally;
}

// Plurality and Borda both pick the option with the most points; a shared top score is a tie.
Tally election(const Rule& rule, const std::vector<Ballot>& ballots) {
  Tally tally;
  tally.ballots = static_cast<std::int64_t>(ballots.size());
  std::map<std::string, std::int64_t> points;
  for (const Ballot& ballot : ballots) {
    if (rule.kind == RuleKind::plurality) {
      points[ballot.option] += 1;
      continue;
    }
    const auto size = static_cast<std::int64_t>(ballot.ranking.size());
    for (std::int64_t place = 0; place < size; ++place) points[ballot.ranking[static_cast<std::size_t>(place)]] += size - 1 - place;
  }
  std::int64_t best = -1;
  std::vector<std::string> leaders;
  for (const auto& [option, score] : points) {  // std::map: ties listed in name order
    if (score > best) {
      best = score;
      leaders = {option};
    } else if (score == best) {
      leaders.push_back(option);
    }
  }
  std::string listing;
  for (const auto& [option, score] : points) listing += (listing.empty() ? "" : ", ") + option + " " + std::to_string(score);
  if (leaders.size() == 1) {
    tally.outcome = Outcome::elected;
    tally.winner = leaders.front();
    tally.explanation = listing + ": " + tally.winner + " has the most " + (rule.kind == RuleKind::borda ? "points." : "votes.");
  } else {
    tally.outcome = Outcome::tie;
    for (const auto& leader : leaders) tally.winner += (tally.winner.empty() ? "" : "|") + leader;
    tally.explanation = listing + ": a tie between " + tally.winner + ".";
  }
  return tally;
}

}  // namespace

std::vector<std::string> split_ranking(std::string_view text) {
  std::vector<std::string> ranking;
  while (!text.empty()) {
    std::size_t arrow = text.find('>');
    ranking.emplace_back(text.substr(0, arrow));
    text = arrow == std::string_view::npos ? std::string_view{} : text.substr(arrow + 1);
  }
  return ranking;
}

std::string_view rule_name(RuleKind rule) {
  switch (rule) {
    case RuleKind::majority: return "majority";
    case RuleKind::supermajority: return "supermajority";
    case RuleKind::weighted: return "weighted";
    case RuleKind::plurality: return "plurality";
    case RuleKind::borda: return "borda";
    case RuleKind::course_float: return "course_float";
  }
  return "unknown";
}

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::accepted: return "accepted";
    case Outcome::rejected: return "rejected";
    case Outcome::tie: return "tie";
    case Outcome::no_quorum: return "no_quorum";
    case Outcome::no_votes: return "no_votes";
    case Outcome::elected: return "elected";
  }
  return "unknown";
}

Result<RuleKind> parse_rule(std::string_view text) {
  for (RuleKind kind : {RuleKind::majority, RuleKind::supermajority, RuleKind::weighted, RuleKind::plurality, RuleKind::borda,
                        RuleKind::course_float}) {
    if (rule_name(kind) == text) return kind;
  }
  return make_error("vote.unknown_rule", "unknown vote rule \"" + std::string(text) +
                                             "\"; use majority, supermajority, weighted, plurality, borda or course_float.");
}

Tally count_votes(const Rule& rule, const std::vector<Ballot>& ballots) {
  ENGINE_ASSERT(rule.denominator > 0 && rule.numerator >= 0 && rule.numerator <= rule.denominator);
  Tally tally;
  tally.ballots = static_cast<std::int64_t>(ballots.size());
  if (ballots.empty()) {
    tally.outcome = Outcome::no_votes;
    tally.explanation = "nobody voted, so nothing is decided.";
    return tally;
  }
  if (rule.quorum_ballots > 0 && tally.ballots < rule.quorum_ballots) {
    tally.outcome = Outcome::no_quorum;
    tally.explanation = std::to_string(tally.ballots) + " ballot(s), but at least " + std::to_string(rule.quorum_ballots) +
                        " must take part.";
    return tally;
  }
  if (rule.kind == RuleKind::plurality || rule.kind == RuleKind::borda) return election(rule, ballots);
  return binary(rule, ballots);
}

std::int64_t minimum_yes_to_pass(const Rule& rule, std::int64_t voters) {
  for (std::int64_t yes = 0; yes <= voters; ++yes) {
    std::vector<Ballot> ballots;
    for (std::int64_t i = 0; i < voters; ++i) ballots.push_back(Ballot{static_cast<std::uint16_t>(i), i < yes, 1, {}, {}});
    Rule relaxed = rule;
    relaxed.quorum_ballots = 0;
    if (count_votes(relaxed, ballots).outcome == Outcome::accepted) return yes;
  }
  return -1;  // nothing passes (e.g. the course's float rule on tiny electorates never reached)
}

}  // namespace coordlab::protocols::voting

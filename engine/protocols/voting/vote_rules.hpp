// Vote counting rules, in integer arithmetic so every platform agrees: simple majority, an m/k
// supermajority (passes when k * yes >= m * votes), weighted (the same on weights), plurality and ranked
// (Borda) elections, each with a minimum participation (quorum) and explicit results for ties and for
// no votes at all. The course's float rule (yes / total >= 0.67) is kept as a labelled variant so a
// lesson can show it rejecting 2 of 3 and failing on zero votes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace coordlab::protocols::voting {

enum class RuleKind : std::uint8_t { majority, supermajority, weighted, plurality, borda, course_float };
enum class Outcome : std::uint8_t { accepted, rejected, tie, no_quorum, no_votes, elected };

std::string_view rule_name(RuleKind rule);
std::string_view outcome_name(Outcome outcome);
Result<RuleKind> parse_rule(std::string_view text);

struct Rule {
  RuleKind kind = RuleKind::majority;
  std::int64_t numerator = 2;       // supermajority / weighted threshold m/k
  std::int64_t denominator = 3;
  std::int64_t quorum_ballots = 1;  // fewer ballots than this: no_quorum (0 disables)
  std::int64_t course_threshold_per_mille = 670;  // course_float: 0.67 as the course writes it
};

struct Ballot {
  std::uint16_t voter = 0;
  bool yes = false;                   // majority, supermajority, weighted, course_float
  std::int64_t weight = 1;            // weighted
  std::string option;                 // plurality
  std::vector<std::string> ranking;   // borda: best first
};

struct Tally {
  Outcome outcome = Outcome::no_votes;
  std::int64_t yes = 0;      // count, or weight for weighted
  std::int64_t no = 0;
  std::int64_t ballots = 0;
  std::string winner;        // plurality / borda
  std::string explanation;   // one sentence a learner can check by hand
};

// Counts `ballots` under `rule`. Options for plurality and Borda are the ones that appear in ballots.
Tally count_votes(const Rule& rule, const std::vector<Ballot>& ballots);

// "a>b>c" -> {"a", "b", "c"}: a ranked ballot as written in payloads and inputs.
std::vector<std::string> split_ranking(std::string_view text);

// The smallest number of yes votes out of `voters` that passes (majority / supermajority), for lessons.
std::int64_t minimum_yes_to_pass(const Rule& rule, std::int64_t voters);

}  // namespace coordlab::protocols::voting

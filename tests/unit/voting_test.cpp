// Voting: the counting rules in integer arithmetic (the course's exercise cases, ties, zero votes,
// quorum, weights, plurality and Borda), the voting protocol over a faulty network (one vote per voter,
// timeouts), and vote.outcome_correct catching the course's float threshold. A seed sweep with loss and
// duplicates checks every decision (its size: support/sweep_size.hpp).
#include <doctest/doctest.h>

#include "app/session.hpp"
#include "check/check.hpp"
#include "protocols/voting/vote_rules.hpp"
#include "support/sweep_size.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::protocols::voting;

std::vector<Ballot> yes_no(int yes, int no) {
  std::vector<Ballot> ballots;
  for (int i = 0; i < yes + no; ++i) ballots.push_back(Ballot{static_cast<std::uint16_t>(i), i < yes, 1, {}, {}});
  return ballots;
}

Rule rule(RuleKind kind, std::int64_t m = 2, std::int64_t k = 3, std::int64_t quorum = 1) {
  Rule r;
  r.kind = kind;
  r.numerator = m;
  r.denominator = k;
  r.quorum_ballots = quorum;
  return r;
}

app::Session voting_session(const Json& params, std::uint64_t seed, const Json& network) {
  Json scenario = {{"format", "coordlab.scenario/1"}, {"name", "voting_test"}, {"protocol", "voting"}, {"nodes", 4},
                   {"params", params}, {"network", network}};
  Result<app::Scenario> parsed = app::parse_scenario(scenario);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().to_string()));
  Result<app::Session> session = app::Session::create(parsed.value(), seed);
  REQUIRE(session.ok());
  return std::move(session.value());
}

check::CheckResult outcome_check(const app::Session& session, std::int64_t min_decisions = 1) {
  check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
  Result<check::CheckResult> result = check::run_check("vote.outcome_correct", {{"min_decisions", min_decisions}}, input);
  REQUIRE(result.ok());
  return result.value();
}

std::string last_decision(const app::Session& session) {
  for (std::size_t i = session.trace().event_count(); i-- > 0;) {
    const auto& event = session.trace().event(i);
    if (event.kind == sim::EventKind::note && session.trace().text(event.subject).substr(0, 8) == "decided ") {
      return std::string(session.trace().text(event.subject));
    }
  }
  return "";
}

}  // namespace

TEST_CASE("voting: supermajority 2/3 in integers: the course's exercise cases") {
  const Rule two_thirds = rule(RuleKind::supermajority);
  CHECK(count_votes(two_thirds, yes_no(2, 1)).outcome == Outcome::accepted);
  CHECK(count_votes(two_thirds, yes_no(1, 1)).outcome == Outcome::rejected);
  CHECK(count_votes(two_thirds, yes_no(4, 2)).outcome == Outcome::accepted);
  CHECK(count_votes(two_thirds, yes_no(5, 2)).outcome == Outcome::accepted);
  CHECK(count_votes(two_thirds, yes_no(0, 0)).outcome == Outcome::no_votes);
  CHECK(count_votes(rule(RuleKind::supermajority, 2, 3, 3), yes_no(2, 0)).outcome == Outcome::no_quorum);
}

TEST_CASE("voting: minimum yes votes: majority and two thirds for n = 3, 6, 7") {
  const std::int64_t expected[][3] = {{3, 2, 2}, {6, 4, 4}, {7, 4, 5}};
  for (const auto& row : expected) {
    CAPTURE(row[0]);
    CHECK(minimum_yes_to_pass(rule(RuleKind::majority), row[0]) == row[1]);
    CHECK(minimum_yes_to_pass(rule(RuleKind::supermajority), row[0]) == row[2]);
  }
}

TEST_CASE("voting: course pitfall: yes/total >= 0.67 rejects 2 of 3, and zero votes decide nothing") {
  const Rule course = rule(RuleKind::course_float);
  Tally two_of_three = count_votes(course, yes_no(2, 1));
  CHECK(two_of_three.outcome == Outcome::rejected);
  CHECK(count_votes(course, yes_no(0, 0)).outcome == Outcome::no_votes);
  CHECK(minimum_yes_to_pass(course, 3) == 3);
}

TEST_CASE("voting: majority: ties are explicit; weighted counts weight; plurality and Borda name winners or ties") {
  CHECK(count_votes(rule(RuleKind::majority), yes_no(2, 2)).outcome == Outcome::tie);
  CHECK(count_votes(rule(RuleKind::majority), yes_no(3, 2)).outcome == Outcome::accepted);
  std::vector<Ballot> weighted = {{0, true, 3, {}, {}}, {1, false, 1, {}, {}}, {2, false, 1, {}, {}}};
  CHECK(count_votes(rule(RuleKind::weighted, 3, 5), weighted).outcome == Outcome::accepted);  // 3/5 of weight 5
  weighted[0].weight = 2;
  CHECK(count_votes(rule(RuleKind::weighted, 3, 5), weighted).outcome == Outcome::rejected);
  std::vector<Ballot> plural = {{0, false, 1, "a", {}}, {1, false, 1, "b", {}}, {2, false, 1, "a", {}}};
  Tally plurality = count_votes(rule(RuleKind::plurality), plural);
  CHECK(plurality.outcome == Outcome::elected);
  CHECK(plurality.winner == "a");
  plural.pop_back();
  Tally tie = count_votes(rule(RuleKind::plurality), plural);
  CHECK(tie.outcome == Outcome::tie);
  CHECK(tie.winner == "a|b");
  std::vector<Ballot> ranked = {{0, false, 1, {}, {"a", "b", "c"}}, {1, false, 1, {}, {"b", "c", "a"}}, {2, false, 1, {}, {"b", "a", "c"}}};
  Tally borda = count_votes(rule(RuleKind::borda), ranked);
  CHECK(borda.outcome == Outcome::elected);
  CHECK(borda.winner == "b");
  CHECK(borda.explanation == "a 3, b 5, c 1: b has the most points.");
}

TEST_CASE("voting: protocol: votes travel as messages and the decision is correct") {
  app::Session session = voting_session({{"rule", "supermajority"}, {"ballots", {"yes", "yes", "no"}}}, 1,
                                        {{"latency_min_ticks", 2}, {"latency_max_ticks", 8}});
  REQUIRE(session.apply(Json{{"op", "input"}, {"node", "n0"}, {"text", "propose id=p1"}}).ok());
  REQUIRE(session.apply(Json{{"op", "run"}, {"ticks", 200}}).ok());
  CHECK(last_decision(session).find("outcome=accepted yes=2 no=1 ballots=3") != std::string::npos);
  CHECK(outcome_check(session).passed);
}

TEST_CASE("voting: protocol: a duplicated vote counts once; a timeout decides with the ballots received") {
  app::Session session = voting_session({{"rule", "majority"}, {"timeout_ticks", 50}, {"ballots", {"yes", "abstain", "no"}}}, 2,
                                        {{"latency_min_ticks", 2}, {"latency_max_ticks", 4}, {"duplicate_ratio", "1"}});
  REQUIRE(session.apply(Json{{"op", "input"}, {"node", "n0"}, {"text", "propose id=p1"}}).ok());
  REQUIRE(session.apply(Json{{"op", "run"}, {"ticks", 200}}).ok());
  CHECK(last_decision(session).find("outcome=tie yes=1 no=1 ballots=2") != std::string::npos);
  CHECK(outcome_check(session).passed);
}

TEST_CASE("voting: protocol: learner input sets a voter's ballot; bad input is an error") {
  app::Session session = voting_session({{"rule", "supermajority"}, {"ballots", {"no", "no", "no"}}}, 3,
                                        {{"latency_min_ticks", 1}, {"latency_max_ticks", 3}});
  for (const char* voter : {"n1", "n2"}) REQUIRE(session.apply(Json{{"op", "input"}, {"node", voter}, {"text", "vote id=p1 choice=yes"}}).ok());
  REQUIRE(session.apply(Json{{"op", "input"}, {"node", "n0"}, {"text", "propose id=p1 threshold=2/3"}}).ok());
  REQUIRE(session.apply(Json{{"op", "run"}, {"ticks", 100}}).ok());
  CHECK(last_decision(session).find("outcome=accepted yes=2 no=1") != std::string::npos);
  CHECK_FALSE(session.apply(Json{{"op", "input"}, {"node", "n0"}, {"text", "propose id=p1"}}).ok());  // duplicate id
  CHECK_FALSE(session.apply(Json{{"op", "input"}, {"node", "n0"}, {"text", "propose id=p2 threshold=0.67"}}).ok());
  CHECK_FALSE(session.apply(Json{{"op", "input"}, {"node", "n1"}, {"text", "vote id=p2"}}).ok());
}

TEST_CASE("voting: vote.outcome_correct catches the course's float threshold on 2 of 3") {
  app::Session session = voting_session({{"rule", "course_float"}, {"ballots", {"yes", "yes", "no"}}}, 4,
                                        {{"latency_min_ticks", 1}, {"latency_max_ticks", 5}});
  REQUIRE(session.apply(Json{{"op", "input"}, {"node", "n0"}, {"text", "propose id=p1"}}).ok());
  REQUIRE(session.apply(Json{{"op", "run"}, {"ticks", 200}}).ok());
  check::CheckResult result = outcome_check(session);
  CHECK_FALSE(result.passed);
  REQUIRE(result.first_violation.has_value());
  CHECK(session.trace().canonical_line(*result.first_violation).find("outcome=rejected") != std::string::npos);
  CHECK_FALSE(outcome_check(voting_session({{"rule", "majority"}}, 4, {{"latency_min_ticks", 1}}), 1).passed);  // nothing decided
}

TEST_CASE("voting: params: a decimal threshold is rejected with the reason") {
  Json scenario = {{"format", "coordlab.scenario/1"}, {"name", "v"}, {"protocol", "voting"}, {"nodes", 3},
                   {"params", {{"rule", "supermajority"}, {"threshold", "0.67"}}}};
  Result<app::Scenario> parsed = app::parse_scenario(scenario);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "params.bad_threshold");
  CHECK(parsed.error().pointer == "/params/threshold");
}

TEST_CASE("voting: seed sweep: every decision is correct under loss, duplicates and reordering") {
  const std::uint64_t seeds = test_support::sweep_seed_count(2000);
  const char* rules[] = {"majority", "supermajority", "weighted", "plurality", "borda"};
  const char* choices[] = {"yes", "no", "abstain", "a", "b", "a>b>c", "c>b>a"};
  std::uint64_t decisions = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    Random random(seed);
    Json ballots = Json::array();
    for (int voter = 0; voter < 3; ++voter) ballots.push_back(choices[random.below(7)]);
    Json params = {{"rule", rules[seed % 5]}, {"ballots", ballots}, {"weights", {random.range(0, 3), random.range(0, 3), random.range(0, 3)}},
                   {"quorum_ballots", random.range(0, 3)}, {"timeout_ticks", 40}};
    app::Session session = voting_session(params, seed, {{"latency_min_ticks", 1}, {"latency_max_ticks", 30}, {"drop_ratio", "1/5"},
                                                         {"duplicate_ratio", "1/5"}, {"reorder_ratio", "1/5"}});
    REQUIRE(session.apply(Json{{"op", "input"}, {"node", "n0"}, {"text", "propose id=p1"}}).ok());
    REQUIRE(session.apply(Json{{"op", "run"}, {"ticks", 100}}).ok());
    check::CheckResult result = outcome_check(session);
    if (!result.passed) {
      MESSAGE("SEED=" << seed << ": " << result.reason);
      REQUIRE(result.passed);
    }
    ++decisions;
  }
  CHECK(decisions == seeds);
}

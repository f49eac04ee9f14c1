// Sealed-bid procurement auctions: the winner and payment rules on their own (first and second price,
// reserve, ties), the protocol over the simulated network (eligibility, late bids, rejected quotes, the
// learner as a bidder), the course's two variants each caught by a check, and a seed sweep with loss,
// duplicates and random bidders that keeps every auction.* invariant.
#include <doctest/doctest.h>

#include <string>

#include "allocation/auction.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using allocation::AwardRule;
using allocation::Mechanism;
using allocation::ValidBid;
using test_support::evaluate;
using test_support::make_session;

Json bidder(std::int64_t cost_cents, const char* strategy = "truthful") { return {{"cost_cents", cost_cents}, {"strategy", strategy}}; }

Json auction_scenario(Json params, Json network = Json::object()) {
  if (network.empty()) network = {{"latency_min_ticks", 2}, {"latency_max_ticks", 8}};
  const std::size_t bidders = params.contains("bidders") ? params["bidders"].size() : 3;
  return {{"format", "coordlab.scenario/1"}, {"name", "auction_test"}, {"protocol", "auction"}, {"nodes", bidders + 1},
          {"params", std::move(params)},      {"network", std::move(network)}};
}

std::string trace_text(const app::Session& session) {
  std::string text;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) text.append(session.trace().canonical_line(i)).append("\n");
  return text;
}

void announce(app::Session& session, const std::string& id) {
  test_support::apply(session, {{"op", "input"}, {"node", "n0"}, {"text", "announce id=" + id}});
}

void expect_invariants_hold(const app::Session& session) {
  for (const char* id : {"auction.winner_lowest_eligible", "auction.payment_rule", "auction.reserve_respected"}) {
    CAPTURE(id);
    check::CheckResult result = evaluate(session, id);
    CHECK_MESSAGE(result.passed, result.reason);
  }
}

}  // namespace

TEST_CASE("auction: rules: lowest quote wins; first price pays the quote, second price the next quote or the reserve") {
  const std::vector<ValidBid> bids = {{1, 420}, {2, 300}, {3, 450}};
  allocation::Outcome first = allocation::decide_auction(bids, Mechanism::first_price, 500);
  CHECK(first.winner == 2);
  CHECK(first.payment_cents == 300);
  allocation::Outcome second = allocation::decide_auction(bids, Mechanism::second_price, 500);
  CHECK(second.winner == 2);
  CHECK(second.payment_cents == 420);
  CHECK(allocation::decide_auction({{3, 300}}, Mechanism::second_price, 500).payment_cents == 500);  // alone: the reserve
  CHECK(allocation::decide_auction({{3, 300}, {1, 300}}, Mechanism::second_price, 500).winner == 1);  // tie: lowest node
  CHECK(allocation::decide_auction({{3, 300}, {1, 300}}, Mechanism::second_price, 500).payment_cents == 300);
  CHECK_FALSE(allocation::decide_auction({}, Mechanism::second_price, 500).awarded);
  CHECK(allocation::decide_auction(bids, Mechanism::second_price, 500, AwardRule::course_most_expensive).winner == 3);
}

TEST_CASE("auction: eligibility: the course's capability match in permille (0.6/0.2/0.1/0.1)") {
  allocation::BidderProfile profile;
  profile.skill_permille = 500;
  profile.capacity_permille = 400;
  profile.quality_permille = 600;
  profile.reliability_permille = 200;
  CHECK(allocation::capability_match_permille(profile) == 300 + 80 + 60 + 20);
}

TEST_CASE("auction: protocol: a Vickrey auction over the network awards the lowest eligible quote and pays the second") {
  Json low_skill = bidder(100);
  low_skill["skill_permille"] = 100;  // match 100*0.6 + 1000*0.4 = 460 < 500: not invited
  app::Session session = make_session(auction_scenario({{"reserve_cents", 1000}, {"bidders", {bidder(400), bidder(600), low_skill, bidder(1200)}}}));
  announce(session, "t1");
  test_support::apply(session, {{"op", "run"}, {"ticks", 300}});
  expect_invariants_hold(session);
  const std::string trace = trace_text(session);
  CHECK(trace.find("eligibility id=t1 bidder=3 match=460 eligible=0") != std::string::npos);
  CHECK(trace.find("reject_bid id=t1 bidder=4 offered=1200 reason=above_reserve") != std::string::npos);
  CHECK(trace.find("award id=t1 winner=1 quote=400 payment=600 mechanism=second_price reserve=1000 bids=2") != std::string::npos);
  CHECK(trace.find("won id=t1 payment=600 cost=400 utility=200") != std::string::npos);
}

TEST_CASE("auction: protocol: a bid after the deadline is out, and the trace says so") {
  app::Session session = make_session(auction_scenario({{"bid_window_ticks", 20}, {"bidders", {bidder(400), bidder(600)}}}));
  test_support::apply(session, {{"op", "set_link"}, {"from", "n1"}, {"to", "n0"}, {"latency_min_ticks", 50}, {"latency_max_ticks", 50}});
  announce(session, "t1");
  test_support::apply(session, {{"op", "run"}, {"ticks", 300}});
  const std::string trace = trace_text(session);
  CHECK(trace.find("late_bid id=t1 bidder=1 offered=400") != std::string::npos);
  CHECK(trace.find("award id=t1 winner=2 quote=600 payment=100000") != std::string::npos);  // alone: paid the reserve
  expect_invariants_hold(session);
}

TEST_CASE("auction: learner bidder: the quote is an input command; other bidders refuse input; bad quotes are errors") {
  app::Session session = make_session(auction_scenario({{"reserve_cents", 600}, {"bidders", {bidder(400, "learner"), bidder(450), bidder(520)}}}));
  CHECK_FALSE(session.apply({{"op", "input"}, {"node", "n2"}, {"text", "quote cents=10"}}).ok());
  CHECK_FALSE(session.apply({{"op", "input"}, {"node", "n1"}, {"text", "quote cents=-5"}}).ok());
  test_support::apply(session, {{"op", "input"}, {"node", "n1"}, {"text", "quote cents=100"}});
  announce(session, "t1");
  test_support::apply(session, {{"op", "run"}, {"ticks", 300}});
  CHECK(evaluate(session, "auction.bidder_profit", {{"node", "n1"}, {"min_cents", 50}}).passed);  // paid 450 for a cost of 400
  CHECK_FALSE(evaluate(session, "auction.bidder_profit", {{"node", "n1"}, {"min_cents", 51}}).passed);
  expect_invariants_hold(session);
}

TEST_CASE("auction: course pitfalls: awarding the most expensive quote and clamping to the budget are each caught") {
  const Json bidders = {bidder(400), bidder(600), bidder(700)};
  app::Session expensive = make_session(auction_scenario({{"reserve_cents", 1000}, {"award", "course_most_expensive"}, {"bidders", bidders}}));
  announce(expensive, "t1");
  test_support::apply(expensive, {{"op", "run"}, {"ticks", 300}});
  check::CheckResult winner = evaluate(expensive, "auction.winner_lowest_eligible");
  CHECK_FALSE(winner.passed);
  CHECK(winner.reason == "auction t1: n3 won, but the lowest eligible quote was n1's 400 cents.");

  // Every cost is above a budget of 350: the right answer is no award; the clamp makes every quote 350.
  app::Session clamped = make_session(auction_scenario({{"reserve_cents", 350}, {"budget", "course_clamp"}, {"bidders", bidders}}));
  announce(clamped, "t1");
  test_support::apply(clamped, {{"op", "run"}, {"ticks", 300}});
  check::CheckResult reserve = evaluate(clamped, "auction.reserve_respected");
  CHECK_FALSE(reserve.passed);
  CHECK(reserve.reason == "auction t1: n1 offered 400 cents, above the reserve of 350, and still won.");
}

TEST_CASE("auction: params: bad values are errors with a pointer") {
  Result<app::Scenario> parsed = app::parse_scenario(auction_scenario({{"bidders", {{{"cost_cents", 0}}}}}));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().pointer == "/params/bidders/0/cost_cents");
  parsed = app::parse_scenario(auction_scenario({{"mechanism", "english"}}));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().pointer == "/params/mechanism");
}

TEST_CASE("auction: seed sweep: random bidders under loss and duplicates keep every auction.* invariant") {
  const std::uint64_t seeds = test_support::sweep_seed_count(200);
  Json random_bidder = bidder(500, "random");
  random_bidder["random_low_permille"] = 600;
  random_bidder["random_high_permille"] = 1600;
  Json params = {{"reserve_cents", 700}, {"bid_window_ticks", 30}, {"bidders", {random_bidder, random_bidder, random_bidder, random_bidder, random_bidder}}};
  Json network = {{"latency_min_ticks", 1}, {"latency_max_ticks", 40}, {"drop_ratio", "1/10"}, {"duplicate_ratio", "1/10"}};
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    app::Session session = make_session(auction_scenario(params, network), seed);
    for (int round = 0; round < 5; ++round) {
      announce(session, "a" + std::to_string(round));
      test_support::apply(session, {{"op", "run"}, {"ticks", 60}});
    }
    for (const char* id : {"auction.winner_lowest_eligible", "auction.payment_rule", "auction.reserve_respected"}) {
      check::CheckResult result = evaluate(session, id);
      if (!result.passed) FAIL("SEED=" << seed << " " << id << ": " << result.reason);
    }
  }
  MESSAGE("auction sweep: " << seeds << " seeds, 5 auctions each");
}

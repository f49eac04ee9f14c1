// Clock procurement auctions over the simulated network: the descending clock awards the cheapest
// bidder at about the second cost (Vickrey within one step), the Dutch clock awards the first accept at
// its price, the learner bids through input, a lost reply is a drop; the course's ascending English
// auction is caught by the checks; and seed sweeps with loss, duplicates and random bidders keep every
// auction.clock_* invariant.
#include <doctest/doctest.h>

#include <string>

#include "allocation/clock_auction.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using test_support::evaluate;
using test_support::make_session;

Json bidder(std::int64_t cost_cents, const char* strategy = "truthful") { return {{"cost_cents", cost_cents}, {"strategy", strategy}}; }

Json clock_scenario(Json params, Json network = Json::object()) {
  if (network.empty()) network = {{"latency_min_ticks", 2}, {"latency_max_ticks", 8}};
  const std::size_t bidders = params.contains("bidders") ? params["bidders"].size() : 3;
  return {{"format", "coordlab.scenario/1"}, {"name", "clock_test"}, {"protocol", "clock_auction"}, {"nodes", bidders + 1},
          {"params", std::move(params)},      {"network", std::move(network)}};
}

std::string trace_text(const app::Session& session) {
  std::string text;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) text.append(session.trace().canonical_line(i)).append("\n");
  return text;
}

void announce_and_run(app::Session& session, const std::string& id, std::int64_t ticks) {
  test_support::apply(session, {{"op", "input"}, {"node", "n0"}, {"text", "announce id=" + id}});
  test_support::apply(session, {{"op", "run"}, {"ticks", ticks}});
}

constexpr const char* kInvariants[] = {"auction.clock_rule", "auction.clock_award", "auction.clock_winner_lowest"};

void expect_invariants_hold(const app::Session& session) {
  for (const char* id : kInvariants) {
    CAPTURE(id);
    check::CheckResult result = evaluate(session, id);
    CHECK_MESSAGE(result.passed, result.reason);
  }
}

const Json kThreeSellers = {bidder(30'000), bidder(45'000), bidder(60'000)};

}  // namespace

TEST_CASE("auction clock: prices: the descending clock falls from the reserve, the Dutch clock rises from the start") {
  allocation::ClockParams params;
  params.reserve_cents = 10'000;
  params.step_cents = 1'000;
  CHECK(allocation::clock_price_cents(params, 0) == 10'000);
  CHECK(allocation::clock_price_cents(params, 3) == 7'000);
  CHECK(allocation::clock_round_count(params) == 10);  // 100.00 down to 10.00
  params.mechanism = allocation::ClockMechanism::dutch;
  params.start_cents = 2'000;
  CHECK(allocation::clock_price_cents(params, 3) == 5'000);
  CHECK(allocation::clock_round_count(params) == 9);  // 20.00 up to 100.00
  CHECK(allocation::clock_bidder_stays(allocation::ClockMechanism::descending_clock, 5'000, 4'000));
  CHECK_FALSE(allocation::clock_bidder_stays(allocation::ClockMechanism::descending_clock, 3'000, 4'000));
  CHECK(allocation::clock_bidder_stays(allocation::ClockMechanism::course_english, 3'000, 4'000));  // the buyer's rule
}

TEST_CASE("auction clock: descending: the cheapest seller wins at the price where the second dropped") {
  app::Session session = make_session(clock_scenario({{"reserve_cents", 80'000}, {"step_cents", 1'000}, {"bidders", kThreeSellers}}));
  announce_and_run(session, "t1", 2'000);
  expect_invariants_hold(session);
  const std::string trace = trace_text(session);
  CHECK(trace.find("drop id=t1 bidder=3 round=21 reason=declined") != std::string::npos);  // 590.00 < 600.00
  CHECK(trace.find("drop id=t1 bidder=2 round=36 reason=declined") != std::string::npos);  // 440.00 < 450.00
  CHECK(trace.find("award id=t1 winner=1 quote=44000 payment=44000 mechanism=descending_clock") != std::string::npos);
  CHECK(trace.find("won id=t1 payment=44000 cost=30000 utility=14000") != std::string::npos);
  CHECK(evaluate(session, "auction.buyer_paid_at_most", {{"max_cents", 45'000}}).passed);
  CHECK_FALSE(evaluate(session, "auction.buyer_paid_at_most", {{"max_cents", 43'999}}).passed);
}

TEST_CASE("auction clock: descending: two sellers dropping together tie; the lowest node wins at the previous price") {
  app::Session session = make_session(clock_scenario({{"reserve_cents", 10'000}, {"step_cents", 1'000}, {"bidders", {bidder(5'500), bidder(5'500)}}}));
  announce_and_run(session, "t1", 1'000);
  expect_invariants_hold(session);
  CHECK(trace_text(session).find("award id=t1 winner=1 quote=6000 payment=6000 mechanism=descending_clock reserve=10000 bids=2 rounds=6 reason=tie") !=
        std::string::npos);
}

TEST_CASE("auction clock: dutch: the price rises until the first seller accepts, who is paid that price") {
  app::Session session = make_session(
      clock_scenario({{"mechanism", "dutch"}, {"reserve_cents", 80'000}, {"start_cents", 20'000}, {"step_cents", 1'000}, {"bidders", kThreeSellers}}));
  announce_and_run(session, "t1", 2'000);
  expect_invariants_hold(session);
  const std::string trace = trace_text(session);
  CHECK(trace.find("award id=t1 winner=1 quote=30000 payment=30000 mechanism=dutch") != std::string::npos);  // truthful: zero profit
  CHECK(trace.find("reason=first_accept") != std::string::npos);
}

TEST_CASE("auction clock: dutch: no seller accepts below the reserve, no award") {
  app::Session session = make_session(
      clock_scenario({{"mechanism", "dutch"}, {"reserve_cents", 25'000}, {"start_cents", 20'000}, {"step_cents", 1'000}, {"bidders", kThreeSellers}}));
  announce_and_run(session, "t1", 2'000);
  expect_invariants_hold(session);
  CHECK(trace_text(session).find("no_award id=t1 reason=reserve_reached") != std::string::npos);
}

TEST_CASE("auction clock: learner: the limit is an input; a shaded Dutch accept earns a profit, a lost reply is a drop") {
  Json sellers = kThreeSellers;
  sellers[0] = bidder(30'000, "learner");
  app::Session dutch = make_session(
      clock_scenario({{"mechanism", "dutch"}, {"reserve_cents", 80'000}, {"start_cents", 20'000}, {"step_cents", 1'000}, {"bidders", sellers}}));
  CHECK_FALSE(dutch.apply({{"op", "input"}, {"node", "n2"}, {"text", "quote cents=100"}}).ok());
  CHECK_FALSE(dutch.apply({{"op", "input"}, {"node", "n1"}, {"text", "quote cents=0"}}).ok());
  test_support::apply(dutch, {{"op", "input"}, {"node", "n1"}, {"text", "quote cents=44000"}});
  announce_and_run(dutch, "t1", 2'000);
  expect_invariants_hold(dutch);
  CHECK(evaluate(dutch, "auction.bidder_profit", {{"node", "n1"}, {"min_cents", 14'000}}).passed);  // accepts 440.00 before n2 at 450.00

  // Every reply of n1 is lost: it counts as a drop in round 0 and n2 wins the descending clock.
  app::Session lossy = make_session(clock_scenario({{"reserve_cents", 80'000}, {"step_cents", 1'000}, {"bidders", kThreeSellers}}));
  test_support::apply(lossy, {{"op", "set_link"}, {"from", "n1"}, {"to", "n0"}, {"drop_ratio", "1/1"}});
  announce_and_run(lossy, "t1", 2'000);
  expect_invariants_hold(lossy);
  const std::string trace = trace_text(lossy);
  CHECK(trace.find("drop id=t1 bidder=1 round=0 reason=no_reply") != std::string::npos);
  CHECK(trace.find("award id=t1 winner=2 quote=59000") != std::string::npos);
}

TEST_CASE("auction clock: course pitfall: the ascending English auction awards the most expensive seller and is caught") {
  Json sellers = {bidder(30'000), bidder(45'000), bidder(60'000)};
  app::Session course = make_session(clock_scenario(
      {{"mechanism", "course_english"}, {"reserve_cents", 80'000}, {"start_cents", 10'000}, {"step_cents", 1'000}, {"bidders", sellers}}));
  announce_and_run(course, "t1", 3'000);
  CHECK(trace_text(course).find("award id=t1 winner=3 quote=46000 payment=46000 mechanism=course_english") != std::string::npos);
  check::CheckResult rule = evaluate(course, "auction.clock_rule");
  CHECK_FALSE(rule.passed);
  CHECK(rule.reason ==
        "clock auction t1: round 0 called 100.00, but a procurement clock starts at the reserve 800.00 and falls by 10.00 a round, so it should be 800.00.");
  check::CheckResult lowest = evaluate(course, "auction.clock_winner_lowest");
  CHECK_FALSE(lowest.passed);
  CHECK(lowest.reason == "clock auction t1: n3 won for 460.00, but n1 had agreed to do the task for 100.00.");
  CHECK(evaluate(course, "auction.clock_award").passed);  // consistent with its own rounds: the mistake is the direction
  CHECK_FALSE(evaluate(course, "auction.buyer_paid_at_most", {{"max_cents", 45'000}}).passed);
}

TEST_CASE("auction clock: params: bad values are errors with a pointer; too many rounds is a limit error") {
  Result<app::Scenario> parsed = app::parse_scenario(clock_scenario({{"mechanism", "english"}}));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().pointer == "/params/mechanism");
  parsed = app::parse_scenario(clock_scenario({{"mechanism", "dutch"}, {"start_cents", 200'000}}));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "params.bad_range");
  parsed = app::parse_scenario(clock_scenario({{"reserve_cents", 100'000}, {"step_cents", 1}}));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "limit.clock_rounds");
  CHECK(parsed.error().pointer == "/params/step_cents");
  parsed = app::parse_scenario(clock_scenario({{"bidders", {{{"strategy", "greedy"}}}}}));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().pointer == "/params/bidders/0/strategy");
}

TEST_CASE("auction clock: seed sweep: random sellers under loss, duplicates and late replies keep every auction.clock_* invariant") {
  const std::uint64_t seeds = test_support::sweep_seed_count(150);
  Json random_seller = bidder(50'000, "random");
  random_seller["random_low_permille"] = 600;
  random_seller["random_high_permille"] = 1400;
  const Json sellers = {random_seller, random_seller, random_seller, random_seller, random_seller};
  const Json network = {{"latency_min_ticks", 1}, {"latency_max_ticks", 25}, {"drop_ratio", "1/10"}, {"duplicate_ratio", "1/10"}};
  std::size_t awards = 0, late = 0;
  for (const char* mechanism : {"descending_clock", "dutch"}) {
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
      app::Session session = make_session(
          clock_scenario({{"mechanism", mechanism}, {"reserve_cents", 70'000}, {"start_cents", 20'000}, {"step_cents", 2'000}, {"round_ticks", 20},
                          {"bidders", sellers}},
                         network),
          seed);
      for (int auction = 0; auction < 3; ++auction) announce_and_run(session, "a" + std::to_string(auction), 800);
      const std::string trace = trace_text(session);
      for (std::size_t at = trace.find("award id="); at != std::string::npos; at = trace.find("award id=", at + 1)) ++awards;
      for (std::size_t at = trace.find("late_reply"); at != std::string::npos; at = trace.find("late_reply", at + 1)) ++late;
      for (const char* id : kInvariants) {
        check::CheckResult result = evaluate(session, id);
        if (!result.passed) FAIL(mechanism << " SEED=" << seed << " " << id << ": " << result.reason);
      }
    }
  }
  CHECK(awards > seeds);  // the sweep exercised awards, and late replies were excluded along the way
  CHECK(late > 0);
  MESSAGE("clock sweep: " << seeds << " seeds x 2 mechanisms x 3 auctions; " << awards << " awards, " << late << " late replies excluded");
}

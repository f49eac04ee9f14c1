// Scoring auctions and the learner's bidding: fixed-anchor normalisation does not depend on the other
// bids while the course's bid-relative one gives a lone bid 0; weights are validated; over the network
// the top score wins and the Bids view carries each criterion and a breakdown; each new check
// (weights_valid, top_score, late_bids_excluded, truthful_best) passes on the right run and fails on
// the course's variant or a wrong strategy; and a seed sweep with loss keeps the invariants.
#include <doctest/doctest.h>

#include <string>

#include "allocation/auction.hpp"
#include "allocation/shade_curve.hpp"
#include "app/domain_views.hpp"
#include "app/plot_model.hpp"
#include "protocols/payload.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using allocation::OfferedBid;
using allocation::ScoringParams;
using test_support::evaluate;
using test_support::make_session;

Json supplier(std::int64_t cost, std::int64_t quality, std::int64_t throughput, std::int64_t reliability, std::int64_t innovation) {
  return {{"cost_cents", cost},           {"quality_permille", quality},         {"throughput_per_hour", throughput},
          {"reliability_permille", reliability}, {"innovation_permille", innovation}};
}

// The P9 suppliers: equal weights pick agent_b under fixed anchors, agent_a under the course's normalisation.
Json scoring_params(const char* scoring = "fixed_anchors") {
  return {{"mechanism", "first_price"}, {"reserve_cents", 100000}, {"scoring", scoring}, {"cost_worst_cents", 100000}, {"cost_best_cents", 40000},
          {"throughput_worst", 0}, {"throughput_best", 100},
          {"bidders", {supplier(50000, 600, 60, 700, 500), supplier(70000, 900, 40, 800, 800), supplier(80000, 800, 90, 950, 300)}}};
}

Json scenario(Json params, Json network = Json::object()) {
  if (network.empty()) network = {{"latency_min_ticks", 2}, {"latency_max_ticks", 8}};
  const std::size_t bidders = params["bidders"].size();
  Json nodes = Json::array({"buyer"});
  for (std::size_t i = 0; i < bidders; ++i) nodes.push_back(std::string("agent_") + static_cast<char>('a' + i));
  return {{"format", "coordlab.scenario/1"}, {"name", "scoring_test"}, {"protocol", "auction"}, {"nodes", nodes},
          {"params", std::move(params)},      {"network", std::move(network)}};
}

app::Session run_one(const Json& document, std::uint64_t seed = 1) {
  app::Session session = make_session(document, seed);
  test_support::apply(session, {{"op", "input"}, {"node", "buyer"}, {"text", "announce id=t1"}});
  test_support::apply(session, {{"op", "run"}, {"ticks", 300}});
  return session;
}

std::string trace_text(const app::Session& session) {
  std::string text;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) text.append(session.trace().canonical_line(i)).append("\n");
  return text;
}

ScoringParams fixed_params() {
  ScoringParams params;
  params.normalisation = allocation::Normalisation::fixed_anchors;
  params.cost_cents = {100000, 40000};
  return params;
}

}  // namespace

TEST_CASE("scoring: normalisation: fixed anchors clamp to [0, 1000] and ignore the other bids; the course's gives a lone bid 0") {
  CHECK(allocation::anchored_permille(70000, {100000, 40000}) == 500);
  CHECK(allocation::anchored_permille(30000, {100000, 40000}) == 1000);  // better than the best anchor: capped
  CHECK(allocation::anchored_permille(150, {0, 100}) == 1000);
  const OfferedBid a{1, {50000, 600, 60, 700, 500}}, b{2, {70000, 900, 40, 800, 800}};
  ScoringParams fixed = fixed_params();
  CHECK(allocation::score_bids({a}, fixed)[0].weighted_micro == allocation::score_bids({a, b}, fixed)[0].weighted_micro);
  ScoringParams course = fixed;
  course.normalisation = allocation::Normalisation::course_relative;
  CHECK(allocation::score_bids({a}, course)[0].criterion_permille[0] == 0);       // a lone bid scores 0 on cost
  CHECK(allocation::score_bids({a, b}, course)[0].criterion_permille[0] == 1000);  // adding a bid changes its score
  const OfferedBid boast{3, {90000, 0, 500, 0, 0}};                                // the course never caps throughput
  CHECK(allocation::score_bids({boast}, course)[0].criterion_permille[2] == 5000);
  CHECK(allocation::score_bids({boast}, fixed)[0].criterion_permille[2] == 1000);
}

TEST_CASE("scoring: weights: negative or not summing to 1000 is a problem, and a params error with a pointer") {
  CHECK_FALSE(allocation::weights_problem({200, 200, 200, 200, 200}));
  CHECK(*allocation::weights_problem({200, 200, 200, 200, 300}) == "the weights sum to 1100 permille, not 1000");
  CHECK(*allocation::weights_problem({-100, 300, 400, 200, 200}) == "the cost weight is negative (-100)");
  Json params = scoring_params();
  params["weight_cost_permille"] = 300;
  Result<app::Scenario> parsed = app::parse_scenario(scenario(params));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "params.weights_sum");
  CHECK(parsed.error().pointer == "/params/weight_cost_permille");
  params = scoring_params();
  params["mechanism"] = "second_price";
  parsed = app::parse_scenario(scenario(params));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "params.conflict");
  params = scoring_params();
  params["cost_best_cents"] = 200000;
  CHECK_FALSE(app::parse_scenario(scenario(params)).ok());
}

TEST_CASE("scoring: protocol: the top score under fixed anchors wins and is paid its quote; the view has bars and a breakdown") {
  app::Session session = run_one(scenario(scoring_params()));
  const std::string trace = trace_text(session);
  CHECK(trace.find("score id=t1 bidder=2 total=680 values=500,900,400,800,800") != std::string::npos);
  CHECK(trace.find("award id=t1 winner=2 quote=70000 payment=70000 mechanism=first_price") != std::string::npos);
  for (const char* id : {"auction.weights_valid", "auction.top_score", "auction.late_bids_excluded", "auction.payment_rule", "auction.reserve_respected"}) {
    CAPTURE(id);
    CHECK(evaluate(session, id).passed);
  }
  CHECK(evaluate(session, "auction.top_score", {{"node", "agent_b"}, {"min_scored", 1}}).passed);
  check::CheckResult not_c = evaluate(session, "auction.top_score", {{"node", "agent_c"}});
  CHECK_FALSE(not_c.passed);
  CHECK(not_c.reason == "auction t1: agent_b has the top score, not agent_c.");

  Json weighted = scoring_params();
  for (const auto& [key, value] : {std::pair{"weight_cost_permille", 200}, {"weight_quality_permille", 100}, {"weight_throughput_permille", 400},
                                   {"weight_reliability_permille", 300}, {"weight_innovation_permille", 0}})
    weighted[key] = value;
  CHECK(evaluate(run_one(scenario(weighted)), "auction.top_score", {{"node", "agent_c"}, {"min_scored", 1}}).passed);

  const app::TableModel table = app::table_view(session.world(), "bids");
  REQUIRE(table.columns == std::vector<std::string>{"node", "auction", "bidder", "offered_cents", "status", "payment_cents", "why", "score (permille)", "cost (permille)",
                                                    "quality (permille)", "throughput (permille)", "reliability (permille)", "innovation (permille)",
                                                    "breakdown"});
  REQUIRE(table.rows.size() == 3);
  CHECK(table.rows[1][7] == "680");
  CHECK(table.rows[1][13] == "cost 500 x 200 + quality 900 x 200 + throughput 400 x 200 + reliability 800 x 200 + innovation 800 x 200 = 680 permille");
}

TEST_CASE("scoring: course pitfalls: bid-relative cost and unchecked weights are caught by top_score and weights_valid") {
  app::Session course = run_one(scenario(scoring_params("course_relative")));
  check::CheckResult top = evaluate(course, "auction.top_score");
  CHECK_FALSE(top.passed);
  CHECK(top.reason == "auction t1: agent_a won, but under the fixed anchors agent_b has the top score.");

  Json unchecked = scoring_params();
  unchecked["weight_check"] = "course_none";
  unchecked["weight_cost_permille"] = 400;
  check::CheckResult weights = evaluate(run_one(scenario(unchecked)), "auction.weights_valid");
  CHECK_FALSE(weights.passed);
  CHECK(weights.reason == "auction t1: the weights sum to 1200 permille, not 1000 (weights must be >= 0 and sum to 1000).");
}

TEST_CASE("auction: deadline: a late bid is out; the course's wait-for-all counts it, and late_bids_excluded fails") {
  Json params = {{"bid_window_ticks", 20}, {"reserve_cents", 1000}, {"bidders", {{{"cost_cents", 400}}, {{"cost_cents", 600}}}}};
  for (const char* rule : {"enforced", "course_wait_for_all"}) {
    CAPTURE(rule);
    params["deadline"] = rule;
    app::Session session = make_session(scenario(params));
    test_support::apply(session, {{"op", "set_link"}, {"from", "agent_a"}, {"to", "buyer"}, {"latency_min_ticks", 50}, {"latency_max_ticks", 50}});
    test_support::apply(session, {{"op", "input"}, {"node", "buyer"}, {"text", "announce id=t1"}});
    test_support::apply(session, {{"op", "run"}, {"ticks", 300}});
    check::CheckResult late = evaluate(session, "auction.late_bids_excluded");
    if (std::string(rule) == "enforced") {
      CHECK_MESSAGE(late.passed, late.reason);
      CHECK(late.reason == "1 bid(s) counted, all in time; 1 late bid(s) left out.");
    } else {
      CHECK_FALSE(late.passed);
      CHECK(late.reason.find("auction t1: agent_a's bid arrived at tick") == 0);
      CHECK(trace_text(session).find("award id=t1 winner=1") != std::string::npos);
    }
  }
}

namespace {

// I8: the learner (agent_a, cost 500.00) against three random opponents quoting 300.00 to 800.00, 200 rounds.
app::Session incentives_run(const char* mechanism, std::int64_t shade_permille, std::uint64_t seed) {
  Json opponent = {{"cost_cents", 50000}, {"strategy", "random"}, {"random_low_permille", 600}, {"random_high_permille", 1600}};
  Json params = {{"mechanism", mechanism}, {"reserve_cents", 100000}, {"rounds", 200}, {"round_ticks", 40}, {"bid_window_ticks", 20},
                 {"bidders", {{{"cost_cents", 50000}, {"strategy", "learner"}}, opponent, opponent, opponent}}};
  app::Session session = make_session(scenario(params, {{"latency_min_ticks", 1}, {"latency_max_ticks", 6}}), seed);
  test_support::apply(session, {{"op", "input"}, {"node", "agent_a"}, {"text", "shade permille=" + std::to_string(shade_permille)}});
  test_support::apply(session, {{"op", "run"}, {"ticks", 200 * 40 + 100}});
  return session;
}

// The utility a bidder's "won" notes record over the run.
std::int64_t recorded_utility(const app::Session& session, const std::string& node) {
  std::int64_t utility = 0;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) {
    const sim::TraceEvent& event = session.trace().event(i);
    if (event.kind != sim::EventKind::note || session.trace().node_name(event.node) != node) continue;
    const std::string_view text = session.trace().text(event.subject);
    if (text.rfind("won ", 0) == 0) utility += protocols::PayloadReader(text).integer("utility").value_or(0);
  }
  return utility;
}

}  // namespace

TEST_CASE("auction: incentives (I8): truthful earns the most under Vickrey over 200 auctions; shading or first price fails truthful_best") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    app::Session truthful = incentives_run("second_price", 1000, seed);
    check::CheckResult best = evaluate(truthful, "auction.truthful_best");
    CHECK_MESSAGE(best.passed, best.reason);
    const allocation::ShadeCurve curve = allocation::shade_utility_curve(truthful.trace(), truthful.trace().event_count());
    CHECK(curve.auctions == 200);
    CHECK(curve.chosen.utility_cents == recorded_utility(truthful, "agent_a"));  // the replay agrees with what was paid
    CHECK(curve.points.front().utility_cents < curve.chosen.utility_cents);  // shade 500: wins at a loss
    CHECK_FALSE(evaluate(incentives_run("second_price", 1200, seed), "auction.truthful_best").passed);
    check::CheckResult first = evaluate(incentives_run("first_price", 1000, seed), "auction.truthful_best");
    CHECK_FALSE(first.passed);  // under first price a quote above cost earns more
  }
  CHECK_FALSE(evaluate(make_session(scenario({{"bidders", {{{"strategy", "learner"}}}}})), "auction.truthful_best").passed);  // no shade set
}

TEST_CASE("scoring: seed sweep: scoring auctions under loss, duplicates and late bids keep every auction.* invariant") {
  const std::uint64_t seeds = test_support::sweep_seed_count(100);
  Json params = scoring_params();
  params["bid_window_ticks"] = 20;
  Json network = {{"latency_min_ticks", 1}, {"latency_max_ticks", 30}, {"drop_ratio", "1/10"}, {"duplicate_ratio", "1/10"}};
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    app::Session session = make_session(scenario(params, network), seed);
    for (int round = 0; round < 5; ++round) {
      test_support::apply(session, {{"op", "input"}, {"node", "buyer"}, {"text", "announce id=a" + std::to_string(round)}});
      test_support::apply(session, {{"op", "run"}, {"ticks", 50}});
    }
    for (const char* id : {"auction.weights_valid", "auction.top_score", "auction.late_bids_excluded", "auction.payment_rule", "auction.reserve_respected"}) {
      check::CheckResult result = evaluate(session, id);
      if (!result.passed) FAIL("SEED=" << seed << " " << id << ": " << result.reason);
    }
  }
  MESSAGE("scoring sweep: " << seeds << " seeds, 5 auctions each");
}

TEST_CASE("auction: plots: utility against shade marks the learner's shade; the clock price falls round by round") {
  app::Session truthful = incentives_run("second_price", 1000, 1);
  Result<app::PlotModel> shade = app::build_plot("auction.shade_utility", truthful.trace(), truthful.trace().event_count());
  REQUIRE(shade.ok());
  REQUIRE(shade.value().series.size() == 1);
  const std::vector<app::PlotPoint>& points = shade.value().series[0].points;
  REQUIRE(points.size() == 21);  // 500..1500 in steps of 50
  CHECK(points.front().tick == 500);
  CHECK(points.back().tick == 1500);
  const auto best = std::max_element(points.begin(), points.end(), [](const app::PlotPoint& a, const app::PlotPoint& b) { return a.value < b.value; });
  CHECK(best->value == std::find_if(points.begin(), points.end(), [](const app::PlotPoint& p) { return p.tick == 1000; })->value);
  REQUIRE(shade.value().markers.size() == 1);
  CHECK(shade.value().markers[0].tick == 1000);

  app::Session clock = test_support::make_builtin_session("auction_clock", 1);
  test_support::apply(clock, {{"op", "run"}, {"ticks", 2000}});
  Result<app::PlotModel> price = app::build_plot("auction.clock_price", clock.trace(), clock.trace().event_count());
  REQUIRE(price.ok());
  REQUIRE_FALSE(price.value().series.empty());
  const std::vector<app::PlotPoint>& prices = price.value().series[0].points;
  REQUIRE(prices.size() >= 2);
  for (std::size_t i = 1; i < prices.size(); ++i) CHECK(prices[i].value < prices[i - 1].value);  // a descending clock
}

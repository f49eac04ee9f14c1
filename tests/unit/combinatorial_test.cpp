// The combinatorial auction over the network: the auctioneer awards the optimum of the bids that
// arrived in time (a late bid is out and the trace says so; a crashed auctioneer loses the bids it held),
// the learner's pick is judged feasible and optimal or not by the checks (each shown failing), params and
// input are validated, the greedy heuristic is caught by the invariant, the bids x goods grid hides the
// optimum until a pick, and a seed sweep with loss, duplicates and late bids keeps every award feasible
// and equal to an exhaustive search over the bids received.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>

#include "allocation/combinatorial.hpp"
#include "app/domain_views.hpp"
#include "protocols/payload.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using test_support::evaluate;
using test_support::make_session;

Json six_bids() {
  return Json::array({Json{{"bidder", "alpha"}, {"goods", {0, 1}}, {"price", 900}}, Json{{"bidder", "beta"}, {"goods", {1, 2}}, {"price", 1000}},
                      Json{{"bidder", "gamma"}, {"goods", {2, 3}}, {"price", 800}}, Json{{"bidder", "delta"}, {"goods", {0}}, {"price", 400}},
                      Json{{"bidder", "delta"}, {"goods", {3}}, {"price", 450}}, Json{{"bidder", "omega"}, {"goods", {0, 1, 2, 3}}, {"price", 1600}}});
}

Json six_bid_params() {
  return {{"goods", 4}, {"good_names", {"ingest", "clean", "train", "report"}}, {"bids", six_bids()}, {"bid_window_ticks", 100}};
}

Json scenario(Json params, std::size_t nodes = 6, Json network = Json::object(), Json faults = Json::array()) {
  if (network.empty()) network = {{"latency_min_ticks", 2}, {"latency_max_ticks", 8}};
  return {{"format", "coordlab.scenario/1"}, {"name", "wdp_test"}, {"protocol", "combinatorial_auction"}, {"nodes", nodes},
          {"params", std::move(params)},      {"network", std::move(network)},      {"faults", std::move(faults)}};
}

std::string trace_text(const app::Session& session) {
  std::string text;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) text.append(session.trace().canonical_line(i)).append("\n");
  return text;
}

void pick_and_run(app::Session& session, const std::string& pick, std::int64_t ticks = 300) {
  if (!pick.empty()) test_support::apply(session, {{"op", "input"}, {"node", "n0"}, {"text", pick}});
  test_support::apply(session, {{"op", "run"}, {"ticks", ticks}});
}

std::size_t count(const std::string& text, const std::string& word) {
  std::size_t found = 0;
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++found;
  return found;
}

// The best welfare of `bids` by trying every subset that shares no good (independent of the solver).
std::int64_t exhaustive_best(const std::vector<allocation::WdpBid>& bids, std::size_t from, std::vector<bool>& sold) {
  if (from == bids.size()) return 0;
  std::int64_t best = exhaustive_best(bids, from + 1, sold);
  const std::vector<std::uint32_t>& goods = bids[from].goods;
  if (std::none_of(goods.begin(), goods.end(), [&](std::uint32_t good) { return sold[good]; })) {
    for (std::uint32_t good : goods) sold[good] = true;
    best = std::max(best, bids[from].price + exhaustive_best(bids, from + 1, sold));
    for (std::uint32_t good : goods) sold[good] = false;
  }
  return best;
}

Error scenario_error(const Json& params) {
  Result<app::Scenario> parsed = app::parse_scenario(scenario(params));
  REQUIRE_FALSE(parsed.ok());
  return parsed.error();
}

}  // namespace

TEST_CASE("combinatorial: award: the auctioneer accepts the optimum of the bids in time (six bids over four tasks)") {
  app::Session session = make_session(scenario(six_bid_params()));
  pick_and_run(session, "pick b1 b3 b4");
  const std::string trace = trace_text(session);
  CHECK(count(trace, "wdp_bid ") == 6);
  CHECK(trace.find("wdp_award received=6 welfare=1850 chosen=b1,b3,b4 status=optimal") != std::string::npos);
  CHECK(trace.find("wdp_won bid=b1 bidder=beta price=1000") != std::string::npos);
  CHECK(trace.find("wdp_won bid=b4 bidder=delta price=450") != std::string::npos);
  CHECK(evaluate(session, "auction.wdp_award_optimal").passed);
  const check::CheckResult feasible = evaluate(session, "auction.allocation_feasible");
  CHECK_MESSAGE(feasible.passed, feasible.reason);
  const check::CheckResult optimal = evaluate(session, "auction.welfare_optimal");
  CHECK_MESSAGE(optimal.passed, optimal.reason);
  CHECK(optimal.reason.find("1850") != std::string::npos);
}

TEST_CASE("combinatorial: checks: the greedy pick is feasible but not optimal; an overlapping pick is not feasible; no pick fails") {
  app::Session greedy = make_session(scenario(six_bid_params()));
  pick_and_run(greedy, "pick b5");
  CHECK(evaluate(greedy, "auction.allocation_feasible").passed);
  const check::CheckResult short_of = evaluate(greedy, "auction.welfare_optimal");
  CHECK_FALSE(short_of.passed);
  CHECK(short_of.reason.find("worth 1600 cents") != std::string::npos);
  CHECK(short_of.reason.find("worth 1850") != std::string::npos);

  app::Session overlapping = make_session(scenario(six_bid_params()));
  pick_and_run(overlapping, "pick b0 b1 b4");
  for (const char* id : {"auction.allocation_feasible", "auction.welfare_optimal"}) {
    const check::CheckResult result = evaluate(overlapping, id);
    CHECK_FALSE(result.passed);
    CHECK(result.reason.find("good 1 (clean) would be sold twice: b0 and b1") != std::string::npos);
  }

  app::Session idle = make_session(scenario(six_bid_params()));
  pick_and_run(idle, "");
  CHECK_FALSE(evaluate(idle, "auction.allocation_feasible").passed);
  CHECK(evaluate(idle, "auction.welfare_optimal").reason.find("no allocation picked") != std::string::npos);
  app::Session empty = make_session(scenario(six_bid_params()));
  pick_and_run(empty, "pick none");
  CHECK(evaluate(empty, "auction.allocation_feasible").passed);
  CHECK_FALSE(evaluate(empty, "auction.welfare_optimal").passed);
}

TEST_CASE("combinatorial: deadline: a late bid is out, the optimum is over the rest, and picking it fails") {
  Json params = six_bid_params();
  params["send_after_ticks"] = {{"beta", 150}};
  app::Session session = make_session(scenario(params));
  pick_and_run(session, "pick b1 b3 b4");
  const std::string trace = trace_text(session);
  CHECK(trace.find("wdp_late bid=b1 bidder=beta node=2") != std::string::npos);
  CHECK(trace.find("wdp_award received=5 welfare=1700 chosen=b0,b2 status=optimal") != std::string::npos);
  CHECK(evaluate(session, "auction.wdp_award_optimal").passed);
  const check::CheckResult feasible = evaluate(session, "auction.allocation_feasible");
  CHECK_FALSE(feasible.passed);
  CHECK(feasible.reason.find("b1 is not among the bids received in time: it arrived late") != std::string::npos);

  app::Session right = make_session(scenario(params));
  pick_and_run(right, "pick b0 b2");
  CHECK(evaluate(right, "auction.welfare_optimal").passed);
}

TEST_CASE("combinatorial: greedy_by_price: the heuristic takes omega's 1600 and the invariant catches it") {
  Json params = six_bid_params();
  params["solver"] = "greedy_by_price";
  app::Session session = make_session(scenario(params));
  pick_and_run(session, "");
  CHECK(trace_text(session).find("wdp_award received=6 welfare=1600 chosen=b5 status=greedy") != std::string::npos);
  const check::CheckResult result = evaluate(session, "auction.wdp_award_optimal");
  CHECK_FALSE(result.passed);
  CHECK(result.reason.find("worth 1600 cents, but the bids received in time allow 1850") != std::string::npos);
}

TEST_CASE("combinatorial: input: picks name known bids once; bidders take no input") {
  app::Session session = make_session(scenario(six_bid_params()));
  // Not a structured binding: clang 14 (the wasm build) cannot capture one in CAPTURE's lambda.
  for (const auto& attempt : std::map<std::string, std::string>{{"pick b9", "input.unknown_bid"}, {"pick b1 b1", "input.duplicate"},
                                                                        {"choose b1", "input.invalid"}, {"pick", "input.invalid"},
                                                                        {"pick x2", "input.unknown_bid"}, {"pick none b1", "input.unknown_bid"}}) {
    const std::string& text = attempt.first;
    const std::string& code = attempt.second;
    CAPTURE(text);
    const Status status = session.apply({{"op", "input"}, {"node", "n0"}, {"text", text}});
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == code);
  }
  CHECK(session.apply({{"op", "input"}, {"node", "n0"}, {"text", "pick b5 b0"}}).ok());
  CHECK_FALSE(session.apply({{"op", "input"}, {"node", "n1"}, {"text", "pick b0"}}).ok());
}

TEST_CASE("combinatorial: params: bad bids, conflicts and unknown bidders are located errors") {
  Json bad_good = six_bid_params();
  bad_good["bids"][2]["goods"][1] = 7;
  Error error = scenario_error(bad_good);
  CHECK(error.code == "wdp.bad_good");
  CHECK(error.pointer == "/params/bids/2/goods/1");

  Json both = six_bid_params();
  both["generate"] = {{"distribution", "paths"}};
  CHECK(scenario_error(both).code == "params.conflict");
  CHECK(scenario_error(Json::object()).code == "params.missing");

  Json unknown = six_bid_params();
  unknown["send_after_ticks"] = {{"zeta", 10}};
  error = scenario_error(unknown);
  CHECK(error.code == "params.unknown_bidder");
  CHECK(error.pointer == "/params/send_after_ticks/zeta");

  Json spaced = six_bid_params();
  spaced["bids"][0]["bidder"] = "al pha";
  CHECK(scenario_error(spaced).pointer == "/params/bids/0/bidder");
  CHECK(scenario_error({{"generate", {{"distribution", "zigzag"}}}}).pointer == "/params/generate/distribution");
  CHECK(scenario_error({{"generate", {{"bids", 5000}}}}).pointer == "/params/generate/bids");
  Json solver = six_bid_params();
  solver["solver"] = "lp";
  CHECK(scenario_error(solver).code == "params.bad_choice");
}

TEST_CASE("combinatorial: crash: the auctioneer loses the bids it held, awards over those received after its restart") {
  Json params = six_bid_params();
  params["send_after_ticks"] = {{"gamma", 40}, {"delta", 40}};
  const Json faults = {{{"at_tick", 20}, {"op", "crash"}, {"node", "n0"}}, {{"at_tick", 30}, {"op", "restart"}, {"node", "n0"}}};
  app::Session session = make_session(scenario(params, 6, Json::object(), faults));
  pick_and_run(session, "");
  const std::string trace = trace_text(session);
  CHECK(trace.find("wdp_restart deadline=100 lost_bids=1") != std::string::npos);
  // alpha, beta and omega quoted before the crash and are gone; gamma and delta quoted after the restart: gamma's
  // train + report and delta's ingest (1200) beat delta's two singles (850); b2 and b4 share report.
  CHECK(trace.find("wdp_award received=3 welfare=1200 chosen=b2,b3 status=optimal") != std::string::npos);
  CHECK(evaluate(session, "auction.wdp_award_optimal").passed);
}

TEST_CASE("combinatorial: seed sweep: loss, duplicates and late bids keep every award feasible and optimal over the bids received") {
  const std::uint64_t seeds = test_support::sweep_seed_count(120);
  const Json network = {{"latency_min_ticks", 1}, {"latency_max_ticks", 40}, {"drop_ratio", "1/10"}, {"duplicate_ratio", "1/10"}};
  std::size_t late = 0, missing = 0, awards = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    const char* distribution = seed % 2 == 0 ? "paths" : "arbitrary";
    const Json params = {{"generate", {{"distribution", distribution}, {"goods", 8}, {"bids", 16}, {"seed", seed}}}, {"bid_window_ticks", 60}};
    app::Session session = make_session(scenario(params, 5, network), seed);
    pick_and_run(session, "", 200);
    const std::string trace = trace_text(session);
    late += count(trace, "wdp_late ");
    missing += count(trace, "wdp_missing ");
    awards += count(trace, "wdp_award ");
    const check::CheckResult result = evaluate(session, "auction.wdp_award_optimal");
    if (!result.passed) FAIL(distribution << " SEED=" << seed << ": " << result.reason);
    // The award's welfare against an exhaustive search over the bids the notes say arrived in time.
    std::vector<allocation::WdpBid> received;
    std::uint32_t goods = 0;
    std::int64_t announced = -1;
    for (std::size_t i = 0; i < session.trace().event_count(); ++i) {
      const sim::TraceEvent& event = session.trace().event(i);
      if (event.kind != sim::EventKind::note) continue;
      const std::string_view text = session.trace().text(event.subject);
      const protocols::PayloadReader note(text);
      if (text.starts_with("wdp_open ")) goods = static_cast<std::uint32_t>(note.integer("goods").value_or(0));
      if (text.starts_with("wdp_award ")) announced = note.integer("welfare").value_or(-1);
      if (!text.starts_with("wdp_bid ")) continue;
      allocation::WdpBid bid;
      bid.price = note.integer("price").value_or(0);
      for (std::string_view list = note.text("goods").value_or(""); !list.empty();) {
        const std::size_t comma = list.find(',');
        bid.goods.push_back(static_cast<std::uint32_t>(protocols::parse_decimal(list.substr(0, comma)).value_or(0)));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      }
      received.push_back(bid);
    }
    std::vector<bool> sold(goods, false);
    if (announced != exhaustive_best(received, 0, sold)) FAIL(distribution << " SEED=" << seed << ": award " << announced << " is not the exhaustive optimum");
  }
  CHECK(awards == seeds);
  // Every late bid was also missing at the close; the rest never arrived (lost on the network).
  CHECK(late > 0);
  CHECK(missing > late);
  MESSAGE("combinatorial sweep: " << seeds << " seeds x 16 bids; " << late << " late bids and " << missing - late << " lost bids excluded");
}

TEST_CASE("combinatorial: view: the bids x goods grid marks goods, greys the late bid and shows the optimum only after a pick") {
  Json params = six_bid_params();
  params["send_after_ticks"] = {{"beta", 150}};
  app::Session session = make_session(scenario(params));
  pick_and_run(session, "");
  app::TableModel grid = app::table_view(session.world(), "wdp_grid");
  REQUIRE(grid.problem.empty());
  REQUIRE(grid.rows.size() == 6);
  const std::vector<std::string> columns = {"node", "bid", "bidder", "price_cents", "ingest", "clean", "train", "report", "arrival", "picked", "optimum", "mark"};
  CHECK(grid.columns == columns);
  CHECK(grid.rows[5][4] == "\u25A0");  // omega's bundle holds ingest
  CHECK(grid.rows[3][5].empty());      // delta's first bid does not hold clean
  CHECK(grid.rows[1][8] == "late: t=161 after the deadline t=100");
  CHECK(grid.rows[1][11] == "excluded");
  for (const auto& row : grid.rows) CHECK(row[10].empty());  // no pick yet: the optimum stays hidden

  test_support::apply(session, {{"op", "input"}, {"node", "n0"}, {"text", "pick b0 b2"}});
  grid = app::table_view(session.world(), "wdp_grid");
  CHECK(grid.rows[0][9] == "\u2713");
  CHECK(grid.rows[0][11] == "picked");
  CHECK(grid.rows[0][10] == "\u2713");  // b0 and b2 are the optimum without beta
  CHECK(grid.rows[5][10].empty());
}

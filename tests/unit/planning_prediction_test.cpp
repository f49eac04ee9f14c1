// Predictive replanning across tolerances: predict.replans_monotone re-runs a planning scenario at
// several tolerances and passes for the threshold rule (replans fall as tolerance rises), fails for the
// course's `p_fail > 1 - tolerance` (they rise), fails when no run replans (cap 0 proves nothing) and on a
// malformed tolerance list; every re-run ends and the cap holds over a seed sweep with random failures.
#include <doctest/doctest.h>

#include "planning/prediction.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;

// htn_pipeline's operators risk at most 200 permille, so the threshold rule replans only below that;
// htn_predictive has risks up to 750 permille, so every default tolerance (300, 500, 900) is tested there.
Json predicting(const char* rule, std::int64_t tolerance, std::int64_t cap, const char* scenario_name = "htn_pipeline") {
  Result<Json> json = parse_json_text(app::builtin_scenario_text(scenario_name));
  REQUIRE(json.ok());
  Json scenario = json.value();
  scenario["params"].erase("failures");
  scenario["params"]["predict"] = Json{{"rule", rule}, {"tolerance_permille", tolerance}, {"cap", cap}};
  return scenario;
}

check::CheckResult monotone(app::Session& session, const Json& args = Json::object()) {
  const sim::World& world = session.world();
  Result<check::CheckResult> result = check::run_check("predict.replans_monotone", args, check::CheckInput{world.trace(), world, world.trace().event_count()});
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().to_string()));
  INFO(result.value().reason);
  return result.value();
}

TEST_CASE("planning: prediction: replans_monotone holds for the threshold rule (htn_predictive, tolerances 300, 500, 900)") {
  app::Session session = test_support::make_session(predicting("threshold", 500, 3, "htn_predictive"));
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 3000}});
  const check::CheckResult result = monotone(session);
  CHECK_MESSAGE(result.passed, result.reason);
  CHECK(result.reason.find("300: ") != std::string::npos);
}

TEST_CASE("planning: prediction: replans_monotone fails for the course's rule p_fail > 1 - tolerance") {
  app::Session session = test_support::make_session(predicting("course", 500, 3));
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 3000}});
  const check::CheckResult result = monotone(session);
  CHECK_FALSE(result.passed);
  CHECK(result.reason.find("rise with tolerance") != std::string::npos);
}

TEST_CASE("planning: prediction: replans_monotone fails when no re-run replans (cap 0) and on a bad tolerance list") {
  app::Session capped = test_support::make_session(predicting("threshold", 500, 0));
  test_support::apply(capped, Json{{"op", "run"}, {"ticks", 3000}});
  CHECK_FALSE(monotone(capped).passed);
  app::Session session = test_support::make_session(predicting("threshold", 500, 3));
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 3000}});
  CHECK_FALSE(monotone(session, Json{{"tolerances_permille", "500,300"}}).passed);
  CHECK_FALSE(monotone(session, Json{{"tolerances_permille", "300"}}).passed);
  CHECK_FALSE(monotone(session, Json{{"tolerances_permille", "300,x"}}).passed);
  CHECK_FALSE(monotone(session, Json{{"tolerances_permille", "300,1200"}}).passed);
  CHECK(monotone(session, Json{{"tolerances_permille", "0,100,200,300,400,500,600,700,800,900,1000"}}).passed);
}

TEST_CASE("planning: prediction: re-runs at a sweep of tolerances all finish and stay within the cap (seed sweep, random failures)") {
  Json scenario = predicting("threshold", 500, 2);
  scenario["params"]["random_failures"] = true;
  scenario["network"]["drop_ratio"] = "1/20";
  const std::uint64_t seeds = test_support::sweep_seed_count(20);
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    app::Session session = test_support::make_session(scenario, seed);
    test_support::apply(session, Json{{"op", "run"}, {"ticks", 5000}});
    const planning::ExecutorView view = planning::executor_view(session.world().actor(NodeId{0}));
    REQUIRE(view.params != nullptr);
    INFO("seed " << seed);
    const auto runs = planning::rerun_at_tolerances(*view.params, {0, 250, 500, 750, 1000}, session.world());
    for (const planning::ToleranceRun& run : runs) {
      CHECK(run.finished);
      CHECK(run.proactive_replans <= 2);
    }
    for (std::size_t i = 1; i < runs.size(); ++i) CHECK(runs[i].proactive_replans <= runs[i - 1].proactive_replans);
  }
}

}  // namespace

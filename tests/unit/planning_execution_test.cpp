// HTN plan execution as actors: the htn_pipeline scenario's three injected failures are recovered by a
// retry (transient) and two replans from the current state (scale_down, schema_adaptation), and the
// goal is reached; the course's table aborts on the transient error, so the same checks fail; random
// transient failures over a seed sweep with loss never exceed the retry limit, and every run ends;
// predictive replanning respects its cap and replans less as tolerance rises (the course's rule, more).
#include <doctest/doctest.h>

#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;

Json pipeline() {
  Result<Json> json = parse_json_text(app::builtin_scenario_text("htn_pipeline"));
  REQUIRE(json.ok());
  return json.value();
}

bool check_passes(app::Session& session, std::string_view id, const Json& args = Json::object()) {
  const sim::World& world = session.world();
  Result<check::CheckResult> result = check::run_check(id, args, check::CheckInput{world.trace(), world, world.trace().event_count()});
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().to_string()));
  INFO(id << ": " << result.value().reason);
  return result.value().passed;
}

std::size_t count_notes(const app::Session& session, std::string_view prefix) {
  std::size_t count = 0;
  const sim::Trace& trace = session.world().trace();
  for (std::size_t i = 0; i < trace.event_count(); ++i)
    if (trace.event(i).kind == sim::EventKind::note && trace.text(trace.event(i).subject).substr(0, prefix.size()) == prefix) ++count;
  return count;
}

TEST_CASE("planning: execution: a retry and two replans recover the pipeline (htn_pipeline)") {
  app::Session session = test_support::make_session(pipeline());
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 2000}});
  CHECK(check_passes(session, "htn.plan_valid"));
  CHECK(check_passes(session, "htn.ordering_respected"));
  CHECK(check_passes(session, "htn.goal_reached"));
  CHECK(check_passes(session, "exec.retried_not_replanned"));
  CHECK(check_passes(session, "exec.replanned_with", Json{{"strategy", "scale_down"}}));
  CHECK(check_passes(session, "exec.replanned_with", Json{{"strategy", "schema_adaptation"}}));
  CHECK(check_passes(session, "exec.retries_within", Json{{"max_retries", 3}, {"require_finished", true}}));
  CHECK_FALSE(check_passes(session, "exec.replanned_with", Json{{"strategy", "add_validation"}}));
  CHECK_FALSE(check_passes(session, "htn.learner_method_used"));
  CHECK(count_notes(session, "retry ") == 1);
  CHECK(count_notes(session, "replan ") == 2);
}

TEST_CASE("planning: execution: termination is demanded only when asked (require_finished)") {
  app::Session session = test_support::make_session(pipeline());
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 5}});
  CHECK(check_passes(session, "exec.retries_within"));
  CHECK(check_passes(session, "predict.cap_respected"));
  CHECK_FALSE(check_passes(session, "exec.retries_within", Json{{"require_finished", true}}));
  CHECK_FALSE(check_passes(session, "predict.cap_respected", Json{{"require_finished", true}}));
}

TEST_CASE("planning: execution: the course's table aborts on the transient error and never reaches the goal") {
  Json scenario = pipeline();
  scenario["params"]["table"] = "course";
  app::Session session = test_support::make_session(scenario);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 2000}});
  CHECK(check_passes(session, "htn.plan_valid"));
  CHECK_FALSE(check_passes(session, "htn.goal_reached"));
  CHECK_FALSE(check_passes(session, "exec.retried_not_replanned"));
  CHECK(count_notes(session, "abort ") == 1);
}

TEST_CASE("planning: execution: the course's placeholders replace the remaining tasks, so the goal is missed") {
  Json scenario = pipeline();
  scenario["params"]["table"] = "course";
  scenario["params"]["failures"] = Json::array({Json{{"task", "transform"}, {"class", "resource_exhaustion"}, {"attempts", 1}}});
  app::Session session = test_support::make_session(scenario);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 2000}});
  CHECK_FALSE(check_passes(session, "exec.replanned_with", Json{{"strategy", "scale_down"}}));
  CHECK_FALSE(check_passes(session, "htn.goal_reached"));
}

TEST_CASE("planning: execution: the FIFO planner's plan fails replay and ordering (planner fifo)") {
  Json scenario = pipeline();
  scenario["params"]["planner"] = "fifo";
  scenario["params"].erase("failures");
  app::Session session = test_support::make_session(scenario);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 2000}});
  CHECK_FALSE(check_passes(session, "htn.ordering_respected"));
}

TEST_CASE("planning: execution: random transient failures with loss: retries stay within the limit and every run ends (seed sweep)") {
  Json scenario = pipeline();
  scenario["params"].erase("failures");
  scenario["params"]["random_failures"] = true;
  scenario["params"]["table"] = Json{{"transient_network", Json{{"action", "retry"}, {"max_retries", 3}, {"backoff_ticks", 5}}}};
  scenario["network"]["drop_ratio"] = "1/20";
  std::size_t reached = 0;
  const std::uint64_t seeds = test_support::sweep_seed_count(60);
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    app::Session session = test_support::make_session(scenario, seed);
    test_support::apply(session, Json{{"op", "run"}, {"ticks", 5000}});
    INFO("seed " << seed);
    CHECK(check_passes(session, "exec.retries_within", Json{{"max_retries", 3}, {"require_finished", true}}));
    CHECK(check_passes(session, "htn.plan_valid"));
    reached += check_passes(session, "htn.goal_reached") ? 1 : 0;
  }
  CHECK(reached > seeds / 2);  // per-step risk 10-20%, three retries: most runs finish
}

std::size_t proactive_replans(const char* rule, std::int64_t tolerance, std::int64_t cap) {
  Json scenario = pipeline();
  scenario["params"].erase("failures");
  scenario["params"]["predict"] = Json{{"rule", rule}, {"tolerance_permille", tolerance}, {"cap", cap}};
  app::Session session = test_support::make_session(scenario);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 3000}});
  CHECK(check_passes(session, "predict.cap_respected", Json{{"cap", cap}, {"require_finished", true}}));
  return count_notes(session, "proactive ");
}

TEST_CASE("planning: prediction: proactive replans fall as tolerance rises; the course's rule makes them rise; the cap holds") {
  CHECK(proactive_replans("threshold", 100, 5) >= proactive_replans("threshold", 500, 5));
  CHECK(proactive_replans("threshold", 500, 5) >= proactive_replans("threshold", 900, 5));
  CHECK(proactive_replans("threshold", 100, 5) > proactive_replans("threshold", 900, 5));
  CHECK(proactive_replans("course", 900, 5) > proactive_replans("course", 100, 5));
  CHECK(proactive_replans("threshold", 0, 1) <= 1);
}

}  // namespace

// Reasoning on the simulated network: agents call tools as messages, so dropped, slow and failing calls
// are ordinary faults. A seed sweep (2,000 episodes at full size, tool faults and message loss injected)
// proves every episode stops within max_steps with a recorded reason and every reasoning check holds;
// each named check is also shown failing on a run made to break it.
#include <doctest/doctest.h>

#include "lesson/measure.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using test_support::evaluate;

Json react_scenario(const Json& params, int nodes = 2, const Json& network = Json::object()) {
  return Json{{"format", "coordlab.scenario/1"}, {"name", "react_test"}, {"protocol", "react"}, {"nodes", nodes},
              {"params", params}, {"network", network}};
}

app::Session run_react(const Json& params, std::uint64_t seed = 1, int nodes = 2, const Json& network = Json::object(), std::int64_t ticks = 2000) {
  app::Session session = test_support::make_session(react_scenario(params, nodes, network), seed);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", ticks}});
  return session;
}

std::string scenario_error(const Json& params, int nodes = 2) {
  Result<app::Scenario> parsed = app::parse_scenario(react_scenario(params, nodes));
  if (!parsed.ok()) return parsed.error().code;
  Result<app::Session> session = app::Session::create(parsed.value(), 1);
  return session.ok() ? "ok" : session.error().code;
}

}  // namespace

TEST_CASE("reasoning: react protocol: the lab's rule table reaches a final answer through the tools node") {
  app::Session session = run_react(Json::object());
  CHECK(evaluate(session, "react.final_before_max_steps").passed);
  CHECK(evaluate(session, "react.stopped_because", {{"reason", "final_answer"}}).passed);
  CHECK_FALSE(evaluate(session, "react.stopped_because", {{"reason", "max_steps"}}).passed);
  CHECK(evaluate(session, "react.quality_of_step", {{"step", 1}, {"min_permille", 900}}).passed);
  CHECK_FALSE(evaluate(session, "react.quality_of_step", {{"step", 1}, {"max_permille", 500}}).passed);
}

TEST_CASE("reasoning: react protocol: the react.stop measure reads how the run ended (final answer, step limit, running)") {
  const lesson::MeasureSpec* stop = lesson::find_measure("react.stop");
  REQUIRE(stop != nullptr);
  auto measured = [&](const app::Session& session) {
    return stop->measure(check::CheckInput{session.trace(), session.world(), session.world().cursor().events}, {{"agent", 0}}).value;
  };
  CHECK(measured(run_react({{"issues", {"nulls", "duplicates"}}, {"max_steps", 8}})) == "final_answer at step 6");
  CHECK(measured(run_react({{"issues", {"nulls", "duplicates"}}, {"max_steps", 4}})) == "max_steps at step 4");
  CHECK(measured(run_react({{"issues", {"nulls", "duplicates"}}}, 1, 2, Json::object(), 1)) == "running");
}

TEST_CASE("reasoning: react protocol: params are validated with pointers") {
  CHECK(scenario_error({{"policy", "oracle"}}) == "params.bad_choice");
  CHECK(scenario_error({{"rules", {"sunny -> analyze_schema"}}}) == "react.bad_rule");
  CHECK(scenario_error({{"policy", "scripted"}}) == "params.missing_script");
  CHECK(scenario_error({{"max_steps", 0}}) == "json.out_of_range");
  CHECK(scenario_error({{"loop_window", 3}}) == "params.loop_rule_not_custom");
  CHECK(scenario_error({{"loop_rule", "custom"}, {"loop_window", 3}, {"loop_min_length", 4}}) == "params.loop_length_over_window");
  CHECK(scenario_error(Json::object(), 1) == "scenario.bad_node_count");
  CHECK(scenario_error({{"issues", {"gremlins"}}}) == "params.bad_issue");
}

TEST_CASE("reasoning: react protocol: the course's mock loops to max_steps; meta-reasoning fires within 2 steps and finishes") {
  app::Session stuck = run_react({{"policy", "course_mock"}, {"meta_trigger", "course"}});
  CHECK(evaluate(stuck, "react.stopped_because", {{"reason", "max_steps"}, {"step", 15}}).passed);
  CHECK_FALSE(evaluate(stuck, "react.intervened_within").passed);
  CHECK_FALSE(evaluate(stuck, "react.final_before_max_steps").passed);
  app::Session rescued = run_react({{"policy", "course_mock"}, {"meta_trigger", "loop"}});
  CHECK(evaluate(rescued, "react.intervened_within", {{"k", 2}}).passed);
  CHECK(evaluate(rescued, "react.final_before_max_steps").passed);
}

TEST_CASE("reasoning: react protocol: loop flags against the ground truth (course rule flags the alternation)") {
  // n0 loops (route rejected, validate sees nothing new, again); n1 alternates legitimately.
  const Json scripts = {Json{"analyze_schema", "route_pipeline", "validate_data", "route_pipeline", "validate_data", "route_pipeline"},
                        Json{"validate_data", "transform_data nulls", "validate_data", "transform_data duplicates", "validate_data", "route_pipeline",
                             "final_result"}};
  Json params = {{"policy", "scripted"}, {"scripts", scripts}, {"issues", {"nulls", "duplicates"}}, {"meta_trigger", "never"}};
  app::Session course = run_react([&] { Json p = params; p["loop_rule"] = "course_text"; return p; }(), 1, 3);
  CHECK_FALSE(evaluate(course, "react.loop_flags").passed);
  app::Session lab = run_react(params, 1, 3);
  CHECK(evaluate(lab, "react.loop_flags").passed);
}

TEST_CASE("reasoning: react protocol: the course's calculator stalls on 9**9**9, the safe one refuses it") {
  Json params = {{"policy", "scripted"}, {"script", {"calculate 9**9**9", "calculate (120 - 8) * 3"}}};
  app::Session safe = run_react(params);
  CHECK(evaluate(safe, "tool.calculate_safe", {{"min_calls", 2}}).passed);
  params["calculator"] = "course_eval";
  app::Session course = run_react(params);
  CHECK_FALSE(evaluate(course, "tool.calculate_safe").passed);
}

TEST_CASE("reasoning: react protocol: the learner is the model through input commands") {
  app::Session session = test_support::make_session(react_scenario({{"policy", "learner"}, {"issues", {"nulls"}}}), 1);
  for (const char* text : {"validate_data | look for row problems", "transform_data nulls | fix the nulls", "route_pipeline | load it", "final_result | done"}) {
    test_support::apply(session, Json{{"op", "input"}, {"node", "n0"}, {"text", text}});
    test_support::apply(session, Json{{"op", "run"}, {"ticks", 50}});
  }
  CHECK(evaluate(session, "react.final_before_max_steps").passed);
  CHECK_FALSE(session.apply(Json{{"op", "input"}, {"node", "n0"}, {"text", "fly_away"}}).ok());
}

TEST_CASE("reasoning: react protocol: seed sweep with tool faults and loss: every episode stops within max_steps, every check holds") {
  const std::uint64_t runs = test_support::sweep_seed_count(500);  // 4 agents each: 2,000 episodes at full size
  const Json network = {{"latency_min_ticks", 1}, {"latency_max_ticks", 4}, {"drop_ratio", "5%"}, {"duplicate_ratio", "5%"}};
  std::int64_t finals = 0;
  for (std::uint64_t seed = 1; seed <= runs; ++seed) {
    CAPTURE(seed);
    Json params = {{"episode_seed", seed}, {"tool_failure_permille", 100}, {"max_steps", 15}};
    app::Session session = run_react(params, seed, 5, network, 3000);
    for (int agent = 0; agent < 4; ++agent) {
      const check::CheckResult stopped = evaluate(session, "react.stopped_because", {{"agent", agent}, {"reason", "final_answer"}});
      const check::CheckResult at_max = evaluate(session, "react.stopped_because", {{"agent", agent}, {"reason", "max_steps"}, {"step", 15}});
      const check::CheckResult stopped_meta = evaluate(session, "react.stopped_because", {{"agent", agent}, {"reason", "intervention_stop"}});
      REQUIRE_MESSAGE((stopped.passed || at_max.passed || stopped_meta.passed), "SEED=" << seed << " agent " << agent << ": " << stopped.reason);
      finals += stopped.passed ? 1 : 0;
    }
    REQUIRE_MESSAGE(evaluate(session, "react.loop_flags", {{"min_loops", 0}, {"min_clean", 0}}).passed, "SEED=" << seed);
    REQUIRE_MESSAGE(evaluate(session, "tool.calculate_safe", {{"min_calls", 0}}).passed, "SEED=" << seed);
  }
  CHECK(finals * 10 >= static_cast<std::int64_t>(runs) * 4 * 9);  // with 10% tool faults most still finish
}

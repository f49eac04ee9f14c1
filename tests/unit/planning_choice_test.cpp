// Constraints and choice: the Pareto front drops dominated plans and the weighted choice moves along it
// with the weights; in the htn_choice scenario the planner's first plan breaks the deadline (and a
// cheaper, faster, safer plan exists), so htn.constraints_hold and htn.on_pareto_front fail, and
// choosing among the alternatives makes both pass.
#include <doctest/doctest.h>

#include "planning/choice.hpp"
#include "planning/execution.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::planning;

Json choice_scenario() {
  Result<Json> json = parse_json_text(app::builtin_scenario_text("htn_choice"));
  REQUIRE(json.ok());
  return json.value();
}

bool check_passes(const app::Session& session, std::string_view id) {
  const check::CheckResult result = test_support::evaluate(session, std::string(id));
  INFO(id << ": " << result.reason);
  return result.passed;
}

app::Session run(const Json& scenario) {
  app::Session session = test_support::make_session(scenario);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 500}});
  return session;
}

// The error code of a scenario that should not start ("" if it starts).
std::string start_error(const Json& scenario) {
  Result<app::Scenario> parsed = app::parse_scenario(scenario);
  if (!parsed.ok()) return parsed.error().code;
  Result<app::Session> session = app::Session::create(parsed.value(), 1);
  return session.ok() ? "" : session.error().code;
}

Plan plan_with(std::int64_t time, std::int64_t cost, std::int64_t risk) {
  Plan plan;
  plan.time_ticks = time;
  plan.cost = cost;
  plan.risk_permille = risk;
  return plan;
}

}  // namespace

TEST_CASE("planning: choice: the front keeps non-dominated plans and the weights pick along it") {
  const std::vector<Plan> plans = {plan_with(16, 12, 360), plan_with(8, 13, 145), plan_with(12, 8, 190), plan_with(11, 12, 145), plan_with(12, 8, 190)};
  const std::vector<std::size_t> front = pareto_front(plans, {0, 1, 2, 3, 4});
  CHECK(front == std::vector<std::size_t>{1, 2, 3, 4});  // plan 0 is dominated; equal plans both stay
  CHECK(dominates(plans[2], plans[0]));
  CHECK_FALSE(dominates(plans[2], plans[4]));
  CHECK(weighted_choice(plans, front, ChoiceWeights{1000, 0, 0}) == 1);
  CHECK(weighted_choice(plans, front, ChoiceWeights{0, 1000, 0}) == 2);  // ties go to the first found
  CHECK(weighted_choice(plans, front, ChoiceWeights{0, 0, 1000}) == 1);
  CHECK(constraint_violations(plans[0], Constraints{14, 14, 0}).size() == 1);
  CHECK(constraint_violations(plans[0], Constraints{10, 10, 0}).size() == 2);
  CHECK(constraint_violations(plans[2], Constraints{14, 14, 0}).empty());
}

TEST_CASE("planning: choice: the first plan breaks the deadline; choosing on the front meets it (htn_choice)") {
  Json scenario = choice_scenario();
  app::Session first = run(scenario);
  CHECK_FALSE(check_passes(first, "htn.constraints_hold"));
  CHECK_FALSE(check_passes(first, "htn.on_pareto_front"));
  CHECK(check_passes(first, "htn.goal_reached"));

  scenario["params"]["choice"] = Json{{"alternatives", 16}, {"weights", {{"time_permille", 0}, {"cost_permille", 1000}, {"risk_permille", 0}}}};
  app::Session chosen = run(scenario);
  CHECK(check_passes(chosen, "htn.constraints_hold"));
  CHECK(check_passes(chosen, "htn.on_pareto_front"));
  CHECK(check_passes(chosen, "htn.goal_reached"));
  const ExecutorView view = executor_view(chosen.world().actor(NodeId{0}));
  REQUIRE(view.initial_plan != nullptr);
  CHECK(view.initial_plan->cost == 8);  // truck twice: the cheapest feasible plan

  scenario["params"]["choice"]["weights"] = Json{{"time_permille", 1000}, {"cost_permille", 0}, {"risk_permille", 0}};
  const app::Session fast_session = run(scenario);  // the view points into the session: keep it alive
  const ExecutorView fast = executor_view(fast_session.world().actor(NodeId{0}));
  CHECK(fast.initial_plan->time_ticks == 8);  // charter and truck: the fastest within the budget
}

TEST_CASE("planning: choice: a feasible but dominated plan fails only the front check (budget only)") {
  Json scenario = choice_scenario();
  scenario["params"]["problem"]["constraints"] = Json{{"budget", 14}};
  app::Session session = run(scenario);
  CHECK(check_passes(session, "htn.constraints_hold"));
  CHECK_FALSE(check_passes(session, "htn.on_pareto_front"));
}

TEST_CASE("planning: choice: bad choice params are clear errors") {
  Json scenario = choice_scenario();
  CHECK(start_error(scenario).empty());
  scenario["params"]["choice"] = Json{{"alternatives", 0}};
  CHECK_FALSE(start_error(scenario).empty());
  scenario["params"]["choice"] = Json{{"alternatives", 4}, {"weights", {{"speed", 1}}}};
  CHECK_FALSE(start_error(scenario).empty());
  scenario["params"]["choice"] = Json{{"alternatives", 4}};
  scenario["params"]["planner"] = "fifo";
  CHECK(start_error(scenario) == "params.choice_needs_shop");
}

// HTN planning: the domain format's located errors, the SHOP-style planner on blocks world (plans that
// replay to the goal, over a seed sweep), the course's FIFO variant breaking sibling order, loop
// detection cutting unguarded recursion, explicit depth and expansion limits, variables bound by
// enumeration, and alternative plans.
#include <doctest/doctest.h>

#include "planning/blocks_world.hpp"
#include "planning/planner.hpp"
#include "planning/validator.hpp"
#include "support/sweep_size.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::planning;

struct Loaded {
  Domain domain;
  Problem problem;
};

Loaded load(std::string_view domain_text, std::string_view problem_text) {
  Result<Domain> domain = parse_domain_text(domain_text, "domain.json");
  if (!domain.ok()) FAIL(domain.error().to_string());
  Result<Problem> problem = parse_problem_text(problem_text, "problem.json", domain.value());
  if (!problem.ok()) FAIL(problem.error().to_string());
  return Loaded{std::move(domain).value(), std::move(problem).value()};
}

std::vector<GroundTask> steps_of(const Plan& plan) {
  std::vector<GroundTask> steps;
  for (const PlanStep& step : plan.steps) steps.push_back(step.task);
  return steps;
}

// A compound task `prepare` listed before a primitive sibling `load`: load needs what prepare makes.
constexpr std::string_view kEtlDomain = R"({
  "format": "coordlab.htn.domain/1",
  "types": ["table"],
  "predicates": ["extracted ?t - table", "cleaned ?t - table", "loaded ?t - table"],
  "operators": [
    { "name": "extract", "parameters": "?t - table", "add": ["extracted ?t"] },
    { "name": "clean", "parameters": "?t - table", "pre": ["extracted ?t"], "add": ["cleaned ?t"] },
    { "name": "load", "parameters": "?t - table", "pre": ["cleaned ?t"], "add": ["loaded ?t"] }
  ],
  "tasks": ["prepare ?t - table", "etl ?t - table"],
  "methods": [
    { "name": "m_prepare", "task": "prepare ?t", "subtasks": ["extract ?t", "clean ?t"], "success_permille": 900 },
    { "name": "m_etl", "task": "etl ?t", "subtasks": ["prepare ?t", "load ?t"], "success_permille": 800 }
  ]
})";
constexpr std::string_view kEtlProblem = R"({
  "format": "coordlab.htn.problem/1", "objects": {"table": ["orders"]}, "init": [], "tasks": ["etl orders"], "goal": ["loaded orders"]
})";

// Roads a-b, b-a, b-c: `goto` recurses with the same argument, unguarded.
constexpr std::string_view kRoadDomain = R"({
  "format": "coordlab.htn.domain/1",
  "types": ["place"],
  "predicates": ["at ?p - place", "road ?a ?b - place"],
  "operators": [{ "name": "drive", "parameters": "?a ?b - place", "pre": ["at ?a", "road ?a ?b"], "add": ["at ?b"], "delete": ["at ?a"] }],
  "tasks": ["goto ?to - place"],
  "methods": [
    { "name": "m_there", "task": "goto ?to", "pre": ["at ?to"], "subtasks": [] },
    { "name": "m_drive", "task": "goto ?to", "parameters": "?from ?via - place", "pre": ["at ?from", "road ?from ?via"], "subtasks": ["drive ?from ?via", "goto ?to"] }
  ]
})";
constexpr std::string_view kRoadProblem = R"({
  "format": "coordlab.htn.problem/1", "objects": {"place": ["a", "b", "c"]},
  "init": ["at a", "road a b", "road b a", "road b c"], "tasks": ["goto c"], "goal": ["at c"]
})";

TEST_CASE("planning: domain format: an undeclared variable is located and named (operator load uses ?tbl)") {
  const std::string text = "{\n  \"format\": \"coordlab.htn.domain/1\",\n  \"predicates\": [\"ready ?t\"],\n  \"operators\": [\n"
                           "    { \"name\": \"load\", \"parameters\": \"?t\", \"pre\": [\"ready ?tbl\"] }\n  ]\n}\n";
  Result<Domain> domain = parse_domain_text(text, "etl.json");
  REQUIRE_FALSE(domain.ok());
  CHECK(domain.error().code == "htn.undeclared_variable");
  CHECK(domain.error().message.find("operator `load` uses ?tbl, which is not a parameter") != std::string::npos);
  CHECK(domain.error().pointer == "/operators/0/pre/0");
  CHECK(domain.error().line == 5);
}

TEST_CASE("planning: domain format: unknown keys, predicates, arities and types are errors") {
  CHECK(parse_domain_text(R"({"format": "coordlab.htn.domain/1", "predicates": [], "operators": [], "extra": 1})", "d").error().code == "json.unknown_key");
  CHECK(parse_domain_text(R"({"format": "coordlab.htn.domain/1", "predicates": ["p ?x"], "operators": [{"name": "o", "parameters": "?x", "add": ["q ?x"]}]})", "d").error().code ==
        "htn.unknown_predicate");
  CHECK(parse_domain_text(R"({"format": "coordlab.htn.domain/1", "predicates": ["p ?x"], "operators": [{"name": "o", "parameters": "?x", "add": ["p"]}]})", "d").error().code ==
        "htn.wrong_arity");
  CHECK(parse_domain_text(R"({"format": "coordlab.htn.domain/1", "predicates": ["p ?x - truk"], "operators": []})", "d").error().code == "htn.unknown_type");
  Loaded etl = load(kEtlDomain, kEtlProblem);
  CHECK(parse_problem_text(R"({"format": "coordlab.htn.problem/1", "objects": {"table": ["t"]}, "init": [], "tasks": ["etl x"]})", "p", etl.domain).error().code ==
        "htn.unknown_object");
}

TEST_CASE("planning: shop: the ETL plan keeps a compound task's steps before its later sibling (success 900*800)") {
  Loaded etl = load(kEtlDomain, kEtlProblem);
  PlanResult result = plan_problem(etl.domain, etl.problem, PlanOptions{});
  REQUIRE(result.status == PlanStatus::found);
  const Plan& plan = result.plans[0];
  REQUIRE(plan.steps.size() == 3);
  CHECK(ground_text(etl.domain, etl.problem, plan.steps[0].task) == "extract orders");
  CHECK(ground_text(etl.domain, etl.problem, plan.steps[2].task) == "load orders");
  CHECK(plan.success_permille == 720);
  CHECK_FALSE(check_ordering(etl.domain, etl.problem, plan).first_violation.has_value());
  Replay replay = replay_plan(etl.domain, etl.problem, etl.problem.initial_state, steps_of(plan));
  CHECK(replay.valid);
  CHECK(replay.goal_reached);
}

TEST_CASE("planning: fifo variant: subtasks go after their siblings, so load runs first and the replay fails at step 1") {
  Loaded etl = load(kEtlDomain, kEtlProblem);
  PlanOptions options;
  options.kind = PlannerKind::fifo;
  PlanResult result = plan_problem(etl.domain, etl.problem, options);
  REQUIRE(result.status == PlanStatus::found);
  const Plan& plan = result.plans[0];
  REQUIRE(plan.steps.size() == 3);
  CHECK(ground_text(etl.domain, etl.problem, plan.steps[0].task) == "load orders");
  OrderingCheck ordering = check_ordering(etl.domain, etl.problem, plan);
  REQUIRE(ordering.first_violation.has_value());
  CHECK(*ordering.first_violation == 0);  // load runs before extract and clean, which belong to the earlier task prepare
  Replay replay = replay_plan(etl.domain, etl.problem, etl.problem.initial_state, steps_of(plan));
  CHECK_FALSE(replay.valid);
  CHECK(*replay.failing_step == 0);
  CHECK(replay.reason.find("cleaned ?t=orders") != std::string::npos);
}

TEST_CASE("planning: shop: blocks world plans replay to the goal over a seed sweep (19 and 50 blocks)") {
  const std::string domain_text(blocks_world_domain_text());
  for (std::uint64_t seed = 1; seed <= test_support::sweep_seed_count(40); ++seed) {
    for (std::size_t blocks : {std::size_t{19}, std::size_t{50}}) {
      Loaded world = load(domain_text, blocks_world_problem_text(blocks, seed));
      PlanResult result = plan_problem(world.domain, world.problem, PlanOptions{});
      INFO("seed " << seed << ", " << blocks << " blocks");
      REQUIRE(result.status == PlanStatus::found);
      const Plan& plan = result.plans[0];
      CHECK(plan.steps.size() % 2 == 0);  // every move is a pick and a put
      CHECK(plan.steps.size() <= 4 * blocks);  // each block moves at most twice
      Replay replay = replay_plan(world.domain, world.problem, world.problem.initial_state, steps_of(plan));
      CHECK(replay.valid);
      CHECK(replay.goal_reached);
      CHECK_FALSE(check_ordering(world.domain, world.problem, plan).first_violation.has_value());
    }
  }
}

TEST_CASE("planning: shop: loop detection cuts unguarded recursion; without it the expansion limit is an explicit result") {
  Loaded roads = load(kRoadDomain, kRoadProblem);
  PlanOptions options;
  options.record_tree = true;
  PlanResult result = plan_problem(roads.domain, roads.problem, options);
  REQUIRE(result.status == PlanStatus::found);
  CHECK(result.plans[0].steps.size() == 2);  // a->b, b->c
  CHECK(result.loops_cut >= 1);              // b->a came back to `goto c` at a
  bool loop_recorded = false;
  for (const SearchTreeNode& node : result.tree) loop_recorded = loop_recorded || node.reason.find("loop") != std::string::npos;
  CHECK(loop_recorded);
  options.loop_detection = false;
  options.expansion_limit = 5000;
  PlanResult unguarded = plan_problem(roads.domain, roads.problem, options);
  REQUIRE(unguarded.status == PlanStatus::found);  // a-b-a-b... down to the depth limit, then b->c on the way back
  CHECK(unguarded.plans[0].steps.size() > 900);    // a plan of useless steps
  options.depth_limit = 100'000;
  PlanResult no_depth = plan_problem(roads.domain, roads.problem, options);
  CHECK(no_depth.status == PlanStatus::expansion_limit);
  CHECK_FALSE(no_depth.reason.empty());
}

TEST_CASE("planning: shop: the decomposition tree records a failed method with its false precondition and bindings") {
  Loaded roads = load(kRoadDomain, kRoadProblem);
  PlanOptions options;
  options.record_tree = true;
  PlanResult result = plan_problem(roads.domain, roads.problem, options);
  REQUIRE(!result.tree.empty());
  CHECK(result.tree[0].label == "goto c");
  CHECK(result.tree[0].on_plan);
  bool precondition_recorded = false;
  for (const SearchTreeNode& node : result.tree)
    precondition_recorded = precondition_recorded || (node.is_method && node.failed && node.reason == "precondition `at ?to=c` is false");
  CHECK(precondition_recorded);
}

TEST_CASE("planning: shop: alternatives enumerate distinct plans, bounded by max_plans") {
  Loaded roads = load(kRoadDomain, R"({
    "format": "coordlab.htn.problem/1", "objects": {"place": ["a", "b", "c", "d"]},
    "init": ["at a", "road a b", "road a d", "road b c", "road d c"], "tasks": ["goto c"], "goal": ["at c"]
  })");
  PlanOptions options;
  options.max_plans = 8;
  PlanResult result = plan_problem(roads.domain, roads.problem, options);
  REQUIRE(result.status == PlanStatus::found);
  REQUIRE(result.plans.size() == 2);
  CHECK(ground_text(roads.domain, roads.problem, result.plans[0].steps[0].task) == "drive a b");
  CHECK(ground_text(roads.domain, roads.problem, result.plans[1].steps[0].task) == "drive a d");
  options.max_plans = 1;
  CHECK(plan_problem(roads.domain, roads.problem, options).plans.size() == 1);
}

}  // namespace

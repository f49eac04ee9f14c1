// HDDL import: the S-expression reader's located errors and limits, the totally ordered subset converted
// to our format (constants, :subtasks with a total :ordering, forall, equality, empty methods, goals),
// constructs outside the subset rejected by name and line, and our own competition-style domains
// (transport, satellite) planned to plans that replay to the goal, which need enumeration of unbound
// method variables and loop detection, printed in the IPC plan format.
#include <doctest/doctest.h>

#include "planning/hddl_import.hpp"
#include "planning/hddl_sexpr.hpp"
#include "planning/planner.hpp"
#include "planning/search_state.hpp"
#include "planning/validator.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::planning;

HddlImport import_embedded(std::string_view domain, std::string_view problem) {
  Result<HddlImport> loaded = import_hddl(embedded_hddl_file(domain), domain, embedded_hddl_file(problem), problem);
  if (!loaded.ok()) FAIL(loaded.error().to_string());
  return std::move(loaded).value();
}

Replay replay_first(const HddlImport& loaded, const PlanResult& result) {
  std::vector<GroundTask> steps;
  for (const PlanStep& step : result.plans.front().steps) steps.push_back(step.task);
  return replay_plan(loaded.domain, loaded.problem, loaded.problem.initial_state, steps);
}

void check_plans(std::string_view domain, std::string_view problem) {
  const HddlImport loaded = import_embedded(domain, problem);
  const PlanResult result = plan_problem(loaded.domain, loaded.problem, PlanOptions{});
  REQUIRE(result.status == PlanStatus::found);
  const Replay replay = replay_first(loaded, result);
  CHECK_MESSAGE(replay.valid, replay.reason);
  CHECK_MESSAGE(replay.goal_reached, replay.reason);
  CHECK_FALSE(check_ordering(loaded.domain, loaded.problem, result.plans.front()).first_violation.has_value());
}

constexpr std::string_view kTinyDomain = R"((define (domain tiny)
  (:requirements :typing :hierarchy)
  (:types thing)
  (:predicates (done ?x - thing))
  (:task finish :parameters (?x - thing))
  (:method m-finish :parameters (?x - thing) :task (finish ?x) :ordered-subtasks (mark ?x))
  (:action mark :parameters (?x - thing) :precondition (not (done ?x)) :effect (done ?x))))";

constexpr std::string_view kTinyProblem = R"((define (problem p) (:domain tiny)
  (:objects a b - thing)
  (:htn :ordered-subtasks (and (finish a) (finish b)))
  (:init) (:goal (and (done a) (done b)))))";

Error import_error(std::string_view domain, std::string_view problem = kTinyProblem) {
  Result<HddlImport> loaded = import_hddl(domain, "d.hddl", problem, "p.hddl");
  REQUIRE_FALSE(loaded.ok());
  return loaded.error();
}

std::string replace(std::string_view text, std::string_view from, std::string_view to) {
  std::string out(text);
  const std::size_t at = out.find(from);
  REQUIRE(at != std::string::npos);
  out.replace(at, from.size(), to);
  return out;
}

}  // namespace

TEST_CASE("hddl: sexpr: located errors for unbalanced, trailing and too deep input") {
  Result<SExpr> open = parse_sexpr("(define (domain x)\n  (:types a", "f.hddl");
  REQUIRE_FALSE(open.ok());
  CHECK(open.error().code == "hddl.unbalanced");
  CHECK(open.error().line == 2);
  CHECK(open.error().column == 3);
  Result<SExpr> extra = parse_sexpr("(a)\n)", "f.hddl");
  REQUIRE_FALSE(extra.ok());
  CHECK(extra.error().line == 2);
  CHECK(parse_sexpr("(a) (b)", "f.hddl").error().code == "hddl.trailing_text");
  CHECK(parse_sexpr("; only a comment\n", "f.hddl").error().code == "hddl.empty");
  std::string deep(limits::kMaxHddlDepth + 1, '(');
  deep.append(limits::kMaxHddlDepth + 1, ')');
  CHECK(parse_sexpr(deep, "f.hddl").error().code == "hddl.too_deep");
  Result<SExpr> fine = parse_sexpr("(Define ; comment\n (X ?Y))", "f.hddl");
  REQUIRE(fine.ok());
  CHECK(fine.value().head() == "define");  // case-insensitive, like PDDL
  CHECK(fine.value().items[1].items[1].atom == "?y");
  CHECK(fine.value().items[1].line == 2);
}

TEST_CASE("hddl: import: the tiny domain converts to our format and plans") {
  Result<HddlImport> loaded = import_hddl(kTinyDomain, "d.hddl", kTinyProblem, "p.hddl");
  REQUIRE_MESSAGE(loaded.ok(), loaded.error().to_string());
  CHECK(loaded.value().domain_json["format"] == "coordlab.htn.domain/1");
  CHECK(loaded.value().domain_json["operators"][0]["pre"][0] == "not done ?x");
  CHECK(loaded.value().problem_json["tasks"] == Json::array({"finish a", "finish b"}));
  const PlanResult result = plan_problem(loaded.value().domain, loaded.value().problem, PlanOptions{});
  REQUIRE(result.status == PlanStatus::found);
  CHECK(ipc_plan_text(loaded.value().domain, loaded.value().problem, result.plans.front()) ==
        "==>\n0 mark a\n1 mark b\nroot 2 3\n2 finish a -> m-finish 0\n3 finish b -> m-finish 1\n<==\n");
}

TEST_CASE("hddl: import: constructs outside the total-order subset are named with their line") {
  const Error either = import_error(replace(kTinyDomain, "(:types thing)", "(:types thing - (either a b))"));
  CHECK(either.code == "hddl.unsupported");
  CHECK(either.message.find("`either`") != std::string::npos);
  CHECK(either.line == 3);
  const Error disjunction = import_error(replace(kTinyDomain, ":precondition (not (done ?x))", ":precondition (or (done ?x) (done ?x))"));
  CHECK(disjunction.message.find("`or`") != std::string::npos);
  CHECK(disjunction.line == 7);
  const Error conditional = import_error(replace(kTinyDomain, ":effect (done ?x)", ":effect (when (done ?x) (done ?x))"));
  CHECK(conditional.message.find("`when in an effect`") != std::string::npos);
  const Error requirement = import_error(replace(kTinyDomain, ":hierarchy", ":hierarchy :conditional-effects"));
  CHECK(requirement.message.find("`:conditional-effects`") != std::string::npos);
  CHECK(requirement.line == 2);
  const Error partial = import_error(kTinyDomain, replace(kTinyProblem, ":ordered-subtasks (and (finish a) (finish b))", ":subtasks (and (t1 (finish a)) (t2 (finish b)))"));
  CHECK(partial.code == "hddl.partial_order");
  CHECK(partial.file == "p.hddl");
  CHECK(partial.line == 3);
}

TEST_CASE("hddl: import: errors the strict reader finds point back into the HDDL file") {
  const Error unknown = import_error(replace(kTinyDomain, ":ordered-subtasks (mark ?x)", ":ordered-subtasks (mrak ?x)"));
  CHECK(unknown.code == "htn.unknown_task");
  CHECK(unknown.file == "d.hddl");
  CHECK(unknown.line == 6);
  CHECK(unknown.message.find("Did you mean \"mark\"") != std::string::npos);
  const Error object = import_error(kTinyDomain, replace(kTinyProblem, "(finish b)", "(finish c)"));
  CHECK(object.code == "htn.unknown_object");
  CHECK(object.line == 3);
}

TEST_CASE("hddl: import: a total :ordering, equality, forall, constants and empty methods") {
  const HddlImport loaded = import_embedded("satellite.hddl", "satellite-p01.hddl");
  const Json& methods = loaded.domain_json["methods"];
  CHECK(loaded.domain_json["constants"] == Json::array({"calib-star - direction"}));
  CHECK(methods[0]["pre"][0] == "forall ?d - direction | not pending ?d");
  CHECK(methods[0]["subtasks"].empty());
  CHECK(methods[2]["subtasks"] == Json::array({"activate-instrument ?s ?i", "do-turning ?s ?d", "take-image ?s ?d ?i ?m"}));
  CHECK(methods[5]["pre"].back() == "not = ?other ?i");
  CHECK(loaded.problem.objects.front() == "calib-star");  // constants are every problem's first objects
}

TEST_CASE("hddl: forall: the all-done method applies only when no direction is pending") {
  HddlImport loaded = import_embedded("satellite.hddl", "satellite-p01.hddl");
  const Method& all_done = loaded.domain.methods[0];
  const GroundTask root = ground(loaded.problem.tasks[0]);
  std::vector<std::int32_t> bindings;
  CHECK_FALSE(method_bindings(loaded.domain, loaded.problem, loaded.problem.initial_state, all_done, root, bindings, nullptr));
  std::vector<AtomKey> state;
  for (AtomKey key : loaded.problem.initial_state)
    if (loaded.domain.predicates[atom_predicate(key)] != "pending") state.push_back(key);
  CHECK(method_bindings(loaded.domain, loaded.problem, state, all_done, root, bindings, nullptr));
}

TEST_CASE("hddl: domains: transport and satellite problems plan to valid plans that reach the goal") {
  check_plans("transport.hddl", "transport-p01.hddl");
  check_plans("transport.hddl", "transport-p10.hddl");
  check_plans("satellite.hddl", "satellite-p01.hddl");
  check_plans("satellite.hddl", "satellite-p10.hddl");
}

TEST_CASE("hddl: transport: unguarded get-to recursion needs loop detection; the unbound vehicle is enumerated") {
  const HddlImport loaded = import_embedded("transport.hddl", "transport-p10.hddl");
  const PlanResult with = plan_problem(loaded.domain, loaded.problem, PlanOptions{});
  REQUIRE(with.status == PlanStatus::found);
  CHECK(with.loops_cut > 0);
  PlanOptions without;
  without.loop_detection = false;
  without.expansion_limit = 200'000;
  const PlanResult result = plan_problem(loaded.domain, loaded.problem, without);
  // Without it the recursion either runs into a limit or, as here, wanders: thousands of useless steps.
  const std::size_t useful = with.plans.front().steps.size();
  CHECK((result.status != PlanStatus::found || result.plans.front().steps.size() > 10 * useful));
  CHECK(result.expansions > 10 * with.expansions);
  // m-deliver's ?v appears in no precondition: the planner enumerated the vehicles to bind it.
  const Method& deliver = loaded.domain.methods[1];
  REQUIRE(deliver.name == "m-deliver");
  CHECK(deliver.variables.back().name == "v");
}

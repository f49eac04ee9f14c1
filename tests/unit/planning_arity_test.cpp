// Wide atoms and tasks (competition HDDL domains use up to 6-8 parameters): a domain whose predicates
// and tasks have 6 and 8 arguments, in our JSON and imported from HDDL, plans to the same plan; the
// matcher's scans bind and filter arguments 5-8 (the atom key's second word); 9 arguments is the
// `htn.too_many_arguments` error for predicates, operators and tasks, in both languages.
#include <doctest/doctest.h>

#include "planning/hddl_import.hpp"
#include "planning/planner.hpp"
#include "planning/validator.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::planning;

// route ?t ?a ?b ?c ?d ?e: truck ?t may drive from ?a through ?b ?c ?d to ?e (6 arguments); a tour (8)
// is allowed by an 8-argument permit. m_journey binds two routes through ?mid, which sits at argument 6
// (a filter in the key's second word); m_finish binds a route whose first five arguments are known (a
// scan whose range ends in the second word).
constexpr std::string_view kWideDomain = R"({
  "format": "coordlab.htn.domain/1",
  "name": "wide",
  "types": ["truck", "place"],
  "predicates": ["at ?t - truck ?p - place", "route ?t - truck ?a ?b ?c ?d ?e - place",
                 "permit ?t - truck ?a ?b ?c ?d ?e ?f ?g - place", "logged ?t - truck ?a ?b ?c ?d ?e - place"],
  "operators": [
    { "name": "drive", "parameters": "?t - truck ?a ?b ?c ?d ?e - place", "pre": ["at ?t ?a", "route ?t ?a ?b ?c ?d ?e"],
      "add": ["at ?t ?e", "logged ?t ?a ?b ?c ?d ?e"], "delete": ["at ?t ?a"] }
  ],
  "tasks": ["tour ?t - truck ?a ?b ?c ?d ?e ?f ?g - place", "journey ?t - truck ?from ?mid ?to - place",
            "leg ?t - truck ?a ?b ?c ?d ?e - place", "finish ?t - truck ?a ?b ?c ?d - place"],
  "methods": [
    { "name": "m_tour", "task": "tour ?t ?a ?b ?c ?d ?e ?f ?g", "pre": ["permit ?t ?a ?b ?c ?d ?e ?f ?g"],
      "subtasks": ["journey ?t ?a ?e ?g", "finish ?t ?g ?a ?b ?c"] },
    { "name": "m_journey", "task": "journey ?t ?from ?mid ?to", "parameters": "?b ?c ?d ?x ?y ?z - place",
      "pre": ["route ?t ?from ?b ?c ?d ?mid", "route ?t ?mid ?x ?y ?z ?to"],
      "subtasks": ["leg ?t ?from ?b ?c ?d ?mid", "leg ?t ?mid ?x ?y ?z ?to"] },
    { "name": "m_leg", "task": "leg ?t ?a ?b ?c ?d ?e", "subtasks": ["drive ?t ?a ?b ?c ?d ?e"] },
    { "name": "m_finish", "task": "finish ?t ?a ?b ?c ?d", "parameters": "?e - place", "pre": ["route ?t ?a ?b ?c ?d ?e"],
      "subtasks": ["leg ?t ?a ?b ?c ?d ?e"] }
  ]
})";

constexpr std::string_view kWideProblem = R"({
  "format": "coordlab.htn.problem/1",
  "name": "wide-1",
  "objects": { "truck": ["t1"], "place": ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"] },
  "init": ["at t1 p1", "permit t1 p1 p2 p3 p4 p6 p7 p9",
           "route t1 p1 p2 p3 p4 p5", "route t1 p1 p2 p3 p8 p6", "route t1 p6 p7 p8 p2 p9",
           "route t1 p9 p1 p2 p4 p3", "route t1 p9 p1 p2 p3 p5", "route t1 p9 p1 p2 p3 p4"],
  "tasks": ["tour t1 p1 p2 p3 p4 p6 p7 p9"],
  "goal": ["at t1 p4", "logged t1 p6 p7 p8 p2 p9"]
})";

// The same domain and problem in HDDL.
constexpr std::string_view kWideHddlDomain = R"((define (domain wide)
  (:requirements :typing :hierarchy :method-preconditions)
  (:types truck place)
  (:predicates (at ?t - truck ?p - place) (route ?t - truck ?a ?b ?c ?d ?e - place)
               (permit ?t - truck ?a ?b ?c ?d ?e ?f ?g - place) (logged ?t - truck ?a ?b ?c ?d ?e - place))
  (:task tour :parameters (?t - truck ?a ?b ?c ?d ?e ?f ?g - place))
  (:task journey :parameters (?t - truck ?from ?mid ?to - place))
  (:task leg :parameters (?t - truck ?a ?b ?c ?d ?e - place))
  (:task finish :parameters (?t - truck ?a ?b ?c ?d - place))
  (:method m_tour :parameters (?t - truck ?a ?b ?c ?d ?e ?f ?g - place) :task (tour ?t ?a ?b ?c ?d ?e ?f ?g)
    :precondition (permit ?t ?a ?b ?c ?d ?e ?f ?g)
    :ordered-subtasks (and (journey ?t ?a ?e ?g) (finish ?t ?g ?a ?b ?c)))
  (:method m_journey :parameters (?t - truck ?from ?mid ?to ?b ?c ?d ?x ?y ?z - place) :task (journey ?t ?from ?mid ?to)
    :precondition (and (route ?t ?from ?b ?c ?d ?mid) (route ?t ?mid ?x ?y ?z ?to))
    :ordered-subtasks (and (leg ?t ?from ?b ?c ?d ?mid) (leg ?t ?mid ?x ?y ?z ?to)))
  (:method m_leg :parameters (?t - truck ?a ?b ?c ?d ?e - place) :task (leg ?t ?a ?b ?c ?d ?e)
    :ordered-subtasks (drive ?t ?a ?b ?c ?d ?e))
  (:method m_finish :parameters (?t - truck ?a ?b ?c ?d ?e - place) :task (finish ?t ?a ?b ?c ?d)
    :precondition (route ?t ?a ?b ?c ?d ?e)
    :ordered-subtasks (leg ?t ?a ?b ?c ?d ?e))
  (:action drive :parameters (?t - truck ?a ?b ?c ?d ?e - place)
    :precondition (and (at ?t ?a) (route ?t ?a ?b ?c ?d ?e))
    :effect (and (not (at ?t ?a)) (at ?t ?e) (logged ?t ?a ?b ?c ?d ?e)))))";

constexpr std::string_view kWideHddlProblem = R"((define (problem wide-1) (:domain wide)
  (:objects t1 - truck p1 p2 p3 p4 p5 p6 p7 p8 p9 - place)
  (:htn :ordered-subtasks (tour t1 p1 p2 p3 p4 p6 p7 p9))
  (:init (at t1 p1) (permit t1 p1 p2 p3 p4 p6 p7 p9)
         (route t1 p1 p2 p3 p4 p5) (route t1 p1 p2 p3 p8 p6) (route t1 p6 p7 p8 p2 p9)
         (route t1 p9 p1 p2 p4 p3) (route t1 p9 p1 p2 p3 p5) (route t1 p9 p1 p2 p3 p4))
  (:goal (and (at t1 p4) (logged t1 p6 p7 p8 p2 p9)))))";

const std::vector<std::string> kWidePlan = {"drive t1 p1 p2 p3 p8 p6", "drive t1 p6 p7 p8 p2 p9", "drive t1 p9 p1 p2 p3 p4"};

std::vector<std::string> plan_texts(const Domain& domain, const Problem& problem) {
  const PlanResult result = plan_problem(domain, problem, PlanOptions{});
  REQUIRE_MESSAGE(result.status == PlanStatus::found, result.reason);
  std::vector<GroundTask> steps;
  std::vector<std::string> texts;
  for (const PlanStep& step : result.plans.front().steps) {
    steps.push_back(step.task);
    texts.push_back(ground_text(domain, problem, step.task));
  }
  const Replay replay = replay_plan(domain, problem, problem.initial_state, steps);
  CHECK_MESSAGE(replay.valid, replay.reason);
  CHECK_MESSAGE(replay.goal_reached, replay.reason);
  return texts;
}

// `text` with `extra` arguments added to `declaration`, before its last type.
std::string with_extra_arguments(std::string_view text, std::string_view declaration, std::string_view extra) {
  const std::size_t at = text.find(declaration);
  REQUIRE(at != std::string_view::npos);
  std::string out(text);
  out.insert(at + declaration.rfind(" - "), extra);
  return out;
}

Error domain_error(std::string_view text) {
  Result<Domain> domain = parse_domain_text(text, "wide.json");
  REQUIRE_FALSE(domain.ok());
  return domain.error();
}

}  // namespace

TEST_CASE("planning: arity: 6- and 8-argument atoms and tasks plan, bind and print (JSON)") {
  Result<Domain> domain = parse_domain_text(kWideDomain, "wide.json");
  REQUIRE_MESSAGE(domain.ok(), domain.error().to_string());
  Result<Problem> problem = parse_problem_text(kWideProblem, "wide-1.json", domain.value());
  REQUIRE_MESSAGE(problem.ok(), problem.error().to_string());
  CHECK(plan_texts(domain.value(), problem.value()) == kWidePlan);
  std::vector<std::string> atoms;
  for (AtomKey key : problem.value().initial_state) atoms.push_back(atom_text(domain.value(), problem.value(), key));
  CHECK(std::find(atoms.begin(), atoms.end(), "permit t1 p1 p2 p3 p4 p6 p7 p9") != atoms.end());
  // Sorted by their arguments in order, the fifth and sixth included.
  const auto first_p9_route = std::find(atoms.begin(), atoms.end(), "route t1 p9 p1 p2 p3 p4");
  REQUIRE(first_p9_route != atoms.end());
  CHECK(*(first_p9_route + 1) == "route t1 p9 p1 p2 p3 p5");
  CHECK(*(first_p9_route + 2) == "route t1 p9 p1 p2 p4 p3");
  CHECK(limits::kMaxHtnArity == 8);
}

TEST_CASE("planning: arity: the same wide domain imported from HDDL plans the same plan") {
  Result<HddlImport> loaded = import_hddl(kWideHddlDomain, "wide.hddl", kWideHddlProblem, "wide-1.hddl");
  REQUIRE_MESSAGE(loaded.ok(), loaded.error().to_string());
  CHECK(plan_texts(loaded.value().domain, loaded.value().problem) == kWidePlan);
}

TEST_CASE("planning: arity: 9 arguments is an error for a predicate, an operator and a task (JSON and HDDL)") {
  const Error predicate = domain_error(with_extra_arguments(kWideDomain, "permit ?t - truck ?a ?b ?c ?d ?e ?f ?g - place", " ?h"));
  CHECK(predicate.code == "htn.too_many_arguments");
  CHECK(predicate.pointer == "/predicates/2");
  CHECK(predicate.message.find("at most 8") != std::string::npos);
  const Error op = domain_error(with_extra_arguments(kWideDomain, "\"parameters\": \"?t - truck ?a ?b ?c ?d ?e - place\"", " ?f ?g ?h"));
  CHECK(op.code == "htn.too_many_arguments");
  CHECK(op.pointer == "/operators/0/parameters");
  const Error task = domain_error(with_extra_arguments(kWideDomain, "tour ?t - truck ?a ?b ?c ?d ?e ?f ?g - place", " ?h"));
  CHECK(task.code == "htn.too_many_arguments");
  CHECK(task.pointer == "/tasks/0");
  Result<HddlImport> hddl =
      import_hddl(with_extra_arguments(kWideHddlDomain, "(permit ?t - truck ?a ?b ?c ?d ?e ?f ?g - place)", " ?h"), "wide.hddl", kWideHddlProblem, "wide-1.hddl");
  REQUIRE_FALSE(hddl.ok());
  CHECK(hddl.error().code == "htn.too_many_arguments");
  CHECK(hddl.error().file == "wide.hddl");
  CHECK(hddl.error().line == 4);  // the importer locates predicate errors at their (:predicates section
}

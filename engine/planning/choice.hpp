// Constraints and choice: hard constraints on a plan (deadline, budget, parallel streams), a bounded
// enumeration of alternative plans, their Pareto front over (time, cost, risk) and a weighted choice on
// it. All in integers: ticks, cost units, permille.
#pragma once
#include <string>
#include <vector>

#include "planning/planner.hpp"

namespace coordlab::planning {

// What the problem's constraints say about a plan: one sentence per violated constraint (empty: all hold).
std::vector<std::string> constraint_violations(const Plan& plan, const Constraints& constraints);

// `a` is no worse than `b` in time, cost and risk, and better in at least one.
bool dominates(const Plan& a, const Plan& b);

// The candidates (indices into `plans`) no other candidate dominates, in the candidates' order.
std::vector<std::size_t> pareto_front(const std::vector<Plan>& plans, const std::vector<std::size_t>& candidates);

// Weights in permille; each metric is scaled to 0..1000 over the front's range before weighting.
struct ChoiceWeights {
  std::int64_t time_permille = 334;
  std::int64_t cost_permille = 333;
  std::int64_t risk_permille = 333;
};
// The front member with the lowest weighted score (ties: the one found first).
std::size_t weighted_choice(const std::vector<Plan>& plans, const std::vector<std::size_t>& front, const ChoiceWeights& weights);

struct Choice {
  PlanResult search;                  // the enumerated plans (at most `alternatives`)
  std::vector<std::size_t> feasible;  // plans meeting the hard constraints
  std::vector<std::size_t> front;     // the Pareto front of the feasible plans
  std::int64_t chosen = -1;           // index into search.plans; -1: no feasible plan
};
// Enumerates up to `alternatives` plans (capped at kMaxHtnAlternativePlans) from `state`, keeps those
// meeting the constraints, and chooses on their Pareto front.
Choice choose_plan(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const std::vector<GroundTask>& tasks,
                   std::size_t alternatives, const ChoiceWeights& weights);

}  // namespace coordlab::planning

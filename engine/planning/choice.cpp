// Constraints and choice (choice.hpp). The plans come from the planner's own enumeration (depth-first,
// in its order), so the choice is deterministic: same domain and state, same plans, same pick.
#include "planning/choice.hpp"

#include <algorithm>

namespace coordlab::planning {

std::vector<std::string> constraint_violations(const Plan& plan, const Constraints& constraints) {
  std::vector<std::string> violations;
  auto over = [&](std::string_view what, std::int64_t value, std::int64_t limit, std::string_view unit) {
    std::string text(what);
    text.append(" ").append(std::to_string(value)).append(unit).append(" exceeds ").append(std::to_string(limit)).append(unit);
    violations.push_back(std::move(text));
  };
  if (constraints.deadline_ticks > 0 && plan.time_ticks > constraints.deadline_ticks) over("time", plan.time_ticks, constraints.deadline_ticks, " ticks (deadline)");
  if (constraints.budget > 0 && plan.cost > constraints.budget) over("cost", plan.cost, constraints.budget, " (budget)");
  if (constraints.max_streams > 0 && plan.max_streams > constraints.max_streams) over("streams", plan.max_streams, constraints.max_streams, " (parallel streams)");
  return violations;
}

bool dominates(const Plan& a, const Plan& b) {
  const bool no_worse = a.time_ticks <= b.time_ticks && a.cost <= b.cost && a.risk_permille <= b.risk_permille;
  const bool better = a.time_ticks < b.time_ticks || a.cost < b.cost || a.risk_permille < b.risk_permille;
  return no_worse && better;
}

std::vector<std::size_t> pareto_front(const std::vector<Plan>& plans, const std::vector<std::size_t>& candidates) {
  std::vector<std::size_t> front;
  for (std::size_t i : candidates) {
    bool dominated = false;
    for (std::size_t j : candidates) dominated = dominated || dominates(plans[j], plans[i]);
    if (!dominated) front.push_back(i);
  }
  return front;
}

namespace {

// `value` scaled to 0..1000 over [low, high] (0 when the range is empty).
std::int64_t scaled_permille(std::int64_t value, std::int64_t low, std::int64_t high) { return high > low ? (value - low) * 1000 / (high - low) : 0; }

}  // namespace

std::size_t weighted_choice(const std::vector<Plan>& plans, const std::vector<std::size_t>& front, const ChoiceWeights& weights) {
  ENGINE_ASSERT(!front.empty());
  auto range = [&](auto metric) {
    std::int64_t low = metric(plans[front[0]]), high = low;
    for (std::size_t i : front) {
      low = std::min(low, metric(plans[i]));
      high = std::max(high, metric(plans[i]));
    }
    return std::pair{low, high};
  };
  auto time = [](const Plan& plan) { return plan.time_ticks; };
  auto cost = [](const Plan& plan) { return plan.cost; };
  auto risk = [](const Plan& plan) { return plan.risk_permille; };
  const auto [time_low, time_high] = range(time);
  const auto [cost_low, cost_high] = range(cost);
  const auto [risk_low, risk_high] = range(risk);
  std::size_t best = front[0];
  std::int64_t best_score = -1;
  for (std::size_t i : front) {
    const Plan& plan = plans[i];
    const std::int64_t score = weights.time_permille * scaled_permille(plan.time_ticks, time_low, time_high) +
                               weights.cost_permille * scaled_permille(plan.cost, cost_low, cost_high) +
                               weights.risk_permille * scaled_permille(plan.risk_permille, risk_low, risk_high);
    if (best_score < 0 || score < best_score) {
      best = i;
      best_score = score;
    }
  }
  return best;
}

Choice choose_plan(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const std::vector<GroundTask>& tasks,
                   std::size_t alternatives, const ChoiceWeights& weights) {
  PlanOptions options;
  options.max_plans = std::clamp<std::size_t>(alternatives, 1, limits::kMaxHtnAlternativePlans);
  Choice choice;
  choice.search = plan_tasks(domain, problem, state, tasks, options);
  for (std::size_t i = 0; i < choice.search.plans.size(); ++i)
    if (constraint_violations(choice.search.plans[i], problem.constraints).empty()) choice.feasible.push_back(i);
  choice.front = pareto_front(choice.search.plans, choice.feasible);
  if (!choice.front.empty()) choice.chosen = static_cast<std::int64_t>(weighted_choice(choice.search.plans, choice.front, weights));
  return choice;
}

}  // namespace coordlab::planning

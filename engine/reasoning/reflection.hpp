// Reflection and learning across episodes. Experiences (situation, strategy, outcome, steps, ticks) are
// analysed into insights (a strategy that fails or is slow in a situation) with a confidence and an
// impact, which pass thresholds to become recommendations (failure_prevention, efficiency_optimization,
// strategy_selection), each citing the experiences behind it. Learning reads the strategy_selection
// recommendations into a strategy per situation, and is measured on held-out episodes against the
// untrained agent given the same attempts, over many seeds, with the spread: "no improvement" is a
// possible, honest result (for example when issues do not depend on the situation).
//
// Reflexion's memory is something else and kept apart: per task, a window of the last reflections,
// reused only when the same task is retried (run_reflexion). Its results are labelled "same task
// retried", never "held-out".
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reasoning/agent.hpp"

namespace coordlab::reasoning {

struct Experience {
  std::int64_t id = 0;
  std::string situation;  // "csv/small"
  Strategy strategy = Strategy::full_check;
  bool success = false;
  std::int64_t steps = 0;
  std::int64_t ticks = 0;
};

struct ReflectionThresholds {
  std::int64_t min_support = 2;               // experiences a group needs before it says anything
  std::int64_t min_confidence_permille = 500;  // share of the group showing the pattern
  std::int64_t min_impact_permille = 200;      // how much worse than the situation's best strategy
};

struct Insight {
  std::string kind;  // "failing" or "slow"
  std::string situation;
  Strategy strategy = Strategy::full_check;
  std::int64_t confidence_permille = 0;
  std::int64_t impact_permille = 0;
  std::vector<std::int64_t> evidence;  // experience ids
};

struct Recommendation {
  std::string kind;  // failure_prevention, efficiency_optimization, strategy_selection
  std::string situation;
  Strategy strategy = Strategy::full_check;  // the strategy to use in the situation
  std::vector<std::int64_t> cites;           // experience ids
  std::vector<std::size_t> insights;         // indexes into Reflection::insights
};

struct Reflection {
  std::vector<Insight> insights;
  std::vector<Recommendation> recommendations;
};

Reflection reflect(const std::vector<Experience>& experiences, const ReflectionThresholds& thresholds);

// What the learning reads: a strategy per situation from the strategy_selection recommendations.
std::map<std::string, Strategy> learned_strategies(const Reflection& reflection);

// The course's mistakes as labelled variants: `store_only` keeps the insights but nothing reads them;
// `same_request` compares the adapted agent with the original on one training request.
enum class LearningVariant : std::uint8_t { lab, store_only, same_request };

struct LearningParams {
  std::uint64_t seed = 1;  // the first of `seeds` consecutive experiment seeds
  std::int64_t seeds = 20;
  std::int64_t training_episodes = 60;
  std::int64_t heldout_episodes = 30;
  std::int64_t fault_permille = 50;
  std::int64_t max_steps = 6;
  Strategy baseline = Strategy::schema_first;  // the untrained agent's only strategy
  IssueDistribution distribution = IssueDistribution::linked;
  ReflectionThresholds thresholds;
  LearningVariant variant = LearningVariant::lab;
};

struct SeedOutcome {
  std::uint64_t seed = 0;
  std::int64_t episodes = 0;
  std::int64_t learned_successes = 0, baseline_successes = 0;
  std::int64_t learned_steps = 0, baseline_steps = 0;  // sums
};

struct CurvePoint {
  std::int64_t training_episodes = 0;
  std::int64_t training_success_permille = 0;  // success rate of the training episodes so far
  std::int64_t heldout_success_permille = 0;   // held-out success of what was learned from them
};

struct LearningReport {
  std::string scope;  // "cross_episode_heldout" or "same_request"
  std::vector<SeedOutcome> seeds;
  std::vector<Experience> experiences;  // the first seed's training experiences
  Reflection reflection;                // the first seed's reflection
  std::vector<CurvePoint> curve;        // over all seeds
  std::int64_t gain_permille_mean = 0, gain_permille_min = 0, gain_permille_max = 0;  // learned - baseline success rate
  std::int64_t seeds_improved = 0, seeds_worse = 0;
};

LearningReport run_learning_experiment(const LearningParams& params);

// Reflexion: each task is retried up to `attempts` times; after a failure a reflection (which strategy
// to try, and why) joins the task's memory, of which the last `window` are read on the next attempt.
// The baseline retries without memory. Cumulative solved tasks after each attempt, as in the paper.
struct ReflexionReport {
  std::vector<std::int64_t> solved_with_memory;     // after attempt 1, 2, ...
  std::vector<std::int64_t> solved_without_memory;
  std::int64_t tasks = 0;
};
ReflexionReport run_reflexion(const LearningParams& params, std::int64_t attempts, std::int64_t window);

}  // namespace coordlab::reasoning

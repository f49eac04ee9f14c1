#include "reasoning/reflection.hpp"

#include <algorithm>

#include "reasoning/episode_runner.hpp"

namespace coordlab::reasoning {
namespace {

struct Group {
  std::vector<const Experience*> members;
  std::int64_t successes = 0;
  std::int64_t success_steps = 0;  // sum over successes
  std::int64_t failure_permille() const { return 1000 * (static_cast<std::int64_t>(members.size()) - successes) / static_cast<std::int64_t>(members.size()); }
  std::int64_t mean_steps_milli() const { return successes == 0 ? 0 : 1000 * success_steps / successes; }
};

// Better: more successes per experience, then fewer steps, then the earlier strategy.
bool better(const Group& a, Strategy sa, const Group& b, Strategy sb) {
  if (a.failure_permille() != b.failure_permille()) return a.failure_permille() < b.failure_permille();
  if (a.successes > 0 && b.successes > 0 && a.mean_steps_milli() != b.mean_steps_milli()) return a.mean_steps_milli() < b.mean_steps_milli();
  return sa < sb;
}

void add_insight(Reflection& reflection, Insight insight, const std::string& recommendation_kind, Strategy best) {
  reflection.recommendations.push_back(Recommendation{recommendation_kind, insight.situation, best, insight.evidence, {reflection.insights.size()}});
  reflection.insights.push_back(std::move(insight));
}

void reflect_on_situation(const std::string& situation, const std::map<Strategy, Group>& groups, const ReflectionThresholds& t, Reflection& out) {
  const Group* best = nullptr;
  Strategy best_strategy = Strategy::full_check;
  for (const auto& [strategy, group] : groups) {
    if (static_cast<std::int64_t>(group.members.size()) < t.min_support) continue;
    if (best == nullptr || better(group, strategy, *best, best_strategy)) {
      best = &group;
      best_strategy = strategy;
    }
  }
  if (best == nullptr) return;
  const std::size_t first_recommendation = out.recommendations.size();
  for (const auto& [strategy, group] : groups) {
    if (strategy == best_strategy || static_cast<std::int64_t>(group.members.size()) < t.min_support) continue;
    Insight failing{"failing", situation, strategy, group.failure_permille(), group.failure_permille() - best->failure_permille(), {}};
    for (const Experience* e : group.members)
      if (!e->success) failing.evidence.push_back(e->id);
    if (!failing.evidence.empty() && failing.confidence_permille >= t.min_confidence_permille && failing.impact_permille >= t.min_impact_permille)
      add_insight(out, failing, "failure_prevention", best_strategy);
    if (group.successes == 0 || best->successes == 0) continue;
    Insight slow{"slow", situation, strategy, 0, 1000 * (group.mean_steps_milli() - best->mean_steps_milli()) / best->mean_steps_milli(), {}};
    for (const Experience* e : group.members)
      if (e->success && 1000 * e->steps > best->mean_steps_milli()) slow.evidence.push_back(e->id);
    slow.confidence_permille = 1000 * static_cast<std::int64_t>(slow.evidence.size()) / group.successes;
    if (!slow.evidence.empty() && slow.confidence_permille >= t.min_confidence_permille && slow.impact_permille >= t.min_impact_permille)
      add_insight(out, slow, "efficiency_optimization", best_strategy);
  }
  if (out.recommendations.size() == first_recommendation) return;  // nothing to choose between
  Recommendation selection{"strategy_selection", situation, best_strategy, {}, {}};
  for (const Experience* e : best->members)
    if (e->success) selection.cites.push_back(e->id);
  for (std::size_t i = first_recommendation; i < out.recommendations.size(); ++i) selection.insights.push_back(out.recommendations[i].insights.front());
  out.recommendations.push_back(selection);
}

AgentConfig strategy_agent(Strategy strategy, std::int64_t max_steps) {
  AgentConfig config;
  config.policy.kind = PolicyKind::strategy;
  config.policy.strategy = strategy;
  config.max_steps = max_steps;
  config.meta.trigger = MetaTrigger::never;  // measure the strategy alone
  return config;
}

// Held-out successes and steps of a strategy table (falling back to `fallback`) on one seed's held-out set.
std::pair<std::int64_t, std::int64_t> evaluate(const LearningParams& p, std::uint64_t seed, const std::map<std::string, Strategy>& table, Strategy fallback) {
  std::int64_t successes = 0, steps = 0;
  const bool same_request = p.variant == LearningVariant::same_request;
  const std::int64_t count = same_request ? 1 : p.heldout_episodes;
  for (std::int64_t j = 0; j < count; ++j) {
    const Episode episode = generate_episode(seed, same_request ? 0 : 1'000'000 + j, p.distribution);
    auto chosen = table.find(episode.situation());
    Random faults = Random::stream(seed, 2'000'000 + static_cast<std::uint64_t>(j));
    EpisodeResult result = run_episode(episode, strategy_agent(chosen == table.end() ? fallback : chosen->second, p.max_steps), p.fault_permille, faults);
    successes += result.success ? 1 : 0;
    steps += result.steps;
  }
  return {successes, steps};
}

// Reflexion reads the last `window` reflections of this task: avoid the strategies they say failed.
Strategy strategy_after(const std::vector<Strategy>& memory, std::int64_t window) {
  const std::size_t from = memory.size() > static_cast<std::size_t>(window) ? memory.size() - static_cast<std::size_t>(window) : 0;
  for (std::uint8_t i = 0; i < kStrategyCount; ++i)
    if (std::find(memory.begin() + static_cast<std::ptrdiff_t>(from), memory.end(), static_cast<Strategy>(i)) == memory.end()) return static_cast<Strategy>(i);
  return memory.back();
}

}  // namespace

Reflection reflect(const std::vector<Experience>& experiences, const ReflectionThresholds& thresholds) {
  std::map<std::string, std::map<Strategy, Group>> groups;
  for (const Experience& e : experiences) {
    Group& group = groups[e.situation][e.strategy];
    group.members.push_back(&e);
    group.successes += e.success ? 1 : 0;
    group.success_steps += e.success ? e.steps : 0;
  }
  Reflection reflection;
  for (const auto& [situation, by_strategy] : groups) reflect_on_situation(situation, by_strategy, thresholds, reflection);
  return reflection;
}

std::map<std::string, Strategy> learned_strategies(const Reflection& reflection) {
  std::map<std::string, Strategy> table;
  for (const Recommendation& r : reflection.recommendations)
    if (r.kind == "strategy_selection") table[r.situation] = r.strategy;
  return table;
}

LearningReport run_learning_experiment(const LearningParams& p) {
  LearningReport report;
  report.scope = p.variant == LearningVariant::same_request ? "same_request" : "cross_episode_heldout";
  const std::int64_t stride = std::max<std::int64_t>(1, p.training_episodes / 10);
  std::vector<std::int64_t> checkpoints;
  for (std::int64_t k = 0; k < p.training_episodes; k += stride) checkpoints.push_back(k);
  checkpoints.push_back(p.training_episodes);
  std::vector<std::int64_t> curve_heldout(checkpoints.size(), 0), curve_training(checkpoints.size(), 0);
  for (std::int64_t s = 0; s < p.seeds; ++s) {
    const std::uint64_t seed = p.seed + static_cast<std::uint64_t>(s);
    std::vector<Experience> experiences;
    for (std::int64_t i = 0; i < p.training_episodes; ++i) {  // explore: every strategy in turn
      const Episode episode = generate_episode(seed, i, p.distribution);
      const Strategy strategy = static_cast<Strategy>(i % kStrategyCount);
      Random faults = Random::stream(seed, 1'000'000 + static_cast<std::uint64_t>(i));
      EpisodeResult result = run_episode(episode, strategy_agent(strategy, p.max_steps), p.fault_permille, faults);
      experiences.push_back(Experience{i + 1, episode.situation(), strategy, result.success, result.steps, result.ticks});
    }
    for (std::size_t c = 0; c < checkpoints.size(); ++c) {
      std::vector<Experience> prefix(experiences.begin(), experiences.begin() + checkpoints[c]);
      const auto table = p.variant == LearningVariant::store_only ? std::map<std::string, Strategy>{} : learned_strategies(reflect(prefix, p.thresholds));
      curve_heldout[c] += evaluate(p, seed, table, p.baseline).first;
      for (const Experience& e : prefix) curve_training[c] += e.success ? 1 : 0;
    }
    Reflection reflection = reflect(experiences, p.thresholds);
    // store_only: the insights are kept, but the agent's choice never reads them (the course's mistake).
    const auto table = p.variant == LearningVariant::store_only ? std::map<std::string, Strategy>{} : learned_strategies(reflection);
    SeedOutcome outcome{seed, p.variant == LearningVariant::same_request ? 1 : p.heldout_episodes, 0, 0, 0, 0};
    std::tie(outcome.learned_successes, outcome.learned_steps) = evaluate(p, seed, table, p.baseline);
    std::tie(outcome.baseline_successes, outcome.baseline_steps) = evaluate(p, seed, {}, p.baseline);
    report.seeds.push_back(outcome);
    if (s == 0) {
      report.experiences = experiences;
      report.reflection = reflection;
    }
  }
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < report.seeds.size(); ++i) {
    const SeedOutcome& o = report.seeds[i];
    const std::int64_t gain = 1000 * (o.learned_successes - o.baseline_successes) / o.episodes;
    sum += gain;
    report.gain_permille_min = i == 0 ? gain : std::min(report.gain_permille_min, gain);
    report.gain_permille_max = i == 0 ? gain : std::max(report.gain_permille_max, gain);
    report.seeds_improved += gain > 0 ? 1 : 0;
    report.seeds_worse += gain < 0 ? 1 : 0;
  }
  if (!report.seeds.empty()) report.gain_permille_mean = sum / static_cast<std::int64_t>(report.seeds.size());
  const std::int64_t heldout_per_seed = p.variant == LearningVariant::same_request ? 1 : p.heldout_episodes;
  for (std::size_t c = 0; c < checkpoints.size(); ++c) {
    CurvePoint point{checkpoints[c], 0, 0};
    if (checkpoints[c] > 0) point.training_success_permille = 1000 * curve_training[c] / (checkpoints[c] * p.seeds);
    point.heldout_success_permille = p.seeds == 0 ? 0 : 1000 * curve_heldout[c] / (heldout_per_seed * p.seeds);
    report.curve.push_back(point);
  }
  return report;
}

ReflexionReport run_reflexion(const LearningParams& p, std::int64_t attempts, std::int64_t window) {
  ReflexionReport report;
  report.tasks = p.heldout_episodes;
  report.solved_with_memory.assign(static_cast<std::size_t>(attempts), 0);
  report.solved_without_memory.assign(static_cast<std::size_t>(attempts), 0);
  for (std::int64_t task = 0; task < p.heldout_episodes; ++task) {
    const Episode episode = generate_episode(p.seed, 3'000'000 + task, p.distribution);
    for (int with_memory = 0; with_memory < 2; ++with_memory) {
      std::vector<Strategy> memory;  // this task's reflections only
      bool solved = false;
      for (std::int64_t attempt = 0; attempt < attempts; ++attempt) {
        if (!solved) {
          Strategy strategy = p.baseline;
          if (with_memory && !memory.empty()) strategy = strategy_after(memory, window);
          Random faults = Random::stream(p.seed, 4'000'000 + static_cast<std::uint64_t>(task * 16 + attempt));
          EpisodeResult result = run_episode(episode, strategy_agent(strategy, p.max_steps), p.fault_permille, faults);
          solved = result.success;
          if (!solved) memory.push_back(strategy);  // the reflection: "this strategy failed on this task"
        }
        (with_memory ? report.solved_with_memory : report.solved_without_memory)[static_cast<std::size_t>(attempt)] += solved ? 1 : 0;
      }
    }
  }
  return report;
}

}  // namespace coordlab::reasoning

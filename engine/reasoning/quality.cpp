#include "reasoning/quality.hpp"

#include <algorithm>

namespace coordlab::reasoning {

std::string_view dimension_name(Dimension dimension) {
  static constexpr std::array<std::string_view, kDimensionCount> kNames = {
      "reasoning_clarity", "action_appropriateness", "outcome_effectiveness", "progress_contribution", "efficiency", "goal_consistency"};
  return dimension < kDimensionCount ? kNames[dimension] : "?";
}

std::int64_t weighted_permille(const std::array<std::int64_t, kDimensionCount>& dimensions) {
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < kDimensionCount; ++i) sum += kCourseWeightsPermille[i] * dimensions[i];
  return sum / 1000;
}

Quality score_step(const QualityFacts& facts) {
  Quality quality;
  quality.dimensions[kClarity] = !facts.thought_given ? 0 : facts.thought_names_action ? 1000 : 500;
  quality.dimensions[kAppropriateness] = facts.fit;
  quality.dimensions[kEffectiveness] = facts.outcome;
  quality.dimensions[kProgress] = facts.progress ? 1000 : 0;
  quality.dimensions[kEfficiency] = facts.repeat ? 0 : facts.outcome == 0 ? 500 : 1000;
  quality.dimensions[kConsistency] = facts.off_goal ? 0 : 1000;
  quality.overall = weighted_permille(quality.dimensions);
  return quality;
}

Result<LoopRule> loop_rule_preset(std::string_view name) {
  if (name == "lab") return LoopRule{4, 2, 4, LoopKey::action_observation, false};
  if (name == "course_text") return LoopRule{4, 2, 3, LoopKey::action, false};
  if (name == "course_code") return LoopRule{5, 2, 4, LoopKey::action, true};
  if (name == "reflexion_code") return LoopRule{2, 1, 2, LoopKey::action, false};
  return make_error("params.bad_choice", "\"loop_rule\" must be one of \"lab\", \"course_text\", \"course_code\", \"reflexion_code\" or \"custom\".");
}

namespace {

// Thoughts that differ only in digits and case count as near-identical (the course compares texts).
std::string normalise_thought(std::string_view thought) {
  std::string text;
  for (char c : thought) {
    if (c >= '0' && c <= '9') continue;
    text += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return text;
}

std::string key_of(const LoopSample& sample, LoopKey key) {
  std::string text(sample.action);
  if (key == LoopKey::action_observation) {
    text += '|';
    text += sample.input;
    text += '|';
    text += sample.observation;
  }
  return text;
}

}  // namespace

bool loop_flagged(const std::vector<LoopSample>& steps, const LoopRule& rule) {
  if (steps.empty()) return false;
  if (rule.similar_thoughts && steps.size() >= 2 && !steps.back().thought.empty() &&
      normalise_thought(steps.back().thought) == normalise_thought(steps[steps.size() - 2].thought))
    return true;
  const std::size_t length = std::min<std::size_t>(steps.size(), static_cast<std::size_t>(rule.window));
  if (static_cast<std::int64_t>(length) < rule.min_length) return false;
  std::vector<std::string> keys;
  for (std::size_t i = steps.size() - length; i < steps.size(); ++i) keys.push_back(key_of(steps[i], rule.key));
  std::sort(keys.begin(), keys.end());
  const auto distinct = std::unique(keys.begin(), keys.end()) - keys.begin();
  return distinct <= rule.max_distinct;
}

}  // namespace coordlab::reasoning

// Step quality and loop detection, both from observable facts of the trace (never random). Quality is
// the course's six weighted dimensions in integer permille: reasoning clarity 200, action
// appropriateness 250, outcome effectiveness 250, progress contribution 150, efficiency 100, goal
// consistency 50 (they sum to 1000). Loop detection looks at the last W steps: when at least L steps are
// there and they hold at most D distinct keys, the step is flagged. The key is the action alone (the
// course's rules, which flag a legitimate alternation such as transform/validate/transform) or the
// action with its input and observation (the lab's rule: a loop repeats the same call and sees the same
// result, as in ReAct's failure analysis and Reflexion's "same action, same observation").
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace coordlab::reasoning {

enum Dimension : std::uint8_t { kClarity, kAppropriateness, kEffectiveness, kProgress, kEfficiency, kConsistency, kDimensionCount };
inline constexpr std::array<std::int64_t, kDimensionCount> kCourseWeightsPermille = {200, 250, 250, 150, 100, 50};
std::string_view dimension_name(Dimension dimension);

// The facts a step's score is computed from.
struct QualityFacts {
  bool thought_given = false;        // a non-empty thought
  bool thought_names_action = false; // the thought names the action or what it acts on
  std::int64_t fit = 0;              // the action fits the state: 1000 fits, 500 allowed but premature, 0 does not fit
  std::int64_t outcome = 0;          // 1000 the tool answered, 500 a rejection that informs, 0 an error or timeout
  bool progress = false;             // the observation moved the goal
  bool repeat = false;               // the same call was made before with the same result
  bool off_goal = false;             // the action cannot serve the goal now (final before routing, idle thinking)
};

struct Quality {
  std::array<std::int64_t, kDimensionCount> dimensions{};  // permille each
  std::int64_t overall = 0;                                // weighted sum, permille (rounded down)
};

Quality score_step(const QualityFacts& facts);
std::int64_t weighted_permille(const std::array<std::int64_t, kDimensionCount>& dimensions);

enum class LoopKey : std::uint8_t { action, action_observation };
struct LoopRule {
  std::int64_t window = 4;        // W: the last W steps
  std::int64_t max_distinct = 2;  // D: at most this many distinct keys...
  std::int64_t min_length = 4;    // L: ...among at least this many steps
  LoopKey key = LoopKey::action_observation;
  bool similar_thoughts = false;  // the course's code also flags two near-identical thoughts in a row
};
// Named rules: "lab" (4/2/4 on action+observation), "course_text" (4/2/3 on actions), "course_code"
// (5/2/4 on actions, plus near-identical thoughts), "reflexion_code" (the same action twice in a row).
Result<LoopRule> loop_rule_preset(std::string_view name);

struct LoopSample {
  std::string_view action, input, observation, thought;
};
// Whether the last step of `steps` is flagged.
bool loop_flagged(const std::vector<LoopSample>& steps, const LoopRule& rule);

}  // namespace coordlab::reasoning

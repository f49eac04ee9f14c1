// Where the agent's next thought and action come from (no language model runs in the lab): a script
// from the lesson, an ordered rule table (condition -> action) a learner can edit, the learner choosing
// each step, a built-in strategy (the order in which to check the data), or the course's mock model,
// which thinks forever and never reaches a final answer (a labelled variant).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "reasoning/environment.hpp"

namespace coordlab::reasoning {

// What the agent knows, from its own observations only.
struct Knowledge {
  bool schema_checked = false;
  bool data_checked = false;
  std::uint8_t known_issues = 0;  // found and not fixed yet
  std::uint8_t fixed = 0;
  bool routed = false;
  bool route_rejected = false;  // the last route was rejected and nothing changed since
  bool last_failed = false;     // the last call failed or timed out
  bool finished = false;
  bool succeeded = false;
};
// Folds an observation into the knowledge; true when it moved the agent toward the goal (something new
// learned, an issue fixed, the data routed, the goal reached).
bool learn(Knowledge& knowledge, Tool tool, std::string_view observation);

enum class PolicyKind : std::uint8_t { scripted, rules, learner, strategy, course_mock };
enum class Strategy : std::uint8_t { schema_first, validate_first, full_check };
inline constexpr std::uint8_t kStrategyCount = 3;
std::string_view strategy_name(Strategy strategy);
bool parse_strategy(std::string_view text, Strategy& strategy);

enum class Condition : std::uint8_t {
  always, schema_unknown, schema_known, data_unchecked, data_checked, known_issue, no_known_issue, routed, not_routed, route_rejected, last_failed
};

struct Rule {
  std::vector<Condition> conditions;  // all must hold
  Tool tool = Tool::think;
  std::string input;  // "$issue" is the first issue found and not fixed
  std::string text;   // the rule as written
};

struct ScriptStep {
  Tool tool = Tool::think;
  std::string input;
  std::string thought;
};

struct Policy {
  PolicyKind kind = PolicyKind::rules;
  std::vector<ScriptStep> script;
  std::vector<Rule> rules;
  Strategy strategy = Strategy::full_check;
};

struct Decision {
  Tool tool = Tool::think;
  std::string input;
  std::string thought;
  std::int64_t rule_index = -1;
};

// Parses "known_issue & not_routed -> transform_data $issue" (conditions joined by &, then the action
// and its optional input). Errors (react.bad_rule) say what is wrong in the line.
Result<Rule> parse_rule(std::string_view line);
// "validate_data", "transform_data nulls", "calculate (3 + 4) * 2", optionally "| a thought".
Result<ScriptStep> parse_script_step(std::string_view line);
// The lab's rule table: the one a learner starts from in the rule lessons.
std::vector<std::string> default_rule_lines();

// What the policy does next, or an empty `reason` when it has a decision. `step_index` is 0-based.
struct PolicyAnswer {
  bool has_decision = false;
  Decision decision;
  std::string stop_reason;  // script_ended, no_rule_matched, waiting_for_learner
};
PolicyAnswer ask_policy(const Policy& policy, const Knowledge& knowledge, std::size_t step_index);
// The built-in planner for one strategy (also what a replan intervention switches to).
Decision plan_next(Strategy strategy, const Knowledge& knowledge);

}  // namespace coordlab::reasoning

#include "reasoning/policy.hpp"

#include <array>
#include <utility>

#include "core/limits.hpp"

namespace coordlab::reasoning {
namespace {

constexpr std::array<std::pair<std::string_view, Condition>, 11> kConditions = {{
    {"always", Condition::always}, {"schema_unknown", Condition::schema_unknown}, {"schema_known", Condition::schema_known},
    {"data_unchecked", Condition::data_unchecked}, {"data_checked", Condition::data_checked}, {"known_issue", Condition::known_issue},
    {"no_known_issue", Condition::no_known_issue}, {"routed", Condition::routed}, {"not_routed", Condition::not_routed},
    {"route_rejected", Condition::route_rejected}, {"last_failed", Condition::last_failed},
}};

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

bool holds(Condition condition, const Knowledge& k) {
  switch (condition) {
    case Condition::always: return true;
    case Condition::schema_unknown: return !k.schema_checked;
    case Condition::schema_known: return k.schema_checked;
    case Condition::data_unchecked: return !k.data_checked;
    case Condition::data_checked: return k.data_checked;
    case Condition::known_issue: return k.known_issues != 0;
    case Condition::no_known_issue: return k.known_issues == 0;
    case Condition::routed: return k.routed;
    case Condition::not_routed: return !k.routed;
    case Condition::route_rejected: return k.route_rejected;
    case Condition::last_failed: return k.last_failed;
  }
  return false;
}

std::string first_known_issue(const Knowledge& knowledge) {
  for (std::uint8_t i = 0; i < kIssueCount; ++i)
    if (knowledge.known_issues & (1u << i)) return std::string(issue_name(static_cast<Issue>(i)));
  return "none";
}

Error bad_rule(std::string message) { return make_error("react.bad_rule", std::move(message)); }

// Folds the issues named in "schema:issues=a,b" into the known set.
void reveal(Knowledge& knowledge, std::string_view list) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    Issue issue = kIssueCount;
    if (parse_issue(list.substr(0, comma), issue) && !(knowledge.fixed & (1u << issue)))
      knowledge.known_issues = static_cast<std::uint8_t>(knowledge.known_issues | (1u << issue));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
}

}  // namespace

bool learn(Knowledge& knowledge, Tool tool, std::string_view observation) {
  const Knowledge before = knowledge;
  knowledge.last_failed = observation.substr(0, 6) == "error:" || observation == "timeout";
  if (observation.substr(0, 7) == "schema:" || observation.substr(0, 5) == "data:") {
    const bool schema = observation[0] == 's';
    (schema ? knowledge.schema_checked : knowledge.data_checked) = true;
    const std::size_t equals = observation.find("issues=");
    if (equals != std::string_view::npos) reveal(knowledge, observation.substr(equals + 7));
  } else if (observation.substr(0, 6) == "fixed=" || observation.substr(0, 14) == "nothing_to_fix") {
    Issue issue = kIssueCount;
    if (parse_issue(observation.substr(observation.find('=') + 1), issue)) {
      knowledge.known_issues = static_cast<std::uint8_t>(knowledge.known_issues & ~(1u << issue));
      if (observation[0] == 'f') knowledge.fixed = static_cast<std::uint8_t>(knowledge.fixed | (1u << issue));
    }
    knowledge.routed = false;
    knowledge.route_rejected = false;
  } else if (observation == "routed") {
    knowledge.routed = true;
    knowledge.route_rejected = false;
  } else if (observation.substr(0, 9) == "rejected:") {
    knowledge.route_rejected = true;
  } else if (observation.substr(0, 5) == "done:") {
    knowledge.finished = true;
    knowledge.succeeded = observation == "done:success";
  }
  (void)tool;
  return knowledge.schema_checked != before.schema_checked || knowledge.data_checked != before.data_checked ||
         knowledge.known_issues != before.known_issues || knowledge.fixed != before.fixed || (knowledge.routed && !before.routed) ||
         knowledge.succeeded;
}

std::string_view strategy_name(Strategy strategy) {
  switch (strategy) {
    case Strategy::schema_first: return "schema_first";
    case Strategy::validate_first: return "validate_first";
    case Strategy::full_check: return "full_check";
  }
  return "?";
}

bool parse_strategy(std::string_view text, Strategy& strategy) {
  for (std::uint8_t i = 0; i < kStrategyCount; ++i) {
    if (strategy_name(static_cast<Strategy>(i)) == text) {
      strategy = static_cast<Strategy>(i);
      return true;
    }
  }
  return false;
}

Result<Rule> parse_rule(std::string_view line) {
  const std::size_t arrow = line.find("->");
  if (arrow == std::string_view::npos) return bad_rule("a rule is \"condition [& condition] -> action [input]\"; this line has no \"->\".");
  Rule rule;
  rule.text = std::string(trim(line));
  std::string_view conditions = line.substr(0, arrow);
  while (true) {
    const std::size_t amp = conditions.find('&');
    std::string_view name = trim(conditions.substr(0, amp));
    bool found = false;
    for (const auto& [known, condition] : kConditions) {
      if (known == name) {
        rule.conditions.push_back(condition);
        found = true;
      }
    }
    if (!found) {
      std::string message = "unknown condition \"";
      message += name;
      message += "\"; use always, schema_unknown, schema_known, data_unchecked, data_checked, known_issue, no_known_issue, routed, "
                 "not_routed, route_rejected or last_failed.";
      return bad_rule(message);
    }
    if (rule.conditions.size() > limits::kMaxRuleConditions) return bad_rule("a rule has at most 4 conditions.");
    if (amp == std::string_view::npos) break;
    conditions = conditions.substr(amp + 1);
  }
  Result<ScriptStep> action = parse_script_step(line.substr(arrow + 2));
  if (!action.ok()) return action.error();
  rule.tool = action.value().tool;
  rule.input = action.value().input;
  return rule;
}

Result<ScriptStep> parse_script_step(std::string_view line) {
  ScriptStep step;
  const std::size_t bar = line.find('|');
  if (bar != std::string_view::npos) {
    step.thought = std::string(trim(line.substr(bar + 1)));
    if (step.thought.size() > limits::kMaxThoughtBytes) return bad_rule("a thought has at most 160 characters.");
    line = line.substr(0, bar);
  }
  line = trim(line);
  const std::size_t space = line.find(' ');
  std::string_view name = line.substr(0, space);
  step.tool = parse_tool(name);
  if (step.tool == Tool::invalid) {
    std::string message = "unknown action \"";
    message += name;
    message += "\"; use analyze_schema, validate_data, transform_data ISSUE, route_pipeline, final_result, calculate EXPRESSION or think.";
    return bad_rule(message);
  }
  if (space != std::string_view::npos) step.input = std::string(trim(line.substr(space + 1)));
  if (step.input.size() > limits::kMaxCalcExpressionBytes) return bad_rule("an action's input has at most 200 characters.");
  if (step.input.find('\n') != std::string::npos) return bad_rule("an action's input is one line.");
  return step;
}

std::vector<std::string> default_rule_lines() {
  return {"routed -> final_result", "known_issue -> transform_data $issue", "schema_unknown -> analyze_schema",
          "data_unchecked -> validate_data", "always -> route_pipeline"};
}

Decision plan_next(Strategy strategy, const Knowledge& k) {
  Decision decision;
  std::string name(strategy_name(strategy));
  if (k.routed) return {Tool::final_result, "", "The data is loaded; report the result.", -1};
  if (k.known_issues) {
    std::string issue = first_known_issue(k);
    return {Tool::transform_data, issue, "Fix " + issue + " before loading.", -1};
  }
  const bool schema_first = strategy != Strategy::validate_first;
  const Tool first = schema_first ? Tool::analyze_schema : Tool::validate_data;
  const Tool second = schema_first ? Tool::validate_data : Tool::analyze_schema;
  const bool first_done = schema_first ? k.schema_checked : k.data_checked;
  const bool second_done = schema_first ? k.data_checked : k.schema_checked;
  if (!first_done) return {first, "", "Strategy " + name + ": start with " + std::string(tool_name(first)) + ".", -1};
  if (!second_done && (strategy == Strategy::full_check || k.route_rejected))
    return {second, "", "Check what " + std::string(tool_name(first)) + " cannot see: " + std::string(tool_name(second)) + ".", -1};
  return {Tool::route_pipeline, "", "No known issue left; route the data to the warehouse.", -1};
}

PolicyAnswer ask_policy(const Policy& policy, const Knowledge& knowledge, std::size_t step_index) {
  PolicyAnswer answer;
  switch (policy.kind) {
    case PolicyKind::scripted: {
      if (step_index >= policy.script.size()) {
        answer.stop_reason = "script_ended";
        return answer;
      }
      const ScriptStep& step = policy.script[step_index];
      answer.decision = {step.tool, step.input, step.thought, -1};
      break;
    }
    case PolicyKind::rules: {
      for (std::size_t i = 0; i < policy.rules.size() && !answer.has_decision; ++i) {
        const Rule& rule = policy.rules[i];
        bool all = true;
        for (Condition condition : rule.conditions) all = all && holds(condition, knowledge);
        if (!all) continue;
        std::string input = rule.input == "$issue" ? first_known_issue(knowledge) : rule.input;
        std::string thought = "Rule ";
        thought += std::to_string(i + 1);
        thought += " fired: ";
        thought += rule.text;
        if (input != rule.input) thought += " (" + input + ")";
        answer.decision = {rule.tool, input, thought, static_cast<std::int64_t>(i)};
        answer.has_decision = true;
      }
      if (!answer.has_decision) answer.stop_reason = "no_rule_matched";
      return answer;
    }
    case PolicyKind::learner: answer.stop_reason = "waiting_for_learner"; return answer;
    case PolicyKind::strategy: answer.decision = plan_next(policy.strategy, knowledge); break;
    case PolicyKind::course_mock: answer.decision = {Tool::think, "", "I should reason about the data a little more before acting.", -1}; break;
  }
  answer.has_decision = true;
  return answer;
}

}  // namespace coordlab::reasoning

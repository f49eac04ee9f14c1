// The react and reflection protocols' specs and validated params.
#include "core/limits.hpp"
#include "protocols/params_reader.hpp"
#include "reasoning/react.hpp"

namespace coordlab::reasoning {
namespace {

using protocols::read_choice;

Status read_lines(const ObjectReader& reader, std::string_view key, std::size_t max_lines, std::vector<std::string>& lines) {
  const Json* array = reader.find(key);
  if (array == nullptr) return {};
  if (!array->is_array() || array->size() > max_lines) {
    return make_error("json.wrong_type", "\"" + std::string(key) + "\" is an array of at most " + std::to_string(max_lines) + " strings.", reader.pointer_of(key));
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (!(*array)[i].is_string()) return make_error("json.wrong_type", "each line is a string.", pointer_append(reader.pointer_of(key), i));
    lines.push_back((*array)[i].get<std::string>());
  }
  return {};
}

Result<std::vector<ScriptStep>> read_script(const std::vector<std::string>& lines, const std::string& pointer) {
  std::vector<ScriptStep> script;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Result<ScriptStep> step = parse_script_step(lines[i]);
    if (!step.ok()) {
      Error error = step.error();
      error.pointer = pointer_append(pointer, i);
      return error;
    }
    script.push_back(step.value());
  }
  return script;
}

Status read_scripts(const ObjectReader& reader, ReactParams& params) {
  std::vector<std::string> lines;
  RETURN_IF_ERROR(read_lines(reader, "script", limits::kMaxScriptSteps, lines));
  if (!lines.empty()) {
    Result<std::vector<ScriptStep>> script = read_script(lines, reader.pointer_of("script"));
    if (!script.ok()) return script.error();
    params.scripts.push_back(script.value());
  }
  const Json* scripts = reader.find("scripts");
  if (scripts == nullptr) return {};
  if (!scripts->is_array() || scripts->size() > limits::kMaxReactAgents || !params.scripts.empty())
    return make_error("json.wrong_type", "\"scripts\" is an array with one script (an array of lines) per agent, and replaces \"script\".", reader.pointer_of("scripts"));
  for (std::size_t a = 0; a < scripts->size(); ++a) {
    Json wrapped = Json::object();
    wrapped["script"] = (*scripts)[a];
    ObjectReader one(wrapped, pointer_append(reader.pointer_of("scripts"), a), "a script");
    std::vector<std::string> agent_lines;
    Status status = read_lines(one, "script", limits::kMaxScriptSteps, agent_lines);
    if (!status.ok()) {
      Error error = status.error();
      error.pointer = pointer_append(reader.pointer_of("scripts"), a);
      return error;
    }
    Result<std::vector<ScriptStep>> script = read_script(agent_lines, pointer_append(reader.pointer_of("scripts"), a));
    if (!script.ok()) return script.error();
    params.scripts.push_back(script.value());
  }
  return {};
}

Status read_rules(const ObjectReader& reader, ReactParams& params) {
  RETURN_IF_ERROR(read_lines(reader, "rules", limits::kMaxRules, params.rule_lines));
  if (reader.find("rules") == nullptr) params.rule_lines = default_rule_lines();
  for (std::size_t i = 0; i < params.rule_lines.size(); ++i) {
    const std::string& line = params.rule_lines[i];
    if (line.empty() || line[0] == '#') continue;  // comments and blank lines
    Result<Rule> rule = parse_rule(line);
    if (!rule.ok()) {
      Error error = rule.error();
      error.message = "rule " + std::to_string(i + 1) + ": " + error.message;
      error.pointer = pointer_append(reader.pointer_of("rules"), i);
      return error;
    }
    params.agent.policy.rules.push_back(rule.value());
  }
  return {};
}

Status read_loop_rule(const ObjectReader& reader, LoopRule& rule) {
  Result<std::string> name = reader.string("loop_rule", "lab");
  if (!name.ok()) return name.error();
  {  // "custom" starts from the course's text rule, so a learner's detector begins where the course's does
    Result<LoopRule> preset = loop_rule_preset(name.value() == "custom" ? "course_text" : name.value());
    if (!preset.ok()) return make_error(preset.error().code, preset.error().message, reader.pointer_of("loop_rule"));
    rule = preset.value();
  }
  for (const char* key : {"loop_window", "loop_max_distinct", "loop_min_length", "loop_key", "loop_similar_thoughts"})
    if (name.value() != "custom" && reader.has(key))
      return make_error("params.loop_rule_not_custom", std::string("\"") + key + "\" applies only with \"loop_rule\": \"custom\".", reader.pointer_of(key));
  Result<std::int64_t> window = reader.integer("loop_window", 1, limits::kMaxLoopWindow, rule.window);
  if (!window.ok()) return window.error();
  Result<std::int64_t> distinct = reader.integer("loop_max_distinct", 1, limits::kMaxLoopWindow, rule.max_distinct);
  if (!distinct.ok()) return distinct.error();
  Result<std::int64_t> length = reader.integer("loop_min_length", 1, limits::kMaxLoopWindow, rule.min_length);
  if (!length.ok()) return length.error();
  if (length.value() > window.value())
    return make_error("params.loop_length_over_window", "\"loop_min_length\" cannot exceed \"loop_window\": the detector would never fire.", reader.pointer_of("loop_min_length"));
  Result<LoopKey> key = read_choice<LoopKey>(reader, "loop_key", {{rule.key == LoopKey::action ? "action" : "action_observation", rule.key},
                                                                  {"action", LoopKey::action}, {"action_observation", LoopKey::action_observation}});
  if (!key.ok()) return key.error();
  Result<bool> similar = reader.boolean("loop_similar_thoughts", rule.similar_thoughts);
  if (!similar.ok()) return similar.error();
  rule = LoopRule{window.value(), distinct.value(), length.value(), key.value(), similar.value()};
  return {};
}

Status read_meta(const ObjectReader& reader, MetaRule& meta) {
  Result<MetaTrigger> trigger = read_choice<MetaTrigger>(reader, "meta_trigger", {{"loop_or_low_quality", MetaTrigger::loop_or_low_quality},
      {"loop", MetaTrigger::loop}, {"low_quality", MetaTrigger::low_quality}, {"never", MetaTrigger::never}, {"course", MetaTrigger::course}});
  if (!trigger.ok()) return trigger.error();
  Result<std::int64_t> quality = reader.integer("meta_quality_permille", 0, 1000, 400);
  if (!quality.ok()) return quality.error();
  Result<std::int64_t> low = reader.integer("meta_low_steps", 1, limits::kMaxReactSteps, 2);
  if (!low.ok()) return low.error();
  Result<Intervention> intervention = read_choice<Intervention>(reader, "intervention", {{"replan", Intervention::replan},
      {"inject", Intervention::inject}, {"stop", Intervention::stop}});
  if (!intervention.ok()) return intervention.error();
  meta = MetaRule{trigger.value(), quality.value(), low.value(), intervention.value()};
  return {};
}

Status read_episode(const ObjectReader& reader, ReactParams& params) {
  Result<std::int64_t> seed = reader.integer("episode_seed", 0, 1'000'000'000, 1);
  if (!seed.ok()) return seed.error();
  params.episode_seed = static_cast<std::uint64_t>(seed.value());
  Result<std::int64_t> index = reader.integer("episode_index", 0, 1'000'000, 0);
  if (!index.ok()) return index.error();
  params.episode_index = index.value();
  Result<IssueDistribution> distribution = read_choice<IssueDistribution>(reader, "distribution", {{"linked", IssueDistribution::linked}, {"uniform", IssueDistribution::uniform}});
  if (!distribution.ok()) return distribution.error();
  params.distribution = distribution.value();
  std::vector<std::string> issues;
  RETURN_IF_ERROR(read_lines(reader, "issues", kIssueCount, issues));
  if (reader.find("issues") == nullptr) return {};
  params.forced_issues = 0;
  for (std::size_t i = 0; i < issues.size(); ++i) {
    Issue issue = kIssueCount;
    if (!parse_issue(issues[i], issue))
      return make_error("params.bad_issue", "an issue is nulls, type_drift, duplicates or schema_mismatch.", pointer_append(reader.pointer_of("issues"), i));
    params.forced_issues |= 1 << issue;
  }
  return {};
}

Result<ReactParams> parse(const Json& json, const std::string& pointer) {
  ReactParams params;
  Json given = json.is_null() ? Json::object() : json;
  ObjectReader reader(given, pointer, "react params");
  RETURN_IF_ERROR(reader.check({"policy", "rules", "script", "scripts", "strategy", "max_steps", "episode_seed", "episode_index", "distribution",
                                "issues", "loop_rule", "loop_window", "loop_max_distinct", "loop_min_length", "loop_key", "loop_similar_thoughts",
                                "meta_trigger", "meta_quality_permille", "meta_low_steps", "intervention", "tool_failure_permille",
                                "call_timeout_ticks", "think_ticks", "calculator"}));
  Result<PolicyKind> policy = read_choice<PolicyKind>(reader, "policy", {{"rules", PolicyKind::rules}, {"scripted", PolicyKind::scripted},
      {"learner", PolicyKind::learner}, {"strategy", PolicyKind::strategy}, {"course_mock", PolicyKind::course_mock}});
  if (!policy.ok()) return policy.error();
  params.agent.policy.kind = policy.value();
  Result<std::string> strategy = reader.string("strategy", "full_check");
  if (!strategy.ok()) return strategy.error();
  if (!parse_strategy(strategy.value(), params.agent.policy.strategy))
    return make_error("params.bad_choice", "\"strategy\" must be one of \"schema_first\", \"validate_first\", \"full_check\".", reader.pointer_of("strategy"));
  RETURN_IF_ERROR(read_rules(reader, params));
  RETURN_IF_ERROR(read_scripts(reader, params));
  if (params.agent.policy.kind == PolicyKind::scripted && params.scripts.empty())
    return make_error("params.missing_script", "the scripted policy needs \"script\" (or \"scripts\", one per agent).", pointer);
  Result<std::int64_t> max_steps = reader.integer("max_steps", 1, limits::kMaxReactSteps, 15);
  if (!max_steps.ok()) return max_steps.error();
  params.agent.max_steps = max_steps.value();
  RETURN_IF_ERROR(read_episode(reader, params));
  RETURN_IF_ERROR(read_loop_rule(reader, params.agent.loop));
  RETURN_IF_ERROR(read_meta(reader, params.agent.meta));
  Result<std::int64_t> failure = reader.integer("tool_failure_permille", 0, 1000, 0);
  if (!failure.ok()) return failure.error();
  params.tool_failure_permille = failure.value();
  Result<std::int64_t> timeout = reader.integer("call_timeout_ticks", 2, 100'000, 40);
  if (!timeout.ok()) return timeout.error();
  params.call_timeout_ticks = timeout.value();
  Result<std::int64_t> think = reader.integer("think_ticks", 1, 1'000, 1);
  if (!think.ok()) return think.error();
  params.think_ticks = think.value();
  Result<Calculator> calculator = read_choice<Calculator>(reader, "calculator", {{"safe", Calculator::safe}, {"course_eval", Calculator::course_eval}});
  if (!calculator.ok()) return calculator.error();
  params.calculator = calculator.value();
  return params;
}

}  // namespace

Result<ReactParams> parse_react_params(const Json& params, const std::string& pointer) { return parse(params, pointer); }

Episode react_episode(const ReactParams& params, std::int64_t agent) {
  Episode episode = generate_episode(params.episode_seed, params.episode_index + agent, params.distribution);
  if (params.forced_issues >= 0) episode.issues = static_cast<std::uint8_t>(params.forced_issues);
  return episode;
}

std::string encode_token(std::string_view text) {
  if (text.empty()) return "-";
  std::string token(text);
  for (char& c : token)
    if (c == ' ') c = '~';
  return token;
}

std::string decode_token(std::string_view text) {
  if (text == "-") return {};
  std::string decoded(text);
  for (char& c : decoded)
    if (c == '~') c = ' ';
  return decoded;
}

protocols::ProtocolSpec react_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "react";
  spec.summary = "ReAct agents (n0..) acting through the tools node (the last node) on a data-processing episode";
  spec.message_types = {"Call", "Observation"};
  spec.timer_kinds = {"NextStep", "CallTimeout", "ToolDone"};
  spec.views = {protocols::ViewSpec{"react.trace", "ReAct trace", protocols::ViewKind::table, "react.trace",
                                    "one row per step: thought, action, observation, quality with its breakdown, loop flags, interventions"},
                protocols::ViewSpec{"react.rules", "Rule table", protocols::ViewKind::table, "react.rules",
                                    "the rule table the agent follows, the rule that fired last marked"},
                protocols::ViewSpec{"react.compare", "Two episodes", protocols::ViewKind::table, "react.compare",
                                    "n0 and n1 step by step, the first step where they differ marked"}};
  spec.configure_with_nodes = [](const Json& json, const std::string& pointer, const std::vector<std::string>& nodes) -> Result<sim::ActorFactory> {
    Result<ReactParams> parsed = parse(json, pointer);
    if (!parsed.ok()) return parsed.error();
    if (nodes.size() < 2 || nodes.size() > limits::kMaxReactAgents + 1)
      return make_error("scenario.bad_node_count", "a react scenario has 1 to 8 agents and one tools node (the last): 2 to 9 nodes.", "/nodes");
    if (parsed.value().scripts.size() > 1 && parsed.value().scripts.size() != nodes.size() - 1)
      return make_error("params.scripts_per_agent", "\"scripts\" needs one script per agent (" + std::to_string(nodes.size() - 1) + ").", pointer_append(pointer, "scripts"));
    ReactParams chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId self, std::size_t node_count, std::string_view persisted) -> std::unique_ptr<sim::Actor> {
      if (self.value + 1u == node_count) return make_tools_actor(chosen, self);
      return make_react_agent(chosen, self, node_count, persisted);
    });
  };
  return spec;
}

}  // namespace coordlab::reasoning

#include "reasoning/agent.hpp"

namespace coordlab::reasoning {

std::string_view intervention_name(Intervention intervention) {
  switch (intervention) {
    case Intervention::replan: return "replan";
    case Intervention::inject: return "inject";
    case Intervention::stop: return "stop";
  }
  return "?";
}

namespace {

// Does the thought say what the step does? It names the action, its input, or the thing it acts on.
bool thought_names_action(const Decision& decision) {
  static constexpr std::string_view kTopics[] = {"schema", "validat", "fix", "route", "result", "calculat", "?", "?"};
  const std::string& thought = decision.thought;
  if (thought.find(tool_name(decision.tool)) != std::string::npos) return true;
  if (!decision.input.empty() && thought.find(decision.input) != std::string::npos) return true;
  const std::string_view topic = kTopics[static_cast<std::size_t>(decision.tool)];
  return decision.tool != Tool::think && thought.find(topic) != std::string::npos;
}

// How well the action fits what the agent knew before taking it.
std::int64_t action_fit(const Decision& decision, const Knowledge& k, bool previous_was_think) {
  switch (decision.tool) {
    case Tool::analyze_schema: return !k.schema_checked ? 1000 : k.route_rejected ? 500 : 0;
    case Tool::validate_data: return !k.data_checked ? 1000 : k.route_rejected ? 500 : 0;
    case Tool::transform_data: {
      Issue issue = kIssueCount;
      return parse_issue(decision.input, issue) && (k.known_issues & (1u << issue)) ? 1000 : 0;
    }
    case Tool::route_pipeline:
      if (k.known_issues != 0 || k.routed) return 0;
      return k.schema_checked && k.data_checked ? 1000 : 500;
    case Tool::final_result: return k.routed ? 1000 : 0;
    case Tool::calculate: return 500;
    case Tool::think: return previous_was_think ? 0 : 500;
    case Tool::invalid: return 0;
  }
  return 0;
}

}  // namespace

std::optional<Decision> ReactAgent::next_decision() {
  if (stopped()) return std::nullopt;
  if (replanned_ || inject_next_) {
    inject_next_ = false;
    Decision decision = plan_next(Strategy::full_check, knowledge_);
    decision.thought = "Meta-reasoning: " + decision.thought;
    return decision;
  }
  if (config_.policy.kind == PolicyKind::learner) {
    if (!pending_) return std::nullopt;
    Decision decision = *pending_;
    pending_.reset();
    return decision;
  }
  PolicyAnswer answer = ask_policy(config_.policy, knowledge_, steps_.size());
  if (!answer.has_decision) {
    stop_reason_ = answer.stop_reason;
    return std::nullopt;
  }
  return answer.decision;
}

Status ReactAgent::choose(const Decision& decision) {
  if (stopped()) return make_error("react.stopped", "the agent has stopped (" + stop_reason_ + "); reset the run to start again.");
  if (config_.policy.kind != PolicyKind::learner) return make_error("react.not_learner", "this agent follows its own policy; the learner chooses steps only with \"policy\": \"learner\".");
  if (pending_) return make_error("react.busy", "a step is already chosen and running; wait for its observation.");
  if (replanned_) return make_error("react.replanned", "meta-reasoning has handed the agent to the planner; watch it finish, or reset the run.");
  pending_ = decision;
  return {};
}

void ReactAgent::record(const Decision& decision, const std::string& observation, bool ok, std::int64_t started_tick, std::int64_t ended_tick) {
  ENGINE_ASSERT(!stopped());
  Step step;
  step.index = static_cast<std::int64_t>(steps_.size()) + 1;
  step.thought = decision.thought;
  step.tool = decision.tool;
  step.input = decision.input;
  step.observation = observation;
  step.started_tick = started_tick;
  step.ended_tick = ended_tick;
  step.ok = ok;
  step.rule_index = decision.rule_index;
  const bool previous_think = !steps_.empty() && steps_.back().tool == Tool::think;
  step.facts.thought_given = !decision.thought.empty();
  step.facts.thought_names_action = thought_names_action(decision);
  step.facts.fit = action_fit(decision, knowledge_, previous_think);
  step.facts.outcome = ok ? 1000 : observation.substr(0, 9) == "rejected:" ? 500 : 0;
  step.facts.off_goal = (decision.tool == Tool::final_result && !knowledge_.routed) || (decision.tool == Tool::think && previous_think);
  for (const Step& earlier : steps_)
    step.facts.repeat = step.facts.repeat || (earlier.tool == step.tool && earlier.input == step.input && earlier.observation == observation);
  step.progress = learn(knowledge_, decision.tool, observation);
  step.facts.progress = step.progress;
  step.quality = score_step(step.facts);
  steps_.push_back(step);

  std::vector<LoopSample> samples;
  for (const Step& s : steps_) samples.push_back({tool_name(s.tool), s.input, s.observation, s.thought});
  steps_.back().loop_flag = loop_flagged(samples, config_.loop);

  if (knowledge_.finished) {
    stop_reason_ = "final_answer";
    return;
  }
  if (meta_fires()) intervene(steps_.back());
  if (!stopped() && static_cast<std::int64_t>(steps_.size()) >= config_.max_steps) stop_reason_ = "max_steps";
}

bool ReactAgent::meta_fires() const {
  const Step& last = steps_.back();
  const MetaRule& rule = config_.meta;
  bool low = static_cast<std::int64_t>(steps_.size()) >= rule.low_steps;
  for (std::int64_t i = 0; low && i < rule.low_steps; ++i) low = steps_[steps_.size() - 1 - static_cast<std::size_t>(i)].quality.overall < rule.quality_permille;
  switch (rule.trigger) {
    case MetaTrigger::loop_or_low_quality: return last.loop_flag || low;
    case MetaTrigger::loop: return last.loop_flag;
    case MetaTrigger::low_quality: return low;
    case MetaTrigger::never: return false;
    case MetaTrigger::course: {
      // The course counts issues of two kinds and asks for more than two: this is never true.
      const int issues = (last.loop_flag ? 1 : 0) + (last.quality.overall < rule.quality_permille ? 1 : 0);
      return issues > 2;
    }
  }
  return false;
}

void ReactAgent::intervene(Step& step) {
  if (replanned_) return;  // the planner already drives; nothing more to change
  step.intervention = std::string(intervention_name(config_.meta.intervention));
  switch (config_.meta.intervention) {
    case Intervention::replan: replanned_ = true; break;
    case Intervention::inject: inject_next_ = true; break;
    case Intervention::stop: stop_reason_ = "intervention_stop"; break;
  }
}

}  // namespace coordlab::reasoning

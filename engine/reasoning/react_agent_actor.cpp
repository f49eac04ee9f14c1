// The ReAct agent as a simulator actor: each step sends its action to the tools node and waits for the
// observation (or its timeout), then records the step with the ReactAgent and writes a "react step"
// note. A crash loses the run (nothing persists but the epoch, which tells the tools node to start the
// episode over).
#include <memory>

#include "protocols/payload.hpp"
#include "reasoning/react.hpp"

namespace coordlab::reasoning {
namespace {

using protocols::PayloadReader;
using protocols::PayloadWriter;

std::string join_dimensions(const Quality& quality) {
  std::string text;
  for (std::size_t i = 0; i < kDimensionCount; ++i) {
    if (i > 0) text += ',';
    text += std::to_string(quality.dimensions[i]);
  }
  return text;
}

AgentConfig config_for(const ReactParams& params, std::size_t agent) {
  AgentConfig config = params.agent;
  if (!params.scripts.empty()) config.policy.script = params.scripts[params.scripts.size() == 1 ? 0 : agent];
  return config;
}

class ReactAgentActor final : public sim::Actor {
 public:
  ReactAgentActor(const ReactParams& params, NodeId self, std::size_t node_count, std::int64_t epoch)
      : params_(params), self_(self), tools_{static_cast<std::uint16_t>(node_count - 1)}, agent_(config_for(params, self.value)), epoch_(epoch) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<ReactAgentActor>(*this); }

  void start(sim::Context& context) override {
    if (params_.agent.policy.kind != PolicyKind::learner) context.out.set_timer(kNextStep, params_.think_ticks);
  }

  void handle_message(const sim::Message& message, sim::Context& context) override {
    if (message.type != kObservation || !in_flight_) return;
    PayloadReader reader(message.payload);
    if (reader.integer("call").value_or(-1) != call_id_ || reader.integer("epoch").value_or(-1) != epoch_) return;  // late or duplicate
    context.out.cancel_timers(kCallTimeout);
    std::string observation(reader.text("obs").value_or("error:garbled"));
    finish_step(observation, reader.integer("ok").value_or(0) == 1, context);
  }

  void handle_timer(std::uint16_t kind, sim::Context& context) override {
    if (kind == kNextStep && !in_flight_) take_step(context);
    if (kind == kCallTimeout && in_flight_) finish_step("timeout", false, context);
  }

  Status handle_input(std::string_view text, sim::Context& context) override {
    Result<ScriptStep> step = parse_script_step(text);
    if (!step.ok()) return step.error();
    if (in_flight_) return make_error("react.busy", "the previous action is still waiting for its observation; run a few ticks first.");
    RETURN_IF_ERROR(agent_.choose(Decision{step.value().tool, step.value().input, step.value().thought, -1}));
    take_step(context);
    return {};
  }

  std::string persistent_state() const override { return std::to_string(epoch_); }
  std::string role() const override { return agent_.stopped() ? "stopped" : in_flight_ ? "acting" : "thinking"; }
  void describe(sim::StateWriter& writer) const override;

 private:
  void take_step(sim::Context& context) {
    std::optional<Decision> decision = agent_.next_decision();
    if (!decision) return note_stop(context);
    in_flight_ = decision;
    started_ = context.now.value;
    if (decision->tool == Tool::think) return finish_step("ok", true, context);  // a thought touches nothing
    ++call_id_;
    PayloadWriter call;
    call.add("call", call_id_).add("epoch", epoch_).add("tool", tool_name(decision->tool)).add("input", encode_token(decision->input));
    context.out.send(tools_, kCall, call.text());
    context.out.set_timer(kCallTimeout, params_.call_timeout_ticks);
  }

  void finish_step(const std::string& observation, bool ok, sim::Context& context) {
    const Decision decision = *in_flight_;
    in_flight_.reset();
    agent_.record(decision, observation, ok, started_, context.now.value);
    const Step& step = agent_.steps().back();
    PayloadWriter note;
    note.add("step", step.index).add("agent", self_.value).add("action", tool_name(step.tool)).add("input", encode_token(step.input))
        .add("obs", encode_token(step.observation)).add("ok", step.ok ? 1 : 0).add("progress", step.progress ? 1 : 0)
        .add("q", step.quality.overall).add("d", join_dimensions(step.quality)).add("fit", step.facts.fit).add("outcome", step.facts.outcome)
        .add("clarity", step.quality.dimensions[kClarity]).add("repeat", step.facts.repeat ? 1 : 0).add("off_goal", step.facts.off_goal ? 1 : 0)
        .add("loop", step.loop_flag ? 1 : 0).add("intervention", step.intervention.empty() ? "-" : step.intervention)
        .add("rule", step.rule_index + 1).add("start", step.started_tick).add("end", step.ended_tick);
    context.out.note("react " + note.text());
    if (agent_.stopped()) return note_stop(context);
    if (params_.agent.policy.kind != PolicyKind::learner || agent_.pending_choice() || agent_.planner_drives()) context.out.set_timer(kNextStep, params_.think_ticks);
  }

  void note_stop(sim::Context& context) {
    if (stop_noted_ || !agent_.stopped()) return;
    stop_noted_ = true;
    PayloadWriter note;
    note.add("agent", self_.value).add("reason", agent_.stop_reason()).add("step", static_cast<std::int64_t>(agent_.steps().size()))
        .add("success", agent_.knowledge().succeeded ? 1 : 0);
    context.out.note("react stop " + note.text());
  }

  ReactParams params_;
  NodeId self_;
  NodeId tools_;
  ReactAgent agent_;
  std::int64_t epoch_ = 0;
  std::int64_t call_id_ = 0;
  std::optional<Decision> in_flight_;
  std::int64_t started_ = 0;
  bool stop_noted_ = false;
};

void ReactAgentActor::describe(sim::StateWriter& writer) const {
  const Episode episode = react_episode(params_, self_.value);
  writer.field("situation", episode.situation());
  writer.field("steps", static_cast<std::int64_t>(agent_.steps().size()));
  writer.field("max_steps", agent_.config().max_steps);
  writer.field("stop_reason", agent_.stopped() ? agent_.stop_reason() : "running");
  writer.field("succeeded", agent_.knowledge().succeeded ? 1 : 0);
  writer.table("react.trace", {"agent", "step", "thought", "action", "observation", "quality (permille)", "breakdown", "flags", "ticks"});
  for (const Step& s : agent_.steps()) {
    std::string action(tool_name(s.tool));
    if (!s.input.empty()) action += " " + s.input;
    std::string breakdown;
    for (std::size_t i = 0; i < kDimensionCount; ++i) {
      if (i > 0) breakdown += ", ";
      breakdown += std::string(dimension_name(static_cast<Dimension>(i))) + " " + std::to_string(s.quality.dimensions[i]);
    }
    std::string flags = s.loop_flag ? "LOOP" : "";
    if (!s.intervention.empty()) flags += (flags.empty() ? "" : " ") + ("intervention: " + s.intervention);
    writer.row({"n" + std::to_string(self_.value), std::to_string(s.index), s.thought, action, s.observation, std::to_string(s.quality.overall),
                breakdown, flags, std::to_string(s.started_tick) + "-" + std::to_string(s.ended_tick)});
  }
  if (agent_.stopped()) writer.row({"n" + std::to_string(self_.value), "stop", "", "", agent_.stop_reason(), "", "", "", ""});
  if (self_.value == 0 && params_.agent.policy.kind == PolicyKind::rules) {
    const std::int64_t fired = agent_.steps().empty() ? -1 : agent_.steps().back().rule_index;
    writer.table("react.rules", {"#", "rule", "fired"});
    for (std::size_t i = 0; i < agent_.config().policy.rules.size(); ++i) {
      std::int64_t count = 0;
      for (const Step& s : agent_.steps()) count += s.rule_index == static_cast<std::int64_t>(i) ? 1 : 0;
      writer.row({std::to_string(i + 1), agent_.config().policy.rules[i].text,
                  (static_cast<std::int64_t>(i) == fired ? "> last step, " : "") + std::to_string(count) + "x"});
    }
  }
}

}  // namespace

std::unique_ptr<sim::Actor> make_react_agent(const ReactParams& params, NodeId self, std::size_t node_count, std::string_view persisted) {
  const std::int64_t epoch = persisted.empty() ? 0 : protocols::parse_decimal(persisted).value_or(0) + 1;
  return std::make_unique<ReactAgentActor>(params, self, node_count, epoch);
}

}  // namespace coordlab::reasoning

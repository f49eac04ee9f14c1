// The ReAct agent as a pure state machine: a policy proposes the next thought and action from what the
// agent has observed, the tool's observation is recorded as a step (thought, action, input,
// observation, ticks, quality), then loop detection and meta-reasoning look at the trace, and the agent
// stops on a final action, at max_steps, or for a recorded reason. The simulator actor (react_actors)
// and the offline episode runner (episode_runner) drive this same code, so a lesson's run and a
// learning experiment's episodes decide identically.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reasoning/environment.hpp"
#include "reasoning/policy.hpp"
#include "reasoning/quality.hpp"

namespace coordlab::reasoning {

// Meta-reasoning: when to intervene and how. `course` is the course's trigger: it counts issues of two
// kinds (a loop, low quality) and intervenes only when there are more than two, so it can never fire.
enum class MetaTrigger : std::uint8_t { loop_or_low_quality, loop, low_quality, never, course };
enum class Intervention : std::uint8_t { replan, inject, stop };
std::string_view intervention_name(Intervention intervention);

struct MetaRule {
  MetaTrigger trigger = MetaTrigger::loop_or_low_quality;
  std::int64_t quality_permille = 400;  // a step below this counts as low quality
  std::int64_t low_steps = 2;           // this many low-quality steps in a row trigger
  Intervention intervention = Intervention::replan;
};

struct AgentConfig {
  Policy policy;
  std::int64_t max_steps = 15;  // the course's default
  LoopRule loop;
  MetaRule meta;
};

struct Step {
  std::int64_t index = 0;  // 1-based
  std::string thought;
  Tool tool = Tool::think;
  std::string input;
  std::string observation;
  std::int64_t started_tick = 0, ended_tick = 0;
  bool ok = true;
  bool progress = false;  // the observation moved the agent toward the goal
  std::int64_t rule_index = -1;  // the rule that fired (rule-based policy), 0-based
  QualityFacts facts;
  Quality quality;
  bool loop_flag = false;
  std::string intervention;  // "" or the intervention taken after this step
};

class ReactAgent {
 public:
  explicit ReactAgent(AgentConfig config) : config_(std::move(config)) {}

  // The next action to take, or nothing when the agent has stopped (see stop_reason) or waits for the
  // learner (learner policy).
  std::optional<Decision> next_decision();
  // The learner's choice for the next step (learner policy); an error when the agent has stopped.
  Status choose(const Decision& decision);
  // Records the observation of `decision`, scores the step, runs loop detection and meta-reasoning.
  void record(const Decision& decision, const std::string& observation, bool ok, std::int64_t started_tick, std::int64_t ended_tick);

  bool stopped() const { return !stop_reason_.empty(); }
  const std::string& stop_reason() const { return stop_reason_; }
  const std::vector<Step>& steps() const { return steps_; }
  const Knowledge& knowledge() const { return knowledge_; }
  const AgentConfig& config() const { return config_; }
  std::optional<Decision> pending_choice() const { return pending_; }
  // After a replan the planner chooses every step, also for a learner-driven agent.
  bool planner_drives() const { return replanned_ || inject_next_; }

 private:
  bool meta_fires() const;
  void intervene(Step& step);

  AgentConfig config_;
  Knowledge knowledge_;
  std::vector<Step> steps_;
  std::string stop_reason_;
  std::optional<Decision> pending_;  // the learner's chosen next step
  bool replanned_ = false;          // after a replan the lab's planner drives
  bool inject_next_ = false;        // the next step comes from the planner once
};

}  // namespace coordlab::reasoning

// The `react` protocol: nodes n0..n(k-1) are ReAct agents, the last node serves the tools. An agent
// sends each action to the tools node as a Call and waits for the Observation (or times out); the tools
// node answers after the tool's cost in ticks, or fails the call (`tool_failure_permille`), so a slow,
// failing or lost tool call is an ordinary fault of the network. The `reflection` protocol runs a
// learning experiment (episodes offline, the same agent code) on node 0 and writes its results as notes.
//
// Trace notes (checks and views read them):
//   "react step=N agent=A action=T input=I obs=O ok=0|1 progress=0|1 q=Q d=c,a,o,p,e,g fit=F outcome=U
//    clarity=C repeat=0|1 off_goal=0|1 loop=0|1 intervention=X rule=R start=S end=E"
//   "react stop agent=A reason=R step=N success=0|1"
//   "tool call=ID agent=A tool=T input=I result=O cost=C fault=0|1"
// Inputs and observations are written with spaces as '~'.
#pragma once
#include <string>
#include <vector>

#include "protocols/protocol_spec.hpp"
#include "reasoning/agent.hpp"
#include "reasoning/reflection.hpp"

namespace coordlab::reasoning {

enum ReactMessage : std::uint16_t { kCall, kObservation };
enum ReactTimer : std::uint16_t { kNextStep, kCallTimeout, kToolDone };

enum class Calculator : std::uint8_t { safe, course_eval };

struct ReactParams {
  AgentConfig agent;                      // every agent's config (its policy may be replaced by a script below)
  std::vector<std::vector<ScriptStep>> scripts;  // per agent, for the scripted policy (one script serves all when alone)
  std::vector<std::string> rule_lines;    // the rule table as written
  std::uint64_t episode_seed = 1;
  std::int64_t episode_index = 0;         // agent i acts on episode episode_index + i
  IssueDistribution distribution = IssueDistribution::linked;
  std::int64_t forced_issues = -1;        // a bit set of issues when the lesson fixes them, else -1
  std::int64_t tool_failure_permille = 0;
  std::int64_t call_timeout_ticks = 40;
  std::int64_t think_ticks = 1;
  Calculator calculator = Calculator::safe;
};

Result<ReactParams> parse_react_params(const Json& params, const std::string& pointer);
// The episode agent `agent` acts on.
Episode react_episode(const ReactParams& params, std::int64_t agent);

std::unique_ptr<sim::Actor> make_react_agent(const ReactParams& params, NodeId self, std::size_t node_count, std::string_view persisted);
std::unique_ptr<sim::Actor> make_tools_actor(const ReactParams& params, NodeId self);
std::unique_ptr<sim::Actor> make_reflection_actor(const LearningParams& params, bool seed_from_run, std::int64_t reflexion_attempts,
                                                  std::int64_t reflexion_window);

protocols::ProtocolSpec react_protocol();
protocols::ProtocolSpec reflection_protocol();

// Text helpers shared by actors, checks and views.
std::string encode_token(std::string_view text);  // spaces -> '~', empty -> '-'
std::string decode_token(std::string_view text);

}  // namespace coordlab::reasoning

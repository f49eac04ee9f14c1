#include "reasoning/episode_runner.hpp"

namespace coordlab::reasoning {

EpisodeResult run_episode(const Episode& episode, const AgentConfig& config, std::int64_t fault_permille, Random& random) {
  ENGINE_ASSERT(config.policy.kind != PolicyKind::learner);
  ReactAgent agent(config);
  EpisodeState state = start_episode(episode);
  EpisodeResult result;
  std::int64_t now = 0;
  while (std::optional<Decision> decision = agent.next_decision()) {
    const std::int64_t started = now;
    now += tool_cost_ticks(decision->tool, episode.large) + 2;
    if (decision->tool != Tool::think && random.range(0, 999) < fault_permille) {
      agent.record(*decision, "error:tool_failed", false, started, now);
      continue;
    }
    ToolOutcome outcome = apply_tool(state, decision->tool, decision->input);
    if (outcome.observation.substr(0, 9) == "rejected:") result.last_rejection = outcome.observation;
    agent.record(*decision, outcome.observation, outcome.ok, started, now);
  }
  ENGINE_ASSERT(agent.stopped());
  result.success = state.succeeded;
  result.steps = static_cast<std::int64_t>(agent.steps().size());
  result.ticks = now;
  result.stop_reason = agent.stop_reason();
  return result;
}

}  // namespace coordlab::reasoning

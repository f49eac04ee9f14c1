// Runs whole episodes without the simulated network, for learning experiments and benchmarks: the same
// ReactAgent and tools as a simulator run, with each call costing its tool's ticks plus one tick each
// way, and a tool fault (the call fails) drawn with `fault_permille` from the given stream.
#pragma once
#include <cstdint>
#include <string>

#include "reasoning/agent.hpp"

namespace coordlab::reasoning {

struct EpisodeResult {
  bool success = false;
  std::int64_t steps = 0;
  std::int64_t ticks = 0;
  std::string stop_reason;
  std::string last_rejection;  // the last route rejection's observation, for a reflection
};

EpisodeResult run_episode(const Episode& episode, const AgentConfig& config, std::int64_t fault_permille, Random& random);

}  // namespace coordlab::reasoning

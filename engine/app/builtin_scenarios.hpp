// The scenarios compiled into the engine (engine/app/scenarios/*.json), and the fixed set of
// (scenario, seed) runs whose trace hashes prove native and WebAssembly builds behave identically.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/scenario.hpp"

namespace coordlab::app {

std::vector<std::string> builtin_scenario_names();
// Scenario text by name (the file name without ".json"); empty if there is none.
std::string_view builtin_scenario_text(std::string_view name);
Result<Scenario> builtin_scenario(std::string_view name);

struct TraceHashLine {
  std::string scenario;
  std::uint64_t seed = 0;
  std::int64_t run_ticks = 0;
  std::size_t event_count = 0;
  std::uint64_t hash = 0;
};

inline constexpr std::int64_t kTraceHashRunTicks = 400;
// Runs every built-in scenario under several seeds for kTraceHashRunTicks (manual scenarios take
// their steps one by one) and returns the trace hashes.
Result<std::vector<TraceHashLine>> compute_trace_hashes();

}  // namespace coordlab::app

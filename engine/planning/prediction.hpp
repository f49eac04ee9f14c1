// Predictive replanning across risk tolerances: the same execution re-run from scratch at each tolerance
// (same params, seed, node count and network), counting the proactive replans of each run. The check
// predict.replans_monotone uses it to show that a rule replans less as the learner tolerates more risk
// (the threshold rule) or more (the course's `p_fail > 1 - tolerance`).
#pragma once
#include <cstdint>
#include <vector>

#include "planning/execution.hpp"
#include "sim/world.hpp"

namespace coordlab::planning {

struct ToleranceRun {
  std::int64_t tolerance_permille = 0;
  std::int64_t proactive_replans = 0;
  bool finished = false;  // the executor finished within limits::kMaxHtnRerunSteps
};

// Re-runs `params` at each tolerance in a fresh world shaped like `like` (nodes, default link, node
// settings, seed). Scheduled faults of the original scenario are not replayed: they belong to its commands.
std::vector<ToleranceRun> rerun_at_tolerances(const ExecutionParams& params, const std::vector<std::int64_t>& tolerances_permille,
                                              const sim::World& like);

}  // namespace coordlab::planning

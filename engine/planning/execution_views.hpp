// The executor's two views besides its plan: the execution log (every step's outcome, with retries,
// replans and proactive replans marked) and the plan diff (for each adopted replan, the remaining plan
// before and after it, aligned so unchanged steps sit side by side).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/actor.hpp"

namespace coordlab::planning {

struct ExecutionLogEntry {
  std::int64_t tick = 0;
  std::size_t step = 0;
  std::string event;  // done, failed, retry, replan, replan rejected, proactive, abort, finished
  std::string task;
  std::string detail;
};

struct PlanDiff {
  std::string label;  // "replan at step 3 (scale_down)"
  std::vector<std::string> before, after;
};

// One aligned row: a step kept (both sides), removed (before only) or added (after only).
struct DiffRow {
  std::string before, after, change;
};
// A longest-common-subsequence alignment, so one inserted or replaced step does not shift every row.
std::vector<DiffRow> align_plans(const std::vector<std::string>& before, const std::vector<std::string>& after);

void write_execution_log(sim::StateWriter& writer, const std::vector<ExecutionLogEntry>& log);
void write_plan_diffs(sim::StateWriter& writer, const std::vector<PlanDiff>& diffs);

}  // namespace coordlab::planning

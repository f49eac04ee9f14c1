// The execution log and plan diff tables (execution_views.hpp).
#include "planning/execution_views.hpp"

#include <algorithm>

#include "core/limits.hpp"

namespace coordlab::planning {

std::vector<DiffRow> align_plans(const std::vector<std::string>& before, const std::vector<std::string>& after) {
  const std::size_t n = before.size(), m = after.size();
  // common[i][j]: the longest common subsequence of before[i..] and after[j..].
  std::vector<std::vector<std::uint32_t>> common(n + 1, std::vector<std::uint32_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      common[i][j] = before[i] == after[j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
  std::vector<DiffRow> rows;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] == after[j]) {
      rows.push_back({before[i++], after[j++], "kept"});
    } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
      rows.push_back({before[i++], "", "removed"});
    } else {
      rows.push_back({"", after[j++], "added"});
    }
  }
  return rows;
}

void write_execution_log(sim::StateWriter& writer, const std::vector<ExecutionLogEntry>& log) {
  writer.table("htn.execution", {"tick", "step", "event", "task", "detail"});
  for (const ExecutionLogEntry& entry : log)
    writer.row({std::to_string(entry.tick), std::to_string(entry.step + 1), entry.event, entry.task, entry.detail});
}

void write_plan_diffs(sim::StateWriter& writer, const std::vector<PlanDiff>& diffs) {
  writer.table("htn.plan_diff", {"replan", "old remaining plan", "new remaining plan", "change"});
  for (const PlanDiff& diff : diffs) {
    // The alignment is quadratic: only the first kMaxHtnDiffSteps steps of each side are compared.
    const auto head = [](const std::vector<std::string>& steps) {
      return std::vector<std::string>(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(std::min(steps.size(), limits::kMaxHtnDiffSteps)));
    };
    const std::vector<DiffRow> rows = align_plans(head(diff.before), head(diff.after));
    if (rows.empty()) writer.row({diff.label, "(nothing left)", "(nothing left)", "kept"});
    for (std::size_t r = 0; r < rows.size(); ++r) writer.row({r == 0 ? diff.label : "", rows[r].before, rows[r].after, rows[r].change});
    if (std::max(diff.before.size(), diff.after.size()) > limits::kMaxHtnDiffSteps) writer.row({"", "(later steps not compared)", "", ""});
  }
}

}  // namespace coordlab::planning

// The simulated data-processing world a ReAct agent acts in: an episode is a source dataset (format,
// size, typed columns) with injected quality problems, and the goal "load it into the warehouse with a
// valid schema". Episodes are generated from a seed and an index, so training and held-out episodes are
// disjoint streams from one distribution. Tools are pure functions of the episode state: the same call
// in the same state gives the same observation (what the tool actor adds is time and faults).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.hpp"

namespace coordlab::reasoning {

// The quality problems a dataset can carry. Schema-level ones are found by analyze_schema, row-level
// ones by validate_data.
enum Issue : std::uint8_t { kNulls, kTypeDrift, kDuplicates, kSchemaMismatch, kIssueCount };
std::string_view issue_name(Issue issue);
bool parse_issue(std::string_view text, Issue& issue);
bool schema_level(Issue issue);

enum class SourceFormat : std::uint8_t { csv, json, parquet };
std::string_view format_name(SourceFormat format);

// How issues are drawn. `linked` ties them to the source format (CSV exports carry nulls and
// duplicates, JSON feeds drift in type and shape): a strategy per format can be learned. `uniform`
// draws every issue with the same chance whatever the format: there is nothing to learn.
enum class IssueDistribution : std::uint8_t { linked, uniform };

struct Episode {
  std::uint64_t seed = 0;
  std::int64_t index = 0;
  SourceFormat format = SourceFormat::csv;
  bool large = false;               // > 100,000 rows: schema and row checks take twice as long
  std::int64_t row_count = 0;
  std::int64_t column_count = 0;
  std::uint8_t issues = 0;          // bit per Issue
  std::string situation() const;    // "csv/small": the features an agent sees before acting
};

Episode generate_episode(std::uint64_t seed, std::int64_t index, IssueDistribution distribution);

// The tools of the course's data-engineering vocabulary, plus calculate, and `think` (a ReAct thought
// as an action: it touches nothing and observes "ok").
enum class Tool : std::uint8_t { analyze_schema, validate_data, transform_data, route_pipeline, final_result, calculate, think, invalid };
std::string_view tool_name(Tool tool);
Tool parse_tool(std::string_view text);
std::int64_t tool_cost_ticks(Tool tool, bool large);

// The state a tool changes: what is still wrong and whether the data went through.
struct EpisodeState {
  Episode episode;
  std::uint8_t remaining = 0;  // issues not fixed yet
  bool routed = false;
  bool finished = false;
  bool succeeded = false;
};
EpisodeState start_episode(const Episode& episode);

struct ToolOutcome {
  std::string observation;  // a token without spaces: "data:issues=nulls,duplicates", "routed", "error:calc.too_large"
  bool ok = true;           // false: the tool refused or failed
};

// Applies one call. `input` is the tool's argument (an issue name for transform_data, an expression for
// calculate). Observations never reveal more than the tool's own check would.
ToolOutcome apply_tool(EpisodeState& state, Tool tool, std::string_view input);

}  // namespace coordlab::reasoning

#include "reasoning/environment.hpp"

#include "reasoning/safe_calc.hpp"

namespace coordlab::reasoning {

std::string_view issue_name(Issue issue) {
  switch (issue) {
    case kNulls: return "nulls";
    case kTypeDrift: return "type_drift";
    case kDuplicates: return "duplicates";
    case kSchemaMismatch: return "schema_mismatch";
    case kIssueCount: break;
  }
  return "?";
}

bool parse_issue(std::string_view text, Issue& issue) {
  for (std::uint8_t i = 0; i < kIssueCount; ++i) {
    if (issue_name(static_cast<Issue>(i)) == text) {
      issue = static_cast<Issue>(i);
      return true;
    }
  }
  return false;
}

bool schema_level(Issue issue) { return issue == kTypeDrift || issue == kSchemaMismatch; }

std::string_view format_name(SourceFormat format) {
  switch (format) {
    case SourceFormat::csv: return "csv";
    case SourceFormat::json: return "json";
    case SourceFormat::parquet: return "parquet";
  }
  return "?";
}

std::string Episode::situation() const {
  std::string text(format_name(format));
  text += large ? "/large" : "/small";
  return text;
}

Episode generate_episode(std::uint64_t seed, std::int64_t index, IssueDistribution distribution) {
  // Chance (permille) of each issue, by format: nulls, type drift, duplicates, schema mismatch.
  static constexpr std::int64_t kLinked[3][kIssueCount] = {{800, 50, 700, 50}, {50, 800, 50, 700}, {150, 150, 150, 700}};
  Random random = Random::stream(seed, 0x5eed0000ULL + static_cast<std::uint64_t>(index));
  Episode episode;
  episode.seed = seed;
  episode.index = index;
  episode.format = static_cast<SourceFormat>(random.below(3));
  episode.large = random.below(4) == 0;
  episode.row_count = episode.large ? random.range(100'001, 5'000'000) : random.range(200, 100'000);
  episode.column_count = random.range(4, 40);
  for (std::uint8_t i = 0; i < kIssueCount; ++i) {
    const std::int64_t chance = distribution == IssueDistribution::linked ? kLinked[static_cast<int>(episode.format)][i] : 400;
    if (random.range(0, 999) < chance) episode.issues = static_cast<std::uint8_t>(episode.issues | (1u << i));
  }
  if (episode.issues == 0) episode.issues = static_cast<std::uint8_t>(1u << random.below(kIssueCount));  // every episode needs work
  return episode;
}

std::string_view tool_name(Tool tool) {
  switch (tool) {
    case Tool::analyze_schema: return "analyze_schema";
    case Tool::validate_data: return "validate_data";
    case Tool::transform_data: return "transform_data";
    case Tool::route_pipeline: return "route_pipeline";
    case Tool::final_result: return "final_result";
    case Tool::calculate: return "calculate";
    case Tool::think: return "think";
    case Tool::invalid: break;
  }
  return "invalid";
}

Tool parse_tool(std::string_view text) {
  for (std::uint8_t i = 0; i < static_cast<std::uint8_t>(Tool::invalid); ++i)
    if (tool_name(static_cast<Tool>(i)) == text) return static_cast<Tool>(i);
  return Tool::invalid;
}

std::int64_t tool_cost_ticks(Tool tool, bool large) {
  switch (tool) {
    case Tool::analyze_schema: return large ? 6 : 3;
    case Tool::validate_data: return large ? 8 : 4;
    case Tool::transform_data: return large ? 10 : 5;
    case Tool::route_pipeline: return 2;
    case Tool::final_result:
    case Tool::calculate:
    case Tool::think:
    case Tool::invalid: return 1;
  }
  return 1;
}

EpisodeState start_episode(const Episode& episode) {
  EpisodeState state;
  state.episode = episode;
  state.remaining = episode.issues;
  return state;
}

namespace {

// "data:issues=nulls,duplicates" or "data:ok": the remaining issues of one level.
std::string report_issues(std::string_view prefix, std::uint8_t remaining, bool schema) {
  std::string list;
  for (std::uint8_t i = 0; i < kIssueCount; ++i) {
    if (schema_level(static_cast<Issue>(i)) != schema || (remaining & (1u << i)) == 0) continue;
    if (!list.empty()) list += ',';
    list += issue_name(static_cast<Issue>(i));
  }
  std::string observation(prefix);
  if (list.empty()) {
    observation += ":ok";
  } else {
    observation += ":issues=";
    observation += list;
  }
  return observation;
}

ToolOutcome transform(EpisodeState& state, std::string_view input) {
  Issue issue = kIssueCount;
  if (!parse_issue(input, issue)) return {"error:unknown_issue", false};
  std::string observation((state.remaining & (1u << issue)) ? "fixed=" : "nothing_to_fix=");
  observation += issue_name(issue);
  state.remaining = static_cast<std::uint8_t>(state.remaining & ~(1u << issue));
  state.routed = false;  // changed data must be routed again
  return {observation, true};
}

}  // namespace

ToolOutcome apply_tool(EpisodeState& state, Tool tool, std::string_view input) {
  if (state.finished) return {"error:episode_over", false};
  switch (tool) {
    case Tool::analyze_schema: return {report_issues("schema", state.remaining, true), true};
    case Tool::validate_data: return {report_issues("data", state.remaining, false), true};
    case Tool::transform_data: return transform(state, input);
    case Tool::route_pipeline: {
      if (state.remaining == 0) {
        state.routed = true;
        return {"routed", true};
      }
      std::int64_t unresolved = 0;
      for (std::uint8_t i = 0; i < kIssueCount; ++i) unresolved += (state.remaining >> i) & 1u;
      std::string observation = "rejected:unresolved=";
      observation += std::to_string(unresolved);
      return {observation, false};
    }
    case Tool::final_result:
      state.finished = true;
      state.succeeded = state.routed;
      return {state.routed ? "done:success" : "done:not_loaded", true};
    case Tool::calculate: {
      Result<std::int64_t> value = safe_calculate(input);
      if (!value.ok()) {
        std::string observation = "error:";
        observation += value.error().code;
        return {observation, false};
      }
      std::string observation = "value=";
      observation += std::to_string(value.value());
      return {observation, true};
    }
    case Tool::think: return {"ok", true};
    case Tool::invalid: break;
  }
  return {"error:unknown_tool", false};
}

}  // namespace coordlab::reasoning

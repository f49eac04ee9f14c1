// Proves the simulator's observable behaviour has not drifted: each story in tests/golden (a scenario, a
// seed and a command script in NAME.story.json) is run and its canonical trace compared line by line
// with the reviewed NAME.trace (the lines `coordlab scenario run` prints). A difference is reported at
// its first line. Every invariant of the story's protocol must hold on the whole run. With
// COORDLAB_UPDATE_GOLDEN=1 the test rewrites the traces instead, so an intended change shows up as a
// diff to review.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "app/builtin_scenarios.hpp"
#include "app/session.hpp"
#include "check/check.hpp"

using namespace coordlab;

namespace {

const std::string kGoldenDir = std::string(COORDLAB_SOURCE_DIR) + "/tests/golden/";

// The key stories of the course, one file pair each.
const char* const kStories[] = {
    "ping_echo_faults.seed1", "raft_leader_crash",        "raft_partition_heal", "pbft_one_request",
    "pbft_view_change_silent_primary", "reliable_lossy_link", "voting_two_thirds",
};

bool update_requested() {
  const char* value = std::getenv("COORDLAB_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path << " (COORDLAB_UPDATE_GOLDEN=1 creates a missing trace)");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string canonical_text(const sim::Trace& trace) {
  std::string text;
  for (std::size_t i = 0; i < trace.event_count(); ++i) text += trace.canonical_line(i) + "\n";
  return text;
}

// Runs NAME.story.json: {"scenario": built-in name or scenario object, "seed": N, "commands": [...]}.
app::Session run_story(const std::string& name) {
  const std::string path = kGoldenDir + name + ".story.json";
  Result<Json> story = parse_json_text(read_text(path), path);
  REQUIRE_MESSAGE(story.ok(), (story.ok() ? "" : story.error().to_string()));
  const Json& scenario_field = story.value()["scenario"];
  Result<app::Scenario> scenario = scenario_field.is_string() ? app::builtin_scenario(scenario_field.get<std::string>())
                                                              : app::parse_scenario(scenario_field);
  REQUIRE_MESSAGE(scenario.ok(), (scenario.ok() ? "" : scenario.error().to_string()));
  Result<app::Session> session = app::Session::create(scenario.value(), story.value()["seed"].get<std::uint64_t>());
  REQUIRE(session.ok());
  Status status = session.value().apply_all(story.value()["commands"]);
  REQUIRE_MESSAGE(status.ok(), (status.ok() ? "" : status.error().to_string()));
  return std::move(session.value());
}

// The first differing line, with both versions of it; nullopt when the texts are equal line by line.
std::optional<std::string> first_difference(const std::string& expected, const std::string& actual, const std::string& path) {
  std::istringstream expected_lines(expected), actual_lines(actual);
  std::string expected_line, actual_line;
  for (int line = 1;; ++line) {
    const bool more_expected = static_cast<bool>(std::getline(expected_lines, expected_line));
    const bool more_actual = static_cast<bool>(std::getline(actual_lines, actual_line));
    if (!more_expected && !more_actual) return std::nullopt;
    if (more_expected && more_actual && expected_line == actual_line) continue;
    return path + ":" + std::to_string(line) + ": first difference (COORDLAB_UPDATE_GOLDEN=1 rewrites the file)\n  expected: " +
           (more_expected ? expected_line : "(end of file)") + "\n  actual:   " + (more_actual ? actual_line : "(end of trace)");
  }
}

}  // namespace

TEST_CASE("app: golden: every story in tests/golden reproduces its trace line by line, and its invariants hold") {
  for (const std::string name : kStories) {
    CAPTURE(name);
    const app::Session session = run_story(name);
    const std::string actual = canonical_text(session.trace());
    const std::string trace_path = kGoldenDir + name + ".trace";
    if (update_requested()) {
      std::ofstream out(trace_path, std::ios::binary | std::ios::trunc);
      REQUIRE_MESSAGE(out.good(), "cannot write " << trace_path);
      out << actual;
      MESSAGE("rewrote " << trace_path << "; review the diff before committing");
      continue;
    }
    const std::optional<std::string> difference = first_difference(read_text(trace_path), actual, trace_path);
    if (difference) FAIL(*difference);
    const check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
    for (const check::NamedCheckResult& named : check::run_protocol_checks(session.scenario().protocol, input)) {
      if (named.spec->kind == check::CheckKind::invariant && !named.skipped) CHECK_MESSAGE(named.result.passed, named.spec->id << ": " << named.result.reason);
    }
  }
}

TEST_CASE("app: golden: ping_echo_faults seed 1, 400 ticks keeps its event count and hash") {
  const app::Session session = run_story("ping_echo_faults.seed1");
  CHECK(session.trace().event_count() == 1057);
  CHECK(sim::format_hash(session.trace().hash()) == "bd8a6b8d473528d1");
}

TEST_CASE("app: golden: a difference is reported at its first line with both versions") {
  CHECK_FALSE(first_difference("a\nb\n", "a\nb\n", "same.trace").has_value());
  CHECK(first_difference("a\nb\nc\n", "a\nx\nc\n", "t.trace") ==
        std::optional<std::string>("t.trace:2: first difference (COORDLAB_UPDATE_GOLDEN=1 rewrites the file)\n  expected: b\n  actual:   x"));
  CHECK(first_difference("a\n", "a\nmore\n", "t.trace") ==
        std::optional<std::string>("t.trace:2: first difference (COORDLAB_UPDATE_GOLDEN=1 rewrites the file)\n  expected: (end of file)\n  actual:   more"));
}

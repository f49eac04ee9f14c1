// Proves the simulator's observable behaviour has not drifted: the canonical trace of a fault-heavy
// built-in run is compared line by line with a reviewed golden file (the same lines that
// `coordlab scenario run ping_echo_faults --seed 1 --ticks 400` prints). With COORDLAB_UPDATE_GOLDEN=1
// the test rewrites the file instead, so an intended change shows up as a diff to review.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "app/builtin_scenarios.hpp"
#include "app/session.hpp"

using namespace coordlab;

namespace {

const std::string kGoldenPath = std::string(COORDLAB_SOURCE_DIR) + "/tests/golden/ping_echo_faults.seed1.trace";

bool update_requested() {
  const char* value = std::getenv("COORDLAB_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

std::string canonical_text(const sim::Trace& trace) {
  std::string text;
  for (std::size_t i = 0; i < trace.event_count(); ++i) text += trace.canonical_line(i) + "\n";
  return text;
}

}  // namespace

TEST_CASE("app: golden: ping_echo_faults seed 1, 400 ticks matches tests/golden/ping_echo_faults.seed1.trace") {
  Result<app::Scenario> scenario = app::builtin_scenario("ping_echo_faults");
  REQUIRE(scenario.ok());
  Result<app::Session> created = app::Session::create(scenario.value(), 1);
  REQUIRE(created.ok());
  app::Session& session = created.value();
  REQUIRE(session.apply(Json{{"op", "run"}, {"ticks", 400}}).ok());
  const std::string actual = canonical_text(session.trace());

  if (update_requested()) {
    std::ofstream out(kGoldenPath, std::ios::binary | std::ios::trunc);
    REQUIRE_MESSAGE(out.good(), "cannot write " << kGoldenPath);
    out << actual;
    MESSAGE("rewrote " << kGoldenPath << "; review the diff before committing");
    return;
  }
  std::ifstream in(kGoldenPath, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << kGoldenPath << " (run with COORDLAB_UPDATE_GOLDEN=1 to create it)");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string expected = buffer.str();

  // Report the first differing line rather than two 60 KB strings.
  std::istringstream expected_lines(expected), actual_lines(actual);
  std::string expected_line, actual_line;
  int line = 0;
  while (true) {
    const bool more_expected = static_cast<bool>(std::getline(expected_lines, expected_line));
    const bool more_actual = static_cast<bool>(std::getline(actual_lines, actual_line));
    ++line;
    if (!more_expected && !more_actual) break;
    INFO("first difference at line " << line << " (COORDLAB_UPDATE_GOLDEN=1 rewrites the file)");
    REQUIRE(more_expected == more_actual);
    REQUIRE(actual_line == expected_line);
  }
  CHECK(actual == expected);
  CHECK(session.trace().event_count() == 1057);
  CHECK(sim::format_hash(session.trace().hash()) == "bd8a6b8d473528d1");
}

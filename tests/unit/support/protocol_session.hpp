// Helpers shared by the protocol tests: build a session from a scenario document or a built-in, apply commands that
// must succeed, evaluate a named check on the whole run; and the sweep size (support/sweep_size.hpp).
#pragma once
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "app/builtin_scenarios.hpp"
#include "app/session.hpp"
#include "check/check.hpp"
#include "sweep_size.hpp"

namespace coordlab::test_support {

inline app::Session make_session(const Json& scenario, std::uint64_t seed = 1) {
  Result<app::Scenario> parsed = app::parse_scenario(scenario);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().to_string()));
  Result<app::Session> session = app::Session::create(parsed.value(), seed);
  REQUIRE(session.ok());
  return std::move(session.value());
}

inline app::Session make_builtin_session(std::string_view name, std::uint64_t seed = 1) {
  Result<app::Scenario> scenario = app::builtin_scenario(name);
  REQUIRE_MESSAGE(scenario.ok(), (scenario.ok() ? "" : scenario.error().to_string()));
  Result<app::Session> session = app::Session::create(scenario.value(), seed);
  REQUIRE(session.ok());
  return std::move(session.value());
}

inline void apply(app::Session& session, const Json& command) {
  Status status = session.apply(command);
  REQUIRE_MESSAGE(status.ok(), (status.ok() ? "" : status.error().to_string()));
}

// A built-in scenario run for `ticks` from boot.
inline app::Session run_builtin_session(std::string_view name, std::int64_t ticks, std::uint64_t seed = 1) {
  app::Session session = make_builtin_session(name, seed);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", ticks}});
  return session;
}

// How many events of `kind` the whole trace holds.
inline std::size_t count_events(const sim::Trace& trace, sim::EventKind kind) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < trace.event_count(); ++i) count += trace.event(i).kind == kind ? 1 : 0;
  return count;
}

inline check::CheckResult evaluate(const app::Session& session, const std::string& id, const Json& args = Json::object()) {
  check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
  Result<check::CheckResult> result = check::run_check(id, args, input);
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().to_string()));
  return result.value();
}

}  // namespace coordlab::test_support

namespace coordlab::test_support {

// Replays a finished run from its start one world step at a time (the replay verifies itself against
// the recorded trace) and calls `after_step(input)` at every point: after boot, then after each step.
// Returns the number of points visited. The session ends at its head again.
template <typename Visit>
std::uint64_t replay_steps(app::Session& session, Visit after_step) {
  REQUIRE(session.seek(0).ok());
  std::uint64_t points = 0;
  while (true) {
    ++points;
    if (!after_step(check::CheckInput{session.trace(), session.world(), session.world().cursor().events})) break;
    if (session.at_head()) break;
    const Status status = session.step_forward();
    if (!status.ok()) FAIL(status.error().to_string());
  }
  session.seek_to_end();
  return points;
}

}  // namespace coordlab::test_support

// Proves the per-protocol check report behind `coordlab scenario run --json`: every catalog check of the
// scenario's protocol is evaluated (and no other protocol's), each result carries id, kind, passed,
// reason and first_violation, and a failing invariant names the event where it first failed.
#include <doctest/doctest.h>

#include <optional>
#include <set>
#include <string>

#include "support/protocol_session.hpp"
#include "app/builtin_scenarios.hpp"
#include "app/session.hpp"
#include "check/check.hpp"

using namespace coordlab;

namespace {

app::Session run_builtin(const std::string& name, std::uint64_t seed, std::int64_t ticks) {
  app::Session session = test_support::make_builtin_session(name, seed);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", ticks}});
  return session;
}

std::vector<check::NamedCheckResult> report_of(const app::Session& session) {
  const check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
  return check::run_protocol_checks(session.scenario().protocol, input);
}

std::set<std::string> catalog_ids(const std::string& protocol) {
  std::set<std::string> ids;
  for (const check::CheckSpec& spec : check::check_catalog())
    if (spec.protocol.empty() || spec.protocol == protocol) ids.insert(spec.id);
  return ids;
}

}  // namespace

TEST_CASE("check: protocol report: every check of the protocol, and only those (raft, pbft, reliable, ordered, hub)") {
  for (const std::string name : {"raft_faults", "pbft_view_change", "reliable_lossy", "ordered_conversation", "hub"}) {
    CAPTURE(name);
    const app::Session session = run_builtin(name, 3, 3000);
    std::set<std::string> reported;
    for (const check::NamedCheckResult& named : report_of(session)) {
      reported.insert(named.spec->id);
      CHECK_FALSE(named.result.reason.empty());
      // Invariants of the built-in stories hold; goals may or may not be reached with default arguments.
      if (named.spec->kind == check::CheckKind::invariant && !named.skipped) CHECK_MESSAGE(named.result.passed, named.spec->id << ": " << named.result.reason);
    }
    CHECK(reported == catalog_ids(session.scenario().protocol));
    CHECK_FALSE(reported.empty());
  }
}

TEST_CASE("check: protocol report: every invariant light is green at boot (all built-in scenarios)") {
  // A light that is red before anything has run teaches nothing: minimums belong to lessons.
  for (const std::string& name : app::builtin_scenario_names()) {
    CAPTURE(name);
    const app::Session session = test_support::make_builtin_session(name, 1);
    for (const check::NamedCheckResult& named : report_of(session))
      if (named.spec->kind == check::CheckKind::invariant && !named.skipped) CHECK_MESSAGE(named.result.passed, named.spec->id << ": " << named.result.reason);
  }
}

TEST_CASE("check: protocol report: JSON carries id, kind, passed, reason and the first violating event") {
  Json scenario = {{"format", "coordlab.scenario/1"}, {"name", "report_test"}, {"protocol", "voting"}, {"nodes", 4},
                   {"params", {{"rule", "course_float"}, {"ballots", {"yes", "yes", "no"}}}},
                   {"network", {{"latency_min_ticks", 1}, {"latency_max_ticks", 5}}}};
  Result<app::Scenario> parsed = app::parse_scenario(scenario);
  REQUIRE(parsed.ok());
  Result<app::Session> created = app::Session::create(parsed.value(), 4);
  REQUIRE(created.ok());
  app::Session& session = created.value();
  REQUIRE(session.apply(Json{{"op", "input"}, {"node", "n0"}, {"text", "propose id=p1"}}).ok());
  REQUIRE(session.apply(Json{{"op", "run"}, {"ticks", 200}}).ok());

  std::optional<check::NamedCheckResult> outcome;
  for (const check::NamedCheckResult& named : report_of(session))
    if (named.spec->id == "vote.outcome_correct") outcome = named;
  REQUIRE(outcome.has_value());
  const Json out = check::check_result_json(*outcome, session.trace());
  CHECK(out["id"] == "vote.outcome_correct");
  CHECK(out["kind"] == "invariant");
  CHECK(out["passed"] == false);
  CHECK(out["reason"].get<std::string>().find("was decided \"rejected\" but the correct result is \"accepted\"") != std::string::npos);
  REQUIRE(out["first_violation"].is_number_unsigned());
  const std::size_t event = out["first_violation"].get<std::size_t>();
  CHECK(session.trace().canonical_line(event).find("outcome=rejected") != std::string::npos);
  CHECK(out["first_violation_step"] == session.trace().step_of_event(event));

  const app::Session calm = run_builtin("raft", 1, 2000);
  for (const check::NamedCheckResult& named : report_of(calm)) {
    const Json passed = check::check_result_json(named, calm.trace());
    if (named.skipped) {
      CHECK(passed["passed"].is_null());
      CHECK(passed["skipped"] == true);
      continue;
    }
    if (!named.result.passed) continue;
    CHECK(passed["first_violation"].is_null());
    CHECK_FALSE(passed.contains("first_violation_step"));
  }
}

// The Implementer lesson goal checks: lesson.invariant_broken passes exactly when the watched invariant
// fails (a cut-off leader under the course's acknowledge-on-append policy) and explains itself for an
// unknown or non-invariant id; raft.writes_acknowledged counts real acknowledgements only; and
// pbft.view_installed passes once honest replicas accept NEW-VIEW after the primary crashes, not before.
#include <doctest/doctest.h>

#include <string>

#include "app/session.hpp"
#include "check/check.hpp"

namespace {

using namespace coordlab;

app::Session make_session(const Json& scenario, std::uint64_t seed) {
  Result<app::Scenario> parsed = app::parse_scenario(scenario);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().to_string()));
  Result<app::Session> session = app::Session::create(parsed.value(), seed);
  REQUIRE(session.ok());
  return std::move(session.value());
}

void apply(app::Session& session, const Json& command) {
  Status status = session.apply(command);
  REQUIRE_MESSAGE(status.ok(), (status.ok() ? "" : status.error().to_string()));
}

check::CheckResult evaluate(const app::Session& session, const std::string& id, const Json& args = Json::object()) {
  check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
  Result<check::CheckResult> result = check::run_check(id, args, input);
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().to_string()));
  return result.value();
}

// n1-n4 run slow clocks, so n0 wins the first election under every seed.
Json raft_scenario(const char* ack_policy) {
  Json slow = {{"clock_drift_percent", 200}};
  return {{"format", "coordlab.scenario/1"}, {"name", "acks"}, {"protocol", "raft"}, {"nodes", 5},
          {"params", {{"ack", ack_policy}}},
          {"network", {{"latency_min_ticks", 5}, {"latency_max_ticks", 15}}},
          {"node_settings", {{"n1", slow}, {"n2", slow}, {"n3", slow}, {"n4", slow}}}};
}

// Writes `a` and lets it commit, then cuts the leader n0 off and sends it `b`.
app::Session run_cut_off_leader(const char* ack_policy, std::uint64_t seed) {
  app::Session session = make_session(raft_scenario(ack_policy), seed);
  apply(session, {{"op", "run"}, {"ticks", 400}});
  apply(session, {{"op", "input"}, {"node", "n0"}, {"text", "cmd=a"}});
  apply(session, {{"op", "run"}, {"ticks", 100}});
  apply(session, {{"op", "partition"}, {"groups", {{"n0"}}}});
  apply(session, {{"op", "input"}, {"node", "n0"}, {"text", "cmd=b"}});
  apply(session, {{"op", "run"}, {"ticks", 2000}});
  return session;
}

Json pbft_scenario() {
  return {{"format", "coordlab.scenario/1"}, {"name", "vc"}, {"protocol", "pbft"}, {"nodes", 5},
          {"params", {{"replicas", 4}, {"f", 1}, {"request_timeout_ticks", 500}}},
          {"network", {{"latency_min_ticks", 5}, {"latency_max_ticks", 15}}},
          {"faults", {{{"at_tick", 10}, {"op", "input"}, {"node", "n4"}, {"text", "op=a"}},
                      {{"at_tick", 300}, {"op", "input"}, {"node", "n4"}, {"text", "op=b"}}}}};
}

}  // namespace

TEST_CASE("lesson checks: invariant_broken: passes when the course's ack policy loses a write, fails when it holds (seeds 1-3)") {
  const Json watched = {{"check", "raft.no_lost_acked_write"}};
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    CAPTURE(seed);
    const app::Session course = run_cut_off_leader("after_append", seed);
    const check::CheckResult broken = evaluate(course, "lesson.invariant_broken", watched);
    CHECK(broken.passed);
    CHECK(broken.reason.find("raft.no_lost_acked_write broke") == 0);
    CHECK(broken.first_violation.has_value());

    const app::Session correct = run_cut_off_leader("after_commit", seed);
    const check::CheckResult holds = evaluate(correct, "lesson.invariant_broken", watched);
    CHECK_FALSE(holds.passed);
    CHECK(holds.reason.find("still holds") != std::string::npos);
  }
}

TEST_CASE("lesson checks: invariant_broken: an unknown id or a goal check is explained, never evaluated") {
  const app::Session session = run_cut_off_leader("after_append", 1);
  const check::CheckResult unknown = evaluate(session, "lesson.invariant_broken", {{"check", "raft.no_such_check"}});
  CHECK_FALSE(unknown.passed);
  CHECK(unknown.reason.find("not a named invariant") != std::string::npos);
  const check::CheckResult goal = evaluate(session, "lesson.invariant_broken", {{"check", "raft.leader_elected"}});
  CHECK_FALSE(goal.passed);
  CHECK(goal.reason.find("not a named invariant") != std::string::npos);
}

TEST_CASE("lesson checks: writes_acknowledged: counts acknowledgements after commit, none before (seed 1)") {
  app::Session session = make_session(raft_scenario("after_commit"), 1);
  apply(session, {{"op", "run"}, {"ticks", 400}});
  CHECK_FALSE(evaluate(session, "raft.writes_acknowledged").passed);
  apply(session, {{"op", "input"}, {"node", "n0"}, {"text", "cmd=a"}});
  CHECK_FALSE(evaluate(session, "raft.writes_acknowledged").passed);  // appended, not yet committed
  apply(session, {{"op", "run"}, {"ticks", 100}});
  CHECK(evaluate(session, "raft.writes_acknowledged").passed);
  CHECK_FALSE(evaluate(session, "raft.writes_acknowledged", {{"min_acks", 2}}).passed);
}

TEST_CASE("lesson checks: view_installed: honest replicas enter view 1 only after the primary crashes (seeds 1-3)") {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    CAPTURE(seed);
    app::Session calm = make_session(pbft_scenario(), seed);
    apply(calm, {{"op", "run"}, {"ticks", 3000}});
    CHECK_FALSE(evaluate(calm, "pbft.view_installed", {{"view", 1}, {"min_replicas", 3}}).passed);

    app::Session crashed = make_session(pbft_scenario(), seed);
    apply(crashed, {{"op", "run"}, {"ticks", 200}});
    apply(crashed, {{"op", "crash"}, {"node", "n0"}});
    apply(crashed, {{"op", "run"}, {"ticks", 3000}});
    const check::CheckResult installed = evaluate(crashed, "pbft.view_installed", {{"view", 1}, {"min_replicas", 3}});
    CHECK(installed.passed);
    CHECK(installed.reason.find("3 honest replica(s) entered view 1") == 0);
    CHECK_FALSE(evaluate(crashed, "pbft.view_installed", {{"view", 2}, {"min_replicas", 3}}).passed);
  }
}

// Proves the two ways the seed sweeps check "every invariant after every event":
// - the Raft stream (check/streaming.hpp) reads the notes once and checks the replicas' state after
//   every world step, catching a lost acknowledged write at the step where it happens;
// - the trace-only invariants of the other protocols (pbft.*, delivery/order/hub/clock, vote.*) are
//   prefix-closed: evaluated after every step they fail exactly from their first violating event on,
//   so one evaluation of the whole run (which reports that event) stands for all of them. Checked here
//   on real runs, a failing one included, by evaluating every invariant after every step.
#include <doctest/doctest.h>

#include <string>

#include "app/builtin_scenarios.hpp"
#include "check/streaming.hpp"
#include "protocols/raft/raft.hpp"
#include "support/protocol_session.hpp"

using namespace coordlab;
using namespace coordlab::test_support;

namespace {

app::Session builtin_session(const std::string& name, std::uint64_t seed) {
  return test_support::make_builtin_session(name, seed);
}

// Evaluates every invariant of the session's protocol after every step and compares it with the
// whole-run verdict: passing before the whole run's first violation, failing with it from there on.
// Returns the number of (step, invariant) evaluations.
std::uint64_t require_prefix_closed(app::Session& session) {
  std::vector<check::NamedCheckResult> whole;
  {
    const check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
    for (check::NamedCheckResult& named : check::run_protocol_checks(session.scenario().protocol, input))
      if (named.spec->kind == check::CheckKind::invariant) whole.push_back(std::move(named));
  }
  REQUIRE_FALSE(whole.empty());
  std::uint64_t evaluations = 0;
  replay_steps(session, [&](const check::CheckInput& input) {
    for (const check::NamedCheckResult& expected : whole) {
      const check::CheckResult now = expected.spec->evaluate(input, check::validate_check_args(*expected.spec, Json::object(), "").value());
      ++evaluations;
      const bool violated_by_now = expected.result.first_violation && *expected.result.first_violation < input.event_count;
      if (!expected.result.passed) REQUIRE_MESSAGE(expected.result.first_violation.has_value(), expected.spec->id);
      if (now.passed == !violated_by_now && (now.passed || now.first_violation == expected.result.first_violation)) continue;
      FAIL(expected.spec->id << " after " << input.event_count << " events: " << (now.passed ? "passes" : "fails") << " (" << now.reason
                             << "), but the whole run " << (expected.result.passed ? "passes" : "fails at event ")
                             << expected.result.first_violation.value_or(0));
    }
    return true;
  });
  return evaluations;
}

}  // namespace

TEST_CASE("check: raft stream: a lost acknowledged write is caught at the step it happens; the correct rule passes every step") {
  for (const std::string ack : {"after_append", "after_commit"}) {
    CAPTURE(ack);
    Json scenario = {{"format", "coordlab.scenario/1"}, {"name", "stream_test"}, {"protocol", "raft"}, {"nodes", 5},
                     {"params", {{"ack", ack}}}, {"network", {{"latency_min_ticks", 5}, {"latency_max_ticks", 20}}}};
    app::Session session = make_session(scenario, 5);
    apply(session, {{"op", "run"}, {"ticks", 1000}});
    const check::CheckInput before{session.trace(), session.world(), session.world().cursor().events};
    std::optional<std::size_t> leader;
    for (std::size_t i = 0; i < 5; ++i) {
      const auto* actor = dynamic_cast<const protocols::raft::RaftActor*>(before.world.actor(NodeId{static_cast<std::uint16_t>(i)}));
      if (actor != nullptr && actor->current_role() == protocols::raft::Role::leader) leader = i;
    }
    REQUIRE(leader.has_value());
    const std::string name = "n" + std::to_string(*leader);
    apply(session, {{"op", "partition"}, {"groups", Json::array({Json::array({name})})}});
    apply(session, {{"op", "input"}, {"node", name}, {"text", "cmd=precious"}});
    apply(session, {{"op", "run"}, {"ticks", 30}});
    apply(session, {{"op", "crash"}, {"node", name}});
    apply(session, {{"op", "heal"}});
    apply(session, {{"op", "run"}, {"ticks", 1500}});

    check::RaftInvariantStream stream;
    std::uint64_t failed_at_events = 0;
    const std::uint64_t points = replay_steps(session, [&](const check::CheckInput& input) {
      stream.advance(input);
      failed_at_events = input.event_count;
      return !stream.failure().has_value();
    });
    if (ack == "after_commit") {
      CHECK_FALSE(stream.failure().has_value());
      CHECK(stream.states_checked() == points);
      CHECK(points == session.head_step() + 1);
      continue;
    }
    REQUIRE(stream.failure().has_value());
    CHECK(stream.failure()->check_id == "raft.no_lost_acked_write");
    CHECK(stream.failure()->result.reason.find("\"precious\"") != std::string::npos);
    // It stopped at the first step after which the invariant is false, well before the end of the run.
    CHECK(points < session.head_step() + 1);
    CHECK(failed_at_events < session.trace().event_count());
    CHECK_FALSE(evaluate(session, "raft.no_lost_acked_write").passed);
  }
}

TEST_CASE("check: prefix-closed: trace-only invariants evaluated after every step agree with the whole run (pbft, messaging, voting)") {
  std::uint64_t evaluations = 0;
  for (const std::string name : {"pbft", "pbft_byzantine", "pbft_view_change", "reliable_lossy", "ordered_conversation", "hub", "voting"}) {
    CAPTURE(name);
    app::Session session = builtin_session(name, 2);
    apply(session, {{"op", "run"}, {"ticks", 1200}});
    evaluations += require_prefix_closed(session);
  }
  // A replica made Byzantine in the middle of a run: its earlier notes still count, its later ones not.
  app::Session session = builtin_session("pbft", 3);
  apply(session, {{"op", "run"}, {"ticks", 120}});
  apply(session, {{"op", "byzantine"}, {"node", "n2"}, {"kind", "wrong_digest"}});
  apply(session, {{"op", "run"}, {"ticks", 1200}});
  evaluations += require_prefix_closed(session);
  // And a failing run: the course's float threshold rejects 2 of 3 (vote.outcome_correct fails).
  app::Session course = builtin_session("voting", 1);
  apply(course, {{"op", "run"}, {"ticks", 400}});
  const check::CheckResult whole = evaluate(course, "vote.outcome_correct");
  CHECK_FALSE(whole.passed);
  evaluations += require_prefix_closed(course);
  MESSAGE("prefix-closure: " << evaluations << " evaluations");
  CHECK(evaluations > 1000);
}

// The observer/participant lesson goal checks: vote.decided_as passes only on the expected outcome and
// exact yes count and rejects malformed expectations; raft.applied_everywhere fails while a cut-off or
// crashed replica lacks a committed write, passes once the partition heals or the replica restarts,
// and fails if any replica applies a write that only a minority leader accepted.
#include <doctest/doctest.h>

#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using test_support::apply;
using test_support::make_session;
using test_support::evaluate;

// The node that most recently noted "role=leader".
std::string latest_leader(const app::Session& session) {
  for (std::size_t i = session.trace().event_count(); i-- > 0;) {
    const auto& event = session.trace().event(i);
    if (event.kind == sim::EventKind::note && session.trace().text(event.subject).substr(0, 12) == "role=leader ")
      return std::string(session.trace().node_name(event.node));
  }
  return "";
}

app::Session seven_voters() {
  Json scenario = {{"format", "coordlab.scenario/1"}, {"name", "seven"}, {"protocol", "voting"}, {"nodes", 8},
                   {"params", {{"rule", "supermajority"}, {"threshold", "2/3"}, {"ballots", Json::array({"no", "no", "no", "no", "no", "no", "no"})}}},
                   {"network", {{"latency_min_ticks", 1}, {"latency_max_ticks", 4}}}};
  return make_session(scenario, 1);
}

}  // namespace

TEST_CASE("lesson goal checks: vote.decided_as: outcome and exact yes count (7 voters, two thirds)") {
  app::Session session = seven_voters();
  CHECK_FALSE(evaluate(session, "vote.decided_as", {{"expect", "p=accepted"}}).passed);  // not decided yet
  for (const char* voter : {"n1", "n2", "n3", "n4", "n5"}) apply(session, {{"op", "input"}, {"node", voter}, {"text", "vote id=p choice=yes"}});
  apply(session, {{"op", "input"}, {"node", "n0"}, {"text", "propose id=p"}});
  apply(session, {{"op", "run"}, {"ticks", 200}});
  CHECK(evaluate(session, "vote.decided_as", {{"expect", "p=accepted"}}).passed);
  CHECK(evaluate(session, "vote.decided_as", {{"expect", "p=accepted:5"}}).passed);
  check::CheckResult too_many = evaluate(session, "vote.decided_as", {{"expect", "p=accepted:6"}});
  CHECK_FALSE(too_many.passed);
  CHECK(too_many.first_violation.has_value());
  CHECK_FALSE(evaluate(session, "vote.decided_as", {{"expect", "p=rejected"}}).passed);
  CHECK_FALSE(evaluate(session, "vote.decided_as", {{"expect", "p=accepted,q=rejected"}}).passed);
}

TEST_CASE("lesson goal checks: vote.decided_as: four of seven is not two thirds") {
  app::Session session = seven_voters();
  for (const char* voter : {"n1", "n2", "n3", "n4"}) apply(session, {{"op", "input"}, {"node", voter}, {"text", "vote id=p choice=yes"}});
  apply(session, {{"op", "input"}, {"node", "n0"}, {"text", "propose id=p"}});
  apply(session, {{"op", "run"}, {"ticks", 200}});
  CHECK_FALSE(evaluate(session, "vote.decided_as", {{"expect", "p=accepted"}}).passed);
  CHECK(evaluate(session, "vote.decided_as", {{"expect", "p=rejected:4"}}).passed);
}

TEST_CASE("lesson goal checks: vote.decided_as: malformed expectations fail with a sentence") {
  app::Session session = seven_voters();
  for (const char* expect : {"", "p", "=accepted", "p=", "p=accepted:x"}) {
    CAPTURE(expect);
    check::CheckResult result = evaluate(session, "vote.decided_as", {{"expect", expect}});
    CHECK_FALSE(result.passed);
    const bool explains_the_format = result.reason.find("expect") != std::string::npos || result.reason.find("colon") != std::string::npos;
    CHECK(explains_the_format);
  }
}

app::Session five_raft_replicas() {
  Json scenario = {{"format", "coordlab.scenario/1"}, {"name", "raft_five"}, {"protocol", "raft"}, {"nodes", 5},
                   {"params", {{"election_timeout_min_ticks", 150}, {"election_timeout_max_ticks", 300}, {"heartbeat_ticks", 50}}},
                   {"network", {{"latency_min_ticks", 5}, {"latency_max_ticks", 15}}}};
  return make_session(scenario, 1);
}

TEST_CASE("lesson goal checks: raft.applied_everywhere: a partitioned leader's write is lost, the majority's reaches all after heal (5 nodes)") {
  app::Session session = five_raft_replicas();
  apply(session, {{"op", "run"}, {"ticks", 400}});
  const std::string old_leader = latest_leader(session);
  REQUIRE_FALSE(old_leader.empty());
  apply(session, {{"op", "partition"}, {"groups", Json::array({Json::array({old_leader})})}});
  apply(session, {{"op", "input"}, {"node", old_leader}, {"text", "cmd=lost"}});
  apply(session, {{"op", "run"}, {"ticks", 800}});
  const std::string new_leader = latest_leader(session);
  REQUIRE(new_leader != old_leader);
  apply(session, {{"op", "input"}, {"node", new_leader}, {"text", "cmd=kept"}});
  apply(session, {{"op", "run"}, {"ticks", 400}});
  check::CheckResult cut_off = evaluate(session, "raft.applied_everywhere", {{"cmd", "kept"}, {"never", "lost"}});
  CHECK_FALSE(cut_off.passed);
  CHECK(cut_off.reason.find(old_leader) != std::string::npos);
  apply(session, {{"op", "heal"}});
  apply(session, {{"op", "run"}, {"ticks", 1000}});
  CHECK(evaluate(session, "raft.applied_everywhere", {{"cmd", "kept"}, {"never", "lost"}}).passed);
  CHECK_FALSE(evaluate(session, "raft.applied_everywhere", {{"cmd", "lost"}}).passed);
  CHECK_FALSE(evaluate(session, "raft.applied_everywhere", {{"cmd", "x"}, {"never", "kept"}}).passed);
}

TEST_CASE("lesson goal checks: raft.applied_everywhere: a crashed replica counts as missing until it restarts and catches up (5 nodes)") {
  app::Session session = five_raft_replicas();
  apply(session, {{"op", "run"}, {"ticks", 400}});
  const std::string old_leader = latest_leader(session);
  REQUIRE_FALSE(old_leader.empty());
  apply(session, {{"op", "crash"}, {"node", old_leader}});
  apply(session, {{"op", "run"}, {"ticks", 600}});
  const std::string new_leader = latest_leader(session);
  REQUIRE(new_leader != old_leader);
  apply(session, {{"op", "input"}, {"node", new_leader}, {"text", "cmd=after-crash"}});
  apply(session, {{"op", "run"}, {"ticks", 400}});
  check::CheckResult down = evaluate(session, "raft.applied_everywhere", {{"cmd", "after-crash"}});
  CHECK_FALSE(down.passed);
  CHECK(down.reason.find(old_leader + " (down)") != std::string::npos);
  apply(session, {{"op", "restart"}, {"node", old_leader}});
  apply(session, {{"op", "run"}, {"ticks", 600}});
  CHECK(evaluate(session, "raft.applied_everywhere", {{"cmd", "after-crash"}}).passed);
}

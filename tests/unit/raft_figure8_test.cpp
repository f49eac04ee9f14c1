// Proves Raft's commitment rule against the paper's figure 8 (Ongaro & Ousterhout 2014), scripted with
// partitions and crashes on five replicas:
//   (a) leader S1 (term a) stores x at index 2 on itself and S2 only, then crashes;
//   (b) S5 is elected by S3, S4, S5 (term e > a), stores y at index 2 on itself only, then crashes;
//   (c) S1 restarts, is elected (term > e) and copies x (term a) to S3: x is now on a majority;
//   (d) S1 crashes; S5 restarts and, its last term e being newer than a, is elected by S3 and S4 and
//       overwrites index 2 with y everywhere.
// With the correct rule (only current-term entries commit by counting) x is never committed in (c), so
// (d) is safe and every raft.* invariant holds. With the course's "commit": "any_term", S1 commits and
// applies x in (c), and raft.state_machine_safety and raft.leader_completeness catch (d).
// Roles are found at run time (who wins an election depends on the seed); the partitions leave each
// step only one possible winner of the kind the figure needs.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "protocols/raft/raft.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::test_support;
using protocols::raft::RaftActor;
using protocols::raft::Role;

std::string name(std::size_t node) { return "n" + std::to_string(node); }

const RaftActor* replica(const app::Session& session, std::size_t node) {
  return dynamic_cast<const RaftActor*>(session.world().actor(NodeId{static_cast<std::uint16_t>(node)}));
}

// The live leader with the highest term among `candidates`.
std::size_t leader_among(const app::Session& session, const std::set<std::size_t>& candidates) {
  std::optional<std::size_t> leader;
  for (std::size_t node : candidates) {
    const RaftActor* actor = replica(session, node);
    if (actor == nullptr || actor->current_role() != Role::leader) continue;
    if (!leader || actor->current_term() > replica(session, *leader)->current_term()) leader = node;
  }
  REQUIRE_MESSAGE(leader.has_value(), "no leader among the expected candidates");
  return *leader;
}

Json groups(const std::vector<std::vector<std::size_t>>& node_groups) {
  Json out = Json::array();
  for (const auto& group : node_groups) {
    Json names = Json::array();
    for (std::size_t node : group) names.push_back(name(node));
    out.push_back(names);
  }
  return out;
}

void run(app::Session& session, std::int64_t ticks) { apply(session, {{"op", "run"}, {"ticks", ticks}}); }
void write(app::Session& session, std::size_t node, const std::string& command) {
  apply(session, {{"op", "input"}, {"node", name(node)}, {"text", "cmd=" + command}});
}

std::string entry_at(const app::Session& session, std::size_t node, std::size_t index) {
  const auto& log = replica(session, node)->log();
  return index <= log.size() ? log[index - 1].command : "";
}

bool trace_has_note(const app::Session& session, const std::string& text) {
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) {
    const sim::TraceEvent& event = session.trace().event(i);
    if (event.kind == sim::EventKind::note && session.trace().text(event.subject).find(text) != std::string_view::npos) return true;
  }
  return false;
}

struct Figure8 {
  std::size_t s1 = 0, s2 = 0, s5 = 0, s3 = 0, s4 = 0;  // the paper's roles, as node indexes
  std::int64_t term_a = 0, term_e = 0;
};

// Plays (a)-(d); `extend_in_c` adds a current-term entry in (c) (the paper's (e)).
Figure8 play_figure8(app::Session& session, bool extend_in_c) {
  Figure8 roles;
  run(session, 1000);
  roles.s1 = leader_among(session, {0, 1, 2, 3, 4});
  write(session, roles.s1, "first");  // index 1, committed everywhere
  run(session, 300);
  REQUIRE(replica(session, roles.s1)->commit_index() == 1);
  // (a) Only S2 hears about x. 20 ticks is far below the 150-tick minimum election timeout.
  roles.s2 = (roles.s1 + 1) % 5;
  std::vector<std::size_t> rest;
  for (std::size_t node = 0; node < 5; ++node)
    if (node != roles.s1 && node != roles.s2) rest.push_back(node);
  apply(session, {{"op", "partition"}, {"groups", groups({{roles.s1, roles.s2}, rest})}});
  write(session, roles.s1, "x");
  run(session, 20);
  roles.term_a = replica(session, roles.s1)->current_term();
  REQUIRE(entry_at(session, roles.s2, 2) == "x");
  apply(session, {{"op", "crash"}, {"node", name(roles.s1)}});
  // (b) S2 is cut off, so the leader comes from the other three, whose logs end at index 1.
  apply(session, {{"op", "partition"}, {"groups", groups({{roles.s2}, rest})}});
  run(session, 1000);
  roles.s5 = leader_among(session, {rest.begin(), rest.end()});
  roles.term_e = replica(session, roles.s5)->current_term();
  REQUIRE(roles.term_e > roles.term_a);
  std::vector<std::size_t> others;  // S3 and S4
  for (std::size_t node : rest)
    if (node != roles.s5) others.push_back(node);
  roles.s3 = others[0];
  roles.s4 = others[1];
  apply(session, {{"op", "partition"}, {"groups", groups({{roles.s5}, {roles.s2}, {roles.s3, roles.s4}})}});
  write(session, roles.s5, "y");
  run(session, 20);
  REQUIRE(entry_at(session, roles.s5, 2) == "y");
  apply(session, {{"op", "crash"}, {"node", name(roles.s5)}});
  // (c) S1 and S2 hold the most up-to-date logs of {S1, S2, S3}; one of them leads and copies x to S3.
  apply(session, {{"op", "restart"}, {"node", name(roles.s1)}});
  apply(session, {{"op", "partition"}, {"groups", groups({{roles.s1, roles.s2, roles.s3}, {roles.s4}})}});
  run(session, 1500);
  const std::size_t leader_c = leader_among(session, {roles.s1, roles.s2});
  REQUIRE(replica(session, leader_c)->current_term() > roles.term_e);
  REQUIRE(entry_at(session, roles.s3, 2) == "x");  // x (term a) is on a majority
  if (extend_in_c) {
    write(session, leader_c, "w");
    run(session, 300);
  }
  // (d) S5's last term e is newer than a: S3 and S4 vote for it, and nobody else can win in this group.
  roles.s1 = leader_c;  // whichever of S1 and S2 led plays S1 from here on
  apply(session, {{"op", "crash"}, {"node", name(leader_c)}});
  apply(session, {{"op", "restart"}, {"node", name(roles.s5)}});
  apply(session, {{"op", "partition"}, {"groups", groups({{roles.s5, roles.s3, roles.s4}})}});
  run(session, 2000);
  const std::size_t leader_d = leader_among(session, {roles.s5, roles.s3, roles.s4});
  write(session, leader_d, "z");  // a current-term entry, so the correct rule may commit too
  run(session, 500);
  return roles;
}

Json figure8_scenario(const char* commit_rule) {
  return {{"format", "coordlab.scenario/1"}, {"name", "raft_figure8"}, {"protocol", "raft"}, {"nodes", 5},
          {"params", {{"commit", commit_rule}}}, {"network", {{"latency_min_ticks", 5}, {"latency_max_ticks", 5}}}};
}

const char* kInvariants[] = {"raft.election_safety", "raft.log_matching", "raft.leader_completeness",
                             "raft.state_machine_safety", "raft.no_lost_acked_write"};

}  // namespace

TEST_CASE("raft: figure 8: committing only current-term entries keeps x uncommitted, and S5 may overwrite it safely (seeds 1-5)") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    app::Session session = make_session(figure8_scenario("current_term"), seed);
    const Figure8 roles = play_figure8(session, false);
    CHECK(replica(session, roles.s5)->current_role() == Role::leader);
    CHECK(entry_at(session, roles.s3, 2) == "y");  // x was overwritten...
    CHECK_FALSE(trace_has_note(session, "cmd=x"));  // ...but never applied or acknowledged
    CHECK(trace_has_note(session, "apply index=2 term=" + std::to_string(roles.term_e) + " cmd=y"));
    for (const char* id : kInvariants) CHECK_MESSAGE(evaluate(session, id).passed, id << ": " << evaluate(session, id).reason);
  }
}

TEST_CASE("raft: figure 8 (e): a current-term entry on a majority commits x with it, and S5 can no longer win (seeds 1-5)") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    app::Session session = make_session(figure8_scenario("current_term"), seed);
    const Figure8 roles = play_figure8(session, true);
    CHECK(replica(session, roles.s5)->current_role() != Role::leader);
    CHECK(entry_at(session, roles.s3, 2) == "x");
    CHECK(trace_has_note(session, "apply index=2 term=" + std::to_string(roles.term_a) + " cmd=x"));
    CHECK_FALSE(trace_has_note(session, "cmd=y"));
    for (const char* id : kInvariants) CHECK_MESSAGE(evaluate(session, id).passed, id << ": " << evaluate(session, id).reason);
  }
}

TEST_CASE("raft: figure 8: the course's any_term commit applies x, S5 overwrites it, and the checks catch the loss (seeds 1-5)") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    app::Session session = make_session(figure8_scenario("any_term"), seed);
    const Figure8 roles = play_figure8(session, false);
    CHECK(replica(session, roles.s5)->current_role() == Role::leader);
    CHECK(trace_has_note(session, "apply index=2 term=" + std::to_string(roles.term_a) + " cmd=x"));
    const check::CheckResult safety = evaluate(session, "raft.state_machine_safety");
    CHECK_FALSE(safety.passed);
    CHECK(safety.reason.find("\"x\"") != std::string::npos);
    CHECK(safety.reason.find("\"y\"") != std::string::npos);
    REQUIRE(safety.first_violation.has_value());
    CHECK(session.trace().canonical_line(*safety.first_violation).find("apply index=2") != std::string::npos);
    const check::CheckResult completeness = evaluate(session, "raft.leader_completeness");
    CHECK_FALSE(completeness.passed);
    CHECK(completeness.reason.find("leader " + name(roles.s5)) != std::string::npos);
    CHECK(evaluate(session, "raft.election_safety").passed);
  }
}

// Raft: unit tests of the rules (majority sizes, codec, vote and log rules through small scripted runs),
// seed sweeps under random faults within the model (crashes of up to a minority, loss, duplicates,
// reordering, partitions) checking every raft.* invariant after every world step (check/streaming.hpp),
// and the course variants each caught by a check (figure 8: raft_figure8_test.cpp). Sweeps print
// SEED=<n> on failure; COORDLAB_SEEDS raises the seed count.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "app/session.hpp"
#include "check/check.hpp"
#include "check/streaming.hpp"
#include "protocols/raft/raft.hpp"
#include "protocols/raft/raft_codec.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::test_support;
using protocols::raft::RaftActor;
using protocols::raft::Role;

Json raft_scenario(int node_count, Json params = Json::object(), Json network = Json::object()) {
  if (network.empty()) network = {{"latency_min_ticks", 5}, {"latency_max_ticks", 20}};
  return {{"format", "coordlab.scenario/1"}, {"name", "raft_test"}, {"protocol", "raft"},
          {"nodes", node_count}, {"params", params}, {"network", network}};
}

std::string node(std::size_t index) { return "n" + std::to_string(index); }

const RaftActor* replica(const app::Session& session, std::size_t index) {
  return dynamic_cast<const RaftActor*>(session.world().actor(NodeId{static_cast<std::uint16_t>(index)}));
}

std::optional<std::size_t> find_leader(const app::Session& session) {
  std::optional<std::size_t> leader;
  std::int64_t best_term = -1;
  for (std::size_t i = 0; i < session.world().node_count(); ++i) {
    const RaftActor* actor = replica(session, i);
    if (actor && actor->current_role() == Role::leader && actor->current_term() > best_term) {
      leader = i;
      best_term = actor->current_term();
    }
  }
  return leader;
}

const char* kInvariants[] = {"raft.election_safety", "raft.log_matching", "raft.leader_completeness",
                             "raft.state_machine_safety", "raft.no_lost_acked_write"};

// Drives a cluster through random faults drawn from `seed`, then heals everything and writes once more.
void run_random_faults(app::Session& session, std::uint64_t seed) {
  Random random = Random::stream(seed, 77);
  const std::size_t n = session.world().node_count();
  const std::size_t max_crashed = n - (n / 2 + 1);
  int command_number = 0;
  for (int round = 0; round < 24; ++round) {
    apply(session, {{"op", "run"}, {"ticks", random.range(40, 160)}});
    std::size_t crashed = 0;
    for (std::size_t i = 0; i < n; ++i) crashed += session.world().node_up(NodeId{static_cast<std::uint16_t>(i)}) ? 0 : 1;
    const std::size_t target = random.below(n);
    const bool target_up = session.world().node_up(NodeId{static_cast<std::uint16_t>(target)});
    switch (random.below(8)) {
      case 0:
      case 1:
      case 2: {
        std::size_t to = find_leader(session).value_or(target);
        if (session.world().node_up(NodeId{static_cast<std::uint16_t>(to)})) {
          apply(session, {{"op", "input"}, {"node", node(to)}, {"text", "cmd=w" + std::to_string(++command_number)}});
        }
        break;
      }
      case 3:
        if (target_up && crashed < max_crashed) apply(session, {{"op", "crash"}, {"node", node(target)}});
        break;
      case 4:
        if (!target_up) apply(session, {{"op", "restart"}, {"node", node(target)}});
        break;
      case 5: {
        Json group = Json::array();
        for (std::size_t i = 0; i < n; ++i)
          if (random.chance(Ratio{1, 2})) group.push_back(node(i));
        if (!group.empty() && group.size() < n) apply(session, {{"op", "partition"}, {"groups", Json::array({group})}});
        break;
      }
      case 6: apply(session, {{"op", "heal"}}); break;
      default: break;
    }
  }
  apply(session, {{"op", "heal"}});
  for (std::size_t i = 0; i < n; ++i)
    if (!session.world().node_up(NodeId{static_cast<std::uint16_t>(i)})) apply(session, {{"op", "restart"}, {"node", node(i)}});
  apply(session, {{"op", "run"}, {"ticks", 1500}});
}

}  // namespace

TEST_CASE("raft: majority: N//2+1 of the whole cluster, and the course's (N+1)//2+1") {
  using protocols::raft::MajorityRule;
  using protocols::raft::majority_size;
  CHECK(majority_size(1, MajorityRule::correct) == 1);
  CHECK(majority_size(3, MajorityRule::correct) == 2);
  CHECK(majority_size(4, MajorityRule::correct) == 3);
  CHECK(majority_size(5, MajorityRule::correct) == 3);
  CHECK(majority_size(3, MajorityRule::course) == 3);  // all of 3: no fault tolerance
  CHECK(majority_size(5, MajorityRule::course) == 4);
}

TEST_CASE("raft: codec: entries and persistent state round-trip; malformed entries are rejected") {
  using namespace protocols::raft;
  std::vector<LogEntry> entries = {{1, "set-x-1"}, {3, "a:b=c"}};
  auto decoded = decode_entries(encode_entries(entries));
  REQUIRE(decoded.has_value());
  CHECK(*decoded == entries);
  CHECK(decode_entries("").value().empty());
  CHECK_FALSE(decode_entries("x:cmd").has_value());
  CHECK_FALSE(decode_entries("0:cmd").has_value());
  CHECK_FALSE(decode_entries("2:").has_value());
  CHECK_FALSE(decode_entries("2:has space").has_value());
  PersistentState state{7, NodeId{2}, entries};
  PersistentState round = decode_persistent(encode_persistent(state));
  CHECK(round.term == 7);
  CHECK(round.voted_for == std::optional<NodeId>(NodeId{2}));
  CHECK(round.log == entries);
  CHECK(decode_persistent("").term == 0);
}

TEST_CASE("raft: params: bad values are errors with a pointer") {
  Result<app::Scenario> bad = app::parse_scenario(raft_scenario(3, {{"heartbeat_ticks", 400}}));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().pointer == "/params/heartbeat_ticks");
  Result<app::Scenario> choice = app::parse_scenario(raft_scenario(3, {{"majority", "mostly"}}));
  REQUIRE_FALSE(choice.ok());
  CHECK(choice.error().code == "params.bad_choice");
  CHECK(choice.error().pointer == "/params/majority");
}

TEST_CASE("raft: election: one leader emerges in a calm 5-node cluster and followers know it") {
  app::Session session = make_session(raft_scenario(5), 1);
  apply(session, {{"op", "run"}, {"ticks", 1000}});
  std::optional<std::size_t> leader = find_leader(session);
  REQUIRE(leader.has_value());
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(replica(session, i)->current_term() == replica(session, *leader)->current_term());
    CHECK(replica(session, i)->leader() == std::optional<NodeId>(NodeId{static_cast<std::uint16_t>(*leader)}));
  }
  for (const char* id : kInvariants) CHECK_MESSAGE(evaluate(session, id).passed, id);
}

TEST_CASE("raft: replication: a write is applied everywhere and acknowledged only after commit") {
  app::Session session = make_session(raft_scenario(5), 2);
  apply(session, {{"op", "run"}, {"ticks", 1000}});
  std::size_t leader = find_leader(session).value();
  apply(session, {{"op", "input"}, {"node", node(leader)}, {"text", "cmd=set-x-1"}});
  const std::size_t input_events = session.trace().event_count();
  bool acked_before_apply = false, saw_apply = false;
  apply(session, {{"op", "run"}, {"ticks", 500}});
  for (std::size_t i = input_events; i < session.trace().event_count(); ++i) {
    const auto& event = session.trace().event(i);
    if (event.kind != sim::EventKind::note) continue;
    std::string_view text = session.trace().text(event.subject);
    if (text.rfind("apply ", 0) == 0 && event.node == leader) saw_apply = true;
    if (text.rfind("ack ", 0) == 0 && !saw_apply) acked_before_apply = true;
  }
  CHECK(saw_apply);
  CHECK_FALSE(acked_before_apply);
  for (std::size_t i = 0; i < 5; ++i) {
    REQUIRE(replica(session, i)->log().size() == 1);
    CHECK(replica(session, i)->log()[0].command == "set-x-1");
    CHECK(replica(session, i)->commit_index() == 1);
  }
}

TEST_CASE("raft: flow control: a burst of writes goes out batched, one AppendEntries in flight per follower (5 nodes, 40 writes)") {
  app::Session session = make_session(raft_scenario(5, {{"max_entries_per_append", 16}}, {{"latency_min_ticks", 1}, {"latency_max_ticks", 3}}), 3);
  apply(session, {{"op", "run"}, {"ticks", 1000}});
  const std::size_t leader = find_leader(session).value();
  const std::size_t first_event = session.trace().event_count();
  for (int i = 0; i < 40; ++i) apply(session, {{"op", "input"}, {"node", node(leader)}, {"text", "cmd=w" + std::to_string(i)}});
  apply(session, {{"op", "run"}, {"ticks", 40}});  // less than a heartbeat (50 ticks): no heartbeat round
  std::size_t appends_sent = 0;
  std::int64_t max_in_flight = 0;
  std::vector<std::int64_t> in_flight(5, 0);
  for (std::size_t i = first_event; i < session.trace().event_count(); ++i) {
    const sim::TraceEvent& event = session.trace().event(i);
    const sim::MessageRecord* record = event.kind == sim::EventKind::send || event.kind == sim::EventKind::deliver
                                           ? &session.trace().message(MessageId{event.subject})
                                           : nullptr;
    if (record == nullptr || record->type != protocols::raft::kAppendEntries) continue;
    if (event.kind == sim::EventKind::send) {
      ++appends_sent;
      max_in_flight = std::max(max_in_flight, ++in_flight[record->to]);
    } else {
      --in_flight[record->to];
    }
  }
  // Without flow control each write went to every follower at once: 40 x 4 = 160 messages.
  CHECK(appends_sent <= 4 * 4);  // a first single-entry round, then at most 16 entries per message
  CHECK(max_in_flight == 1);
  for (std::size_t i = 0; i < 5; ++i) CHECK(replica(session, i)->log().size() == 40);
  CHECK(replica(session, leader)->commit_index() == 40);
  for (const char* id : kInvariants) CHECK_MESSAGE(evaluate(session, id).passed, id);
}

TEST_CASE("raft: input: a follower rejects a write and names the leader") {
  app::Session session = make_session(raft_scenario(3), 3);
  apply(session, {{"op", "run"}, {"ticks", 1000}});
  std::size_t leader = find_leader(session).value();
  std::size_t follower = (leader + 1) % 3;
  apply(session, {{"op", "input"}, {"node", node(follower)}, {"text", "cmd=nope"}});
  const auto& event = session.trace().event(session.trace().event_count() - 1);
  CHECK(std::string(session.trace().text(event.subject)) == "reject cmd=nope reason=not_leader leader=" + std::to_string(leader));
  CHECK(replica(session, follower)->log().empty());
  CHECK_FALSE(session.apply(Json{{"op", "input"}, {"node", "n0"}, {"text", "cmd=has space"}}).ok());
}

TEST_CASE("raft: crash: term, vote and log survive a restart; role and commit index do not") {
  app::Session session = make_session(raft_scenario(3), 4);
  apply(session, {{"op", "run"}, {"ticks", 1000}});
  std::size_t leader = find_leader(session).value();
  apply(session, {{"op", "input"}, {"node", node(leader)}, {"text", "cmd=keep-me"}});
  apply(session, {{"op", "run"}, {"ticks", 300}});
  const std::int64_t term = replica(session, leader)->current_term();
  apply(session, {{"op", "crash"}, {"node", node(leader)}});
  apply(session, {{"op", "restart"}, {"node", node(leader)}});
  const RaftActor* restarted = replica(session, leader);
  CHECK(restarted->current_term() == term);
  CHECK(restarted->current_role() == Role::follower);
  CHECK(restarted->commit_index() == 0);
  REQUIRE(restarted->log().size() == 1);
  CHECK(restarted->log()[0].command == "keep-me");
}

TEST_CASE("raft: election after a leader crash: a new leader with a higher term (3 and 5 nodes)") {
  for (int node_count : {3, 5}) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      CAPTURE(node_count);
      CAPTURE(seed);
      app::Session session = make_session(raft_scenario(node_count), seed);
      apply(session, {{"op", "run"}, {"ticks", 1000}});
      std::size_t leader = find_leader(session).value();
      const std::int64_t term = replica(session, leader)->current_term();
      apply(session, {{"op", "crash"}, {"node", node(leader)}});
      apply(session, {{"op", "run"}, {"ticks", 1500}});
      std::optional<std::size_t> next = find_leader(session);
      REQUIRE(next.has_value());
      CHECK(*next != leader);
      CHECK(replica(session, *next)->current_term() > term);
      CHECK(evaluate(session, "raft.leader_elected", {{"after_crash", true}}).passed);
      CHECK(evaluate(session, "raft.election_safety").passed);
    }
  }
}

TEST_CASE("raft: course pitfall: majority (N+1)//2+1 elects nobody in a 3-node cluster after one crash") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    app::Session session = make_session(raft_scenario(3, {{"majority", "course"}}), seed);
    apply(session, {{"op", "run"}, {"ticks", 1000}});
    std::optional<std::size_t> leader = find_leader(session);
    REQUIRE(leader.has_value());  // with all three up, three votes are possible
    apply(session, {{"op", "crash"}, {"node", node(*leader)}});
    apply(session, {{"op", "run"}, {"ticks", 3000}});
    check::CheckResult elected = evaluate(session, "raft.leader_elected", {{"after_crash", true}});
    CHECK_FALSE(elected.passed);
    CHECK(elected.reason == "no leader has been elected since the crash yet.");
  }
}

TEST_CASE("raft: course pitfall: acknowledging on append loses a write when a cut-off leader crashes") {
  for (const char* ack : {"after_append", "after_commit"}) {
    CAPTURE(ack);
    app::Session session = make_session(raft_scenario(5, {{"ack", ack}}), 5);
    apply(session, {{"op", "run"}, {"ticks", 1000}});
    std::size_t leader = find_leader(session).value();
    // Cut the leader off, so its AppendEntries never arrive, write, then crash it and heal.
    apply(session, {{"op", "partition"}, {"groups", Json::array({Json::array({node(leader)})})}});
    apply(session, {{"op", "input"}, {"node", node(leader)}, {"text", "cmd=precious"}});
    apply(session, {{"op", "run"}, {"ticks", 30}});
    apply(session, {{"op", "crash"}, {"node", node(leader)}});
    apply(session, {{"op", "heal"}});
    apply(session, {{"op", "run"}, {"ticks", 1500}});
    REQUIRE(find_leader(session).has_value());
    check::CheckResult lost = evaluate(session, "raft.no_lost_acked_write");
    CHECK(lost.passed == (std::string(ack) == "after_commit"));
    if (!lost.passed) {
      CHECK(lost.reason.find("\"precious\"") != std::string::npos);
      CHECK(lost.first_violation.has_value());
    }
  }
}

TEST_CASE("raft: seed sweep: random faults within the model never break a raft.* invariant after any step") {
  const std::uint64_t seeds = sweep_seed_count(2000);
  std::uint64_t leaders_at_end = 0, total_events = 0, crashes = 0, acks = 0, states_checked = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    const int node_count = seed % 2 == 0 ? 5 : 3;
    Json network = {{"latency_min_ticks", 5}, {"latency_max_ticks", 20}, {"drop_ratio", "5%"},
                    {"duplicate_ratio", "2%"}, {"reorder_ratio", "5%"}};
    app::Session session = make_session(raft_scenario(node_count, Json::object(), network), seed);
    run_random_faults(session, seed);
    // Every invariant after every step: trace facts event by event, the replicas' state after each step.
    check::RaftInvariantStream stream;
    replay_steps(session, [&stream](const check::CheckInput& input) {
      stream.advance(input);
      return !stream.failure().has_value();
    });
    if (stream.failure()) {
      const check::StreamFailure& failure = *stream.failure();
      MESSAGE("SEED=" << seed << " " << failure.check_id << ": " << failure.result.reason << " (event "
                      << failure.result.first_violation.value_or(0) << ")");
      REQUIRE_FALSE(stream.failure().has_value());
    }
    states_checked += stream.states_checked();
    // The named checks on the whole run agree (they read the same facts at the final state).
    for (const char* id : kInvariants) {
      check::CheckResult result = evaluate(session, id);
      if (!result.passed) {
        MESSAGE("SEED=" << seed << " " << id << ": " << result.reason);
        REQUIRE(result.passed);
      }
    }
    // Progress is required after healing: every run ends with a leader.
    const bool has_leader = find_leader(session).has_value();
    if (!has_leader) MESSAGE("SEED=" << seed << " no leader 1500 ticks after healing");
    CHECK(has_leader);
    leaders_at_end += has_leader ? 1 : 0;
    total_events += session.trace().event_count();
    for (std::size_t i = 0; i < session.trace().event_count(); ++i) {
      const auto& event = session.trace().event(i);
      crashes += event.kind == sim::EventKind::crash ? 1 : 0;
      if (event.kind == sim::EventKind::note && session.trace().text(event.subject).substr(0, 4) == "ack ") ++acks;
    }
  }
  MESSAGE("raft sweep: " << seeds << " seeds, " << total_events << " events, " << states_checked << " states checked, "
                         << crashes << " crashes, " << acks << " acknowledged writes, " << leaders_at_end << " runs end with a leader");
  // The sweep must exercise what it claims to.
  CHECK(crashes >= seeds / 2);
  CHECK(acks >= seeds);
  CHECK(leaders_at_end == seeds);
}

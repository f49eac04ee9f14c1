// Proves a Session is a pure function of (scenario, seed, command log): equal inputs give equal trace
// hashes, replaying the log in a fresh session reproduces the run, and seeking back and forward (via
// snapshots and self-checking replay) lands on identical state, compared by trace hash and every actor's
// describe() output. A seed sweep over two fault-injecting scenarios prints SEED=<n> on failure, and a
// 100-node flood checks seeking across more than 100,000 trace events.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/protocol_session.hpp"
#include "app/builtin_scenarios.hpp"
#include "app/session.hpp"
#include "core/random.hpp"

using namespace coordlab;
using app::Session;

namespace {

Session make_session(std::string_view name, std::uint64_t seed) {
  return test_support::make_builtin_session(name, seed);
}

Json run(std::int64_t ticks) { return Json{{"op", "run"}, {"ticks", ticks}}; }

void apply_ok(Session& session, const Json& command) {
  Status status = session.apply(command);
  REQUIRE_MESSAGE(status.ok(), (command.dump() + ": " + status.error().to_string()));
}

// Every node's role and fields ("down" while crashed), plus the clock: the visible state.
std::string describe_all(const Session& session) {
  std::string text = "now=" + std::to_string(session.world().now().value) + "\n";
  for (std::size_t i = 0; i < session.world().node_count(); ++i) {
    const sim::Actor* actor = session.world().actor(NodeId{static_cast<std::uint16_t>(i)});
    text += "n" + std::to_string(i) + ": ";
    if (actor == nullptr) {
      text += "down\n";
      continue;
    }
    sim::StateWriter writer;
    actor->describe(writer);
    text += actor->role();
    for (const auto& [name, value] : writer.fields()) text += " " + name + "=" + value;
    text += "\n";
  }
  return text;
}

std::string field_of(const Session& session, std::uint16_t node, const std::string& field) {
  const sim::Actor* actor = session.world().actor(NodeId{node});
  if (actor == nullptr) return "down";
  sim::StateWriter writer;
  actor->describe(writer);
  for (const auto& [name, value] : writer.fields())
    if (name == field) return value;
  return "missing";
}

Session replay(const Session& original) {
  Session fresh = make_session(original.scenario().name, original.seed());
  Status status = fresh.apply_all(original.log_json());
  REQUIRE_MESSAGE(status.ok(), status.error().to_string());
  return fresh;
}

}  // namespace

TEST_CASE("app: session: same scenario, seed and commands give the same trace hash; another seed differs") {
  Session a = make_session("ping_echo_faults", 7);
  Session b = make_session("ping_echo_faults", 7);
  Session c = make_session("ping_echo_faults", 8);
  for (Session* session : {&a, &b, &c}) {
    apply_ok(*session, run(100));
    apply_ok(*session, Json{{"op", "input"}, {"node", "n1"}, {"text", "ping=3"}});
    apply_ok(*session, run(200));
  }
  CHECK(a.trace().hash() == b.trace().hash());
  CHECK(describe_all(a) == describe_all(b));
  CHECK(a.trace().hash() != c.trace().hash());
  CHECK(a.world().now() == Tick{300});
}

TEST_CASE("app: session: crash loses volatile state, restart keeps echoes_received (persistent)") {
  Session session = make_session("ping_echo", 3);
  apply_ok(session, run(300));
  const std::string echoes = field_of(session, 1, "echoes_received (persistent)");
  CHECK(std::stoll(echoes) > 5);
  CHECK(std::stoll(field_of(session, 1, "pings_answered")) > 0);
  apply_ok(session, Json{{"op", "crash"}, {"node", "n1"}});
  CHECK(field_of(session, 1, "pings_answered") == "down");
  apply_ok(session, run(50));
  CHECK(session.trace().canonical_line(session.trace().event_count() - 1).find("t=") == 0);
  apply_ok(session, Json{{"op", "restart"}, {"node", "n1"}});
  CHECK(field_of(session, 1, "echoes_received (persistent)") == echoes);
  CHECK(field_of(session, 1, "pings_answered") == "0");
  CHECK(field_of(session, 1, "last_seq_sent") == "0");
}

TEST_CASE("app: session: consecutive runs and steps coalesce in the log; other commands do not") {
  Session session = make_session("ping_echo", 1);
  apply_ok(session, run(10));
  apply_ok(session, run(15));
  CHECK(session.log_json() == Json::parse(R"([{"op":"run_until","tick":25}])"));
  apply_ok(session, Json{{"op", "step"}, {"count", 2}});
  apply_ok(session, Json{{"op", "step"}});
  CHECK(session.log_json() == Json::parse(R"([{"op":"run_until","tick":25},{"op":"step","count":3}])"));
  apply_ok(session, Json{{"op", "heal"}});
  apply_ok(session, run(5));
  CHECK(session.log().size() == 4);
  const std::uint64_t hash = session.trace().hash();
  CHECK(replay(session).trace().hash() == hash);
}

TEST_CASE("app: session: a snapshot every 1024 steps (flood, 8 nodes)") {
  Session session = make_session("flood", 1);
  apply_ok(session, run(500));
  const std::uint64_t steps = session.head_step();
  CHECK(steps > 2048);
  CHECK(session.snapshot_count() == steps / 1024 + 1);
}

TEST_CASE("app: session: seeking back then forward reproduces the hash and every actor's state") {
  Session session = make_session("gossip_partition", 5);
  apply_ok(session, run(120));
  apply_ok(session, Json{{"op", "crash"}, {"node", "n7"}});
  apply_ok(session, run(180));
  const std::uint64_t hash = session.trace().hash();
  const std::string head_state = describe_all(session);
  const std::uint64_t head = session.head_step();
  // Record the state at a middle step on the way, then visit it again from both directions.
  REQUIRE(session.seek(head / 2).ok());
  const std::string middle_state = describe_all(session);
  CHECK_FALSE(session.at_head());
  REQUIRE(session.seek(head / 4).ok());
  REQUIRE(session.seek(head / 2).ok());
  CHECK(describe_all(session) == middle_state);
  REQUIRE(session.seek(head - 1).ok());
  REQUIRE(session.seek(head / 2).ok());
  CHECK(describe_all(session) == middle_state);
  session.seek_to_end();
  CHECK(session.at_head());
  CHECK(session.position() == head);
  CHECK(session.trace().hash() == hash);
  CHECK(describe_all(session) == head_state);
}

TEST_CASE("app: session: step_back and step_forward walk one step; the ends are errors") {
  Session session = make_session("ping_echo", 2);
  CHECK(session.step_forward().error().code == "session.at_end");
  apply_ok(session, run(40));
  const std::uint64_t head = session.head_step();
  REQUIRE(session.step_back().ok());
  CHECK(session.position() == head - 1);
  REQUIRE(session.step_forward().ok());
  CHECK(session.position() == head);
  CHECK(session.at_head());
  CHECK(session.seek(head + 1).error().code == "session.seek_out_of_range");
  REQUIRE(session.seek(0).ok());
  CHECK(session.step_back().error().to_string() ==
        "this is the start of the run; there is no earlier step. [session.at_start]");
  CHECK(session.position() == 0);
}

TEST_CASE("app: session: apply while viewing the past fails with session.in_past and changes nothing") {
  Session session = make_session("ping_echo", 2);
  apply_ok(session, run(40));
  const Json log = session.log_json();
  const std::uint64_t head = session.head_step();
  REQUIRE(session.seek(3).ok());
  Status status = session.apply(run(10));
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == "session.in_past");
  CHECK(status.error().message == "you are viewing step 3 of " + std::to_string(head) +
                                      "; fork from here to change what happens next, or go to the end first.");
  CHECK(session.log_json() == log);
  CHECK(session.position() == 3);
  CHECK(session.head_step() == head);
}

TEST_CASE("app: session: fork truncates the log and trace, and the new log replays to the same hash") {
  Session session = make_session("ping_echo_faults", 4);
  apply_ok(session, run(100));
  apply_ok(session, Json{{"op", "input"}, {"node", "n0"}, {"text", "ping=1"}});
  apply_ok(session, run(100));
  const std::uint64_t head = session.head_step();
  const std::uint64_t target = head / 3;
  REQUIRE(session.seek(target).ok());
  const std::size_t events_at_target = session.world().cursor().events;
  const std::uint64_t prefix_hash = session.trace().hash_of_prefix(events_at_target);
  session.fork();
  CHECK(session.at_head());
  CHECK(session.head_step() == target);
  CHECK(session.trace().event_count() == events_at_target);
  CHECK(session.trace().hash() == prefix_hash);
  CHECK(session.log_json() == Json::array({Json{{"op", "step"}, {"count", target}}}));
  Session fresh = replay(session);
  CHECK(fresh.trace().hash() == prefix_hash);
  CHECK(describe_all(fresh) == describe_all(session));
  // The forked run continues differently and still replays exactly.
  apply_ok(session, Json{{"op", "crash"}, {"node", "n4"}});
  apply_ok(session, run(60));
  Session continued = replay(session);
  CHECK(continued.trace().hash() == session.trace().hash());
  CHECK(describe_all(continued) == describe_all(session));
}

TEST_CASE("app: session: fork inside coalesced runs keeps the step count (flood, 150 + 150 ticks)") {
  // Regression: coalescing two runs renumbered a snapshot inside the second with the first run's count
  // (0 for runs), so this fork logged {step: 950} for a position of 1854 steps.
  Session session = make_session("flood", 1);
  apply_ok(session, run(150));
  apply_ok(session, run(150));
  REQUIRE(session.log().size() == 1);
  REQUIRE(session.head_step() > 1100);
  const std::uint64_t target = session.head_step() - 10;
  REQUIRE(session.seek(target).ok());
  session.fork();
  CHECK(session.log_json() == Json::array({Json{{"op", "step"}, {"count", target}}}));
  Session fresh = replay(session);
  CHECK(fresh.head_step() == target);
  CHECK(fresh.trace().hash() == session.trace().hash());
  // Seeking inside the forked run still works from the renumbered snapshot.
  REQUIRE(session.seek(target - 5).ok());
  session.seek_to_end();
  CHECK(session.trace().hash() == fresh.trace().hash());
}

TEST_CASE("app: session: input after a short run is scheduled, not an engine abort") {
  // Regression for the event-queue window: run 1 tick peeks a timer near tick 10, then input at tick 1.
  Session session = make_session("ping_echo", 1);
  apply_ok(session, run(1));
  apply_ok(session, Json{{"op", "input"}, {"node", "n0"}, {"text", "ping=1"}});
  apply_ok(session, run(50));
  CHECK(replay(session).trace().hash() == session.trace().hash());
}

TEST_CASE("app: session: a command that fails part way is logged as the steps it took") {
  Session session = make_session("ping_echo", 1);
  apply_ok(session, Json{{"op", "crash"}, {"node", "n0"}});
  apply_ok(session, Json{{"op", "crash"}, {"node", "n1"}});
  apply_ok(session, Json{{"op", "crash"}, {"node", "n2"}});
  apply_ok(session, Json{{"op", "crash"}, {"node", "n3"}});
  // Only dead timers remain: a step fails and is not logged.
  Status status = session.apply(Json{{"op", "step"}});
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == "sim.nothing_pending");
  CHECK(session.log().size() == 4);
  apply_ok(session, run(100));
  CHECK(session.world().now() == Tick{100});

  Session partial = make_session("ping_echo_manual", 1);
  apply_ok(partial, Json{{"op", "step"}, {"count", 2}});
  Status manual_run = partial.apply(run(10));
  CHECK(manual_run.error().code == "session.manual_mode");
  CHECK(replay(partial).trace().hash() == partial.trace().hash());
}

TEST_CASE("app: session: manual delivery commands replay exactly") {
  Session session = make_session("ping_echo_manual", 9);
  for (int i = 0; i < 40 && !session.world().pending().empty(); ++i) {
    const sim::PendingEvent choice = session.world().pending().back();
    apply_ok(session, choice.queued.kind == sim::QueuedKind::timer
                          ? Json{{"op", "fire"}, {"timer", choice.queued.subject}}
                          : Json{{"op", "deliver"}, {"message", choice.queued.subject}});
  }
  CHECK(session.head_step() == 40);
  Session fresh = replay(session);
  CHECK(fresh.trace().hash() == session.trace().hash());
  CHECK(describe_all(fresh) == describe_all(session));
  REQUIRE(session.seek(17).ok());
  session.seek_to_end();
  CHECK(session.trace().hash() == fresh.trace().hash());
}

TEST_CASE("app: session: seed sweep of 200 seeds x 2 fault scenarios: replay and random seeks agree") {
  for (const char* name : {"ping_echo_faults", "gossip_partition"}) {
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
      INFO("SEED=" << seed << " scenario=" << name);
      Session session = make_session(name, seed);
      apply_ok(session, run(150));
      apply_ok(session, Json{{"op", "crash"}, {"node", "n1"}});
      apply_ok(session, run(100));
      apply_ok(session, Json{{"op", "restart"}, {"node", "n1"}});
      apply_ok(session, run(150));
      const std::uint64_t hash = session.trace().hash();
      const std::string state = describe_all(session);
      const std::uint64_t head = session.head_step();

      Session fresh = replay(session);
      REQUIRE(fresh.trace().hash() == hash);
      REQUIRE(describe_all(fresh) == state);

      Random random(seed);
      for (int visit = 0; visit < 3; ++visit) {
        const std::uint64_t target = random.below(head);
        REQUIRE(session.seek(target).ok());
        REQUIRE(session.position() == target);
        REQUIRE(session.trace().hash() == hash);  // seeking never changes the recorded trace
      }
      session.seek_to_end();
      REQUIRE(session.trace().hash() == hash);
      REQUIRE(describe_all(session) == state);
    }
  }
}

TEST_CASE("app: session: seeking back across 100,000+ events (flood, 100 nodes)") {
  Result<Session> created = Session::from_text(R"({"format": "coordlab.scenario/1", "name": "big_flood", "protocol": "flood",
      "params": {"round_ticks": 10}, "nodes": 100,
      "network": {"latency_min_ticks": 1, "latency_max_ticks": 8, "drop_ratio": "1%"}})",
                                               "big_flood.json", 3);
  REQUIRE(created.ok());
  Session session = std::move(created.value());
  apply_ok(session, run(60));
  REQUIRE(session.trace().event_count() > 100'000);
  const std::uint64_t hash = session.trace().hash();
  const std::string state = describe_all(session);
  const std::uint64_t head = session.head_step();
  REQUIRE(session.seek(10).ok());
  CHECK(session.world().cursor().events == session.trace().first_event_of_step(11));
  REQUIRE(session.step_forward().ok());
  CHECK(session.position() == 11);
  session.seek_to_end();
  CHECK(session.position() == head);
  CHECK(session.trace().hash() == hash);
  CHECK(describe_all(session) == state);
  REQUIRE(session.step_back().ok());
  CHECK(session.position() == head - 1);
}

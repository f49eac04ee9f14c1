// PBFT view-change cases beyond a single crashed primary (pbft_test.cpp has that one, the NEW-VIEW plan
// and every Byzantine kind): two faulty primaries in a row, so view 1 fails too and view 2 takes over;
// a Byzantine backup lying in its VIEW-CHANGE while the primary is down; and a view change after a stable
// checkpoint, where the new view starts above the checkpoint. Each run keeps every pbft.* invariant,
// and the client gets every result.
#include <doctest/doctest.h>

#include <string>

#include "protocols/pbft/pbft_actors.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::test_support;
using protocols::pbft::PbftClient;
using protocols::pbft::PbftReplica;

Json pbft_scenario(int replicas, Json params = Json::object()) {
  params["replicas"] = replicas;
  return {{"format", "coordlab.scenario/1"}, {"name", "pbft_view_change_test"}, {"protocol", "pbft"}, {"nodes", replicas + 1},
          {"params", params}, {"network", {{"latency_min_ticks", 5}, {"latency_max_ticks", 20}}}};
}

std::string node(std::size_t index) { return "n" + std::to_string(index); }
void run(app::Session& session, std::int64_t ticks) { apply(session, {{"op", "run"}, {"ticks", ticks}}); }
void submit(app::Session& session, std::size_t client, const std::string& op) {
  apply(session, {{"op", "input"}, {"node", node(client)}, {"text", "op=" + op}});
}

const PbftReplica* replica(const app::Session& session, std::size_t index) {
  return dynamic_cast<const PbftReplica*>(session.world().actor(NodeId{static_cast<std::uint16_t>(index)}));
}
const PbftClient* client(const app::Session& session, std::size_t index) {
  return dynamic_cast<const PbftClient*>(session.world().actor(NodeId{static_cast<std::uint16_t>(index)}));
}

std::size_t count_notes(const app::Session& session, std::string_view prefix) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) {
    const auto& event = session.trace().event(i);
    if (event.kind == sim::EventKind::note && session.trace().text(event.subject).substr(0, prefix.size()) == prefix) ++count;
  }
  return count;
}

void require_invariants(const app::Session& session, std::uint64_t seed) {
  for (const char* id : {"pbft.agreement", "pbft.validity", "pbft.total_order", "pbft.prepared_by_quorum"}) {
    const check::CheckResult result = evaluate(session, id);
    if (!result.passed) MESSAGE("SEED=" << seed << " " << id << ": " << result.reason);
    REQUIRE(result.passed);
  }
}

}  // namespace

TEST_CASE("pbft: view change: primaries of views 0 and 1 both crashed (n = 7, f = 2), so view 2 led by n2 takes over (seeds 1-10)") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    app::Session session = make_session(pbft_scenario(7), seed);
    submit(session, 7, "a");
    run(session, 400);
    REQUIRE(client(session, 7)->accepted_count() == 1);
    apply(session, {{"op", "crash"}, {"node", node(0)}});
    apply(session, {{"op", "crash"}, {"node", node(1)}});
    submit(session, 7, "b");
    submit(session, 7, "c");
    run(session, 8000);
    CHECK(count_notes(session, "new_view view=2 primary=2") >= 5);
    for (std::size_t i = 2; i < 7; ++i) CHECK(replica(session, i)->view() == 2);
    CHECK(client(session, 7)->accepted_count() == 3);
    require_invariants(session, seed);
  }
}

TEST_CASE("pbft: view change: a backup lying in its VIEW-CHANGE while the primary is down changes nothing (n = 7, f = 2, seeds 1-10)") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    app::Session session = make_session(pbft_scenario(7), seed);
    apply(session, {{"op", "byzantine"}, {"node", node(3)}, {"kind", "lying_view_change"}});
    for (const char* op : {"a", "b", "c"}) submit(session, 7, op);
    run(session, 60 + static_cast<std::int64_t>(seed) * 7);  // crash at varying points of the protocol
    apply(session, {{"op", "crash"}, {"node", node(0)}});
    run(session, 6000);
    submit(session, 7, "after");
    run(session, 2000);
    CHECK(count_notes(session, "new_view view=1 primary=1") >= 4);
    CHECK(client(session, 7)->accepted_count() == 4);
    require_invariants(session, seed);
  }
}

TEST_CASE("pbft: view change: after a stable checkpoint the new view continues above it, and the watermarks follow (seeds 1-10)") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    app::Session session = make_session(pbft_scenario(4, {{"checkpoint_interval", 2}, {"log_window", 4}}), seed);
    for (int i = 1; i <= 5; ++i) submit(session, 4, "op" + std::to_string(i));
    run(session, 1500);
    REQUIRE(client(session, 4)->accepted_count() == 5);
    const std::int64_t stable_before = replica(session, 1)->low_watermark();
    REQUIRE(stable_before >= 4);
    apply(session, {{"op", "crash"}, {"node", node(0)}});
    for (int i = 6; i <= 9; ++i) submit(session, 4, "op" + std::to_string(i));
    run(session, 8000);
    CHECK(client(session, 4)->accepted_count() == 9);
    for (std::size_t i = 1; i < 4; ++i) {
      CHECK(replica(session, i)->view() == 1);
      CHECK(replica(session, i)->last_executed() >= 9);
      CHECK(replica(session, i)->low_watermark() >= stable_before);
      CHECK(replica(session, i)->high_watermark() == replica(session, i)->low_watermark() + 4);
    }
    require_invariants(session, seed);
  }
}

// A backup cut off while a checkpoint became stable learns of it only from NEW-VIEW, which carries the
// checkpoint's digest and proof but not its state. It used to wait for ever: its log below the checkpoint
// is gone and, with the old primary silent, only two replicas could vote for any later checkpoint. It now
// takes the state from f+1 matching checkpoint votes (at least one from a correct replica) and executes.
TEST_CASE("pbft: view change: a backup that missed a stable checkpoint takes its state after NEW-VIEW while the old primary is silent (seeds 1-10)") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    app::Session session = make_session(pbft_scenario(4, {{"checkpoint_interval", 2}, {"log_window", 4}}), seed);
    apply(session, {{"op", "partition"}, {"groups", Json::array({Json::array({node(3)})})}});
    for (int i = 1; i <= 4; ++i) submit(session, 4, "op" + std::to_string(i));
    run(session, 1500);
    REQUIRE(client(session, 4)->accepted_count() == 4);
    REQUIRE(replica(session, 3)->last_executed() == 0);
    apply(session, {{"op", "byzantine"}, {"node", node(0)}, {"kind", "silent"}});
    run(session, 300);  // the old primary's checkpoint votes in flight are gone before n3 hears anything
    apply(session, {{"op", "heal"}});
    submit(session, 4, "after");
    run(session, 8000);
    CHECK(client(session, 4)->accepted_count() == 5);
    CHECK(count_notes(session, "state_transfer ") >= 1);
    CHECK(replica(session, 3)->last_executed() >= 5);
    CHECK(replica(session, 3)->low_watermark() >= 4);
    require_invariants(session, seed);
  }
}

// A replica already in view v repeats its own VIEW-CHANGE for v to one still changing to v, as a
// ViewChangeCopy that is never answered. Were the copy an ordinary VIEW-CHANGE, two replicas already in
// v would answer each other for ever on a network that loses nothing; here the view change ends and
// the network falls quiet.
TEST_CASE("pbft: view change: VIEW-CHANGE copies are never answered, so a loss-free network falls quiet after a view change (seeds 1-10)") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    Json scenario = pbft_scenario(4);
    scenario["network"] = {{"latency_min_ticks", 5}, {"latency_max_ticks", 200}, {"duplicate_ratio", "20%"}};
    app::Session session = make_session(scenario, seed);
    submit(session, 4, "before");
    run(session, 1500);
    apply(session, {{"op", "crash"}, {"node", node(0)}});
    submit(session, 4, "after");
    run(session, 8000);
    REQUIRE(client(session, 4)->accepted_count() == 2);
    const std::size_t settled = session.trace().event_count();
    run(session, 20000);
    std::size_t view_change_sends = 0;
    for (std::size_t i = settled; i < session.trace().event_count(); ++i) {
      const sim::TraceEvent& event = session.trace().event(i);
      const bool view_change = event.label == protocols::pbft::kViewChange || event.label == protocols::pbft::kViewChangeCopy;
      if (event.kind == sim::EventKind::send && view_change) ++view_change_sends;
    }
    CHECK(view_change_sends == 0);
    require_invariants(session, seed);
  }
}

// Messaging: unit tests of each rule through small scripted runs (hub registration, routing failures,
// priorities, expiry, pub/sub, Lamport clocks; retry back-off, dead letters, de-duplication; FIFO with
// gaps and duplicates, causal and total order), the course variants each caught by a named check, and
// a seed sweep under loss, duplication and reordering asserting delivery.effectively_once and the
// order.* checks. Sweeps print SEED=<n> on failure; COORDLAB_SEEDS raises the seed count.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "app/session.hpp"
#include "check/check.hpp"
#include "protocols/messaging/hub.hpp"
#include "protocols/messaging/ordered.hpp"
#include "protocols/messaging/reliable.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::protocols::messaging;
using namespace coordlab::test_support;

Json scenario(const std::string& protocol, Json nodes, Json params = Json::object(), Json network = Json::object()) {
  if (network.empty()) network = {{"latency_min_ticks", 1}, {"latency_max_ticks", 1}};
  return {{"format", "coordlab.scenario/1"},
          {"name", "messaging_test"},
          {"protocol", protocol},
          {"nodes", nodes},
          {"params", params},
          {"network", network}};
}

Json hub_nodes() { return Json::array({"hub", "planner", "validator_1", "validator_2"}); }

void input(app::Session& session, const std::string& node, const std::string& text) {
  apply(session, {{"op", "input"}, {"node", node}, {"text", text}});
}

void run(app::Session& session, std::int64_t ticks) { apply(session, {{"op", "run"}, {"ticks", ticks}}); }

// The notes starting with `prefix`, in trace order (optionally with their tick).
std::vector<std::string> notes(const app::Session& session, std::string_view prefix,
                               std::vector<std::int64_t>* ticks = nullptr) {
  std::vector<std::string> found;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) {
    const auto& event = session.trace().event(i);
    if (event.kind != sim::EventKind::note) continue;
    std::string_view text = session.trace().text(event.subject);
    if (text.substr(0, prefix.size()) != prefix) continue;
    found.emplace_back(text);
    if (ticks) ticks->push_back(event.tick.value);
  }
  return found;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

const HubBroker& broker(const app::Session& session) {
  const auto* hub = dynamic_cast<const HubBroker*>(session.world().actor(NodeId{0}));
  REQUIRE(hub != nullptr);
  return *hub;
}

// The id of the last message sent of `type` (for learner actions on messages in flight).
std::uint32_t last_message_of_type(const app::Session& session, std::uint16_t type) {
  for (std::size_t i = session.trace().message_count(); i-- > 0;) {
    if (session.trace().message(MessageId{static_cast<std::uint32_t>(i)}).type == type)
      return static_cast<std::uint32_t>(i);
  }
  FAIL("no message of that type");
  return 0;
}

}  // namespace

TEST_CASE("messaging: envelope: round-trips every field; malformed text is rejected") {
  Envelope envelope;
  envelope.id = "planner-3";
  envelope.sender = "planner";
  envelope.recipient = "validator_2";
  envelope.type = "schema_proposal";
  envelope.body = "add-column-x=int";
  envelope.conversation = "conv-7";
  envelope.timestamp_tick = 12;
  envelope.priority = 4;
  envelope.expires_tick = 60;
  envelope.requires_response = true;
  envelope.lamport = 9;
  std::optional<Envelope> decoded = decode_envelope(encode_envelope(envelope));
  REQUIRE(decoded.has_value());
  CHECK(decoded->id == "planner-3");
  CHECK(decoded->body == "add-column-x=int");
  CHECK(decoded->conversation == "conv-7");
  CHECK(decoded->expires_tick == std::optional<std::int64_t>(60));
  CHECK(decoded->requires_response);
  CHECK(decoded->priority == 4);
  CHECK(decoded->lamport == 9);
  CHECK_FALSE(decode_envelope("id=x from=y").has_value());
  CHECK_FALSE(decode_envelope("id=a from=b to=c type=t ts=1 priority=9 response=0 lamport=1 body=x").has_value());
  CHECK_FALSE(
      decode_envelope("id=a from=b type=t ts=1 priority=2 response=0 lamport=1 body=x").has_value());  // nowhere to go
  CHECK(course_message_types().size() == 6);
}

TEST_CASE("messaging: input: bad agent input is a clear error, never a crash") {
  app::Session session = make_session(scenario("hub", hub_nodes()));
  struct Case {
    const char* text;
    const char* code;
  };
  for (const Case& bad :
       {Case{"", "input.empty"}, Case{"shout to=hub", "input.unknown_verb"},
        Case{"send to=validator_2 colour=red", "input.unknown_option"},
        Case{"send to=validator_2 priority=9", "input.bad_value"},
        Case{"send to=validator_2 type=gossip", "input.bad_type"},
        Case{"send type=data_request", "input.missing_option"},
        Case{"send to=validator_2 to=planner", "input.repeated_option"}, Case{"send to=bad/name", "input.bad_value"},
        Case{"send to=validator_2 expires_in=0", "input.bad_value"}}) {
    CAPTURE(bad.text);
    Status status = session.apply(Json{{"op", "input"}, {"node", "planner"}, {"text", bad.text}});
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == bad.code);
  }
  Status hub_input = session.apply(Json{{"op", "input"}, {"node", "hub"}, {"text", "send to=planner"}});
  REQUIRE_FALSE(hub_input.ok());
  CHECK(hub_input.error().code == "input.hub_takes_no_input");
  Result<app::Scenario> bad_hub = app::parse_scenario(scenario("hub", hub_nodes(), {{"hub", "hbu"}}));
  REQUIRE_FALSE(bad_hub.ok());
  CHECK(bad_hub.error().pointer == "/params/hub");
  CHECK(contains(bad_hub.error().message, "Did you mean \"hub\"?"));
}

TEST_CASE("messaging: hub: registration honours the capacity limit and rejects duplicate ids") {
  app::Session session = make_session(scenario("hub", hub_nodes(), {{"capacity", 2}}));
  run(session, 5);
  CHECK(broker(session).agents().size() == 2);
  CHECK(notes(session, "refused agent=validator_2 reason=capacity").size() == 1);
  CHECK(notes(session, "registration agent=validator_2 ok=0 reason=capacity").size() == 1);
  input(session, "validator_1", "register id=planner");  // another node's id
  run(session, 5);
  CHECK(notes(session, "refused agent=planner reason=duplicate_id").size() == 1);
  CHECK(broker(session).agents().at("planner") == NodeId{1});
  // A refused agent cannot send through the hub, and cannot be sent to.
  input(session, "validator_2", "send to=planner payload=hi");
  input(session, "planner", "send to=validator_2 payload=hi");
  run(session, 5);
  CHECK(notes(session,
              "failed id=validator_2-1 from=validator_2 to=planner type=data_request conv=- reason=unknown_sender")
            .size() == 1);
  CHECK(notes(session,
              "failed id=planner-1 from=planner to=validator_2 type=data_request conv=- reason=unknown_recipient")
            .size() == 1);
  CHECK(evaluate(session, "hub.failure_reasons", {{"reasons", "capacity,duplicate_id,unknown_recipient"}}).passed);
  CHECK(broker(session).stats().failed == 2);
}

TEST_CASE("messaging: hub: O4 goal - a schema proposal reaches validator_2 in conv-7") {
  app::Session session = make_session(scenario("hub", hub_nodes()));
  run(session, 5);
  const Json goal = {{"type", "schema_proposal"}, {"to", "validator_2"}, {"conversation", "conv-7"}};
  check::CheckResult before = evaluate(session, "hub.delivered", goal);
  CHECK_FALSE(before.passed);
  input(session, "planner", "send to=validator_2 type=schema_proposal conv=conv-7");  // empty payload
  run(session, 5);
  check::CheckResult empty = evaluate(session, "hub.delivered", goal);
  CHECK_FALSE(empty.passed);
  CHECK(contains(empty.reason, "payload was empty"));
  input(session, "planner",
        "send to=validator_2 type=schema_proposal conv=conv-7 payload=add-column-x priority=3 expires_in=50");
  run(session, 5);
  check::CheckResult done = evaluate(session, "hub.delivered", goal);
  CHECK(done.passed);
  CHECK(done.reason == "validator_2 received schema_proposal planner-2 in conv-7.");
  CHECK(broker(session).threads().at("conv-7") == std::vector<std::string>{"planner-1", "planner-2"});
  CHECK(notes(session, "received id=planner-2 from=planner type=schema_proposal conv=conv-7").size() == 1);
}

TEST_CASE("messaging: hub: O5 goal - failures for an unknown recipient and an expired message") {
  app::Session session = make_session(scenario("hub", hub_nodes(), {{"route_delay_ticks", 10}}));
  run(session, 5);
  CHECK_FALSE(
      evaluate(session, "hub.failure_reasons", {{"reasons", "unknown_recipient,expired"}, {"min_failures", 2}}).passed);
  input(session, "planner", "send to=validator_9 payload=x");
  input(session, "planner", "send to=validator_1 payload=x expires_in=5");   // routed 10 ticks after arrival: too late
  input(session, "planner", "send to=validator_1 payload=y expires_in=20");  // still fresh at routing
  run(session, 30);
  check::CheckResult result =
      evaluate(session, "hub.failure_reasons", {{"reasons", "unknown_recipient,expired"}, {"min_failures", 2}});
  CHECK(result.passed);
  CHECK(result.reason == "2 failure(s): expired x1, unknown_recipient x1");
  CHECK(notes(session, "undeliverable id=planner-2 reason=expired").size() == 1);
  CHECK(notes(session, "received id=planner-3").size() == 1);
  CHECK(broker(session).stats().delivered == 1);
  CHECK(broker(session).stats().sent == 3);
}

TEST_CASE("messaging: hub: a routing round sends higher priorities first, then by Lamport time and id") {
  app::Session session = make_session(scenario("hub", hub_nodes(), {{"route_delay_ticks", 3}}));
  run(session, 5);
  input(session, "planner", "send to=validator_1 payload=a priority=1");
  input(session, "validator_2", "send to=validator_1 payload=b priority=3");
  input(session, "planner", "send to=validator_1 payload=c priority=5");
  input(session, "planner", "send to=validator_1 payload=d priority=3");
  run(session, 10);
  std::vector<std::string> delivered = notes(session, "delivered ");
  REQUIRE(delivered.size() == 4);
  CHECK(contains(delivered[0], "body=c"));
  CHECK(contains(delivered[1], "body=b"));  // priority 3 at Lamport 1 before planner's at Lamport 3
  CHECK(contains(delivered[2], "body=d"));
  CHECK(contains(delivered[3], "body=a"));
}

TEST_CASE("messaging: hub: publish reaches every subscriber but the publisher; direct sends skip the hub") {
  app::Session session = make_session(scenario("hub", hub_nodes()));
  run(session, 5);
  input(session, "validator_1", "subscribe topic=schema");
  input(session, "validator_2", "subscribe topic=schema");
  input(session, "planner", "subscribe topic=schema");
  run(session, 5);
  input(session, "planner", "publish topic=schema type=schema_proposal payload=v2 conv=c9");
  run(session, 5);
  CHECK(notes(session, "published id=planner-1 topic=schema subscribers=2").size() == 1);
  CHECK(notes(session, "received id=planner-1").size() == 2);
  input(session, "validator_1", "send to=validator_2 type=validation_vote payload=yes direct=1");
  input(session, "validator_1", "send to=nobody payload=yes direct=1");
  run(session, 5);
  CHECK(notes(session, "received id=validator_1-1 from=validator_1 type=validation_vote").size() == 1);
  CHECK(notes(session, "delivered id=validator_1-1").empty());
  CHECK(notes(session, "undeliverable id=validator_1-2 reason=unknown_recipient").size() == 1);
}

TEST_CASE("messaging: hub: Lamport clocks move past every received timestamp and survive a restart") {
  app::Session session = make_session(scenario("hub", hub_nodes()));
  run(session, 5);
  for (int i = 0; i < 3; ++i) input(session, "planner", "send to=validator_1 payload=p");
  run(session, 5);
  // The hub relays the sender's timestamp; validator_1 is at 4 after three receipts, so it sends at 5.
  input(session, "validator_1", "send to=planner payload=r");
  run(session, 5);
  CHECK(notes(session, "received id=planner-3 from=planner type=data_request conv=- lamport=3 clock=4").size() == 1);
  CHECK(
      notes(session, "received id=validator_1-1 from=validator_1 type=data_request conv=- lamport=5 clock=6").size() ==
      1);
  CHECK(evaluate(session, "clock.lamport").passed);
  apply(session, {{"op", "crash"}, {"node", "planner"}});
  apply(session, {{"op", "restart"}, {"node", "planner"}});
  const auto* planner = dynamic_cast<const HubAgent*>(session.world().actor(NodeId{1}));
  REQUIRE(planner != nullptr);
  CHECK(planner->lamport() == 6);
  input(session, "planner", "send to=validator_1 payload=after");
  CHECK(notes(session, "send id=planner-4 ").size() == 1);  // ids are never reused
}

TEST_CASE("messaging: reliable: the ack wait doubles up to the cap; the message is dead-lettered after max_attempts") {
  RetryPolicy policy{10, 2, 50, 5};
  CHECK(ack_wait_ticks(policy, 1) == 10);
  CHECK(ack_wait_ticks(policy, 2) == 20);
  CHECK(ack_wait_ticks(policy, 3) == 40);
  CHECK(ack_wait_ticks(policy, 4) == 50);
  CHECK(ack_wait_ticks(policy, 60) == 50);
  app::Session session = make_session(
      scenario("reliable", 2, {{"ack_timeout_ticks", 10}, {"backoff_cap_ticks", 50}, {"max_attempts", 5}}));
  apply(session, {{"op", "partition"}, {"groups", Json::array({Json::array({"n0"})})}});
  input(session, "n0", "send to=n1");
  run(session, 500);
  std::vector<std::int64_t> ticks;
  std::vector<std::string> retries = notes(session, "retry ", &ticks);
  CHECK(retries ==
        std::vector<std::string>{"retry id=n0-1 to=n1 attempt=2 wait=20", "retry id=n0-1 to=n1 attempt=3 wait=40",
                                 "retry id=n0-1 to=n1 attempt=4 wait=50", "retry id=n0-1 to=n1 attempt=5 wait=50"});
  CHECK(ticks == std::vector<std::int64_t>{10, 30, 70, 120});
  std::vector<std::int64_t> dead_ticks;
  CHECK(notes(session, "dead_letter id=n0-1 to=n1 attempts=5", &dead_ticks).size() == 1);
  CHECK(dead_ticks == std::vector<std::int64_t>{170});
  const auto* sender = dynamic_cast<const ReliableActor*>(session.world().actor(NodeId{0}));
  CHECK(sender->sender().dead_letters() == std::vector<std::string>{"n0-1"});
  check::CheckResult all = evaluate(session, "delivery.effectively_once", {{"require_all", true}});
  CHECK_FALSE(all.passed);
  CHECK(all.reason == "n0-1 was never processed: it went to the dead-letter queue.");
}

TEST_CASE("messaging: reliable: de-duplication processes each id once; without it duplicates are processed again") {
  const Json duplicating = {{"latency_min_ticks", 1}, {"latency_max_ticks", 4}, {"duplicate_ratio", "50%"}};
  for (bool dedupe : {true, false}) {
    CAPTURE(dedupe);
    app::Session session = make_session(scenario("reliable", 2, {{"dedupe", dedupe}}, duplicating), 3);
    input(session, "n0", "send to=n1 count=20");
    run(session, 300);
    check::CheckResult result =
        evaluate(session, "delivery.effectively_once", {{"require_all", true}, {"min_messages", 20}});
    CHECK(result.passed == dedupe);
    CHECK(notes(session, "duplicate ").empty() != dedupe);
    if (!dedupe) CHECK(contains(result.reason, "twice"));
  }
}

TEST_CASE("messaging: reliable: P4 - 100 messages over a bus dropping 30% and duplicating 10%") {
  const Json lossy = {
      {"latency_min_ticks", 1}, {"latency_max_ticks", 5}, {"drop_ratio", "30%"}, {"duplicate_ratio", "10%"}};
  const Json goal = {{"require_all", true}, {"min_messages", 100}, {"max_attempts", 10}};
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    app::Session fixed =
        make_session(scenario("reliable", 2, {{"max_attempts", 10}, {"ack_timeout_ticks", 12}}, lossy), seed);
    input(fixed, "n0", "send to=n1 count=100");
    run(fixed, 3000);
    CHECK(evaluate(fixed, "delivery.effectively_once", goal).passed);
    // The lesson's starting point: no retries, no de-duplication.
    app::Session start = make_session(scenario("reliable", 2, {{"max_attempts", 1}, {"dedupe", false}}, lossy), seed);
    input(start, "n0", "send to=n1 count=100");
    run(start, 3000);
    CHECK_FALSE(evaluate(start, "delivery.effectively_once", goal).passed);
  }
}

TEST_CASE("messaging: reliable: course pitfall - \"guaranteed delivery\" claims success it does not know of") {
  app::Session session =
      make_session(scenario("reliable", 2, {{"guarantee", "course"}},
                            {{"latency_min_ticks", 1}, {"latency_max_ticks", 1}, {"drop_ratio", "30%"}}));
  input(session, "n0", "send to=n1 count=10");
  run(session, 100);
  check::CheckResult result = evaluate(session, "delivery.effectively_once");
  CHECK_FALSE(result.passed);
  CHECK(result.reason == "n0 was told n0-1 was delivered, but no receiver had processed it.");
  CHECK(result.first_violation.has_value());
}

TEST_CASE("messaging: ordered: P5 - a permuted conversation with a duplicate is delivered 0..3 once each") {
  for (const char* delivery : {"ordered", "arrival"}) {
    CAPTURE(delivery);
    app::Session session = make_session(
        scenario("ordered", 2, {{"delivery", delivery}}, {{"latency_min_ticks", 5}, {"latency_max_ticks", 5}}));
    std::vector<std::uint32_t> ids;
    for (int i = 0; i < 4; ++i) {
      input(session, "n0", "send to=n1 conv=c1 payload=row" + std::to_string(i));
      ids.push_back(last_message_of_type(session, kOrderedData));
    }
    apply(session, {{"op", "delay"}, {"message", ids[0]}, {"ticks", 20}});
    apply(session, {{"op", "delay"}, {"message", ids[1]}, {"ticks", 10}});
    apply(session, {{"op", "duplicate"}, {"message", ids[2]}});
    run(session, 200);
    const Json goal = {{"conversation", "c1"}, {"min_delivered", 4}, {"expect_duplicate", true}};
    check::CheckResult result = evaluate(session, "order.fifo", goal);
    CHECK(result.passed == (std::string(delivery) == "ordered"));
    if (std::string(delivery) == "ordered") {
      CHECK(notes(session, "deliver ") ==
            std::vector<std::string>{"deliver id=n0-1 from=n0 conv=c1 seq=0", "deliver id=n0-2 from=n0 conv=c1 seq=1",
                                     "deliver id=n0-3 from=n0 conv=c1 seq=2", "deliver id=n0-4 from=n0 conv=c1 seq=3"});
      CHECK(notes(session, "buffer id=n0-3 from=n0 conv=c1 seq=2 waiting_for=0").size() == 1);
      CHECK(notes(session, "duplicate id=n0-3 from=n0 conv=c1 seq=2 reacked=1").size() == 1);
    } else {
      CHECK(result.reason == "n1 delivered n0-3 (sequence 2 of c1) when sequence 0 was next.");
    }
  }
}

TEST_CASE("messaging: ordered: course pitfall - strict ordering never delivers an unsequenced message") {
  for (const char* delivery : {"ordered", "course_strict"}) {
    CAPTURE(delivery);
    app::Session session = make_session(scenario("ordered", 2, {{"delivery", delivery}}));
    input(session, "n0", "send to=n1 conv=c1 payload=a");
    input(session, "n0", "send to=n1 payload=no-conversation");
    run(session, 100);
    check::CheckResult result = evaluate(session, "order.fifo");
    CHECK(result.passed == (std::string(delivery) == "ordered"));
    if (!result.passed) CHECK(contains(result.reason, "the course gives it -1"));
  }
  Result<app::Scenario> bad =
      app::parse_scenario(scenario("ordered", 2, {{"order", "causal"}, {"delivery", "course_strict"}}));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().pointer == "/params/delivery");
}

TEST_CASE("messaging: ordered: causal delivery holds back a reply until the message it answers") {
  for (const char* delivery : {"ordered", "arrival"}) {
    CAPTURE(delivery);
    app::Session session = make_session(scenario("ordered", 3, {{"order", "causal"}, {"delivery", delivery}}));
    apply(session,
          {{"op", "set_link"}, {"from", "n0"}, {"to", "n2"}, {"latency_min_ticks", 30}, {"latency_max_ticks", 30}});
    input(session, "n0", "send payload=question");
    run(session, 5);  // n1 has the question now
    input(session, "n1", "send payload=answer");
    run(session, 100);
    check::CheckResult result = evaluate(session, "order.causal");
    CHECK(result.passed == (std::string(delivery) == "ordered"));
    if (result.passed) {
      CHECK(notes(session, "buffer id=n1-1 from=n2").empty());
      CHECK(notes(session, "buffer id=n1-1 from=n1 vc=1.1.0 have=0.0.0").size() == 1);
      const auto* n2 = dynamic_cast<const OrderedActor*>(session.world().actor(NodeId{2}));
      CHECK(n2->delivered() == std::vector<std::string>{"n0-1", "n1-1"});
      CHECK(n2->vector_clock() == std::vector<std::int64_t>{1, 1, 0});
    } else {
      CHECK(result.reason == "n2 delivered n1-1 before message 1 from n0, which its sender had already seen.");
    }
  }
}

TEST_CASE("messaging: ordered: total order through a sequencer is the same at every node") {
  app::Session session =
      make_session(scenario("ordered", 4, {{"order", "total"}, {"sequencer", "n3"}},
                            {{"latency_min_ticks", 1}, {"latency_max_ticks", 15}, {"reorder_ratio", "50%"}}),
                   7);
  for (int i = 0; i < 5; ++i) {
    input(session, "n0", "send payload=a");
    input(session, "n1", "send payload=b");
    input(session, "n3", "send payload=c");
  }
  run(session, 400);
  CHECK(evaluate(session, "order.total").passed);
  const auto* first = dynamic_cast<const OrderedActor*>(session.world().actor(NodeId{0}));
  REQUIRE(first->delivered().size() == 15);
  for (std::uint16_t node = 1; node < 4; ++node) {
    CHECK(dynamic_cast<const OrderedActor*>(session.world().actor(NodeId{node}))->delivered() == first->delivered());
  }
  CHECK(session.world().actor(NodeId{3})->role() == "sequencer");
}

namespace {

// One run of seed `seed`: the protocol and order rotate with the seed; inputs and faults come from it.
struct SweepRun {
  Json document;
  std::vector<std::string> checks;
};

SweepRun sweep_run(std::uint64_t seed) {
  const Json network = {{"latency_min_ticks", 1},
                        {"latency_max_ticks", 12},
                        {"drop_ratio", seed % 3 == 0 ? "30%" : "15%"},
                        {"duplicate_ratio", "10%"},
                        {"reorder_ratio", "20%"}};
  const Json retry = {{"ack_timeout_ticks", 16}, {"max_attempts", 12}};
  switch (seed % 4) {
    case 0:
      return {scenario("reliable", 3, retry, network), {"delivery.effectively_once"}};
    case 1: {
      Json params = retry;
      params["order"] = "fifo";
      return {scenario("ordered", 3, params, network), {"order.fifo"}};
    }
    case 2: {
      Json params = retry;
      params["order"] = "causal";
      return {scenario("ordered", 3, params, network), {"order.causal"}};
    }
    default: {
      Json params = retry;
      params["order"] = "total";
      return {scenario("ordered", 3, params, network), {"order.total"}};
    }
  }
}

}  // namespace

TEST_CASE("messaging: seed sweep: loss, duplicates and reordering never break effectively-once or an order") {
  const std::uint64_t seeds = sweep_seed_count(2000);
  std::uint64_t deliveries = 0, duplicates = 0, buffered = 0, retries = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    SweepRun setup = sweep_run(seed);
    app::Session session = make_session(setup.document, seed);
    Random random = Random::stream(seed, 91);
    const bool fifo = setup.document["params"].value("order", "") == "fifo";
    for (int round = 0; round < 6; ++round) {
      const std::string from = "n" + std::to_string(random.below(3));
      std::string to = "n" + std::to_string(random.below(3));
      if (to == from) to = from == "n0" ? "n1" : "n0";
      std::string text = "send count=" + std::to_string(random.range(1, 3));
      if (setup.document["protocol"] == "reliable" || fifo) text += " to=" + to;
      if (fifo && random.below(4) != 0) text += " conv=c" + std::to_string(random.below(2));
      input(session, from, text);
      run(session, random.range(1, 30));
    }
    run(session, 2500);
    for (const std::string& id : setup.checks) {
      check::CheckResult result =
          evaluate(session, id, id == "delivery.effectively_once" ? Json{{"max_attempts", 12}} : Json::object());
      if (!result.passed) {
        MESSAGE("SEED=" << seed << " " << id << ": " << result.reason);
        REQUIRE(result.passed);
      }
    }
    deliveries += notes(session, "deliver ").size() + notes(session, "processed ").size();
    duplicates += notes(session, "duplicate ").size();
    buffered += notes(session, "buffer ").size();
    retries += notes(session, "retry ").size();
  }
  MESSAGE("messaging sweep: " << seeds << " seeds, " << deliveries << " deliveries, " << duplicates
                              << " duplicates caught, " << buffered << " buffered out of order, " << retries
                              << " retries");
  // The sweep must exercise what it claims to.
  CHECK(duplicates >= seeds);
  CHECK(buffered >= seeds / 4);
  CHECK(retries >= seeds);
}

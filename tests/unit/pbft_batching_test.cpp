// PBFT request batching: the batch codec (a batch of one travels and hashes exactly like a plain request,
// larger batches round-trip through PRE-PREPARE, certificates and NEW-VIEW, malformed ones decode to
// nothing), the params bound that keeps VIEW-CHANGE within a payload, and scripted runs where requests
// that arrive while a batch is in progress share the next sequence number, survive a primary crash, and
// keep every pbft.* invariant. (The random-fault sweep in pbft_test.cpp batches on every third seed.)
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "protocols/pbft/pbft_actors.hpp"
#include "protocols/pbft/pbft_codec.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::protocols::pbft;
using namespace coordlab::test_support;

Request signed_request(std::int64_t client, std::int64_t timestamp, const std::string& op) {
  Request request{client, timestamp, op, ""};
  request.client_signature = sign(client, "req/" + request_text(request));
  return request;
}

// Four replicas, `clients` clients, batches of up to `batch_size`, a calm network.
app::Session batching_session(int clients, int batch_size, std::uint64_t seed) {
  return make_session({{"format", "coordlab.scenario/1"}, {"name", "pbft_batching"}, {"protocol", "pbft"}, {"nodes", 4 + clients},
                       {"params", {{"replicas", 4}, {"batch_size", batch_size}}},
                       {"network", {{"latency_min_ticks", 5}, {"latency_max_ticks", 20}}}},
                      seed);
}

struct Executions {
  std::set<std::int64_t> seqs;
  std::int64_t largest_place = 0;
  std::size_t count = 0;
};

// What replica `node` executed, from its "execute" notes: one per sequence number, listing a batch's
// requests as "batch=C:T:O/C:T:O/...".
Executions executions_of(const app::Session& session, std::uint16_t node) {
  Executions found;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) {
    const sim::TraceEvent& event = session.trace().event(i);
    std::string_view text = event.kind == sim::EventKind::note ? session.trace().text(event.subject) : std::string_view{};
    if (event.node != node || text.substr(0, 8) != "execute ") continue;
    protocols::PayloadReader note(text);
    CHECK_MESSAGE(found.seqs.insert(note.integer("seq").value_or(-1)).second, "two execute notes for one sequence number: " << text);
    const std::string_view batch = note.text("batch").value_or("");
    const auto requests = batch.empty() ? 1 : static_cast<std::int64_t>(std::count(batch.begin(), batch.end(), '/')) + 1;
    CHECK_MESSAGE((batch.empty() || requests >= 2), "a batch note lists at least two requests: " << text);
    found.largest_place = std::max(found.largest_place, requests - 1);
    found.count += static_cast<std::size_t>(requests);
  }
  return found;
}

void require_pbft_invariants(const app::Session& session) {
  for (const char* id : {"pbft.agreement", "pbft.validity", "pbft.total_order", "pbft.prepared_by_quorum"}) {
    const check::CheckResult result = evaluate(session, id);
    CHECK_MESSAGE(result.passed, id << ": " << result.reason);
  }
}

}  // namespace

TEST_CASE("pbft: batching: codec and digest (batch of one = plain request; batches round-trip; junk is rejected)") {
  const Request single = signed_request(4, 1, "pay-5");
  CHECK(digest_of(Batch{single}) == digest_of(single));
  protocols::PayloadWriter plain;
  add_batch(plain, Batch{single});
  protocols::PayloadWriter as_request;
  add_request(as_request, single);
  CHECK(plain.text() == as_request.text());

  const Batch batch{signed_request(4, 1, "a"), signed_request(5, 1, "b"), signed_request(6, 3, "c")};
  CHECK(digest_of(batch) != digest_of(Batch{batch[0]}));
  protocols::PayloadWriter writer;
  add_batch(writer, batch);
  CHECK(read_batch(protocols::PayloadReader(writer.text())) == std::optional<Batch>(batch));
  CHECK(valid_client_signatures(batch));
  Batch tampered = batch;
  tampered[1].op = "stolen";
  CHECK_FALSE(valid_client_signatures(tampered));

  Certificate certificate{0, 2, digest_of(batch), batch, {{0, "00000000000000aa"}}};
  ViewChangeMessage message{1, 0, "0", {}, {certificate}};
  std::optional<ViewChangeMessage> decoded = decode_view_change(encode_view_change(message));
  REQUIRE(decoded.has_value());
  CHECK(decoded->prepared.at(0).batch == batch);
  NewViewMessage new_view{1, {{0, "00000000000000bb"}}, {Proposal{1, null_batch()}, Proposal{2, batch}}, {{1, "0000000000000001"}, {2, "0000000000000002"}}};
  std::optional<NewViewMessage> new_view_decoded = decode_new_view(encode_new_view(new_view));
  REQUIRE(new_view_decoded.has_value());
  CHECK(new_view_decoded->proposals == new_view.proposals);

  for (std::string_view junk : {"batch=", "batch=4:1:00000000000000aa:a", "batch=-1:0:-:null/4:1:00000000000000aa:a", "batch=4:1:zz:a/5:1:00:b"}) {
    CHECK_FALSE(read_batch(protocols::PayloadReader(junk)).has_value());
  }
}

TEST_CASE("pbft: batching: params: batch_size is 1-32, and batches too big for VIEW-CHANGE are an error with a pointer") {
  auto configure = [](const Json& params) { return pbft_protocol().configure(params, "/params"); };
  CHECK(configure({{"replicas", 4}, {"batch_size", 4}}).ok());
  auto zero = configure({{"batch_size", 0}});
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.error().pointer == "/params/batch_size");
  auto too_big = configure({{"replicas", 4}, {"batch_size", 32}, {"log_window", 16}});
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.error().code == "params.window_too_large");
  CHECK(too_big.error().pointer == "/params/batch_size");
}

TEST_CASE("pbft: batching: requests arriving during a batch share the next sequence number; every client accepts (4 replicas, 6 clients, batch 4)") {
  app::Session session = batching_session(6, 4, 5);
  for (std::uint16_t c = 4; c < 10; ++c) apply(session, {{"op", "input"}, {"node", "n" + std::to_string(c)}, {"text", "op=w" + std::to_string(c)}});
  apply(session, {{"op", "run"}, {"ticks", 2000}});
  for (std::uint16_t c = 4; c < 10; ++c) {
    const auto* client = dynamic_cast<const PbftClient*>(session.world().actor(NodeId{c}));
    CHECK(client->accepted_count() == 1);
  }
  for (std::uint16_t replica = 0; replica < 4; ++replica) {
    const Executions executed = executions_of(session, replica);
    CHECK(executed.count == 6);
    // The first arrival is proposed alone; the other five wait for it and go in batches of at most 4.
    CHECK(executed.seqs.size() >= 2);
    CHECK(executed.seqs.size() < 6);
    CHECK(executed.largest_place >= 1);
    CHECK(executed.largest_place <= 3);
  }
  require_pbft_invariants(session);
}

TEST_CASE("pbft: batching: a primary crash mid-batch: the new view re-proposes the batch and every request is accepted once") {
  app::Session session = batching_session(5, 3, 11);
  for (std::uint16_t c = 4; c < 9; ++c) apply(session, {{"op", "input"}, {"node", "n" + std::to_string(c)}, {"text", "op=w" + std::to_string(c)}});
  apply(session, {{"op", "run"}, {"ticks", 40}});
  apply(session, {{"op", "crash"}, {"node", "n0"}});
  apply(session, {{"op", "run"}, {"ticks", 6000}});
  for (std::uint16_t c = 4; c < 9; ++c) {
    const auto* client = dynamic_cast<const PbftClient*>(session.world().actor(NodeId{c}));
    CHECK(client->accepted_count() == 1);
  }
  for (std::uint16_t replica = 1; replica < 4; ++replica) {
    CHECK(executions_of(session, replica).count >= 5);  // null requests may fill gaps
    CHECK(dynamic_cast<const PbftReplica*>(session.world().actor(NodeId{replica}))->view() >= 1);
  }
  require_pbft_invariants(session);
}

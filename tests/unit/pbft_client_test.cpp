// The PBFT client's sending rule: with client_sends_to "primary" (the paper's normal case) a new request
// goes to the primary alone; a retry goes to every replica, so a crashed primary still gets replaced; the
// client then learns the new view from its replies and sends later requests to the new primary only.
// The default (every replica) is unchanged, and an unknown rule is refused with a pointer. A scenario
// with more clients than a CHECKPOINT's client table can carry is refused too.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "protocols/pbft/pbft_actors.hpp"
#include "support/protocol_session.hpp"

namespace coordlab {
namespace {

using namespace coordlab::test_support;
using protocols::pbft::PbftClient;

constexpr std::uint16_t kClient = 4;

app::Session client_session(const std::string& sends_to) {
  return make_session({{"format", "coordlab.scenario/1"}, {"name", "pbft_client"}, {"protocol", "pbft"}, {"nodes", 5},
                       {"params", {{"replicas", 4}, {"client_sends_to", sends_to}}},
                       {"network", {{"latency_min_ticks", 5}, {"latency_max_ticks", 20}}}},
                      3);
}

// How many Request messages the client sent to each replica, from trace event `from_event` on.
std::map<std::uint16_t, int> requests_sent(const app::Session& session, std::size_t from_event = 0) {
  std::map<std::uint16_t, int> sent;
  for (std::size_t i = from_event; i < session.trace().event_count(); ++i) {
    const sim::TraceEvent& event = session.trace().event(i);
    if (event.kind == sim::EventKind::send && event.node == kClient && event.label == protocols::pbft::kRequest) ++sent[event.peer];
  }
  return sent;
}

void submit_and_run(app::Session& session, const std::string& op, std::int64_t ticks) {
  apply(session, {{"op", "input"}, {"node", "n4"}, {"text", "op=" + op}});
  apply(session, {{"op", "run"}, {"ticks", ticks}});
}

const PbftClient& the_client(const app::Session& session) {
  return *dynamic_cast<const PbftClient*>(session.world().actor(NodeId{kClient}));
}

TEST_CASE("pbft: client: primary-only sending: calm requests go to the primary alone and are accepted (4 replicas)") {
  app::Session session = client_session("primary");
  for (int i = 1; i <= 3; ++i) submit_and_run(session, "w" + std::to_string(i), 300);
  CHECK(the_client(session).accepted_count() == 3);
  CHECK(requests_sent(session) == std::map<std::uint16_t, int>{{0, 3}});
  CHECK(evaluate(session, "pbft.agreement").passed);
  CHECK(evaluate(session, "pbft.total_order").passed);
}

TEST_CASE("pbft: client: primary-only sending: a crashed primary is replaced after the retry reaches every replica; later requests go to the new primary") {
  app::Session session = client_session("primary");
  submit_and_run(session, "before", 300);
  apply(session, {{"op", "crash"}, {"node", "n0"}});
  const std::size_t crash_event = session.trace().event_count();
  submit_and_run(session, "during", 5000);
  REQUIRE(the_client(session).accepted_count() == 2);
  const std::map<std::uint16_t, int> retried = requests_sent(session, crash_event);
  CHECK(retried.at(0) >= 2);  // first to the crashed primary alone, then the retry to everyone
  for (std::uint16_t backup = 1; backup < 4; ++backup) CHECK(retried.at(backup) >= 1);
  const std::size_t after_view_change = session.trace().event_count();
  submit_and_run(session, "after", 300);
  CHECK(the_client(session).accepted_count() == 3);
  CHECK(requests_sent(session, after_view_change) == std::map<std::uint16_t, int>{{1, 1}});  // view 1's primary
  CHECK(evaluate(session, "pbft.agreement").passed);
  CHECK(evaluate(session, "pbft.validity").passed);
}

TEST_CASE("pbft: client: the default sends every request to every replica, and an unknown rule is an error with a pointer") {
  app::Session session = client_session("all_replicas");
  submit_and_run(session, "w1", 300);
  CHECK(requests_sent(session) == std::map<std::uint16_t, int>{{0, 1}, {1, 1}, {2, 1}, {3, 1}});
  Result<app::Scenario> bad = app::parse_scenario(Json{{"format", "coordlab.scenario/1"}, {"name", "bad"}, {"protocol", "pbft"}, {"nodes", 5},
                                                       {"params", {{"replicas", 4}, {"client_sends_to", "backups"}}}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().pointer == "/params/client_sends_to");
  CHECK(bad.error().message.find("primary") != std::string::npos);
}

TEST_CASE("pbft: client: at most kMaxClients clients; one more is an error that points at the node count") {
  auto scenario = [](int nodes) {
    return Json{{"format", "coordlab.scenario/1"}, {"name", "many_clients"}, {"protocol", "pbft"}, {"nodes", nodes}, {"params", {{"replicas", 4}}}};
  };
  CHECK(app::parse_scenario(scenario(4 + static_cast<int>(protocols::pbft::kMaxClients))).ok());
  Result<app::Scenario> too_many = app::parse_scenario(scenario(5 + static_cast<int>(protocols::pbft::kMaxClients)));
  REQUIRE_FALSE(too_many.ok());
  CHECK(too_many.error().code == "params.too_many_clients");
  CHECK(too_many.error().pointer == "/nodes");
}

}  // namespace
}  // namespace coordlab

// Envoy's balancer pieces and Alertmanager's grouping against their sources: the panic rule (strictly
// below the threshold), the Ketama ring (ceil(min_ring / n) entries per host, lookup wraps, adding a host
// moves only the keys the new host takes), the course's resource score; Alertmanager's group_wait,
// group_interval, the strict repeat_interval test, alerts resolved before group_wait, muted alerts and
// send_resolved. Fleet runs show the new balancers' subsets, panic mode and health-aware picks.
#include <doctest/doctest.h>

#include "ops/alertmanager.hpp"
#include "ops/balancer.hpp"
#include "protocols/payload.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::ops;

std::vector<std::size_t> owners(const HashRing& ring, const std::vector<std::int64_t>& ids, std::uint64_t keys) {
  std::vector<std::size_t> result;
  for (std::uint64_t key = 0; key < keys; ++key) result.push_back(static_cast<std::size_t>(ids[ring_lookup(ring, request_key_hash(key))]));
  return result;
}

std::int64_t sample_total(const app::Session& session, std::string_view key) {
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) {
    const sim::TraceEvent& event = session.trace().event(i);
    if (event.kind != sim::EventKind::note) continue;
    const std::string_view text = session.trace().text(event.subject);
    if (text.substr(0, 7) == "sample ") sum += protocols::PayloadReader(text).integer(key).value_or(0);
  }
  return sum;
}

app::Session fleet_run(const Json& extra, const Json& faults) {
  Json params = {{"load", Json::array({{{"seconds", 300}, {"rps", 200}}})}, {"initial_replicas", 6}, {"workers", 8}, {"autoscaler", "none"}};
  for (const auto& item : extra.items()) params[item.key()] = item.value();
  const Json scenario = {{"format", "coordlab.scenario/1"}, {"name", "lb"}, {"protocol", "ops_fleet"}, {"nodes", Json::array({"fleet"})},
                         {"params", params}, {"faults", faults}};
  app::Session session = test_support::make_session(scenario, 1);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 320}});
  return session;
}

Json fail_at(std::int64_t tick, int replica) {
  return {{"at_tick", tick}, {"op", "input"}, {"node", "fleet"}, {"text", "fail replica=r" + std::to_string(replica) + " percent=100"}};
}

}  // namespace

TEST_CASE("ops: balancer: Envoy's panic mode starts strictly below the threshold; 0 disables it") {
  CHECK(in_panic(2, 6, 50));       // 33% healthy
  CHECK_FALSE(in_panic(3, 6, 50)); // exactly 50%: not below
  CHECK_FALSE(in_panic(0, 6, 0));  // panic mode off
  CHECK(in_panic(0, 6, 1));
  CHECK_FALSE(in_panic(6, 6, 100));
  CHECK(in_panic(5, 6, 100));
}

TEST_CASE("ops: balancer: ring hash gives each host ceil(1024 / n) entries; adding a host moves only the keys it takes (equal entries per host)") {
  const std::vector<std::int64_t> three = {0, 1, 2}, four = {0, 1, 2, 3};
  const HashRing small = build_ring(three, 1024, 8 * 1024 * 1024);
  CHECK(small.entries.size() == 3 * 342);
  CHECK(build_ring(four, 1024, 1000).entries.size() == 4 * 250);  // capped by max_ring
  // With the same entries per host (400), a new host takes keys only for itself. (With min_ring 1024 the
  // per-host count drops from 342 to 256, so some keys also move between the old hosts: derived.)
  const HashRing before_ring = build_ring(three, 1200, 8 * 1024 * 1024), after_ring = build_ring(four, 1600, 8 * 1024 * 1024);
  const std::vector<std::size_t> before = owners(before_ring, three, 2000), after = owners(after_ring, four, 2000);
  std::size_t moved = 0;
  for (std::size_t key = 0; key < before.size(); ++key) {
    if (before[key] == after[key]) continue;
    ++moved;
    CHECK(after[key] == 3);  // consistent hashing: a key moves only to the new host
  }
  CHECK(moved > 2000 / 8);  // about a quarter of the keys
  CHECK(moved < 2000 * 3 / 8);
  CHECK(ring_lookup(small, ~0ULL) == small.entries.front().second);  // past the last entry: wrap to the first
  CHECK(ring_lookup(small, 0) == small.entries.front().second);
}

TEST_CASE("ops: balancer: the course's resource score is health times idle capacity") {
  CHECK(resource_score(1000, 0, 8) == 1'000'000);
  CHECK(resource_score(500, 4, 8) == 250'000);
  CHECK(resource_score(1000, 9, 8) == 0);  // saturated
}

TEST_CASE("ops: fleet: capability-based picks only replicas offering the request's kind; none is a 503") {
  const app::Session none = fleet_run({{"balancer", "capability_based"}, {"capabilities", Json::parse(R"([["cpu"]])")}, {"request_kinds", Json::parse(R"(["gpu"])")}},
                                      Json::array());
  CHECK(sample_total(none, "errors") == sample_total(none, "requests"));
  CHECK(sample_total(none, "no_host") == sample_total(none, "requests"));
  // r1 fails and is the only gpu replica: gpu requests fail, cpu requests do not
  const app::Session split = fleet_run({{"balancer", "capability_based"}, {"capabilities", Json::parse(R"([["cpu"], ["gpu"], ["cpu"], ["cpu"], ["cpu"], ["cpu"]])")},
                                        {"request_kinds", Json::parse(R"(["cpu", "gpu"])")}},
                                       Json::array({fail_at(1, 1)}));
  const std::int64_t requests = sample_total(split, "requests"), errors = sample_total(split, "errors");
  CHECK(errors * 100 > requests * 45);
  CHECK(errors * 100 < requests * 55);
}

TEST_CASE("ops: fleet: health-aware balancing skips open breakers until fewer than the panic threshold are healthy") {
  const Json breaker = {{"kind", "consecutive"}, {"failure_threshold", 5}, {"wait_open_ms", 60000}};
  const Json four_fail = Json::array({fail_at(1, 0), fail_at(1, 1), fail_at(1, 2), fail_at(1, 3)});
  for (const char* balancer : {"round_robin", "least_request", "random", "ring_hash", "resource_based"}) {
    CAPTURE(balancer);
    const app::Session one = fleet_run({{"balancer", balancer}, {"breaker", breaker}}, Json::array({fail_at(1, 1)}));
    CHECK(sample_total(one, "errors") * 100 < sample_total(one, "requests"));  // r1's breaker opens and r1 is skipped
    CHECK(sample_total(one, "panic") == 0);
    const app::Session panic = fleet_run({{"balancer", balancer}, {"breaker", breaker}}, four_fail);
    CHECK(sample_total(panic, "panic") > 0);  // 2 of 6 healthy: below 50%, balance over all
    const app::Session strict = fleet_run({{"balancer", balancer}, {"breaker", breaker}, {"panic_threshold_percent", 0}}, four_fail);
    CHECK(sample_total(strict, "panic") == 0);
    CHECK(sample_total(strict, "rejected") < sample_total(panic, "rejected"));  // open breakers are not picked
  }
}

TEST_CASE("ops: alertmanager: the first notification waits group_wait; later ones wait for group_interval flushes") {
  AlertGroup group(GroupTiming{30, 300, 4 * 3600, true});
  group.receive(100, "warning", true, 40);  // StartsAt 40: 40 + 30 is before 100, so the flush is at once
  std::optional<Notification> first = group.advance(100, {});
  REQUIRE(first);
  CHECK(first->reason == "first");
  AlertGroup waiting(GroupTiming{30, 300, 4 * 3600, true});
  waiting.receive(100, "warning", true, 90);
  CHECK_FALSE(waiting.advance(129, {}));
  REQUIRE(waiting.advance(130, {}));
  waiting.receive(140, "critical", true, 140);
  CHECK_FALSE(waiting.advance(140, {}));
  CHECK_FALSE(waiting.advance(429, {}));
  const std::optional<Notification> second = waiting.advance(430, {});
  REQUIRE(second);
  CHECK(second->reason == "new_firing");
  CHECK(second->firing == std::vector<std::string>{"critical", "warning"});
}

TEST_CASE("ops: alertmanager: repeat_interval is tested strictly, so an exact multiple waits one more group_interval") {
  AlertGroup group(GroupTiming{30, 300, 600, true});
  group.receive(0, "warning", true, 0);
  REQUIRE(group.advance(30, {}));
  CHECK_FALSE(group.advance(330, {}));
  CHECK_FALSE(group.advance(630, {}));  // 30 is not strictly before 630 - 600
  const std::optional<Notification> repeat = group.advance(930, {});
  REQUIRE(repeat);
  CHECK(repeat->reason == "repeat");
}

TEST_CASE("ops: alertmanager: an alert resolved before group_wait is never notified; resolution is, delivered per send_resolved") {
  AlertGroup quick(GroupTiming{30, 300, 4 * 3600, true});
  quick.receive(100, "warning", true, 100);
  quick.receive(110, "warning", false, 100);
  CHECK_FALSE(quick.advance(130, {}));
  CHECK_FALSE(quick.exists());  // the empty group is deleted
  AlertGroup quiet(GroupTiming{30, 300, 4 * 3600, false});
  quiet.receive(100, "warning", true, 100);
  REQUIRE(quiet.advance(130, {}));
  quiet.receive(200, "warning", false, 100);
  const std::optional<Notification> resolved = quiet.advance(430, {});
  REQUIRE(resolved);
  CHECK(resolved->reason == "all_resolved");
  CHECK_FALSE(resolved->delivered);  // logged, not sent without send_resolved
}

TEST_CASE("ops: alertmanager: a muted (inhibited) alert is left out of the notification") {
  AlertGroup group(GroupTiming{30, 300, 4 * 3600, true});
  group.receive(0, "warning", true, 0);
  group.receive(0, "critical", true, 0);
  const std::optional<Notification> sent = group.advance(30, {"warning"});
  REQUIRE(sent);
  CHECK(sent->firing == std::vector<std::string>{"critical"});
}

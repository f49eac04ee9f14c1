// Hierarchical coordination over the simulated network: each strategy delegates within capacity, a
// crashed or silent worker's subtask is re-delegated, a team that cannot do a subtask escalates it to
// the root, which gives it to another team; the course's block split idles a worker, assigns subtasks
// twice and overloads a worker, and each hierarchy.* check is shown failing on it; bad params are
// errors; and a seed sweep with loss, failures and a crash settles every subtask exactly once.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "allocation/hierarchy.hpp"
#include "protocols/payload.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using test_support::apply;
using test_support::evaluate;
using test_support::make_session;

Json worker(const char* parent, std::int64_t capacity, Json skills = Json::array()) {
  return {{"parent", parent}, {"capacity", capacity}, {"work_ticks", 30}, {"skills", std::move(skills)}};
}

// The P7 org: director -> coord_a (worker_0..2), coord_b (worker_3, worker_4); capacities 2, 1, 2, 1, 1.
Json p7_scenario(const char* strategy, Json faults = Json::array(), Json network = Json::object(), Json extra = Json::object()) {
  if (network.empty()) network = {{"latency_min_ticks", 1}, {"latency_max_ticks", 4}};
  Json params = {{"strategy", strategy},
                 {"result_deadline_ticks", 60},
                 {"subtasks", {"ingest", "clean", "dedupe", "join", "features", "train", "report"}},
                 {"org", {Json::object(), {{"parent", "director"}}, worker("coord_a", 2), worker("coord_a", 1), worker("coord_a", 2), {{"parent", "director"}},
                          worker("coord_b", 1), worker("coord_b", 1)}}};
  for (const auto& [key, value] : extra.items()) params[key] = value;
  return {{"format", "coordlab.scenario/1"},
          {"name", "hierarchy_test"},
          {"protocol", "hierarchy"},
          {"nodes", {"director", "coord_a", "worker_0", "worker_1", "worker_2", "coord_b", "worker_3", "worker_4"}},
          {"params", std::move(params)},
          {"network", std::move(network)},
          {"faults", std::move(faults)}};
}

std::string trace_text(const app::Session& session) {
  std::string text;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) text.append(session.trace().canonical_line(i)).append("\n");
  return text;
}

bool has(const std::string& trace, const std::string& line) { return trace.find(line) != std::string::npos; }

// How often each note of node `node` starting with `word` names each subtask.
std::map<std::string, int> notes_by_subtask(const app::Session& session, std::uint16_t node, std::string_view word) {
  std::map<std::string, int> counts;
  for (std::size_t i = 0; i < session.trace().event_count(); ++i) {
    const sim::TraceEvent& event = session.trace().event(i);
    if (event.kind != sim::EventKind::note || event.node != node) continue;
    const std::string_view text = session.trace().text(event.subject);
    if (text.substr(0, word.size()) != word) continue;
    ++counts[std::string(protocols::PayloadReader(text).text("subtask").value_or(""))];
  }
  return counts;
}

const char* const kInvariants[] = {"hierarchy.assigned_once", "hierarchy.within_capacity", "hierarchy.all_reachable"};

void expect_invariants_hold(const app::Session& session) {
  for (const char* id : kInvariants) {
    CAPTURE(id);
    check::CheckResult result = evaluate(session, id);
    CHECK_MESSAGE(result.passed, result.reason);
  }
}

}  // namespace

TEST_CASE("hierarchy: built-in: least_loaded re-delegates the crashed worker's subtasks and completes all seven") {
  app::Session session = test_support::run_builtin_session("hierarchy", 1500);
  const std::string trace = trace_text(session);
  CHECK(has(trace, "org subtasks=7 workers=2,3,4,6,7"));
  CHECK(has(trace, "team coordinator=1 members=2,3,4"));
  CHECK(has(trace, "silent subtask="));  // worker_2 (n4) crashed holding work
  expect_invariants_hold(session);
  check::CheckResult completed = evaluate(session, "hierarchy.completed_ratio");
  CHECK_MESSAGE(completed.passed, completed.reason);
  CHECK(completed.reason == "7 of 7 subtasks completed by a worker (1000 permille).");
  for (const auto& [subtask, count] : notes_by_subtask(session, 0, "done ")) CHECK(count == 1);
  CHECK(notes_by_subtask(session, 0, "done ").size() == 7);
}

TEST_CASE("hierarchy: strategies: round_robin rotates, least_loaded weighs capacity, capability_based routes by skill") {
  const Json flat_org = {Json::object(), worker("boss", 2), worker("boss", 1), worker("boss", 1, {"gpu"})};
  auto flat = [&](const char* strategy, Json subtasks) {
    return Json{{"format", "coordlab.scenario/1"}, {"name", "flat"}, {"protocol", "hierarchy"}, {"nodes", {"boss", "w1", "w2", "w3"}},
                {"params", {{"strategy", strategy}, {"subtasks", std::move(subtasks)}, {"org", flat_org}}},
                {"network", {{"latency_min_ticks", 2}, {"latency_max_ticks", 2}}}};
  };
  app::Session rotating = make_session(flat("round_robin", {"a", "b", "c", "d"}));
  apply(rotating, {{"op", "run"}, {"ticks", 500}});
  std::string trace = trace_text(rotating);
  CHECK(has(trace, "delegate subtask=a child=1 attempt=1"));
  CHECK(has(trace, "delegate subtask=b child=2 attempt=1"));
  CHECK(has(trace, "delegate subtask=c child=3 attempt=1"));
  CHECK(has(trace, "delegate subtask=d child=1 attempt=1"));  // w1 has room for two
  expect_invariants_hold(rotating);

  app::Session balanced = make_session(flat("least_loaded", {"a", "b", "c", "d", "e"}));
  apply(balanced, {{"op", "run"}, {"ticks", 500}});
  trace = trace_text(balanced);
  CHECK(has(trace, "delegate subtask=a child=1 attempt=1"));
  CHECK(has(trace, "delegate subtask=b child=2 attempt=1"));
  CHECK(has(trace, "delegate subtask=c child=3 attempt=1"));
  CHECK(has(trace, "delegate subtask=d child=1 attempt=1"));
  CHECK(has(trace, "queued subtask=e"));  // every worker full: e waits for a slot
  CHECK(evaluate(balanced, "hierarchy.completed_ratio").passed);
  expect_invariants_hold(balanced);

  const Json skilled = {"a", {{"name", "render"}, {"needs", "gpu"}}};
  app::Session routed = make_session(flat("capability_based", skilled));
  apply(routed, {{"op", "run"}, {"ticks", 500}});
  CHECK(has(trace_text(routed), "delegate subtask=render child=3 attempt=1"));
  app::Session blind = make_session(flat("round_robin", {"a", {{"name", "render"}, {"needs", "gpu"}}, "b", "c"}));
  apply(blind, {{"op", "run"}, {"ticks", 500}});
  trace = trace_text(blind);
  CHECK(has(trace, "refuse subtask=render reason=incapable"));  // w2, whose turn it was, lacks the skill
  CHECK(has(trace, "delegate subtask=render child=3 attempt=2"));
  CHECK(evaluate(blind, "hierarchy.completed_ratio").passed);
}

TEST_CASE("hierarchy: escalation: a team without the skill escalates to the root, which re-delegates to the other team") {
  Json params = p7_scenario("round_robin");
  params["params"]["subtasks"] = {{{"name", "train"}, {"needs", "gpu"}}};
  params["params"]["org"][6]["skills"] = {"gpu"};  // only worker_3, in coord_b's team
  app::Session session = make_session(params);
  apply(session, {{"op", "run"}, {"ticks", 1000}});
  const std::string trace = trace_text(session);
  CHECK(has(trace, "delegate subtask=train child=1 attempt=1"));  // round robin at the root starts with coord_a
  CHECK(has(trace, "escalate subtask=train to=0 reason=no_child_left"));
  CHECK(has(trace, "failed subtask=train child=1 reason=escalated"));
  CHECK(has(trace, "delegate subtask=train child=5 attempt=2"));
  CHECK(has(trace, "done subtask=train child=5"));
  expect_invariants_hold(session);

  params["params"]["org"][6]["skills"] = Json::array();  // nobody has it: the root reports it
  app::Session nobody = make_session(params);
  apply(nobody, {{"op", "run"}, {"ticks", 1000}});
  CHECK(has(trace_text(nobody), "unassignable subtask=train reason=no_child_left"));
  check::CheckResult completed = evaluate(nobody, "hierarchy.completed_ratio");
  CHECK_FALSE(completed.passed);
  CHECK(completed.reason == "0 of 1 subtasks completed by a worker (0 permille); at least 1000 permille must be completed.");
}

TEST_CASE("hierarchy: course_block_split: idles worker_4, assigns subtasks twice, overloads worker_0; each check fails") {
  app::Session session = make_session(p7_scenario("course_block_split"));
  apply(session, {{"op", "run"}, {"ticks", 1000}});
  const std::string trace = trace_text(session);
  CHECK(has(trace, "team coordinator=1 members=2,3"));
  CHECK(has(trace, "team coordinator=5 members=4,6"));  // floor(5 / 2) = 2 workers each: n7 gets none
  check::CheckResult once = evaluate(session, "hierarchy.assigned_once");
  CHECK_FALSE(once.passed);
  CHECK(once.reason == "n0 delegated subtask features to n5 while n1 still held it: assigned twice.");
  check::CheckResult capacity = evaluate(session, "hierarchy.within_capacity");
  CHECK_FALSE(capacity.passed);
  CHECK(capacity.reason == "worker n2 took subtask dedupe and held 3 subtasks at once; its capacity is 2.");
  check::CheckResult reachable = evaluate(session, "hierarchy.all_reachable");
  CHECK_FALSE(reachable.passed);
  CHECK(reachable.reason == "worker n7 is in no team reachable from the root: nothing is ever delegated to it, so it idles.");
  CHECK(evaluate(session, "hierarchy.completed_ratio").passed);  // with no fault every subtask is still done, some twice

  Json crash = {{{"at_tick", 15}, {"op", "crash"}, {"node", "worker_2"}}};
  app::Session crashed = make_session(p7_scenario("course_block_split", crash));
  apply(crashed, {{"op", "run"}, {"ticks", 1000}});
  check::CheckResult completed = evaluate(crashed, "hierarchy.completed_ratio");
  CHECK_FALSE(completed.passed);  // nobody re-delegates worker_2's block
  CHECK(completed.reason.find("6 of 7 subtasks completed") == 0);
}

TEST_CASE("hierarchy: waiting forever (result_deadline_ticks 0) loses a crashed worker's subtasks") {
  Json crash = {{{"at_tick", 15}, {"op", "crash"}, {"node", "worker_2"}}};
  app::Session waiting = make_session(p7_scenario("least_loaded", crash, Json::object(), {{"result_deadline_ticks", 0}}));
  apply(waiting, {{"op", "run"}, {"ticks", 2000}});
  CHECK_FALSE(evaluate(waiting, "hierarchy.completed_ratio").passed);
  expect_invariants_hold(waiting);
  app::Session deadline = make_session(p7_scenario("least_loaded", crash));
  apply(deadline, {{"op", "run"}, {"ticks", 2000}});
  CHECK(evaluate(deadline, "hierarchy.completed_ratio").passed);
}

TEST_CASE("hierarchy: depth: a three-level org delegates down and completes") {
  const Json org = {Json::object(), {{"parent", "root"}}, {{"parent", "mid"}}, worker("low", 1), worker("low", 1), worker("mid", 1), worker("root", 1)};
  const Json scenario = {{"format", "coordlab.scenario/1"}, {"name", "deep"}, {"protocol", "hierarchy"},
                         {"nodes", {"root", "mid", "low", "w1", "w2", "w3", "w4"}},
                         {"params", {{"subtasks", {"a", "b", "c", "d", "e", "f"}}, {"org", org}}}};
  app::Session session = make_session(scenario);
  apply(session, {{"op", "run"}, {"ticks", 2000}});
  expect_invariants_hold(session);
  CHECK(evaluate(session, "hierarchy.completed_ratio").passed);
  CHECK(has(trace_text(session), "team coordinator=2 members=3,4"));
}

TEST_CASE("hierarchy: params: bad values are errors with a pointer") {
  Json bad = p7_scenario("least_loaded");
  bad["params"]["org"][1]["parent"] = "worker_4";
  Result<app::Scenario> parsed = app::parse_scenario(bad);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "params.bad_parent");
  CHECK(parsed.error().pointer == "/params/org/1/parent");
  bad = p7_scenario("least_loaded");
  bad["params"]["org"].erase(7);
  parsed = app::parse_scenario(bad);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().pointer == "/params/org");
  parsed = app::parse_scenario(p7_scenario("fastest"));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().pointer == "/params/strategy");
  bad = p7_scenario("least_loaded");
  bad["params"]["org"][2]["capacity"] = 0;
  parsed = app::parse_scenario(bad);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().pointer == "/params/org/2/capacity");
  bad = p7_scenario("course_block_split");
  bad["params"]["org"][7]["parent"] = "director";  // a worker under the root: not the course's shape
  parsed = app::parse_scenario(bad);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "params.course_shape");
  bad = p7_scenario("least_loaded");
  bad["params"]["subtasks"] = {"a", "a"};
  parsed = app::parse_scenario(bad);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().pointer == "/params/subtasks/1");
}

TEST_CASE("hierarchy: seed sweep: loss, duplicates, failures and a crash; every subtask done once or reported, no worker over capacity") {
  const std::uint64_t seeds = test_support::sweep_seed_count(200);
  const Json network = {{"latency_min_ticks", 1}, {"latency_max_ticks", 12}, {"drop_ratio", "1/10"}, {"duplicate_ratio", "1/20"}};
  const Json crash = {{{"at_tick", 20}, {"op", "crash"}, {"node", "worker_2"}}};
  std::int64_t done = 0;
  for (const char* strategy : {"least_loaded", "round_robin", "capability_based"}) {
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
      Json scenario = p7_scenario(strategy, crash, network, {{"max_attempts", 6}});
      for (std::size_t node : {2, 3, 4, 6, 7}) scenario["params"]["org"][node]["fail_permille"] = 100;
      app::Session session = make_session(scenario, seed);
      apply(session, {{"op", "run"}, {"ticks", 6000}});
      for (const char* id : kInvariants) {
        check::CheckResult result = evaluate(session, id);
        if (!result.passed) FAIL("SEED=" << seed << " " << strategy << " " << id << ": " << result.reason);
      }
      const auto completed = notes_by_subtask(session, 0, "done ");
      const auto unassignable = notes_by_subtask(session, 0, "unassignable ");
      for (const std::string subtask : {"ingest", "clean", "dedupe", "join", "features", "train", "report"}) {
        const int settled = (completed.count(subtask) ? completed.at(subtask) : 0) + (unassignable.count(subtask) ? unassignable.at(subtask) : 0);
        if (settled != 1) FAIL("SEED=" << seed << " " << strategy << ": subtask " << subtask << " settled " << settled << " times at the root");
      }
      done += static_cast<std::int64_t>(completed.size());
    }
  }
  CHECK(done >= static_cast<std::int64_t>(seeds) * 3 * 6);  // loss and failures leave few subtasks unassignable
  MESSAGE("hierarchy sweep: " << seeds << " seeds x 3 strategies, 7 subtasks each, " << done << " done at the root");
}

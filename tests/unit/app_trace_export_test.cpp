// Proves the trace hand-offs the CLI and the web lab share (app/trace_export.hpp): the JSON export holds
// every recorded event with the scenario, protocol, seed, command log and hash that reproduce it, even
// when the session is viewing the past; the readable text is a header plus the canonical lines; both
// refuse a trace over their limit with a trace.too_large error that says what to do; and the file name
// names the run.
#include <doctest/doctest.h>

#include <string>

#include "support/protocol_session.hpp"
#include "app/trace_export.hpp"

using namespace coordlab;

namespace {

app::Session exported_session() {
  app::Session session = test_support::make_builtin_session("raft", 3);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 300}});
  test_support::apply(session, Json{{"op", "crash"}, {"node", "n1"}});
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 50}});
  return session;
}

}  // namespace

TEST_CASE("app: trace export: the JSON holds every event and what reproduces the run (raft, seed 3, a crash)") {
  app::Session session = exported_session();
  const sim::Trace& trace = session.trace();
  Result<Json> exported = app::trace_export_json(session);
  REQUIRE(exported.ok());
  const Json& out = exported.value();
  CHECK(out["format"] == "coordlab.trace/1");
  CHECK(out["scenario"] == "raft");
  CHECK(out["protocol"] == "raft");
  CHECK(out["seed"] == 3);
  CHECK(out["hash"] == sim::format_hash(trace.hash()));
  CHECK(out["commands"] == session.log_json());
  REQUIRE(out["events"].size() == trace.event_count());
  CHECK(out["event_count"] == trace.event_count());
  CHECK(out["events"].back()["line"] == trace.canonical_line(trace.event_count() - 1));

  // Viewing the past changes nothing: the export is the whole recorded run.
  REQUIRE(session.seek(session.head_step() / 2).ok());
  Result<Json> from_the_past = app::trace_export_json(session);
  REQUIRE(from_the_past.ok());
  CHECK(from_the_past.value() == out);
}

TEST_CASE("app: trace export: a trace over the event limit is refused with a clear error (limit = events - 1)") {
  const app::Session session = exported_session();
  const std::size_t events = session.trace().event_count();
  CHECK(app::trace_export_json(session, events).ok());
  Result<Json> refused = app::trace_export_json(session, events - 1);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "trace.too_large");
  CHECK(refused.error().message.find("coordlab trace export") != std::string::npos);
}

TEST_CASE("app: trace export: the readable text is a header and one canonical line per event, refused over its byte limit") {
  const app::Session session = exported_session();
  const sim::Trace& trace = session.trace();
  Result<std::string> text = app::trace_readable_text(session, limits::kMaxCopiedTraceBytes);
  REQUIRE(text.ok());
  const std::string header = "# coordlab trace: scenario raft, seed 3, " + std::to_string(trace.event_count()) + " events, hash " +
                             sim::format_hash(trace.hash()) + "\n";
  CHECK(text.value().rfind(header, 0) == 0);
  CHECK(text.value().find(trace.canonical_line(0) + "\n") == header.size());
  CHECK(text.value().size() > header.size() + trace.event_count());
  Result<std::string> refused = app::trace_readable_text(session, text.value().size() - 1);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "trace.too_large");
  CHECK(app::trace_readable_text(session, text.value().size()).ok());
}

TEST_CASE("app: trace export: the file name names the scenario and seed (ping_echo, seed 7)") {
  const app::Session session = test_support::make_builtin_session("ping_echo", 7);
  CHECK(app::run_file_name(session, "trace", "json") == "coordlab-trace-ping_echo-seed-7.json");
  CHECK(app::run_file_name(session, "sequence", "svg") == "coordlab-sequence-ping_echo-seed-7.svg");
}

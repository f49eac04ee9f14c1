#include "app/trace_export.hpp"

#include "core/format.hpp"

namespace coordlab::app {
namespace {

std::string readable_header(const Session& session) {
  const sim::Trace& trace = session.trace();
  return "# coordlab trace: scenario " + session.scenario().name + ", seed " + std::to_string(session.seed()) + ", " +
         std::to_string(trace.event_count()) + " events, hash " + sim::format_hash(trace.hash()) + "\n";
}

}  // namespace

Result<Json> trace_export_json(const Session& session, std::size_t max_events) {
  const sim::Trace& trace = session.trace();
  if (trace.event_count() > max_events) {
    return make_error("trace.too_large", "this run has " + with_thousands(trace.event_count()) + " events; a JSON export holds at most " +
                                             with_thousands(max_events) + ". Export a shorter run, or run it with `coordlab trace export` "
                                             "(same scenario, seed and commands), which has no such limit.");
  }
  Json out = trace.to_json();
  out["scenario"] = session.scenario().name;
  out["protocol"] = session.scenario().protocol;
  out["seed"] = session.seed();
  out["commands"] = session.log_json();
  return out;
}

Result<std::string> trace_readable_text(const Session& session, std::size_t max_bytes) {
  const sim::Trace& trace = session.trace();
  std::string text = readable_header(session);
  for (std::size_t i = 0; i < trace.event_count(); ++i) {
    text += trace.canonical_line(i);
    text += '\n';
    // Checked as it grows, so a huge trace costs at most max_bytes of work before it is refused.
    if (text.size() > max_bytes) {
      return make_error("trace.too_large", "the trace as text is longer than " + with_thousands(max_bytes) + " bytes (" +
                                               with_thousands(trace.event_count()) + " events); export it as JSON instead, "
                                               "or copy a shorter run.");
    }
  }
  return text;
}

std::string run_file_name(const Session& session, std::string_view what, std::string_view extension) {
  // Scenario names are already a-z, 0-9, '_' and '-' (the scenario parser enforces it): safe as they are.
  return "coordlab-" + std::string(what) + "-" + session.scenario().name + "-seed-" + std::to_string(session.seed()) + "." +
         std::string(extension);
}

}  // namespace coordlab::app

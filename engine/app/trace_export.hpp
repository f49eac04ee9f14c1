// A run's trace handed out of the lab: one JSON document (what `coordlab trace export` writes and the web
// lab downloads) and a readable text form (what the lab copies to the clipboard). Both carry what
// reproduces the run (scenario, seed, command log) and its hash, so a shared trace can be checked.
// Both refuse a trace over their named limit up front, with a sentence saying what to do instead, rather
// than building a document too big to hand over (or freezing the page while trying).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "app/session.hpp"
#include "core/json_input.hpp"
#include "core/limits.hpp"
#include "core/result.hpp"

namespace coordlab::app {

// {"format": "coordlab.trace/1", "scenario", "protocol", "seed", "commands", "nodes", "message_types",
//  "timer_kinds", "event_count", "hash", "events": [...]}: every recorded event (the whole run, even
// when the session is viewing the past). Fails (trace.too_large) when there are more than `max_events`.
Result<Json> trace_export_json(const Session& session, std::size_t max_events = limits::kMaxTraceEvents);

// A header line ("# coordlab trace: scenario ..., seed ..., N events, hash ...") and one canonical line
// per event. Fails (trace.too_large) when the text would be longer than `max_bytes`.
Result<std::string> trace_readable_text(const Session& session, std::size_t max_bytes);

// "coordlab-<what>-<scenario>-seed-<seed>.<extension>": names the run, and is a safe file name everywhere.
std::string run_file_name(const Session& session, std::string_view what, std::string_view extension);

}  // namespace coordlab::app

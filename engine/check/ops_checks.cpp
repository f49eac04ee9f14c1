// ops.* and breaker.*: what the fleet and breaker sandboxes note ("fleet", "sample", "decide",
// "breaker", "call") judged against the SLO, the replica bounds, flapping and the breaker's cycle.
#include <cstdlib>

#include "check/notes.hpp"

namespace coordlab::check {

std::vector<CheckSpec> ops_alert_checks();  // ops_alert_checks.cpp

namespace {

std::int64_t field(const protocols::PayloadReader& note, std::string_view key) { return note.integer(key).value_or(0); }

struct FleetHeader {
  std::int64_t slo_ms = 0, min = 0, max = 0;
};

FleetHeader fleet_header(const CheckInput& input) {
  FleetHeader header;
  for_each_note(input, "fleet ", [&](std::size_t, std::uint16_t, const protocols::PayloadReader& note) {
    header = {field(note, "slo_ms"), field(note, "min"), field(note, "max")};
    return false;
  });
  return header;
}

CheckResult slo_p95_within(const CheckInput& input, const Json& args) {
  const FleetHeader header = fleet_header(input);
  const std::int64_t slo = args["slo_ms"].get<std::int64_t>() > 0 ? args["slo_ms"].get<std::int64_t>() : header.slo_ms;
  const std::int64_t from = args["from_s"].get<std::int64_t>(), allowed = args["max_breaches"].get<std::int64_t>();
  std::int64_t samples = 0, breaches = 0;
  std::optional<std::size_t> first;
  std::string first_text;
  for_each_note(input, "sample ", [&](std::size_t event, std::uint16_t, const protocols::PayloadReader& note) {
    if (field(note, "t") < from) return true;
    ++samples;
    if (field(note, "p95_ms") > slo) {
      ++breaches;
      if (!first) first = event, first_text = "p95 " + std::to_string(field(note, "p95_ms")) + " ms at t=" + std::to_string(field(note, "t")) + " s";
    }
    return true;
  });
  if (samples < args["min_samples"].get<std::int64_t>()) return fail(std::to_string(samples) + " metric sample(s) after t=" + std::to_string(from) + " s; the run must serve its trace.");
  if (breaches > allowed) {
    return fail(std::to_string(breaches) + " of " + std::to_string(samples) + " intervals had p95 above the " + std::to_string(slo) + " ms SLO (first: " + first_text + ").", first);
  }
  return pass("p95 within " + std::to_string(slo) + " ms in " + std::to_string(samples - breaches) + " of " + std::to_string(samples) + " intervals");
}

// errors (or retries) over requests, in permille, over the samples from `from_s` on.
CheckResult share_at_most(const CheckInput& input, const Json& args, std::string_view key, std::string_view what) {
  const std::int64_t from = args["from_s"].get<std::int64_t>(), allowed = args["max_permille"].get<std::int64_t>();
  std::int64_t requests = 0, counted = 0;
  for_each_note(input, "sample ", [&](std::size_t, std::uint16_t, const protocols::PayloadReader& note) {
    if (field(note, "t") >= from) requests += field(note, "requests"), counted += field(note, key);
    return true;
  });
  if (requests < args["min_requests"].get<std::int64_t>()) {
    return fail(std::to_string(requests) + " request(s) measured after t=" + std::to_string(from) + " s; run the fleet through its trace.");
  }
  if (requests == 0) return pass("no requests measured after t=" + std::to_string(from) + " s yet");
  const std::int64_t permille = counted * 1000 / requests;
  std::string summary = std::to_string(counted);
  summary.append(" ").append(what).append(" in ").append(std::to_string(requests)).append(" requests (").append(std::to_string(permille)).append(" per mille");
  if (permille > allowed) return fail(summary + ", more than " + std::to_string(allowed) + ").");
  return pass(summary + ", at most " + std::to_string(allowed) + ")");
}

CheckResult error_rate_at_most(const CheckInput& input, const Json& args) { return share_at_most(input, args, "errors", "failed request(s)"); }
CheckResult retries_at_most(const CheckInput& input, const Json& args) { return share_at_most(input, args, "retries", "retries"); }

CheckResult replicas_within_bounds(const CheckInput& input, const Json& args) {
  const FleetHeader header = fleet_header(input);
  const std::int64_t low = args["min"].get<std::int64_t>() >= 0 ? args["min"].get<std::int64_t>() : header.min;
  const std::int64_t high = args["max"].get<std::int64_t>() >= 0 ? args["max"].get<std::int64_t>() : header.max;
  std::int64_t samples = 0;
  CheckResult result = pass("");
  for_each_note(input, "sample ", [&](std::size_t event, std::uint16_t, const protocols::PayloadReader& note) {
    ++samples;
    const std::int64_t replicas = field(note, "replicas");
    if (replicas >= low && replicas <= high) return true;
    result = fail(std::to_string(replicas) + " replicas at t=" + std::to_string(field(note, "t")) + " s, outside [" + std::to_string(low) + ", " +
                      std::to_string(high) + "].", event);
    return false;
  });
  if (!result.passed) return result;
  if (samples < args["min_samples"].get<std::int64_t>()) return fail(std::to_string(samples) + " metric sample(s); run the fleet through its trace.");
  if (samples == 0) return pass("no metric samples yet");
  return pass("replicas stayed within [" + std::to_string(low) + ", " + std::to_string(high) + "] in all " + std::to_string(samples) + " samples");
}

struct Action {
  std::size_t event;
  std::int64_t at, from, to;
  std::string signal;
};

std::vector<Action> scale_actions(const CheckInput& input) {
  std::vector<Action> actions;
  for_each_note(input, "decide ", [&](std::size_t event, std::uint16_t, const protocols::PayloadReader& note) {
    if (field(note, "from") != field(note, "to")) {
      actions.push_back({event, field(note, "t"), field(note, "from"), field(note, "to"), std::string(note.text("signal").value_or(""))});
    }
    return true;
  });
  return actions;
}

CheckResult direction_changes_at_most(const CheckInput& input, const Json& args) {
  const std::vector<Action> actions = scale_actions(input);
  const std::int64_t allowed = args["max"].get<std::int64_t>();
  std::int64_t changes = 0;
  for (std::size_t i = 1; i < actions.size(); ++i) {
    const bool up = actions[i].to > actions[i].from, was_up = actions[i - 1].to > actions[i - 1].from;
    if (up == was_up) continue;
    if (++changes > allowed) {
      return fail("the replica count changed direction " + std::to_string(changes) + " times by t=" + std::to_string(actions[i].at) + " s (at most " +
                      std::to_string(allowed) + " allowed): the autoscaler flaps.", actions[i].event);
    }
  }
  return pass(std::to_string(changes) + " direction change(s) in " + std::to_string(actions.size()) + " scale action(s)");
}

CheckResult actions_spaced(const CheckInput& input, const Json& args) {
  const std::vector<Action> actions = scale_actions(input);
  const std::int64_t gap = args["min_gap_s"].get<std::int64_t>();
  for (std::size_t i = 1; i < actions.size(); ++i) {
    if (actions[i].at - actions[i - 1].at >= gap) continue;
    return fail("scale actions at t=" + std::to_string(actions[i - 1].at) + " s and t=" + std::to_string(actions[i].at) + " s are less than " +
                    std::to_string(gap) + " s apart.", actions[i].event);
  }
  return pass(std::to_string(actions.size()) + " scale action(s), each at least " + std::to_string(gap) + " s after the previous one");
}

CheckResult no_scale_on_headroom(const CheckInput& input, const Json&) {
  for (const Action& action : scale_actions(input)) {
    if (action.to > action.from && action.signal == "headroom") {
      return fail("at t=" + std::to_string(action.at) + " s the scaler added replicas (" + std::to_string(action.from) + " -> " + std::to_string(action.to) +
                      ") because of headroom alone: room to grow is not load.", action.event);
    }
  }
  return pass("every scale-up was driven by a load signal");
}

CheckResult breaker_sequence(const CheckInput& input, const Json& args) {
  std::vector<std::string> wanted;
  const std::string text = args["sequence"].get<std::string>();
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    wanted.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  std::size_t matched = wanted.front() == "closed" ? 1 : 0;  // every breaker starts closed
  std::string seen = "closed";
  std::optional<std::size_t> done;
  for_each_note(input, "breaker ", [&](std::size_t event, std::uint16_t, const protocols::PayloadReader& note) {
    const std::string to(note.text("to").value_or(""));
    seen += " -> " + to;
    if (matched < wanted.size() && to == wanted[matched] && ++matched == wanted.size()) done = event;
    return true;
  });
  if (done) return pass("the breaker went " + seen);
  return fail("the breaker's states were " + seen + "; expected " + text + " in that order.");
}

CheckResult rejected_while_open(const CheckInput& input, const Json& args) {
  std::string state = "closed";
  std::int64_t rejected = 0;
  CheckResult result = pass("");
  for (std::size_t i = 0; i < input.event_count && result.passed; ++i) {
    const sim::TraceEvent& event = input.trace.event(i);
    if (event.kind != sim::EventKind::note) continue;
    const std::string_view text = input.trace.text(event.subject);
    const protocols::PayloadReader note(text);
    if (text.substr(0, 8) == "breaker ") state = std::string(note.text("to").value_or(""));
    if (text.substr(0, 5) != "call ") continue;
    const bool permitted = field(note, "permitted") == 1;
    if (!permitted) ++rejected;
    if (permitted && state == "open") result = fail("call " + std::to_string(field(note, "id")) + " reached the agent while the breaker was open.", i);
  }
  if (!result.passed) return result;
  if (rejected < args["min_rejected"].get<std::int64_t>()) {
    return fail(std::to_string(rejected) + " call(s) rejected; make a call while the breaker is open to see it fail fast.");
  }
  return pass(std::to_string(rejected) + " call(s) failed fast while the breaker was open; none reached the agent");
}

}  // namespace

// An integer argument with a default (shared with ops_alert_checks.cpp).
ArgSpec integer_arg(std::string name, std::string summary, std::int64_t fallback, std::int64_t minimum, std::int64_t maximum) {
  return ArgSpec{std::move(name), ArgType::integer, std::move(summary), Json(fallback), minimum, maximum};
}

std::vector<CheckSpec> ops_checks() {
  std::vector<CheckSpec> checks = {
      {"ops.slo_p95_within", CheckKind::goal, "ops_fleet", "each metric interval's p95 latency (histogram_quantile) is within the SLO",
       {integer_arg("slo_ms", "the SLO in ms (0: the fleet's slo_p95_ms)", 0, 0, 600'000), integer_arg("from_s", "ignore intervals before this second", 0, 0, 10'000'000),
        integer_arg("max_breaches", "intervals allowed above the SLO", 0, 0, 1'000'000), integer_arg("min_samples", "fail unless this many intervals were measured", 1, 0, 1'000'000)},
       slo_p95_within},
      {"ops.replicas_within_bounds", CheckKind::invariant, "ops_fleet", "the replica count stays within [min, max] in every sample",
       {integer_arg("min", "lowest allowed (-1: the autoscaler's minimum)", -1, -1, 100'000), integer_arg("max", "highest allowed (-1: the autoscaler's maximum)", -1, -1, 100'000),
        integer_arg("min_samples", "fail unless this many intervals were measured (a lesson sets it)", 0, 0, 1'000'000)},
       replicas_within_bounds},
      {"ops.direction_changes_at_most", CheckKind::invariant, "ops_fleet", "scale actions change direction (up <-> down) at most `max` times: no flapping",
       {integer_arg("max", "direction changes allowed", 4, 0, 100'000)}, direction_changes_at_most},
      {"ops.actions_spaced", CheckKind::invariant, "ops_fleet", "consecutive scale actions are at least min_gap_s apart (a cooldown that engages)",
       {integer_arg("min_gap_s", "seconds between scale actions", 300, 0, 86'400)}, actions_spaced},
      {"ops.error_rate_at_most", CheckKind::goal, "ops_fleet", "failed requests (after retries) are at most max_permille of all requests from from_s on",
       {integer_arg("max_permille", "failed requests allowed per 1000", 10, 0, 1000), integer_arg("from_s", "ignore intervals before this second", 0, 0, 10'000'000),
        integer_arg("min_requests", "fail unless this many requests were measured", 1, 0, 1'000'000'000)},
       error_rate_at_most},
      {"ops.retries_at_most", CheckKind::invariant, "ops_fleet", "retries are at most max_permille of all requests from from_s on (retry amplification)",
       {integer_arg("max_permille", "retries allowed per 1000 requests", 100, 0, 10'000), integer_arg("from_s", "ignore intervals before this second", 0, 0, 10'000'000),
        integer_arg("min_requests", "fail unless this many requests were measured (a lesson sets it)", 0, 0, 1'000'000'000)},
       retries_at_most},
      {"ops.no_scale_on_headroom", CheckKind::invariant, "ops_fleet", "no scale-up is triggered by headroom (room to grow) alone", {}, no_scale_on_headroom},
      {"breaker.sequence", CheckKind::goal, "ops_breaker", "the breaker's states include the given sequence in order (closed -> open -> half-open -> closed)",
       {ArgSpec{"sequence", ArgType::string, "states separated by commas", Json("closed,open,half_open,closed"), 0, 0}}, breaker_sequence},
      {"breaker.rejected_while_open", CheckKind::invariant, "ops_breaker", "no call reaches the agent while the breaker is open, and calls made then fail fast",
       {integer_arg("min_rejected", "fail unless at least this many calls were rejected", 1, 0, 1'000'000)}, rejected_while_open},
  };
  for (CheckSpec& spec : ops_alert_checks()) checks.push_back(std::move(spec));
  return checks;
}

}  // namespace coordlab::check

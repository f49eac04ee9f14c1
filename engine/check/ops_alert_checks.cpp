// alert.*, health.* and config.*: episodes of the alert sandbox's rules per severity and phase, the
// inhibition of a warning while the critical alert fires, the health board's classification before
// and after a repair, and a deployment configuration against a scenario's requirements, per field.
#include <map>

#include "check/notes.hpp"
#include "ops/ops.hpp"

namespace coordlab::check {
namespace {

CheckResult episodes(const CheckInput& input, const Json& args) {
  const std::string severity = args["severity"].get<std::string>();
  const std::int64_t from = args["from_s"].get<std::int64_t>(), to = args["to_s"].get<std::int64_t>();
  const std::int64_t low = args["min"].get<std::int64_t>(), high = args["max"].get<std::int64_t>();
  std::int64_t count = 0;
  std::optional<std::size_t> over;
  for_each_note(input, "alert ", [&](std::size_t event, std::uint16_t, const protocols::PayloadReader& note) {
    const std::int64_t tick = input.trace.event(event).tick.value;
    if (note.text("severity") != std::optional<std::string_view>(severity) || note.text("state") != std::optional<std::string_view>("firing")) return true;
    if (tick < from || tick >= to) return true;
    if (++count > high && !over) over = event;
    return true;
  });
  const std::string span = " between t=" + std::to_string(from) + " s and t=" + std::to_string(to) + " s";
  if (count > high) return fail(std::to_string(count) + " " + severity + " episodes" + span + "; at most " + std::to_string(high) + " allowed (flapping).", over);
  if (count < low) return fail(std::to_string(count) + " " + severity + " episode(s)" + span + "; at least " + std::to_string(low) + " needed.");
  return pass(std::to_string(count) + " " + severity + " episode(s)" + span);
}

struct AlertStates {
  bool warning = false, critical = false, muted = false;
};

void apply_alert_note(std::string_view text, AlertStates& states) {
  const protocols::PayloadReader note(text);
  if (text.substr(0, 8) == "inhibit ") states.muted = note.integer("muted").value_or(0) == 1;
  if (text.substr(0, 6) != "alert ") return;
  const bool firing = note.text("state") == std::optional<std::string_view>("firing");
  if (note.text("severity") == std::optional<std::string_view>("warning")) states.warning = firing;
  if (note.text("severity") == std::optional<std::string_view>("critical")) states.critical = firing;
}

CheckResult inhibited_while_critical(const CheckInput& input, const Json& args) {
  AlertStates states;
  std::int64_t critical_episodes = 0;
  std::optional<std::int64_t> tick;
  std::size_t last_event = 0;
  // Judged at the end of each tick: one evaluation notes the alerts first and the inhibition after.
  const auto violated = [&] { return states.critical && states.warning && !states.muted; };
  for (std::size_t i = 0; i < input.event_count; ++i) {
    const sim::TraceEvent& event = input.trace.event(i);
    if (event.kind != sim::EventKind::note) continue;
    if (tick && event.tick.value != *tick && violated()) {
      return fail("at t=" + std::to_string(*tick) + " s the warning and the critical alert were both notified: the critical should mute the warning.", last_event);
    }
    tick = event.tick.value;
    last_event = i;
    const std::string_view text = input.trace.text(event.subject);
    const bool was_critical = states.critical;
    apply_alert_note(text, states);
    critical_episodes += !was_critical && states.critical;
  }
  if (violated()) return fail("at the end the warning and the critical alert are both notified: the critical should mute the warning.", last_event);
  if (critical_episodes < args["min_critical"].get<std::int64_t>()) {
    return fail(std::to_string(critical_episodes) + " critical episode(s): there was nothing to inhibit yet.");
  }
  return pass("the warning was muted whenever the critical alert fired (" + std::to_string(critical_episodes) + " critical episode(s))");
}

CheckResult all_resolved(const CheckInput& input, const Json&) {
  std::string pending;
  std::map<std::string, std::string> state;
  for_each_note(input, "alert ", [&](std::size_t, std::uint16_t, const protocols::PayloadReader& note) {
    state[std::string(note.text("severity").value_or("?"))] = std::string(note.text("state").value_or("?"));
    return true;
  });
  if (state.empty()) return fail("no alert ever became active.");
  for (const auto& [severity, now] : state)
    if (now != "inactive") return fail("the " + severity + " alert is still " + now + " at the end of the run.");
  return pass("every alert resolved by the end");
}

CheckResult health_classification(const CheckInput& input, const Json& args) {
  std::optional<std::string> first, last;
  std::int64_t fixes = 0;
  CheckResult result = pass("");
  for (std::size_t i = 0; i < input.event_count && result.passed; ++i) {
    const sim::TraceEvent& event = input.trace.event(i);
    if (event.kind != sim::EventKind::note) continue;
    const std::string_view text = input.trace.text(event.subject);
    fixes += text.substr(0, 4) == "fix ";
    if (text.substr(0, 6) != "board ") continue;
    const protocols::PayloadReader note(text);
    const std::string status(note.text("status").value_or(""));
    const std::string_view expected = ops::board_status(note.integer("healthy").value_or(0), note.integer("total").value_or(0));
    if (status != expected) result = fail("the board said " + status + " but the rule gives " + std::string(expected) + ".", i);
    if (!first) first = status;
    last = status;
  }
  if (!result.passed) return result;
  if (!first) return fail("the board has not reported yet.");
  if (fixes == 0) return fail("no agent was fixed yet.");
  if (fixes > args["max_fixes"].get<std::int64_t>()) return fail(std::to_string(fixes) + " agents fixed; at most " + std::to_string(args["max_fixes"].get<std::int64_t>()) + " allowed.");
  const std::int64_t levels = ops::board_level(*last) - ops::board_level(*first);
  if (levels != args["improve_levels"].get<std::int64_t>()) {
    return fail("the board went from " + *first + " to " + *last + "; it should be exactly " + std::to_string(args["improve_levels"].get<std::int64_t>()) + " level(s) better.");
  }
  return pass("the board went from " + *first + " to " + *last + " after " + std::to_string(fixes) + " fix(es)");
}

CheckResult config_satisfies(const CheckInput& input, const Json& args) {
  std::optional<std::string> text;
  for_each_note(input, "config ", [&](std::size_t event, std::uint16_t, const protocols::PayloadReader&) {
    text = std::string(input.trace.text(input.trace.event(event).subject));
    return false;
  });
  if (!text) return fail("no deployment configuration was loaded.");
  const protocols::PayloadReader note(*text);
  std::string problems;
  const auto need = [&](std::string_view key, bool ok, const std::string& requirement) {
    if (ok) return;
    problems += (problems.empty() ? "" : "; ") + std::string(key) + " is " + std::to_string(note.integer(key).value_or(0)) + ", " + requirement;
  };
  need("max_data_agents", note.integer("max_data_agents").value_or(0) >= args["min_agents"].get<std::int64_t>(),
       "the scenario needs at least " + std::to_string(args["min_agents"].get<std::int64_t>()));
  need("health_check_interval_s", note.integer("health_check_interval_s").value_or(0) <= args["max_health_check_interval_s"].get<std::int64_t>(),
       "checks must run at least every " + std::to_string(args["max_health_check_interval_s"].get<std::int64_t>()) + " s");
  need("consensus_timeout_s", note.integer("consensus_timeout_s").value_or(0) >= args["min_consensus_timeout_s"].get<std::int64_t>(),
       "at least " + std::to_string(args["min_consensus_timeout_s"].get<std::int64_t>()) + " s is needed");
  need("batch_size", note.integer("batch_size").value_or(0) >= args["min_batch_size"].get<std::int64_t>(),
       "at least " + std::to_string(args["min_batch_size"].get<std::int64_t>()) + " is needed");
  need("monitoring", !args["monitoring"].get<bool>() || note.integer("monitoring").value_or(0) == 1, "monitoring must be on (1)");
  if (!problems.empty()) return fail("the configuration does not meet the scenario: " + problems + ".");
  return pass("every field meets the scenario's requirements");
}

}  // namespace

ArgSpec integer_arg(std::string name, std::string summary, std::int64_t fallback, std::int64_t minimum, std::int64_t maximum);  // ops_checks.cpp

std::vector<CheckSpec> ops_alert_checks() {
  return {
      {"alert.episodes", CheckKind::goal, "ops_alerts", "the number of firing episodes of one severity between from_s and to_s is within [min, max]",
       {ArgSpec{"severity", ArgType::string, "warning or critical", Json("warning"), 0, 0}, integer_arg("from_s", "phase start", 0, 0, 10'000'000),
        integer_arg("to_s", "phase end (exclusive)", 10'000'000, 0, 10'000'000), integer_arg("min", "fewest episodes", 0, 0, 1'000'000),
        integer_arg("max", "most episodes", 1'000'000, 0, 1'000'000)},
       episodes},
      {"alert.inhibited_while_critical", CheckKind::invariant, "ops_alerts", "the warning is muted whenever the critical alert is firing",
       {integer_arg("min_critical", "fail unless the critical alert fired at least this often", 1, 0, 1'000'000)}, inhibited_while_critical},
      {"alert.all_resolved", CheckKind::goal, "ops_alerts", "every alert that became active is inactive at the end", {}, all_resolved},
      {"health.classification", CheckKind::goal, "ops_health", "the board follows the 80% / 50% rule, and after at most max_fixes repairs it is improve_levels better",
       {integer_arg("improve_levels", "levels better at the end than at the start", 1, -2, 2), integer_arg("max_fixes", "repairs allowed", 1, 1, 200)},
       health_classification},
      {"config.satisfies", CheckKind::goal, "ops_config", "the deployment configuration meets the scenario's requirements, field by field",
       {integer_arg("min_agents", "max_data_agents at least", 80, 1, 10'000), integer_arg("max_health_check_interval_s", "health checks at least this often", 10, 1, 3600),
        integer_arg("min_consensus_timeout_s", "consensus timeout at least", 30, 1, 3600), integer_arg("min_batch_size", "batch size at least", 10'000, 1, 10'000'000),
        ArgSpec{"monitoring", ArgType::boolean, "monitoring must be on", Json(true), 0, 0}},
       config_satisfies},
  };
}

}  // namespace coordlab::check

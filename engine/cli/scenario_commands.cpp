// coordlab scenario / trace / trace-hashes.
#include <cstdio>
#include <string>

#include "app/builtin_scenarios.hpp"
#include "app/trace_export.hpp"
#include "check/check.hpp"
#include "cli/cli.hpp"

namespace coordlab::cli {
namespace {

constexpr std::int64_t kDefaultRunTicks = 200;

const char* kScenarioHelp = R"(usage:
  coordlab scenario list
  coordlab scenario run FILE|NAME [--seed N] [--ticks N] [--commands FILE] [--json] [--limit N]
  coordlab scenario check FILE...

FILE is a scenario file (.json); NAME is a built-in scenario (see `scenario list`).
run: applies the commands in --commands (a JSON array such as [{"op":"run","ticks":50},
{"op":"crash","node":"n1"}]), then runs --ticks more ticks (default 200 when no commands are given),
and prints the trace (at most --limit lines), its hash, and the result of every named check of the
scenario's protocol (default arguments, whole run; a check that needs arguments is listed as SKIP).
--json prints the trace, log, hash and check results
as JSON. The exit code is 0 even when a check fails: a run that breaks an invariant is still a run.
)";

const char* kTraceHelp = R"(usage:
  coordlab trace export FILE|NAME [--seed N] [--ticks N] [--commands FILE] [--out FILE]

Runs the scenario like `scenario run` and writes its trace as JSON (to --out, or standard output): the
scenario, protocol, seed and command log that reproduce it, its hash, and every event (the same file the
web lab's Export JSON downloads).
)";

Result<app::Scenario> load_scenario(const std::string& source) {
  const bool is_file = source.find('/') != std::string::npos || (source.size() > 5 && source.substr(source.size() - 5) == ".json");
  if (!is_file) return app::builtin_scenario(source);
  Result<std::string> text = read_file(source);
  if (!text.ok()) return text.error();
  return app::parse_scenario_text(text.value(), source);
}

}  // namespace

Result<app::Session> run_from_arguments(const Arguments& arguments) {
  if (arguments.positional.size() != 1) return make_error("cli.usage", "give one scenario file or built-in name.");
  Result<app::Scenario> scenario = load_scenario(arguments.positional[0]);
  if (!scenario.ok()) return scenario.error();
  std::optional<std::uint64_t> seed;
  if (auto text = arguments.value("seed")) {
    Result<std::uint64_t> parsed = parse_unsigned(*text, "--seed");
    if (!parsed.ok()) return parsed.error();
    seed = parsed.value();
  }
  Result<app::Session> session = app::Session::create(std::move(scenario.value()), seed);
  if (!session.ok()) return session.error();
  if (auto path = arguments.value("commands")) {
    Result<std::string> text = read_file(*path);
    if (!text.ok()) return text.error();
    Result<Json> commands = parse_json_text(text.value(), *path);
    if (!commands.ok()) return commands.error();
    Status status = session.value().apply_all(commands.value());
    if (!status.ok()) return locate_error(status.error(), text.value(), *path);
  }
  std::uint64_t ticks = arguments.has("commands") ? 0 : kDefaultRunTicks;
  if (auto text = arguments.value("ticks")) {
    Result<std::uint64_t> parsed = parse_unsigned(*text, "--ticks");
    if (!parsed.ok()) return parsed.error();
    ticks = parsed.value();
  }
  if (ticks > 0) {
    RETURN_IF_ERROR(session.value().apply(Json{{"op", "run"}, {"ticks", ticks}}));
  }
  return session;
}

namespace {

int scenario_list() {
  for (const std::string& name : app::builtin_scenario_names()) {
    Result<app::Scenario> scenario = app::builtin_scenario(name);
    if (!scenario.ok()) return report(scenario.error());
    std::printf("%-20s %-10s %s\n", name.c_str(), scenario.value().protocol.c_str(), scenario.value().title.c_str());
  }
  return kExitOk;
}

std::vector<check::NamedCheckResult> protocol_checks(const app::Session& session) {
  const check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
  return check::run_protocol_checks(session.scenario().protocol, input);
}

void print_checks(const app::Session& session, const std::vector<check::NamedCheckResult>& results) {
  for (const check::NamedCheckResult& named : results) {
    const char* verdict = named.skipped ? "SKIP" : named.result.passed ? "PASS" : "FAIL";
    std::printf("%s %s: %s\n", verdict, named.spec->id.c_str(), named.result.reason.c_str());
    if (!named.result.first_violation) continue;
    std::printf("  first violation: event %zu: %s\n", *named.result.first_violation,
                session.trace().canonical_line(*named.result.first_violation).c_str());
  }
}

int scenario_run(const Arguments& arguments) {
  Result<app::Session> session = run_from_arguments(arguments);
  if (!session.ok()) return report(session.error());
  const sim::Trace& trace = session.value().trace();
  const std::vector<check::NamedCheckResult> checks = protocol_checks(session.value());
  if (arguments.has("json")) {
    Result<Json> exported = app::trace_export_json(session.value());
    if (!exported.ok()) return report(exported.error());
    Json out = std::move(exported.value());
    out["checks"] = Json::array();
    for (const check::NamedCheckResult& named : checks)
      out["checks"].push_back(check::check_result_json(named, trace));
    std::puts(out.dump(2).c_str());
    return kExitOk;
  }
  std::uint64_t limit = UINT64_MAX;
  if (auto text = arguments.value("limit")) {
    Result<std::uint64_t> parsed = parse_unsigned(*text, "--limit");
    if (!parsed.ok()) return report(parsed.error(), kExitUsage);
    limit = parsed.value();
  }
  for (std::size_t i = 0; i < trace.event_count() && i < limit; ++i) std::puts(trace.canonical_line(i).c_str());
  if (trace.event_count() > limit) {
    std::printf("... %llu more events\n", static_cast<unsigned long long>(trace.event_count() - limit));
  }
  std::printf("scenario=%s seed=%llu tick=%lld steps=%llu events=%zu hash=%s\n", session.value().scenario().name.c_str(),
              static_cast<unsigned long long>(session.value().seed()), static_cast<long long>(session.value().world().now().value),
              static_cast<unsigned long long>(session.value().position()), trace.event_count(),
              sim::format_hash(trace.hash()).c_str());
  print_checks(session.value(), checks);
  return kExitOk;
}

int scenario_check(const Arguments& arguments) {
  if (arguments.positional.empty()) return report(make_error("cli.usage", "give one or more scenario files."), kExitUsage);
  int exit_code = kExitOk;
  for (const std::string& path : arguments.positional) {
    Result<app::Scenario> scenario = load_scenario(path);
    if (!scenario.ok()) {
      report(scenario.error());
      exit_code = kExitFailure;
    } else {
      std::printf("ok %s\n", path.c_str());
    }
  }
  return exit_code;
}

}  // namespace

int run_scenario_command(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0] == "--help") {
    std::fputs(kScenarioHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  Result<Arguments> arguments = parse_arguments(rest, {"seed", "ticks", "commands", "limit"}, {"json", "help"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  if (arguments.value().has("help")) {
    std::fputs(kScenarioHelp, stdout);
    return kExitOk;
  }
  if (argv[0] == "list") return scenario_list();
  if (argv[0] == "run") return scenario_run(arguments.value());
  if (argv[0] == "check") return scenario_check(arguments.value());
  return report(make_error("cli.usage", "unknown scenario command \"" + argv[0] + "\"; use list, run or check."), kExitUsage);
}

int run_trace_command(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] != "export") {
    std::fputs(kTraceHelp, argv.empty() || argv[0] != "--help" ? stderr : stdout);
    return !argv.empty() && argv[0] == "--help" ? kExitOk : kExitUsage;
  }
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  Result<Arguments> arguments = parse_arguments(rest, {"seed", "ticks", "commands", "out"}, {});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  Result<app::Session> session = run_from_arguments(arguments.value());
  if (!session.ok()) return report(session.error());
  Result<Json> exported = app::trace_export_json(session.value());
  if (!exported.ok()) return report(exported.error());
  const std::string text = exported.value().dump(2) + "\n";
  if (auto path = arguments.value().value("out")) {
    Status status = write_file(*path, text);
    if (!status.ok()) return report(status.error());
    std::printf("wrote %zu events to %s\n", session.value().trace().event_count(), path->c_str());
    return kExitOk;
  }
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

int run_trace_hashes(const std::vector<std::string>& argv) {
  if (!argv.empty()) {
    std::puts("usage: coordlab trace-hashes\n\nPrints \"<scenario> <seed> <hash>\" for every built-in scenario under a fixed set\n"
              "of seeds. The native and WebAssembly builds must print identical lines.");
    return argv[0] == "--help" ? kExitOk : kExitUsage;
  }
  Result<std::vector<app::TraceHashLine>> lines = app::compute_trace_hashes();
  if (!lines.ok()) return report(lines.error());
  for (const auto& line : lines.value()) {
    std::printf("%s %llu %s\n", line.scenario.c_str(), static_cast<unsigned long long>(line.seed),
                sim::format_hash(line.hash).c_str());
  }
  return kExitOk;
}

}  // namespace coordlab::cli

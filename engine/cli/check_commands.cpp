// coordlab check: list the named checks, or evaluate one on a run.
#include <cstdio>

#include "check/check.hpp"
#include "cli/cli.hpp"

namespace coordlab::cli {
namespace {

const char* kCheckHelp = R"(usage:
  coordlab check list
  coordlab check run ID FILE|NAME [--args JSON] [--seed N] [--ticks N] [--commands FILE] [--json]

Runs the scenario like `scenario run`, then evaluates the check on the whole trace and the final state.
Exit code 0 when it passes, 1 when it fails (the first violating event is printed).
)";

int check_list() {
  for (const check::CheckSpec& spec : check::check_catalog()) {
    std::printf("%-28s %-9s %s\n", spec.id.c_str(), spec.kind == check::CheckKind::invariant ? "invariant" : "goal",
                spec.summary.c_str());
    for (const check::ArgSpec& arg : spec.args) {
      std::printf("%-28s   arg %s: %s%s\n", "", arg.name.c_str(), arg.summary.c_str(),
                  arg.fallback.is_null() ? " (required)" : (" (default " + arg.fallback.dump() + ")").c_str());
    }
  }
  return kExitOk;
}

int check_run(const Arguments& arguments) {
  if (arguments.positional.size() != 2) return report(make_error("cli.usage", "give a check id and a scenario."), kExitUsage);
  Json args = Json::object();
  if (auto text = arguments.value("args")) {
    Result<Json> parsed = parse_json_text(*text, "--args");
    if (!parsed.ok()) return report(parsed.error(), kExitUsage);
    args = parsed.value();
  }
  Arguments run_arguments = arguments;
  run_arguments.positional = {arguments.positional[1]};
  Result<app::Session> session = run_from_arguments(run_arguments);
  if (!session.ok()) return report(session.error());
  const app::Session& run = session.value();
  check::CheckInput input{run.trace(), run.world(), run.world().cursor().events};
  Result<check::CheckResult> result = check::run_check(arguments.positional[0], args, input);
  if (!result.ok()) return report(result.error());
  const check::CheckResult& outcome = result.value();
  if (arguments.has("json")) {
    Json out = check::check_result_json(arguments.positional[0], check::find_check(arguments.positional[0])->kind, outcome, run.trace());
    out["check"] = arguments.positional[0];
    std::puts(out.dump(2).c_str());
  } else {
    std::printf("%s %s: %s\n", outcome.passed ? "PASS" : "FAIL", arguments.positional[0].c_str(), outcome.reason.c_str());
    if (outcome.first_violation) {
      std::printf("first violation: event %zu (step %llu): %s\n", *outcome.first_violation,
                  static_cast<unsigned long long>(run.trace().step_of_event(*outcome.first_violation)),
                  run.trace().canonical_line(*outcome.first_violation).c_str());
    }
  }
  return outcome.passed ? kExitOk : kExitFailure;
}

}  // namespace

int run_check_command(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0] == "--help") {
    std::fputs(kCheckHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  Result<Arguments> arguments = parse_arguments(rest, {"args", "seed", "ticks", "commands"}, {"json"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  if (argv[0] == "list") return check_list();
  if (argv[0] == "run") return check_run(arguments.value());
  return report(make_error("cli.usage", "unknown check command \"" + argv[0] + "\"; use list or run."), kExitUsage);
}

}  // namespace coordlab::cli

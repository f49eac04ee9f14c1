// coordlab: the instructor's command-line tool (native, and the same program under node as wasm).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace coordlab::cli {

bool Arguments::has(const std::string& name) const {
  for (const auto& option : options)
    if (option.first == name) return true;
  return false;
}

std::optional<std::string> Arguments::value(const std::string& name) const {
  for (const auto& option : options)
    if (option.first == name) return option.second;
  return std::nullopt;
}

Result<Arguments> parse_arguments(const std::vector<std::string>& argv, const std::vector<std::string>& value_options,
                                  const std::vector<std::string>& flags) {
  Arguments arguments;
  auto contains = [](const std::vector<std::string>& list, const std::string& item) {
    for (const auto& entry : list)
      if (entry == item) return true;
    return false;
  };
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      arguments.positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    bool inline_value = false;
    if (auto equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name = name.substr(0, equals);
      inline_value = true;
    }
    if (contains(flags, name) && !inline_value) {
      arguments.options.emplace_back(name, "");
    } else if (contains(value_options, name)) {
      if (!inline_value) {
        if (i + 1 >= argv.size()) return make_error("cli.missing_value", "--" + name + " needs a value.");
        value = argv[++i];
      }
      arguments.options.emplace_back(name, value);
    } else {
      return make_error("cli.unknown_option", "unknown option --" + name + " (see --help).");
    }
  }
  return arguments;
}

Result<std::uint64_t> parse_unsigned(const std::string& text, const std::string& what) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) {
    return make_error("cli.bad_number", what + " must be a whole number, not \"" + text + "\".");
  }
  return std::stoull(text);
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cli.cannot_read", "cannot read \"" + path + "\": check the path and permissions.");
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

Status write_file(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary);
  out << contents;
  if (!out) return make_error("cli.cannot_write", "cannot write \"" + path + "\".");
  return {};
}

int report(const Error& error, int exit_code) {
  std::fprintf(stderr, "coordlab: %s\n", error.to_string().c_str());
  return exit_code;
}

namespace {

const char* kHelp = R"(coordlab - Coordination Lab's command-line tool

usage: coordlab <command> [options]

commands:
  scenario list                 list the built-in scenarios
  scenario run FILE|NAME        run a scenario and print its trace
      [--seed N] [--ticks N] [--commands FILE] [--json] [--limit N]
  scenario check FILE...        validate scenario files
  trace export FILE|NAME        write a run's trace as JSON
      [--seed N] [--ticks N] [--commands FILE] [--out FILE]
  check list                    list the named checks
  check run ID FILE|NAME        run a scenario, then evaluate a named check (exit 1 if it fails)
      [--args JSON] [--seed N] [--ticks N] [--commands FILE] [--json]
  lessons [DIR] [--json]        the learning paths, their lessons, tasks and checklists
  lint [FILE|DIR...]            validate lessons; prove each task starts failing, its solution
                                passes and its wrong solutions fail (default: lessons/)
  run LESSON.json               run a lesson headless: each task's run as a readable trace, its outcome
      [--step N] [--solution] [--seed N] [--json] [--trace key|all|none] [--limit N] [--record FILE]
  verify PROGRESS.json...       re-run every recorded task; a table per learner and path
      [--lessons DIR] [--json|--csv]
  progress merge A.json B.json... -o OUT.json
                                merge progress files (strict: a bad record writes nothing), newer wins
  progress show PROGRESS.json   per path: lessons, tasks and checklist done, where to continue
  trace-hashes                  print "<scenario> <seed> <hash>" for the fixed determinism set
  bench [--json] [--quick]      run the benchmarks and print their figures
  ops autoscale FILE [--json]   replay a Kubernetes HPA (autoscaling/v2) on a metric series, one line per sync
  game equilibria FILE [--json] every pure and (2 x n) mixed Nash equilibrium of a game, exactly
  auction wdp FILE [--json]     exact winner determination for bundle bids (coordlab.wdp/1)
      [--node-limit N] [--allocation I,J,...]
  auction wdp-generate DIST     a CATS-style instance: arbitrary, paths, L3, L7
      [--goods N] [--bids M] [--seed S] [--out FILE]
  htn import DOMAIN.hddl PROBLEM.hddl [--out PREFIX]
                                convert totally ordered HDDL (IPC total-order track) to our JSON
  htn plan DOMAIN PROBLEM [--json]
                                plan (ours or HDDL); print the plan in the IPC format with its decomposition
  version                       print the version

exit codes: 0 success, 1 invalid input or failed check, 2 bad command line.
Run `coordlab <command> --help` for more on one command.
)";

}  // namespace
}  // namespace coordlab::cli

#if defined(__GLIBC__)
constexpr int kKeptFreeMemoryBytes = 4 << 20;
#endif

int main(int argc, char** argv) {
  using namespace coordlab::cli;
#if defined(__GLIBC__)
  // The CLI plans, solves and sweeps thousands of times in one process. glibc gives memory above its
  // default 128 KB trim threshold back to the kernel at every free, so a 50-block plan (about 190 KB of
  // working state) paid ~10,000 page faults per bench run and took twice its time. Keeping up to 4 MB
  // is what a long-running process wants; results do not depend on it. (wasm's malloc never returns
  // memory.)
  mallopt(M_TRIM_THRESHOLD, kKeptFreeMemoryBytes);
#endif
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kHelp, stdout);
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "version") {
    std::puts("coordlab 0.1.0");
    return kExitOk;
  }
  if (command == "scenario") return run_scenario_command(rest);
  if (command == "trace") return run_trace_command(rest);
  if (command == "trace-hashes") return run_trace_hashes(rest);
  if (command == "bench") return run_bench(rest);
  if (command == "ops") return run_ops_command(rest);
  if (command == "game") return run_game_command(rest);
  if (command == "check") return run_check_command(rest);
  if (command == "auction" && !rest.empty() && (rest[0] == "wdp" || rest[0] == "wdp-generate")) return run_wdp_command(rest);
  if (command == "htn") return run_htn_command(rest);
  if (command == "lint" || command == "run" || command == "lessons" || command == "verify" || command == "progress") return run_lesson_command(command, rest);
  std::fprintf(stderr, "coordlab: unknown command \"%s\"; run `coordlab --help`.\n", command.c_str());
  return kExitUsage;
}

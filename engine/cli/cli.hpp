// The `coordlab` command-line tool: shared argument parsing and output helpers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/session.hpp"
#include "core/result.hpp"

namespace coordlab::cli {

// Exit codes, the same for every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the input was read but is invalid, or a check failed
inline constexpr int kExitUsage = 2;    // the command line itself is wrong

struct Arguments {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> options;  // "--seed 3" -> {"seed", "3"}; flags get ""
  bool has(const std::string& name) const;
  std::optional<std::string> value(const std::string& name) const;
};

// Parses argv; `value_options` take a value ("--seed 3" or "--seed=3"), `flags` do not.
Result<Arguments> parse_arguments(const std::vector<std::string>& argv, const std::vector<std::string>& value_options,
                                  const std::vector<std::string>& flags);
Result<std::uint64_t> parse_unsigned(const std::string& text, const std::string& what);
Result<std::string> read_file(const std::string& path);
Status write_file(const std::string& path, const std::string& contents);
int report(const Error& error, int exit_code = kExitFailure);

// Builds and runs the session that `positional[0]` (a scenario file or built-in name) and the options
// --seed, --commands (a JSON array of commands) and --ticks describe.
Result<app::Session> run_from_arguments(const Arguments& arguments);

int run_scenario_command(const std::vector<std::string>& argv);
int run_trace_command(const std::vector<std::string>& argv);
int run_trace_hashes(const std::vector<std::string>& argv);
int run_bench(const std::vector<std::string>& argv);
int run_ops_command(const std::vector<std::string>& argv);  // ops_commands.cpp
int run_game_command(const std::vector<std::string>& argv);  // game_commands.cpp
int run_check_command(const std::vector<std::string>& argv);
int run_htn_command(const std::vector<std::string>& argv);  // htn_commands.cpp
int run_lesson_command(const std::string& command, const std::vector<std::string>& argv);
int run_wdp_command(const std::vector<std::string>& argv);  // wdp_commands.cpp: auction wdp, auction wdp-generate

}  // namespace coordlab::cli

// coordlab htn import DOMAIN.hddl PROBLEM.hddl [--out PREFIX]: converts the totally ordered HDDL subset
// (IPC 2020/2023 total-order track) to our JSON (PREFIX.domain.json and PREFIX.problem.json, or both in
// one object on stdout).
// coordlab htn plan DOMAIN PROBLEM [--json] [--expansion-limit N] [--no-loop-detection]: plans a domain
// of ours or an HDDL one with the SHOP-style planner, replays the plan with the validator, and prints it
// in the IPC plan format (with the decomposition, so the competition's verifier can check it) or JSON.
#include <cstdio>

#include "cli/cli.hpp"
#include "planning/hddl_import.hpp"
#include "planning/planner.hpp"
#include "planning/validator.hpp"

namespace coordlab::cli {
namespace {

using namespace coordlab::planning;

const char* kHtnUsage =
    "usage: coordlab htn import DOMAIN.hddl PROBLEM.hddl [--out PREFIX]\n"
    "       coordlab htn plan DOMAIN PROBLEM [--json] [--expansion-limit N] [--no-loop-detection]\n";

Result<HddlImport> load_files(const std::string& domain_path, const std::string& problem_path) {
  Result<std::string> domain_text = read_file(domain_path);
  if (!domain_text.ok()) return domain_text.error();
  Result<std::string> problem_text = read_file(problem_path);
  if (!problem_text.ok()) return problem_text.error();
  return load_planning_texts(domain_text.value(), domain_path, problem_text.value(), problem_path);
}

int run_import(const Arguments& parsed) {
  Result<std::string> domain_text = read_file(parsed.positional[1]);
  if (domain_text.ok() && !looks_like_hddl(domain_text.value())) {
    return report(make_error("cli.not_hddl", "\"" + parsed.positional[1] + "\" is not HDDL (it should start with `(define`); it may already be our JSON."));
  }
  Result<HddlImport> loaded = load_files(parsed.positional[1], parsed.positional[2]);
  if (!loaded.ok()) return report(loaded.error());
  if (std::optional<std::string> prefix = parsed.value("out")) {
    Status domain = write_file(*prefix + ".domain.json", loaded.value().domain_json.dump(2) + "\n");
    if (!domain.ok()) return report(domain.error());
    Status problem = write_file(*prefix + ".problem.json", loaded.value().problem_json.dump(2) + "\n");
    if (!problem.ok()) return report(problem.error());
    std::printf("wrote %s.domain.json and %s.problem.json\n", prefix->c_str(), prefix->c_str());
    return kExitOk;
  }
  const Json both = {{"domain", loaded.value().domain_json}, {"problem", loaded.value().problem_json}};
  std::puts(both.dump(2).c_str());
  return kExitOk;
}

Json plan_json(const HddlImport& loaded, const PlanResult& result, const Replay* replay) {
  Json out = {{"status", std::string(plan_status_name(result.status))}, {"expansions", result.expansions}, {"loops_cut", result.loops_cut}};
  if (result.plans.empty()) {
    out["reason"] = result.reason;
    return out;
  }
  const Plan& plan = result.plans.front();
  Json steps = Json::array(), nodes = Json::array();
  for (const PlanStep& step : plan.steps) steps.push_back(ground_text(loaded.domain, loaded.problem, step.task));
  for (const DecompositionNode& node : plan.decomposition) {
    Json entry = {{"task", ground_text(loaded.domain, loaded.problem, node.task)}, {"parent", node.parent}};
    if (node.method >= 0) entry["method"] = loaded.domain.methods[static_cast<std::size_t>(node.method)].name;
    nodes.push_back(entry);
  }
  out["steps"] = steps;
  out["decomposition"] = nodes;
  out["valid"] = replay->valid;
  out["goal_reached"] = replay->goal_reached;
  out["cost"] = plan.cost;
  return out;
}

int run_plan(const Arguments& parsed) {
  Result<HddlImport> loaded = load_files(parsed.positional[1], parsed.positional[2]);
  if (!loaded.ok()) return report(loaded.error());
  PlanOptions options;
  if (std::optional<std::string> limit = parsed.value("expansion-limit")) {
    Result<std::uint64_t> value = parse_unsigned(*limit, "--expansion-limit");
    if (!value.ok()) return report(value.error(), kExitUsage);
    if (value.value() == 0 || value.value() > 100 * limits::kDefaultHtnExpansionLimit) {
      return report(make_error("cli.bad_limit", "--expansion-limit is 1 to " + std::to_string(100 * limits::kDefaultHtnExpansionLimit) + "."), kExitUsage);
    }
    options.expansion_limit = value.value();
  }
  options.loop_detection = !parsed.has("no-loop-detection");
  const PlanResult result = plan_problem(loaded.value().domain, loaded.value().problem, options);
  std::vector<GroundTask> steps;
  if (!result.plans.empty())
    for (const PlanStep& step : result.plans.front().steps) steps.push_back(step.task);
  const Replay replay = replay_plan(loaded.value().domain, loaded.value().problem, loaded.value().problem.initial_state, steps);
  if (parsed.has("json")) {
    std::puts(plan_json(loaded.value(), result, &replay).dump(2).c_str());
  } else if (result.plans.empty()) {
    std::printf("no plan (%s): %s\n", std::string(plan_status_name(result.status)).c_str(), result.reason.c_str());
  } else {
    std::fputs(ipc_plan_text(loaded.value().domain, loaded.value().problem, result.plans.front()).c_str(), stdout);
    std::fprintf(stderr, "%zu steps, %zu tasks expanded, %zu loops cut; replay: %s\n", steps.size(), result.expansions, result.loops_cut,
                 replay.valid && replay.goal_reached ? "valid, goal reached" : replay.reason.c_str());
  }
  if (result.plans.empty()) return kExitFailure;
  return replay.valid && replay.goal_reached ? kExitOk : kExitFailure;
}

}  // namespace

int run_htn_command(const std::vector<std::string>& argv) {
  Result<Arguments> arguments = parse_arguments(argv, {"out", "expansion-limit"}, {"json", "no-loop-detection"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  const Arguments& parsed = arguments.value();
  if (parsed.positional.size() != 3 || (parsed.positional[0] != "import" && parsed.positional[0] != "plan")) {
    std::fputs(kHtnUsage, stderr);
    return kExitUsage;
  }
  return parsed.positional[0] == "import" ? run_import(parsed) : run_plan(parsed);
}

}  // namespace coordlab::cli

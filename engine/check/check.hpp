// Named checks: predicates over a run (its trace up to a point, and the world at that point), used by
// tests, lesson tasks and the lab's invariant lights alike. Each result says pass or fail, why, and
// where the first violating event is, so the UI can jump there.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_input.hpp"
#include "sim/world.hpp"

namespace coordlab::check {

struct CheckResult {
  bool passed = false;
  std::string reason;  // one sentence, for learners
  std::optional<std::size_t> first_violation;  // trace event index
};

struct CheckInput {
  const sim::Trace& trace;
  const sim::World& world;  // the state after the last evaluated event
  std::size_t event_count;  // events [0, event_count) are evaluated
};

enum class ArgType : std::uint8_t { integer, string, boolean };

struct ArgSpec {
  std::string name;
  ArgType type = ArgType::integer;
  std::string summary;
  Json fallback;  // null = required
  std::int64_t minimum = 0;
  std::int64_t maximum = 0;
};

enum class CheckKind : std::uint8_t { invariant, goal };

struct CheckSpec {
  std::string id;  // "domain.noun_phrase"
  CheckKind kind = CheckKind::invariant;
  std::string protocol;  // the protocol whose runs it reads; "" = any
  std::string summary;
  std::vector<ArgSpec> args;
  // `args` has been validated: every declared argument is present with the declared type.
  std::function<CheckResult(const CheckInput& input, const Json& args)> evaluate;
};

const std::vector<CheckSpec>& check_catalog();
const CheckSpec* find_check(std::string_view id);
// Checks the arguments against the spec (unknown keys, types, ranges) and fills in defaults.
Result<Json> validate_check_args(const CheckSpec& spec, const Json& args, const std::string& pointer);
// Looks the check up, validates its arguments and evaluates it.
Result<CheckResult> run_check(std::string_view id, const Json& args, const CheckInput& input);

// One check evaluated on a run, for reports that list every check of a protocol.
struct NamedCheckResult {
  const CheckSpec* spec;
  CheckResult result;
  bool skipped = false;  // its arguments have no defaults (a lesson supplies them); `result.reason` says which
};

// Evaluates, with their default arguments, every check that reads runs of `protocol` (and the checks
// that read any protocol), in catalog order. A check whose arguments have no defaults is listed as
// skipped, with the reason.
std::vector<NamedCheckResult> run_protocol_checks(std::string_view protocol, const CheckInput& input);
// {"id", "kind", "passed", "reason", "first_violation" (event index or null), "first_violation_step"};
// a skipped check has "passed": null and "skipped": true.
Json check_result_json(const std::string& id, CheckKind kind, const CheckResult& result, const sim::Trace& trace);
Json check_result_json(const NamedCheckResult& named, const sim::Trace& trace);

std::vector<CheckSpec> raft_checks();
std::vector<CheckSpec> pbft_checks();
std::vector<CheckSpec> messaging_checks();
std::vector<CheckSpec> voting_checks();
std::vector<CheckSpec> auction_checks();
std::vector<CheckSpec> auction_clock_checks();  // auction_clock_checks.cpp
std::vector<CheckSpec> auction_scoring_checks();  // auction_scoring_checks.cpp
std::vector<CheckSpec> ops_checks();  // ops_checks.cpp and ops_alert_checks.cpp
std::vector<CheckSpec> planning_checks();  // htn.*, exec.*, predict.* (planning_checks.cpp)
std::vector<CheckSpec> contract_net_checks();  // cnet.* (contract_net_checks.cpp)
std::vector<CheckSpec> planning_tree_checks();  // htn.tree_expanded (planning_tree_checks.cpp)
std::vector<CheckSpec> game_checks();  // game.* (game_checks.cpp)
std::vector<CheckSpec> negotiation_checks();  // negotiation.* (negotiation_checks.cpp)
std::vector<CheckSpec> hierarchy_checks();  // hierarchy.* (hierarchy_checks.cpp)
std::vector<CheckSpec> combinatorial_checks();  // auction.allocation_feasible, ... (combinatorial_checks.cpp, h19a)

}  // namespace coordlab::check

#include "check/check.hpp"

namespace coordlab::check {

std::vector<CheckSpec> lesson_goal_checks_observer();  // lesson_goal_checks_observer.cpp
std::vector<CheckSpec> lesson_goal_checks_implementer();  // lesson_goal_checks_implementer.cpp
std::vector<CheckSpec> reasoning_checks();  // reasoning_checks.cpp, reasoning_reflection_checks.cpp

const std::vector<CheckSpec>& check_catalog() {
  static const std::vector<CheckSpec> catalog = [] {
    std::vector<CheckSpec> all;
    for (auto& spec : raft_checks()) all.push_back(std::move(spec));
    for (auto& spec : pbft_checks()) all.push_back(std::move(spec));
    for (auto& spec : messaging_checks()) all.push_back(std::move(spec));
    for (auto& spec : voting_checks()) all.push_back(std::move(spec));
    for (auto& spec : auction_checks()) all.push_back(std::move(spec));
    for (auto& spec : auction_clock_checks()) all.push_back(std::move(spec));
    for (auto& spec : auction_scoring_checks()) all.push_back(std::move(spec));  // issue 17, h17c
    for (auto& spec : ops_checks()) all.push_back(std::move(spec));
    for (auto& spec : lesson_goal_checks_observer()) all.push_back(std::move(spec));
    for (auto& spec : lesson_goal_checks_implementer()) all.push_back(std::move(spec));
    for (auto& spec : reasoning_checks()) all.push_back(std::move(spec));
    for (auto& spec : planning_checks()) all.push_back(std::move(spec));
    for (auto& spec : contract_net_checks()) all.push_back(std::move(spec));
    for (auto& spec : planning_tree_checks()) all.push_back(std::move(spec));
    for (auto& spec : game_checks()) all.push_back(std::move(spec));  // h18c
    for (auto& spec : negotiation_checks()) all.push_back(std::move(spec));  // h18c
    for (auto& spec : hierarchy_checks()) all.push_back(std::move(spec));
    for (auto& spec : combinatorial_checks()) all.push_back(std::move(spec));  // h19a
    return all;
  }();
  return catalog;
}

const CheckSpec* find_check(std::string_view id) {
  for (const CheckSpec& spec : check_catalog())
    if (spec.id == id) return &spec;
  return nullptr;
}

Result<Json> validate_check_args(const CheckSpec& spec, const Json& args, const std::string& pointer) {
  Json given = args.is_null() ? Json::object() : args;
  ObjectReader reader(given, pointer, "the arguments of " + spec.id);
  std::vector<std::string_view> known;
  for (const ArgSpec& arg : spec.args) known.push_back(arg.name);
  RETURN_IF_ERROR(reader.check(known));
  Json validated = Json::object();
  for (const ArgSpec& arg : spec.args) {
    switch (arg.type) {
      case ArgType::integer: {
        std::optional<std::int64_t> fallback;
        if (!arg.fallback.is_null()) fallback = arg.fallback.get<std::int64_t>();
        Result<std::int64_t> value = reader.integer(arg.name, arg.minimum, arg.maximum, fallback);
        if (!value.ok()) return value.error();
        validated[arg.name] = value.value();
        break;
      }
      case ArgType::string: {
        std::optional<std::string> fallback;
        if (!arg.fallback.is_null()) fallback = arg.fallback.get<std::string>();
        Result<std::string> value = reader.string(arg.name, fallback);
        if (!value.ok()) return value.error();
        validated[arg.name] = value.value();
        break;
      }
      case ArgType::boolean: {
        std::optional<bool> fallback;
        if (!arg.fallback.is_null()) fallback = arg.fallback.get<bool>();
        Result<bool> value = reader.boolean(arg.name, fallback);
        if (!value.ok()) return value.error();
        validated[arg.name] = value.value();
        break;
      }
    }
  }
  return validated;
}

Result<CheckResult> run_check(std::string_view id, const Json& args, const CheckInput& input) {
  const CheckSpec* spec = find_check(id);
  if (spec == nullptr) {
    std::vector<std::string_view> ids;
    for (const CheckSpec& candidate : check_catalog()) ids.push_back(candidate.id);
    std::string message = "unknown check \"" + std::string(id) + "\".";
    if (auto suggestion = closest_match(id, ids)) message += " Did you mean \"" + *suggestion + "\"?";
    return make_error("check.unknown", message);
  }
  Result<Json> validated = validate_check_args(*spec, args, "");
  if (!validated.ok()) return validated.error();
  ENGINE_ASSERT(input.event_count <= input.trace.event_count());
  return spec->evaluate(input, validated.value());
}

std::vector<NamedCheckResult> run_protocol_checks(std::string_view protocol, const CheckInput& input) {
  std::vector<NamedCheckResult> results;
  for (const CheckSpec& spec : check_catalog()) {
    if (!spec.protocol.empty() && spec.protocol != protocol) continue;
    Result<Json> args = validate_check_args(spec, Json::object(), "");
    if (!args.ok()) {
      results.push_back({&spec, CheckResult{false, "not run: it needs arguments (" + args.error().message + ")", std::nullopt}, true});
      continue;
    }
    ENGINE_ASSERT(input.event_count <= input.trace.event_count());
    results.push_back({&spec, spec.evaluate(input, args.value()), false});
  }
  return results;
}

Json check_result_json(const std::string& id, CheckKind kind, const CheckResult& result, const sim::Trace& trace) {
  Json out = {{"id", id}, {"kind", kind == CheckKind::invariant ? "invariant" : "goal"}, {"passed", result.passed},
              {"reason", result.reason}, {"first_violation", nullptr}};
  if (result.first_violation) {
    out["first_violation"] = *result.first_violation;
    out["first_violation_step"] = trace.step_of_event(*result.first_violation);
  }
  return out;
}

Json check_result_json(const NamedCheckResult& named, const sim::Trace& trace) {
  Json out = check_result_json(named.spec->id, named.spec->kind, named.result, trace);
  if (named.skipped) {
    out["passed"] = nullptr;
    out["skipped"] = true;
  }
  return out;
}

}  // namespace coordlab::check

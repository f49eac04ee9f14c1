// The `htn` protocol's spec and validated params: the domain and problem (inline, in our format), the
// planner, the failure table (the correct one by default, or the course's), scripted and random
// failures, the confidence threshold and the predictive replanning rule.
#include "planning/execution.hpp"

namespace coordlab::planning {

std::unique_ptr<sim::Actor> make_execution_actor(std::shared_ptr<const ExecutionParams> params, NodeId self);

namespace {

// The correct table: retry transient errors; replan the others with their strategy.
std::array<FailurePolicy, kFailureClasses> correct_table() {
  std::array<FailurePolicy, kFailureClasses> table;
  table[0] = FailurePolicy{FailureAction::retry, 3, 10, ""};
  table[1] = FailurePolicy{FailureAction::replan, 0, 0, "scale_down"};
  table[2] = FailurePolicy{FailureAction::replan, 0, 0, "add_validation"};
  table[3] = FailurePolicy{FailureAction::replan, 0, 0, "schema_adaptation"};
  table[4] = FailurePolicy{FailureAction::replan, 0, 0, "dependency_resolution"};
  return table;
}

Result<FailureClass> read_class(std::string_view text, const std::string& pointer) {
  for (std::size_t c = 0; c < kFailureClasses; ++c)
    if (failure_class_name(static_cast<FailureClass>(c)) == text) return static_cast<FailureClass>(c);
  return make_error("params.unknown_failure_class", "a failure class is transient_network, resource_exhaustion, data_quality, schema_mismatch or missing_dependency.", pointer);
}

Status read_table(const Json& json, const std::string& pointer, ExecutionParams& params) {
  params.table = correct_table();
  if (json.is_string()) {
    if (json == "correct") return {};
    if (json != "course") return make_error("params.bad_table", "\"table\" is \"correct\", \"course\" or an object mapping failure classes to policies.", pointer);
    params.course_table = true;
    params.table[0] = FailurePolicy{FailureAction::abort, 0, 0, ""};
    return {};
  }
  if (!json.is_object()) return make_error("params.bad_table", "\"table\" is \"correct\", \"course\" or an object mapping failure classes to policies.", pointer);
  for (FailurePolicy& policy : params.table) policy = FailurePolicy{FailureAction::abort, 0, 10, ""};  // a class the object leaves out aborts
  for (const auto& [name, policy_json] : json.items()) {
    const std::string at = pointer_append(pointer, name);
    Result<FailureClass> kind = read_class(name, at);
    if (!kind.ok()) return kind.error();
    ObjectReader reader(policy_json, at, "a failure policy");
    RETURN_IF_ERROR(reader.check({"action", "max_retries", "backoff_ticks", "strategy"}));
    Result<std::string> action = reader.string("action");
    if (!action.ok()) return action.error();
    FailurePolicy policy;
    if (action.value() == "retry") policy.action = FailureAction::retry;
    else if (action.value() == "replan") policy.action = FailureAction::replan;
    else if (action.value() == "abort") policy.action = FailureAction::abort;
    else return make_error("params.bad_action", "\"action\" is retry, replan or abort.", reader.pointer_of("action"));
    Result<std::int64_t> retries = reader.integer("max_retries", 0, static_cast<std::int64_t>(limits::kMaxHtnRetriesPerStep), 3);
    Result<std::int64_t> backoff = reader.integer("backoff_ticks", 1, 10'000, 10);
    Result<std::string> strategy = reader.string("strategy", "");
    if (!retries.ok()) return retries.error();
    if (!backoff.ok()) return backoff.error();
    if (!strategy.ok()) return strategy.error();
    const std::string& chosen = strategy.value();
    const bool known = chosen == "scale_down" || chosen == "add_validation" || chosen == "schema_adaptation" || chosen == "dependency_resolution";
    if (policy.action == FailureAction::replan && !known) {
      return make_error("params.bad_strategy", "a replan needs \"strategy\": scale_down, add_validation, schema_adaptation or dependency_resolution.", reader.pointer_of("strategy"));
    }
    policy.max_retries = retries.value();
    policy.backoff_ticks = backoff.value();
    policy.strategy = chosen;
    params.table[static_cast<std::size_t>(kind.value())] = policy;
  }
  return {};
}

Status read_failures(const ObjectReader& reader, ExecutionParams& params) {
  const Json* list = reader.find("failures");
  if (list == nullptr) return {};
  if (!list->is_array() || list->size() > 64) return make_error("json.wrong_type", "\"failures\" is an array (at most 64) of {\"task\": OPERATOR, \"class\": CLASS, \"attempts\": N}.", reader.pointer_of("failures"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader failure((*list)[i], pointer_append(reader.pointer_of("failures"), i), "a scripted failure");
    RETURN_IF_ERROR(failure.check({"task", "class", "attempts"}));
    Result<std::string> task = failure.string("task");
    Result<std::string> kind = failure.string("class");
    Result<std::int64_t> attempts = failure.integer("attempts", 1, 20, 1);
    if (!task.ok()) return task.error();
    if (!kind.ok()) return kind.error();
    if (!attempts.ok()) return attempts.error();
    const TaskSignature* signature = params.domain->find_task(task.value());
    if (signature == nullptr || !signature->primitive) return make_error("params.unknown_operator", "\"task\" names an operator of the domain.", failure.pointer_of("task"));
    Result<FailureClass> parsed = read_class(kind.value(), failure.pointer_of("class"));
    if (!parsed.ok()) return parsed.error();
    params.failures.push_back(ScriptedFailure{signature->op, parsed.value(), attempts.value()});
  }
  return {};
}

Status read_predict(const ObjectReader& reader, ExecutionParams& params) {
  const Json* predict = reader.find("predict");
  if (predict == nullptr) return {};
  ObjectReader fields(*predict, reader.pointer_of("predict"), "the predictive replanning settings");
  RETURN_IF_ERROR(fields.check({"rule", "tolerance_permille", "cap"}));
  Result<std::string> rule = fields.string("rule", "threshold");
  Result<std::int64_t> tolerance = fields.integer("tolerance_permille", 0, 1000, 500);
  Result<std::int64_t> cap = fields.integer("cap", 0, static_cast<std::int64_t>(limits::kMaxHtnReplans), 2);
  if (!rule.ok()) return rule.error();
  if (!tolerance.ok()) return tolerance.error();
  if (!cap.ok()) return cap.error();
  if (rule.value() != "threshold" && rule.value() != "course") return make_error("params.bad_rule", "\"rule\" is \"threshold\" (replan when p_fail > tolerance) or \"course\" (p_fail > 1 - tolerance).", fields.pointer_of("rule"));
  params.predict = rule.value() == "course" ? PredictRule::course : PredictRule::threshold;
  params.tolerance_permille = tolerance.value();
  params.proactive_cap = cap.value();
  return {};
}

// "choice": {"alternatives": N, "weights": {"time_permille", "cost_permille", "risk_permille"}}.
Status read_choice(const ObjectReader& reader, ExecutionParams& params) {
  const Json* choice = reader.find("choice");
  if (choice == nullptr) return {};
  ObjectReader fields(*choice, reader.pointer_of("choice"), "the plan choice settings");
  RETURN_IF_ERROR(fields.check({"alternatives", "weights"}));
  Result<std::int64_t> alternatives = fields.integer("alternatives", 1, static_cast<std::int64_t>(limits::kMaxHtnAlternativePlans), 16);
  if (!alternatives.ok()) return alternatives.error();
  params.alternatives = static_cast<std::size_t>(alternatives.value());
  const Json* weights = fields.find("weights");
  if (weights == nullptr) return {};
  ObjectReader weight_fields(*weights, fields.pointer_of("weights"), "the choice weights");
  RETURN_IF_ERROR(weight_fields.check({"time_permille", "cost_permille", "risk_permille"}));
  Result<std::int64_t> time = weight_fields.integer("time_permille", 0, 1000, 334);
  Result<std::int64_t> cost = weight_fields.integer("cost_permille", 0, 1000, 333);
  Result<std::int64_t> risk = weight_fields.integer("risk_permille", 0, 1000, 333);
  if (!time.ok()) return time.error();
  if (!cost.ok()) return cost.error();
  if (!risk.ok()) return risk.error();
  params.weights = ChoiceWeights{time.value(), cost.value(), risk.value()};
  return {};
}

Result<ExecutionParams> parse_params(const Json& json, const std::string& pointer) {
  ExecutionParams params;
  ObjectReader reader(json, pointer, "htn params");
  RETURN_IF_ERROR(reader.check({"domain", "problem", "planner", "table", "failures", "random_failures", "confidence_threshold_permille", "predict", "choice"}));
  const Json* domain = reader.find("domain");
  const Json* problem = reader.find("problem");
  if (domain == nullptr || problem == nullptr) return make_error("params.missing_domain", "the htn protocol needs \"domain\" and \"problem\" objects in the coordlab.htn formats.", pointer);
  Result<Domain> parsed_domain = read_domain(*domain, reader.pointer_of("domain"));
  if (!parsed_domain.ok()) return parsed_domain.error();
  auto shared_domain = std::make_shared<const Domain>(std::move(parsed_domain).value());
  Result<Problem> parsed_problem = read_problem(*problem, reader.pointer_of("problem"), *shared_domain);
  if (!parsed_problem.ok()) return parsed_problem.error();
  params.domain = shared_domain;
  params.problem = std::make_shared<const Problem>(std::move(parsed_problem).value());
  Result<std::string> planner = reader.string("planner", "shop");
  if (!planner.ok()) return planner.error();
  if (planner.value() != "shop" && planner.value() != "fifo") return make_error("params.bad_planner", "\"planner\" is \"shop\" (depth-first, left to right) or \"fifo\" (the course's).", reader.pointer_of("planner"));
  params.planner = planner.value() == "fifo" ? PlannerKind::fifo : PlannerKind::shop;
  const Json* table = reader.find("table");
  RETURN_IF_ERROR(read_table(table ? *table : Json("correct"), reader.pointer_of("table"), params));
  RETURN_IF_ERROR(read_failures(reader, params));
  Result<bool> random_failures = reader.boolean("random_failures", false);
  Result<std::int64_t> confidence = reader.integer("confidence_threshold_permille", 0, 1000, 600);
  if (!random_failures.ok()) return random_failures.error();
  if (!confidence.ok()) return confidence.error();
  params.random_failures = random_failures.value();
  params.confidence_threshold_permille = confidence.value();
  RETURN_IF_ERROR(read_predict(reader, params));
  RETURN_IF_ERROR(read_choice(reader, params));
  if (params.alternatives > 0 && params.planner == PlannerKind::fifo)
    return make_error("params.choice_needs_shop", "\"choice\" enumerates alternatives by backtracking, which the FIFO planner cannot; use \"planner\": \"shop\".", reader.pointer_of("choice"));
  return params;
}

}  // namespace

protocols::ProtocolSpec htn_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "htn";
  spec.summary = "node 0 plans (SHOP-style HTN) and sends steps to workers; failures are retried or replanned";
  spec.message_types = {"Step", "Result"};
  spec.timer_kinds = {"Retry", "StepTimeout"};
  spec.views = {protocols::ViewSpec{"htn.plan", "Plan", protocols::ViewKind::table, "htn.plan", "the executor's plan: done, running and remaining steps"}};
  spec.views.push_back({"htn.tree", "Decomposition", protocols::ViewKind::tree, "htn.tree", "the first plan's decomposition tree, with the methods that failed"});
  spec.views.push_back({"htn.timeline", "Timeline", protocols::ViewKind::table, "htn.timeline", "the first plan replayed: what each step changed and the state after it"});
  spec.views.push_back({"htn.execution", "Execution", protocols::ViewKind::table, "htn.execution", "every step's outcome, with retries, replans and proactive replans marked"});
  spec.views.push_back({"htn.plan_diff", "Plan diff", protocols::ViewKind::table, "htn.plan_diff", "for each adopted replan, the remaining plan before and after, side by side"});
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<ExecutionParams> parsed = parse_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    auto shared = std::make_shared<const ExecutionParams>(std::move(parsed).value());
    return sim::ActorFactory([shared](NodeId self, std::size_t, std::string_view) { return make_execution_actor(shared, self); });
  };
  return spec;
}

}  // namespace coordlab::planning

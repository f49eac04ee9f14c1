// Plan execution as actors: node 0 plans and executes (the executor), the other nodes are workers. The
// executor sends each step to a worker over the simulated network and applies the step's effects to its
// current state when the worker reports success. A failed step is looked up in the failure table:
// retry (with a limit and doubling back-off), replan with a strategy, or abort. A replan starts from the
// current state and the actual remaining tasks (the largest decomposition subtrees not yet started) and
// is adopted only when its success probability reaches the confidence threshold. Predictive replanning
// avoids a step whose predicted chance of failure is above the rule's threshold, at most `cap` times.
//
// Trace notes (node 0): "plan reason=initial|replan|proactive adopted=1 confidence=P steps=op+a+b,op+c"
// "dispatch step=I task=op+a", "done step=I task=op+a", "failure step=I class=C task=op+a",
// "retry step=I class=C attempt=K", "replan step=I class=C strategy=S adopted=0|1 confidence=P",
// "proactive step=I task=op+a p_fail=P", "abort step=I class=C", "finished goal=0|1 steps=N",
// "choice alternatives=N feasible=F front=K chosen=I time=T cost=C risk=R" (before the initial plan).
#pragma once
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "planning/choice.hpp"
#include "planning/planner.hpp"
#include "protocols/protocol_spec.hpp"

namespace coordlab::planning {

enum class FailureClass : std::uint8_t { transient_network, resource_exhaustion, data_quality, schema_mismatch, missing_dependency };
inline constexpr std::size_t kFailureClasses = 5;
std::string_view failure_class_name(FailureClass kind);

enum class FailureAction : std::uint8_t { retry, replan, abort };
struct FailurePolicy {
  FailureAction action = FailureAction::abort;
  std::int64_t max_retries = 3;
  std::int64_t backoff_ticks = 10;  // doubles after each retry
  std::string strategy;             // replan: scale_down, add_validation, schema_adaptation, dependency_resolution
};

struct ScriptedFailure {
  std::uint32_t op = 0;
  FailureClass kind = FailureClass::transient_network;
  std::int64_t attempts = 1;  // the first N executions of the operator fail
};

enum class PredictRule : std::uint8_t { off, threshold, course };

struct ExecutionParams {
  std::shared_ptr<const Domain> domain;
  std::shared_ptr<const Problem> problem;
  PlannerKind planner = PlannerKind::shop;
  std::array<FailurePolicy, kFailureClasses> table;
  bool course_table = false;  // the course's: aborts transient errors, replaces the rest with placeholders
  std::vector<ScriptedFailure> failures;
  bool random_failures = false;  // each step fails transiently with its operator's risk
  std::int64_t confidence_threshold_permille = 600;
  PredictRule predict = PredictRule::off;
  std::int64_t tolerance_permille = 500;
  std::int64_t proactive_cap = 2;
  std::size_t alternatives = 0;  // > 0: the first plan is chosen among this many on the Pareto front
  ChoiceWeights weights;
};

protocols::ProtocolSpec htn_protocol();

// The executor's plans, for checks (node 0's actor; nullptr for other actors).
struct ExecutorView {
  const ExecutionParams* params = nullptr;
  const Plan* initial_plan = nullptr;
  const std::vector<GroundTask>* executed = nullptr;
  const std::vector<AtomKey>* strategy_facts = nullptr;  // facts replans asserted (a strategy methods test)
  bool finished = false;
  std::int64_t proactive_replans = 0;
};
ExecutorView executor_view(const sim::Actor* actor);

}  // namespace coordlab::planning

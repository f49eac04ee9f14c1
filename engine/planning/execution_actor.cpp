// The executor and worker actors (execution.hpp describes the protocol and its notes).
#include <algorithm>

#include "planning/execution.hpp"
#include "planning/htn_tree.hpp"
#include "planning/execution_views.hpp"
#include "protocols/payload.hpp"

namespace coordlab::planning {

enum MessageType : std::uint16_t { kStep, kResult };
enum TimerKind : std::uint16_t { kRetry, kStepTimeout };
// A step whose result has not come back after this long (a lost message) counts as a transient network error.
constexpr std::int64_t kStepTimeoutTicks = 60;

std::string_view failure_class_name(FailureClass kind) {
  static constexpr std::array<std::string_view, kFailureClasses> names = {"transient_network", "resource_exhaustion", "data_quality", "schema_mismatch",
                                                                          "missing_dependency"};
  return names[static_cast<std::size_t>(kind)];
}

namespace {

std::string step_token(const Domain& domain, const Problem& problem, const GroundTask& task) {
  std::string text = domain.tasks[task.task].name;
  for (std::size_t i = 0; i < task.arity; ++i) text.append("+").append(problem.objects[static_cast<std::size_t>(task.args[i])]);
  return text;
}

class WorkerActor final : public sim::Actor {
 public:
  explicit WorkerActor(std::shared_ptr<const ExecutionParams> params) : params_(std::move(params)) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<WorkerActor>(*this); }
  void start(sim::Context&) override {}
  void handle_timer(std::uint16_t, sim::Context&) override {}
  Status handle_input(std::string_view, sim::Context&) override { return make_error("input.invalid", "workers take no input; they run the steps node 0 sends."); }
  std::string role() const override { return "worker"; }
  void describe(sim::StateWriter& writer) const override { writer.field("steps run", executed_); }

  void handle_message(const sim::Message& message, sim::Context& context) override {
    if (message.type != kStep) return;
    protocols::PayloadReader reader(message.payload);
    const std::int64_t op = reader.integer("op").value_or(-1);
    const std::int64_t execution = reader.integer("execution").value_or(0);
    ++executed_;
    protocols::PayloadWriter reply;
    reply.add("step", reader.integer("step").value_or(0)).add("try", reader.integer("try").value_or(0));
    std::string failure;
    for (const ScriptedFailure& scripted : params_->failures)
      if (op >= 0 && scripted.op == static_cast<std::uint32_t>(op) && execution <= scripted.attempts && failure.empty()) failure = failure_class_name(scripted.kind);
    if (failure.empty() && params_->random_failures && op >= 0) {
      const std::int64_t risk = params_->domain->operators[static_cast<std::size_t>(op)].risk_permille;
      if (static_cast<std::int64_t>(context.random.below(1000)) < risk) failure = failure_class_name(FailureClass::transient_network);
    }
    if (!failure.empty()) reply.add("failed", failure);
    context.out.send(message.from, kResult, reply.text());
  }

 private:
  std::shared_ptr<const ExecutionParams> params_;
  std::int64_t executed_ = 0;
};

}  // namespace

class ExecutorActor final : public sim::Actor {
 public:
  explicit ExecutorActor(std::shared_ptr<const ExecutionParams> params)
      : params_(std::move(params)), state_(params_->problem->initial_state), executions_(params_->domain->operators.size(), 0) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<ExecutorActor>(*this); }
  Status handle_input(std::string_view, sim::Context&) override { return make_error("input.invalid", "the executor takes no input; change the params and run."); }
  std::string role() const override { return finished_ ? "finished" : "executor"; }

  void start(sim::Context& context) override {
    if (started_) return;
    started_ = true;
    std::vector<GroundTask> tasks;
    for (const TaskCall& call : params_->problem->tasks) tasks.push_back(ground(call));
    if (params_->alternatives > 0) return start_with_choice(tasks, context);
    PlanOptions options;
    options.kind = params_->planner;
    PlanResult result = plan_tasks(*params_->domain, *params_->problem, state_, tasks, options);
    if (result.status != PlanStatus::found) {
      note_plan(context, "initial", nullptr, std::string(plan_status_name(result.status)));
      return finish(context);
    }
    initial_plan_ = result.plans[0];
    plan_ = initial_plan_;
    note_plan(context, "initial", &plan_, "");
    dispatch(context);
  }

  // The initial plan chosen on the Pareto front of the alternatives that meet the hard constraints.
  void start_with_choice(const std::vector<GroundTask>& tasks, sim::Context& context) {
    Choice choice = choose_plan(*params_->domain, *params_->problem, state_, tasks, params_->alternatives, params_->weights);
    std::string text = "choice alternatives=";
    text.append(std::to_string(choice.search.plans.size())).append(" feasible=").append(std::to_string(choice.feasible.size()));
    text.append(" front=").append(std::to_string(choice.front.size())).append(" chosen=").append(std::to_string(choice.chosen));
    if (choice.chosen >= 0) {
      const Plan& plan = choice.search.plans[static_cast<std::size_t>(choice.chosen)];
      text.append(" time=").append(std::to_string(plan.time_ticks)).append(" cost=").append(std::to_string(plan.cost));
      text.append(" risk=").append(std::to_string(plan.risk_permille));
    }
    context.out.note(text);
    if (choice.chosen < 0) {
      note_plan(context, "initial", nullptr, choice.search.plans.empty() ? std::string(plan_status_name(choice.search.status)) : "no_feasible_plan");
      return finish(context);
    }
    initial_plan_ = choice.search.plans[static_cast<std::size_t>(choice.chosen)];
    plan_ = initial_plan_;
    note_plan(context, "initial", &plan_, "");
    dispatch(context);
  }

  void handle_message(const sim::Message& message, sim::Context& context) override {
    if (message.type != kResult || finished_) return;
    protocols::PayloadReader reader(message.payload);
    if (reader.integer("step").value_or(-1) != static_cast<std::int64_t>(next_) || reader.integer("try").value_or(-1) != tries_) return;  // stale
    awaiting_ = false;
    const std::string_view failed = reader.text("failed").value_or("");
    if (failed.empty()) return complete_step(context);
    handle_failure(failed, context);
  }

  void handle_timer(std::uint16_t kind, sim::Context& context) override {
    if (kind == kStepTimeout && !finished_ && awaiting_ && context.now >= deadline_) {
      awaiting_ = false;
      return handle_failure(failure_class_name(FailureClass::transient_network), context);
    }
    if (kind == kRetry && !finished_ && waiting_retry_) {
      waiting_retry_ = false;
      send_step(context);
    }
  }

  void describe(sim::StateWriter& writer) const override {
    writer.field("next step", static_cast<std::int64_t>(next_));
    writer.field("replans", replans_);
    writer.field("proactive replans", proactive_);
    writer.table("htn.plan", {"#", "step", "status"});
    for (std::size_t i = 0; i < steps_.size(); ++i)
      writer.row({std::to_string(i + 1), slot_text(i), i < next_ ? "done" : i == next_ && !finished_ ? "running" : "to do"});
    // The first plan's decomposition tree and timeline (htn_tree.hpp).
    write_tree_table(writer, "htn.tree", explain_plan(*params_->domain, *params_->problem, initial_plan_, params_->planner));
    write_timeline_table(writer, "htn.timeline", *params_->domain, *params_->problem, params_->problem->initial_state, step_tasks(initial_plan_));
    write_execution_log(writer, log_);
    write_plan_diffs(writer, diffs_);
  }

  const ExecutionParams& params() const { return *params_; }
  const Plan& initial_plan() const { return initial_plan_; }
  const std::vector<GroundTask>& executed() const { return executed_; }
  const std::vector<AtomKey>& strategy_facts() const { return strategy_facts_; }
  bool finished() const { return finished_; }
  std::int64_t proactive_replans() const { return proactive_; }

 private:
  struct Slot {
    GroundTask task;
    bool placeholder = false;
  };

  std::string slot_text(std::size_t i) const {
    return steps_[i].placeholder ? "generic placeholder" : ground_text(*params_->domain, *params_->problem, steps_[i].task);
  }

  std::vector<std::string> remaining_texts() const {
    std::vector<std::string> texts;
    for (std::size_t i = next_; i < steps_.size(); ++i) texts.push_back(slot_text(i));
    return texts;
  }

  // One row of the execution log, about the current step.
  void log(const sim::Context& context, std::string event, std::string detail) {
    log_.push_back(ExecutionLogEntry{context.now.value, next_, std::move(event), next_ < steps_.size() ? slot_text(next_) : "", std::move(detail)});
  }

  void note_plan(sim::Context& context, std::string_view reason, const Plan* plan, const std::string& status) {
    std::string text = "plan reason=";
    text.append(reason);
    if (plan == nullptr) {
      context.out.note(text.append(" adopted=0 status=").append(status));
      return;
    }
    text.append(" adopted=1 confidence=").append(std::to_string(plan->success_permille)).append(" steps=");
    for (std::size_t i = 0; i < plan->steps.size(); ++i) text.append(i ? "," : "").append(step_token(*params_->domain, *params_->problem, plan->steps[i].task));
    context.out.note(text);
    // The executed prefix stays; the slots from next_ on become the new plan's steps.
    steps_.resize(next_);
    for (const PlanStep& step : plan->steps) steps_.push_back(Slot{step.task, false});
  }

  void dispatch(sim::Context& context) {
    if (next_ >= steps_.size()) return finish(context);
    tries_ = 0;
    if (!steps_[next_].placeholder && predictive_replan(context)) return;
    send_step(context);
  }

  void send_step(sim::Context& context) {
    const Slot& slot = steps_[next_];
    const std::int64_t op = slot.placeholder ? -1 : static_cast<std::int64_t>(params_->domain->tasks[slot.task.task].op);
    if (op >= 0) ++executions_[static_cast<std::size_t>(op)];
    const std::size_t workers = context.node_count - 1;
    const NodeId worker{static_cast<std::uint16_t>(1 + next_ % workers)};
    protocols::PayloadWriter payload;
    payload.add("step", static_cast<std::int64_t>(next_)).add("try", tries_).add("op", op).add("execution", op >= 0 ? executions_[static_cast<std::size_t>(op)] : 0);
    context.out.send(worker, kStep, payload.text());
    awaiting_ = true;
    deadline_ = context.now + kStepTimeoutTicks;
    context.out.set_timer(kStepTimeout, kStepTimeoutTicks);
  }

  std::string current_token() const {
    return steps_[next_].placeholder ? "generic_placeholder" : step_token(*params_->domain, *params_->problem, steps_[next_].task);
  }

  void complete_step(sim::Context& context) {
    const Slot& slot = steps_[next_];
    if (!slot.placeholder) {
      apply_step(*params_->domain, slot.task, state_);
      executed_.push_back(slot.task);
    }
    context.out.note("done step=" + std::to_string(next_) + " task=" + current_token());
    log(context, "done", "");
    ++next_;
    dispatch(context);
  }

  void handle_failure(std::string_view failed, sim::Context& context) {
    FailureClass kind = FailureClass::transient_network;
    for (std::size_t c = 0; c < kFailureClasses; ++c)
      if (failure_class_name(static_cast<FailureClass>(c)) == failed) kind = static_cast<FailureClass>(c);
    const std::string where = "step=" + std::to_string(next_) + " class=" + std::string(failed);
    context.out.note("failure " + where + " task=" + current_token());
    log(context, "failed", std::string(failed));
    const FailurePolicy& policy = params_->table[static_cast<std::size_t>(kind)];
    if (policy.action == FailureAction::retry && tries_ < policy.max_retries && tries_ < static_cast<std::int64_t>(limits::kMaxHtnRetriesPerStep)) {
      ++tries_;
      context.out.note("retry " + where + " attempt=" + std::to_string(tries_));
      log(context, "retry " + std::to_string(tries_), "again after " + std::to_string(policy.backoff_ticks << std::min<std::int64_t>(tries_ - 1, 10)) + " ticks");
      waiting_retry_ = true;
      context.out.set_timer(kRetry, policy.backoff_ticks << std::min<std::int64_t>(tries_ - 1, 10));
      return;
    }
    if (policy.action == FailureAction::replan && replans_ + proactive_ < static_cast<std::int64_t>(limits::kMaxHtnReplans) && replan(policy.strategy, where, context)) return;
    context.out.note("abort " + where);
    log(context, "abort", std::string(failed));
    finish(context);
  }

  // The remaining tasks: the decomposition's largest subtrees whose steps all lie at or after next_.
  std::vector<GroundTask> remaining_tasks() const {
    std::vector<GroundTask> tasks;
    const auto from = static_cast<std::uint32_t>(next_ - plan_offset_);
    const std::vector<DecompositionNode>& nodes = plan_.decomposition;
    for (const DecompositionNode& node : nodes) {
      const bool inside = node.first_step >= from && !(node.method < 0 && node.first_step >= plan_.steps.size());
      const bool parent_started = node.parent < 0 || nodes[static_cast<std::size_t>(node.parent)].first_step < from;
      if (inside && parent_started) tasks.push_back(node.task);
    }
    return tasks;
  }

  // `label` names the replan in the views ("replan (scale_down)", "proactive (p_fail 300 > 200)").
  bool adopt(sim::Context& context, std::string_view reason, PlanResult& result, std::string note, const std::string& label) {
    const bool adopted = result.status == PlanStatus::found && result.plans[0].success_permille >= params_->confidence_threshold_permille;
    note.append(" adopted=").append(adopted ? "1" : "0");
    std::string detail = label;
    if (result.status == PlanStatus::found) {
      note.append(" confidence=").append(std::to_string(result.plans[0].success_permille));
      detail.append(", confidence ").append(std::to_string(result.plans[0].success_permille)).append(" permille");
    } else {
      detail.append(", no plan: ").append(plan_status_name(result.status));
    }
    context.out.note(note);
    log(context, adopted ? std::string(reason) : std::string(reason) + " rejected", detail);
    if (!adopted) return false;
    PlanDiff diff{"step " + std::to_string(next_ + 1) + ": " + label, remaining_texts(), {}};
    plan_offset_ = next_;
    plan_ = result.plans[0];
    note_plan(context, reason, &plan_, "");
    diff.after = remaining_texts();
    diffs_.push_back(std::move(diff));
    return true;
  }

  bool replan(const std::string& strategy, const std::string& where, sim::Context& context) {
    ++replans_;
    std::string note = "replan " + where + " strategy=" + strategy;
    if (params_->course_table) {  // the course: three generic placeholders replace whatever was left
      context.out.note(note + " adopted=1 placeholders=3");
      log(context, "replan", strategy + ", the course's three generic placeholders");
      PlanDiff diff{"step " + std::to_string(next_ + 1) + ": replan (" + strategy + ")", remaining_texts(), {}};
      steps_.resize(next_);
      for (int i = 0; i < 3; ++i) steps_.push_back(Slot{GroundTask{}, true});
      diff.after = remaining_texts();
      diffs_.push_back(std::move(diff));
      dispatch(context);
      return true;
    }
    for (std::uint32_t p = 0; p < params_->domain->predicates.size(); ++p)  // the strategy as a fact methods can test
      if (params_->domain->predicates[p] == strategy && params_->domain->predicate_types[p].empty()) add_fact(make_atom_key(p, nullptr, 0));
    PlanOptions options;
    PlanResult result = plan_tasks(*params_->domain, *params_->problem, state_, remaining_tasks(), options);
    if (!adopt(context, "replan", result, note, "replan (" + strategy + ")")) return false;
    dispatch(context);
    return true;
  }

  bool predictive_replan(sim::Context& context) {
    if (params_->predict == PredictRule::off || proactive_ >= params_->proactive_cap) return false;
    const std::uint32_t op = params_->domain->tasks[steps_[next_].task.task].op;
    const std::int64_t p_fail = params_->domain->operators[op].risk_permille;
    const std::int64_t threshold = params_->predict == PredictRule::course ? 1000 - params_->tolerance_permille : params_->tolerance_permille;
    if (p_fail <= threshold || std::find(avoided_.begin(), avoided_.end(), op) != avoided_.end()) return false;
    ++proactive_;
    avoided_.push_back(op);
    PlanOptions options;
    options.banned_operators = avoided_;
    PlanResult result = plan_tasks(*params_->domain, *params_->problem, state_, remaining_tasks(), options);
    std::string note = "proactive step=" + std::to_string(next_) + " task=" + current_token() + " p_fail=" + std::to_string(p_fail) +
                       " threshold=" + std::to_string(threshold);
    const std::string label = "proactive (p_fail " + std::to_string(p_fail) + " > " + std::to_string(threshold) + " permille)";
    if (!adopt(context, "proactive", result, note, label)) return false;
    dispatch(context);
    return true;
  }

  void add_fact(AtomKey key) {
    auto it = std::lower_bound(state_.begin(), state_.end(), key);
    if (it == state_.end() || *it != key) state_.insert(it, key);
    if (std::find(strategy_facts_.begin(), strategy_facts_.end(), key) == strategy_facts_.end()) strategy_facts_.push_back(key);
  }

  void finish(sim::Context& context) {
    if (finished_) return;
    finished_ = true;
    bool goal = next_ >= steps_.size() && !steps_.empty();
    for (const Slot& slot : steps_) goal = goal && !slot.placeholder;
    for (const Literal& literal : params_->problem->goal)
      goal = goal && holds(state_, ground_atom(literal, nullptr)) != literal.negated;
    context.out.note("finished goal=" + std::string(goal ? "1" : "0") + " steps=" + std::to_string(executed_.size()));
    log(context, "finished", goal ? "goal reached" : "goal not reached");
  }

  std::shared_ptr<const ExecutionParams> params_;
  std::vector<AtomKey> state_;
  Plan initial_plan_, plan_;
  std::vector<Slot> steps_;
  std::vector<GroundTask> executed_;
  std::vector<AtomKey> strategy_facts_;
  std::vector<ExecutionLogEntry> log_;
  std::vector<PlanDiff> diffs_;
  std::vector<std::int64_t> executions_;  // per operator: executions so far (scripted failures count them)
  std::vector<std::uint32_t> avoided_;
  std::size_t next_ = 0, plan_offset_ = 0;
  std::int64_t tries_ = 0, replans_ = 0, proactive_ = 0;
  bool started_ = false, finished_ = false, waiting_retry_ = false, awaiting_ = false;
  Tick deadline_;
};

ExecutorView executor_view(const sim::Actor* actor) {
  const auto* executor = dynamic_cast<const ExecutorActor*>(actor);
  if (executor == nullptr) return {};
  return ExecutorView{&executor->params(), &executor->initial_plan(), &executor->executed(), &executor->strategy_facts(), executor->finished(),
                      executor->proactive_replans()};
}

std::unique_ptr<sim::Actor> make_execution_actor(std::shared_ptr<const ExecutionParams> params, NodeId self) {
  if (self.value == 0) return std::make_unique<ExecutorActor>(std::move(params));
  return std::make_unique<WorkerActor>(std::move(params));
}

}  // namespace coordlab::planning

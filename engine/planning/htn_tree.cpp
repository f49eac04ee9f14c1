// Trees and timelines for the views (htn_tree.hpp). Nothing here decides anything: it explains a plan
// the planner (or a learner) already made, by replaying its steps and re-testing method preconditions.
#include "planning/htn_tree.hpp"

#include <algorithm>

#include "planning/search_state.hpp"
#include "planning/validator.hpp"

namespace coordlab::planning {
namespace {

// How many bindings of the chosen method are tried to find the one the plan used.
constexpr std::size_t kBindingsSearched = 256;

std::string effects_text(const Domain& domain, const Problem& problem, const std::vector<Literal>& effects, const GroundTask& step) {
  std::string text;
  for (const Literal& effect : effects) text.append(text.empty() ? "" : ", ").append(atom_text(domain, problem, ground_atom(effect, step.args)));
  return text.empty() ? "(nothing)" : text;
}

// The binding under which `method` produced `children` (the plan's subtasks), or its first binding.
std::vector<std::int32_t> chosen_binding(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const Method& method,
                                         const GroundTask& task, const std::vector<GroundTask>& children) {
  std::vector<std::int32_t> all;
  method_bindings(domain, problem, state, method, task, all, nullptr, 0, kBindingsSearched);
  const std::size_t width = method.variables.size();
  if (width == 0 || all.empty()) return std::vector<std::int32_t>(task.args, task.args + task.arity);
  for (std::size_t start = 0; start + width <= all.size(); start += width) {
    const std::vector<std::int32_t> binding(all.begin() + static_cast<std::ptrdiff_t>(start), all.begin() + static_cast<std::ptrdiff_t>(start + width));
    bool same = method.subtasks.size() == children.size();
    for (std::size_t s = 0; same && s < children.size(); ++s) same = bind_call(method.subtasks[s], binding) == children[s];
    if (same) return binding;
  }
  return std::vector<std::int32_t>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(width));
}

class PlanExplainer {
 public:
  PlanExplainer(const Domain& domain, const Problem& problem, const Plan& plan, PlannerKind kind) : domain_(domain), problem_(problem), plan_(plan), kind_(kind) {
    states_ = states_along(domain, problem.initial_state, step_tasks(plan));
    children_.resize(plan.decomposition.size());
    for (std::size_t i = 0; i < plan.decomposition.size(); ++i) {
      const std::int32_t parent = plan.decomposition[i].parent;
      (parent < 0 ? roots_ : children_[static_cast<std::size_t>(parent)]).push_back(i);
    }
  }

  std::vector<TreeRow> run() {
    std::vector<std::pair<std::size_t, std::int32_t>> stack;  // (decomposition node, parent row)
    for (std::size_t r = roots_.size(); r-- > 0;) stack.emplace_back(roots_[r], -1);
    while (!stack.empty() && rows_.size() < limits::kMaxStateTableRows) {
      const auto [node, parent_row] = stack.back();
      stack.pop_back();
      const auto row = static_cast<std::int32_t>(rows_.size());
      add_node(node, parent_row);
      for (std::size_t c = children_[node].size(); c-- > 0;) stack.emplace_back(children_[node][c], row);
    }
    return std::move(rows_);
  }

 private:
  const std::vector<AtomKey>& state_at(const DecompositionNode& node) const {
    if (kind_ == PlannerKind::fifo && node.method >= 0) return problem_.initial_state;
    return states_[std::min<std::size_t>(node.first_step, states_.size() - 1)];
  }

  void add_node(std::size_t index, std::int32_t parent_row) {
    const DecompositionNode& node = plan_.decomposition[index];
    TreeRow row;
    row.parent = parent_row;
    row.task = ground_text(domain_, problem_, node.task);
    if (node.method < 0) return add_step(node, std::move(row));
    const Method& method = domain_.methods[static_cast<std::size_t>(node.method)];
    std::vector<GroundTask> children;
    for (std::size_t child : children_[index]) children.push_back(plan_.decomposition[child].task);
    const std::vector<AtomKey>& state = state_at(node);
    const std::vector<std::int32_t> binding = chosen_binding(domain_, problem_, state, method, node.task, children);
    row.status = TreeRowStatus::done;
    row.note = "via " + method.name;
    row.details = "method " + method.name + " (success " + std::to_string(method.success_permille) + " permille)\nbindings: " +
                  binding_text(problem_, method.variables, binding) + "\n" +
                  (kind_ == PlannerKind::fifo ? "judged on the initial state (the FIFO planner): " : "projected state here: ") + state_text(domain_, problem_, state);
    const auto row_index = static_cast<std::int32_t>(rows_.size());
    rows_.push_back(std::move(row));
    add_failed_methods(node, state, row_index);
  }

  void add_step(const DecompositionNode& node, TreeRow row) {
    const Operator& op = domain_.operators[domain_.tasks[node.task.task].op];
    row.status = TreeRowStatus::step;
    row.note = "step " + std::to_string(node.first_step + 1);
    const std::vector<std::int32_t> binding(node.task.args, node.task.args + node.task.arity);
    row.details = "operator " + op.name + ", bindings: " + binding_text(problem_, op.variables, binding) + "\nstate before: " +
                  state_text(domain_, problem_, states_[std::min<std::size_t>(node.first_step, states_.size() - 1)]) + "\nadds: " +
                  effects_text(domain_, problem_, op.add_effects, node.task) + "\ndeletes: " + effects_text(domain_, problem_, op.delete_effects, node.task);
    rows_.push_back(std::move(row));
  }

  // The methods listed before the chosen one: each failed here (SHOP tries them in file order).
  void add_failed_methods(const DecompositionNode& node, const std::vector<AtomKey>& state, std::int32_t parent_row) {
    for (std::uint32_t index : domain_.tasks[node.task.task].methods) {
      if (static_cast<std::int32_t>(index) == node.method) break;
      const Method& method = domain_.methods[index];
      std::vector<std::int32_t> binding;
      std::string reason = method_failure(domain_, problem_, state, method, node.task, binding);
      if (reason.empty()) reason = "its preconditions hold, but the tasks after it could not be planned, so the planner backtracked";
      TreeRow row;
      row.parent = parent_row;
      row.task = method.name;
      row.status = TreeRowStatus::failed;
      row.note = reason;
      row.details = "method " + method.name + " tried on " + ground_text(domain_, problem_, node.task) + "\n" + reason + "\nprojected state here: " +
                    state_text(domain_, problem_, state);
      rows_.push_back(std::move(row));
    }
  }

  const Domain& domain_;
  const Problem& problem_;
  const Plan& plan_;
  PlannerKind kind_;
  std::vector<std::vector<AtomKey>> states_;
  std::vector<std::vector<std::size_t>> children_;
  std::vector<std::size_t> roots_;
  std::vector<TreeRow> rows_;
};

}  // namespace

std::string_view tree_row_status_name(TreeRowStatus status) {
  switch (status) {
    case TreeRowStatus::done: return "done";
    case TreeRowStatus::step: return "step";
    case TreeRowStatus::failed: return "failed";
    case TreeRowStatus::open: return "open";
    case TreeRowStatus::waiting: return "waiting";
  }
  return "?";
}

std::string state_text(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state) {
  if (state.empty()) return "(empty)";
  std::string text;
  const std::size_t shown = std::min(state.size(), limits::kMaxHtnStateAtomsShown);
  for (std::size_t i = 0; i < shown; ++i) text.append(i ? ", " : "").append(atom_text(domain, problem, state[i]));
  if (shown < state.size()) text.append(" and ").append(std::to_string(state.size() - shown)).append(" more");
  return text;
}

std::string binding_text(const Problem& problem, const std::vector<TypedVariable>& variables, const std::vector<std::int32_t>& binding) {
  std::string text;
  for (std::size_t v = 0; v < variables.size() && v < binding.size(); ++v) {
    if (binding[v] < 0) continue;
    text.append(text.empty() ? "?" : " ?").append(variables[v].name).append("=").append(problem.objects[static_cast<std::size_t>(binding[v])]);
  }
  return text.empty() ? "(none)" : text;
}

std::string method_failure(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const Method& method, const GroundTask& task,
                           std::vector<std::int32_t>& binding) {
  BindingFailure failure;
  binding.clear();
  if (method_bindings(domain, problem, state, method, task, binding, &failure, 0, 1)) return {};
  if (failure.literal >= method.preconditions.size()) return "no object of the right type for a variable only its subtasks use";
  return "precondition `" + literal_text(domain, problem, method.preconditions[failure.literal], failure.binding, method.variables) + "` is false";
}

std::vector<std::vector<AtomKey>> states_along(const Domain& domain, const std::vector<AtomKey>& initial, const std::vector<GroundTask>& steps) {
  std::vector<std::vector<AtomKey>> states{initial};
  for (const GroundTask& step : steps) {
    states.push_back(states.back());
    apply_step(domain, step, states.back());
  }
  return states;
}

std::vector<GroundTask> step_tasks(const Plan& plan) {
  std::vector<GroundTask> steps;
  for (const PlanStep& step : plan.steps) steps.push_back(step.task);
  return steps;
}

std::vector<TreeRow> explain_plan(const Domain& domain, const Problem& problem, const Plan& plan, PlannerKind kind) {
  return PlanExplainer(domain, problem, plan, kind).run();
}

void write_tree_table(sim::StateWriter& writer, std::string_view name, const std::vector<TreeRow>& rows) {
  writer.table(name, {"id", "parent", "task", "status", "note", "details", "choices"});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const TreeRow& row = rows[i];
    std::string choices;
    for (const TreeChoice& choice : row.choices) choices.append(choices.empty() ? "" : "\n").append(choice.label).append("|").append(choice.input);
    writer.row({std::to_string(row.id < 0 ? static_cast<std::int32_t>(i) : row.id), row.parent < 0 ? std::string() : std::to_string(row.parent), row.task, std::string(tree_row_status_name(row.status)), row.note,
                row.details, choices});
  }
}

void write_timeline_table(sim::StateWriter& writer, std::string_view name, const Domain& domain, const Problem& problem,
                          const std::vector<AtomKey>& initial, const std::vector<GroundTask>& steps) {
  writer.table(name, {"#", "step", "changed", "state after"});
  const Replay replay = replay_plan(domain, problem, initial, steps);
  const std::size_t failing = replay.failing_step.value_or(steps.size());
  std::vector<AtomKey> state = initial;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string number = std::to_string(i + 1);
    const std::string step = ground_text(domain, problem, steps[i]);
    if (i > failing) {
      writer.row({number, step, "not run: step " + std::to_string(failing + 1) + " failed", ""});
      continue;
    }
    if (i == failing) {
      const std::size_t colon = replay.reason.find(": ");
      writer.row({number, step, "\u2717 " + (colon == std::string::npos ? replay.reason : replay.reason.substr(colon + 2)), state_text(domain, problem, state)});
      continue;
    }
    std::vector<AtomKey> after = state;
    apply_step(domain, steps[i], after);
    std::string changed;
    for (AtomKey key : after)
      if (!std::binary_search(state.begin(), state.end(), key)) changed.append(changed.empty() ? "+" : ", +").append(atom_text(domain, problem, key));
    for (AtomKey key : state)
      if (!std::binary_search(after.begin(), after.end(), key)) changed.append(changed.empty() ? "-" : ", -").append(atom_text(domain, problem, key));
    state = std::move(after);
    writer.row({number, step, changed.empty() ? "(nothing)" : changed, state_text(domain, problem, state)});
  }
}

}  // namespace coordlab::planning

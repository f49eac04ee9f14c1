// The total-order HTN planner, SHOP style: depth-first over the task list, left to right, on the
// projected state (each step's effects apply before the next task is considered), binding method
// variables against the state and backtracking over methods and bindings. The course's FIFO planner
// (a queue that appends subtasks after the siblings, every precondition judged on the initial state, no
// backtracking) is a labelled variant. The search is iterative (an explicit stack of choice points), so
// long plans never exhaust the C++ stack, in the browser either.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "planning/domain.hpp"

namespace coordlab::planning {

enum class PlannerKind : std::uint8_t { shop, fifo };
enum class PlanStatus : std::uint8_t { found, no_plan, depth_limit, expansion_limit };
std::string_view plan_status_name(PlanStatus status);

struct GroundTask {
  std::uint32_t task = 0;
  std::uint8_t arity = 0;
  std::int32_t args[limits::kMaxHtnArity] = {};
  bool operator==(const GroundTask& other) const;
};

struct PlanStep {
  GroundTask task;        // an operator and its objects
  std::int32_t node = 0;  // its node in Plan::decomposition
};

// The decomposition of a found plan, tasks in preorder: compound tasks with the method that decomposed
// them, primitive tasks with their step.
struct DecompositionNode {
  GroundTask task;
  std::int32_t parent = -1;       // -1 for a root task of the problem
  std::int32_t method = -1;       // -1 for a primitive task
  std::uint32_t first_step = 0;   // steps before this node's descendants (its own step if primitive)
  std::uint64_t state_hash = 0;   // the projected state where it was expanded (loop detection)
  std::uint32_t depth = 0;
};

struct Plan {
  std::vector<PlanStep> steps;
  std::vector<DecompositionNode> decomposition;
  std::int64_t success_permille = 1000;  // product of the chosen methods' success probabilities
  std::int64_t cost = 0;
  std::int64_t time_ticks = 0;           // steps in sequence: the sum of durations
  std::int64_t risk_permille = 0;        // chance that at least one step fails
  std::int64_t max_streams = 0;
};

// One node of the search's decomposition tree: a task tried, or a method tried on it, with what happened.
struct SearchTreeNode {
  std::int32_t parent = -1;
  std::string label;     // "move_one a b" or "method m_stack ?b=a ?c=b"
  bool is_method = false;
  bool failed = false;
  bool on_plan = false;  // part of the returned (first) plan
  std::string reason;    // why it failed: "precondition `clear ?c=b` is false", "loop: ..."
  std::size_t state_atoms = 0;  // size of the projected state at the node
};

struct PlanOptions {
  PlannerKind kind = PlannerKind::shop;
  std::size_t depth_limit = limits::kDefaultHtnDepthLimit;
  std::size_t expansion_limit = limits::kDefaultHtnExpansionLimit;
  std::size_t max_plans = 1;  // > 1: keep searching after a plan, for alternatives
  bool record_tree = false;
  bool loop_detection = true;
  std::vector<std::uint32_t> banned_operators;  // proactive replanning avoids these
};

struct PlanResult {
  PlanStatus status = PlanStatus::no_plan;
  std::vector<Plan> plans;
  std::vector<SearchTreeNode> tree;
  std::size_t tree_omitted = 0;
  std::size_t expansions = 0;   // tasks taken off the list (primitive or compound)
  std::size_t loops_cut = 0;
  std::string reason;           // for no_plan or a limit: what to do
};

PlanResult plan_tasks(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const std::vector<GroundTask>& tasks,
                      const PlanOptions& options);
PlanResult plan_problem(const Domain& domain, const Problem& problem, const PlanOptions& options);

GroundTask ground(const TaskCall& call);
std::string ground_text(const Domain& domain, const Problem& problem, const GroundTask& task);
void fill_plan_metrics(const Domain& domain, Plan& plan);

// A read-only state for the matcher: one sorted vector (the validator, the views, the executor) or the
// planner's atoms split by predicate, each sorted (search_state.hpp). Either way the atoms of one
// predicate come in sorted order, so bindings are found in the same order.
class StateView {
 public:
  StateView(const std::vector<AtomKey>& sorted) : sorted_(&sorted) {}  // implicit: every sorted state is a view
  explicit StateView(const std::vector<std::vector<AtomKey>>& by_predicate) : by_predicate_(&by_predicate) {}
  // Sorted atoms that include every atom of `predicate` (a sorted state gives all its atoms).
  std::pair<const AtomKey*, const AtomKey*> atoms_of(std::uint32_t predicate) const {
    const std::vector<AtomKey>& atoms = sorted_ != nullptr ? *sorted_ : (*by_predicate_)[predicate];
    return {atoms.data(), atoms.data() + atoms.size()};
  }

 private:
  const std::vector<AtomKey>* sorted_ = nullptr;
  const std::vector<std::vector<AtomKey>>* by_predicate_ = nullptr;
};

// Sorted state helpers.
// Inline: the matcher's innermost operations.
inline bool holds(const std::vector<AtomKey>& state, AtomKey key) { return std::binary_search(state.begin(), state.end(), key); }
inline bool holds(StateView state, AtomKey key) {
  const auto [first, last] = state.atoms_of(atom_predicate(key));
  return std::binary_search(first, last, key);
}
inline AtomKey ground_atom(const Literal& literal, const std::int32_t* binding) {
  std::int32_t objects[limits::kMaxHtnArity] = {};
  for (std::size_t i = 0; i < literal.args.size(); ++i) objects[i] = is_variable(literal.args[i]) ? binding[variable_index(literal.args[i])] : literal.args[i];
  return make_atom_key(literal.predicate, objects, literal.args.size());
}
// Whether `literal` holds in `state` when its variables take `binding` (the owner's variables; a
// forall needs them bound and binds its own slot). Objects in the literal stand for themselves.
bool literal_holds(const Problem& problem, StateView state, const Literal& literal, const std::int32_t* binding);
void apply_step(const Domain& domain, const GroundTask& step, std::vector<AtomKey>& state);

}  // namespace coordlab::planning

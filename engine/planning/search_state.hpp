// The planner's working memory: the projected state with an undo trail and an incremental hash, the
// task-list arena, the stack of choice points and the binding enumerator (planner.cpp drives it).
// The projected state keeps each predicate's atoms in their own sorted vector: adding or deleting an
// atom moves only that predicate's atoms (in WebAssembly memmove is a plain loop, not vector
// instructions), and the matcher's lookups search only their predicate. Within a predicate the order
// is the sorted order, so every binding, and so every plan, comes out as with one sorted vector.
#pragma once
#include <cstdint>
#include <vector>

#include "planning/planner.hpp"

namespace coordlab::planning {

// Every binding of `method`'s variables (the first task_arity set from `task`) under which its
// preconditions hold in `state`, left to right as SHOP finds them; variables that only subtasks use
// range over the objects of their type. Only the bindings after the first `skip` are output, at most
// `limit` of them (the planner takes the first one, and the rest only when it backtracks). Returns
// false when none is output; `failure`, when not null, receives the
// deepest literal that no binding passed and the binding that reached it (for the decomposition tree).
struct BindingFailure {
  std::size_t literal = 0;
  std::vector<std::int32_t> binding;
};
bool method_bindings(const Domain& domain, const Problem& problem, StateView state, const Method& method, const GroundTask& task,
                     std::vector<std::int32_t>& out, BindingFailure* failure, std::size_t skip = 0, std::size_t limit = SIZE_MAX);
std::int32_t first_applicable_method(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const GroundTask& task,
                                     std::vector<std::int32_t>& binding);
GroundTask bind_call(const TaskCall& call, const std::vector<std::int32_t>& binding);
std::uint64_t atom_hash(AtomKey key);

class SearchState {
 public:
  SearchState(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const PlanOptions& options);
  PlanResult run(const std::vector<GroundTask>& tasks);

 private:
  struct ListNode {
    GroundTask task;
    std::int32_t next = -1;
    std::int32_t parent = -1;  // decomposition node of the compound task it came from
  };
  struct Frame {
    std::int32_t list = -1;
    std::size_t trail_mark = 0, arena_mark = 0, steps_mark = 0, nodes_mark = 0, bindings_mark = 0, bindings_end = 0;
    bool started = false;
    bool primitive = false;
    std::size_t method_cursor = 0;          // next method of the task to try
    std::size_t binding_next = 0, binding_count = 0;  // the current method's bindings, from bindings_mark
    bool all_bindings = false;  // false: only the first binding is loaded (the rest on backtracking)
    std::int32_t current_method = -1;
    std::int32_t tree_node = -1;
    std::int32_t method_tree_node = -1;
    std::int32_t tree_parent = -1;
  };

  void push_frame(std::int32_t list, std::int32_t tree_parent);
  void restore(const Frame& frame);
  bool start_frame(Frame& frame);   // false: dead end
  bool next_alternative(Frame& frame);
  bool start_primitive(Frame& frame, const ListNode& head);
  bool check_compound(Frame& frame, const ListNode& head);
  bool load_next_method(Frame& frame, const ListNode& head);
  bool load_remaining_bindings(Frame& frame, const ListNode& head);
  void found_plan();
  bool goal_holds() const;
  void add_atom(AtomKey key);
  void delete_atom(AtomKey key);
  std::int32_t tree_add(std::int32_t parent, std::string label, bool is_method);
  void tree_fail(std::int32_t node, std::string reason);

  const Domain& domain_;
  const Problem& problem_;
  const PlanOptions& options_;
  std::vector<std::vector<AtomKey>> state_;  // by predicate, each sorted
  std::size_t state_atoms_ = 0;
  std::uint64_t state_hash_ = 0;
  std::vector<std::pair<AtomKey, bool>> trail_;  // (atom, was added)
  std::vector<ListNode> arena_;
  std::vector<Frame> stack_;
  std::vector<PlanStep> steps_;
  std::vector<DecompositionNode> nodes_;
  std::vector<std::int32_t> node_tree_;  // the method's tree node per decomposition node
  std::vector<std::int32_t> bindings_;
  std::vector<std::int32_t> scratch_binding_;
  PlanResult result_;
  bool stop_ = false;
  bool depth_limit_hit_ = false;
};

}  // namespace coordlab::planning

// The iterative depth-first search (see planner.cpp for the idea).
#include "planning/search_state.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace coordlab::planning {

// Room reserved up front, so a typical search never regrows its buffers (each regrowth is an
// allocation and a copy, dearer in WebAssembly).
constexpr std::size_t kReservedEntries = 256;
constexpr std::size_t kReservedAtomsPerPredicate = 16;

SearchState::SearchState(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const PlanOptions& options)
    : domain_(domain), problem_(problem), options_(options), state_(domain.predicates.size()) {
  for (AtomKey key : state) state_[atom_predicate(key)].push_back(key);
  for (std::vector<AtomKey>& atoms : state_) {
    ENGINE_ASSERT(std::is_sorted(atoms.begin(), atoms.end()));  // states are kept sorted and unique
    atoms.reserve(std::max(kReservedAtomsPerPredicate, 2 * atoms.size()));
  }
  state_atoms_ = state.size();
  for (AtomKey key : state) state_hash_ ^= atom_hash(key);
  trail_.reserve(kReservedEntries);
  arena_.reserve(kReservedEntries);
  stack_.reserve(kReservedEntries);
  steps_.reserve(kReservedEntries);
  nodes_.reserve(kReservedEntries);
  node_tree_.reserve(kReservedEntries);
  bindings_.reserve(kReservedEntries);
}

void SearchState::add_atom(AtomKey key) {
  std::vector<AtomKey>& atoms = state_[atom_predicate(key)];
  auto it = std::lower_bound(atoms.begin(), atoms.end(), key);
  if (it != atoms.end() && *it == key) return;
  atoms.insert(it, key);
  ++state_atoms_;
  state_hash_ ^= atom_hash(key);
  trail_.emplace_back(key, true);
}

void SearchState::delete_atom(AtomKey key) {
  std::vector<AtomKey>& atoms = state_[atom_predicate(key)];
  auto it = std::lower_bound(atoms.begin(), atoms.end(), key);
  if (it == atoms.end() || *it != key) return;
  atoms.erase(it);
  --state_atoms_;
  state_hash_ ^= atom_hash(key);
  trail_.emplace_back(key, false);
}

std::int32_t SearchState::tree_add(std::int32_t parent, std::string label, bool is_method) {
  if (!options_.record_tree) return -1;
  if (result_.tree.size() >= limits::kMaxHtnTreeNodes) {
    ++result_.tree_omitted;
    return -1;
  }
  SearchTreeNode node;
  node.parent = parent;
  node.label = std::move(label);
  node.is_method = is_method;
  node.state_atoms = state_atoms_;
  result_.tree.push_back(std::move(node));
  return static_cast<std::int32_t>(result_.tree.size() - 1);
}

void SearchState::tree_fail(std::int32_t node, std::string reason) {
  if (node < 0) return;
  SearchTreeNode& entry = result_.tree[static_cast<std::size_t>(node)];
  if (entry.failed || entry.on_plan) return;
  entry.failed = true;
  entry.reason = std::move(reason);
}

void SearchState::push_frame(std::int32_t list, std::int32_t tree_parent) {
  Frame frame;
  frame.list = list;
  frame.tree_parent = tree_parent;
  stack_.push_back(frame);
}

void SearchState::restore(const Frame& frame) {
  while (trail_.size() > frame.trail_mark) {
    auto [key, added] = trail_.back();
    trail_.pop_back();
    std::vector<AtomKey>& atoms = state_[atom_predicate(key)];
    auto it = std::lower_bound(atoms.begin(), atoms.end(), key);
    if (added) atoms.erase(it);
    else atoms.insert(it, key);
    state_atoms_ = added ? state_atoms_ - 1 : state_atoms_ + 1;
    state_hash_ ^= atom_hash(key);
  }
  arena_.resize(frame.arena_mark);
  steps_.resize(frame.steps_mark);
  nodes_.resize(frame.nodes_mark);
  node_tree_.resize(frame.nodes_mark);
  bindings_.resize(std::max(frame.bindings_end, frame.bindings_mark));
}

bool SearchState::goal_holds() const {
  for (const Literal& literal : problem_.goal)
    if (!literal_holds(problem_, StateView(state_), literal, nullptr)) return false;
  return true;
}

void SearchState::found_plan() {
  Plan plan;
  plan.steps = steps_;
  plan.decomposition = nodes_;
  fill_plan_metrics(domain_, plan);
  if (result_.plans.empty()) {
    for (const Frame& frame : stack_) {
      for (std::int32_t node : {frame.tree_node, frame.method_tree_node})
        if (node >= 0) result_.tree[static_cast<std::size_t>(node)].on_plan = true;
    }
  }
  result_.plans.push_back(std::move(plan));
  if (result_.plans.size() >= options_.max_plans || result_.plans.size() >= limits::kMaxHtnAlternativePlans) stop_ = true;
}

bool SearchState::start_primitive(Frame& frame, const ListNode& head) {
  const Operator& op = domain_.operators[domain_.tasks[head.task.task].op];
  frame.primitive = true;
  if (std::find(options_.banned_operators.begin(), options_.banned_operators.end(), domain_.tasks[head.task.task].op) != options_.banned_operators.end()) {
    tree_fail(frame.tree_node, "avoided: its predicted chance of failure is above the threshold");
    return false;
  }
  for (const Literal& literal : op.preconditions) {
    if (literal_holds(problem_, StateView(state_), literal, head.task.args)) continue;
    if (frame.tree_node >= 0) {
      std::vector<std::int32_t> binding(head.task.args, head.task.args + head.task.arity);
      tree_fail(frame.tree_node, "precondition `" + literal_text(domain_, problem_, literal, binding, op.variables) + "` is false");
    }
    return false;
  }
  if (steps_.size() >= limits::kMaxHtnPlanSteps) {
    tree_fail(frame.tree_node, "the plan reached the step limit");
    return false;
  }
  for (const Literal& effect : op.delete_effects) delete_atom(ground_atom(effect, head.task.args));
  for (const Literal& effect : op.add_effects) add_atom(ground_atom(effect, head.task.args));
  const std::uint32_t depth = head.parent >= 0 ? nodes_[static_cast<std::size_t>(head.parent)].depth + 1 : 0;
  steps_.push_back(PlanStep{head.task, static_cast<std::int32_t>(nodes_.size())});
  nodes_.push_back(DecompositionNode{head.task, head.parent, -1, static_cast<std::uint32_t>(steps_.size() - 1), state_hash_, depth});
  node_tree_.push_back(frame.tree_node);
  const std::int32_t next = head.next;
  const std::int32_t tree_parent = frame.tree_parent;
  push_frame(next, tree_parent);  // invalidates `frame`
  return true;
}

bool SearchState::check_compound(Frame& frame, const ListNode& head) {
  const std::uint32_t depth = head.parent >= 0 ? nodes_[static_cast<std::size_t>(head.parent)].depth + 1 : 0;
  if (depth >= options_.depth_limit) {
    depth_limit_hit_ = true;
    tree_fail(frame.tree_node, "depth limit " + std::to_string(options_.depth_limit) + " reached");
    return false;
  }
  if (!options_.loop_detection) return true;
  for (std::int32_t at = head.parent; at >= 0; at = nodes_[static_cast<std::size_t>(at)].parent) {
    const DecompositionNode& ancestor = nodes_[static_cast<std::size_t>(at)];
    if (ancestor.state_hash == state_hash_ && ancestor.task == head.task) {
      ++result_.loops_cut;
      tree_fail(frame.tree_node, "loop: this task recurs inside its own decomposition in the same state");
      return false;
    }
  }
  return true;
}

bool SearchState::load_next_method(Frame& frame, const ListNode& head) {
  const TaskSignature& signature = domain_.tasks[head.task.task];
  bindings_.resize(frame.bindings_mark);
  while (frame.method_cursor < signature.methods.size()) {
    const std::uint32_t index = signature.methods[frame.method_cursor++];
    const Method& method = domain_.methods[index];
    BindingFailure failure;
    if (method_bindings(domain_, problem_, StateView(state_), method, head.task, bindings_, options_.record_tree ? &failure : nullptr, 0, 1)) {
      frame.current_method = static_cast<std::int32_t>(index);
      frame.binding_next = 0;
      frame.binding_count = 1;
      frame.all_bindings = false;
      frame.bindings_end = bindings_.size();
      return true;
    }
    if (options_.record_tree) {
      std::int32_t node = tree_add(frame.tree_node, "method " + method.name, true);
      tree_fail(node, "precondition `" + literal_text(domain_, problem_, method.preconditions[failure.literal], failure.binding, method.variables) + "` is false");
    }
  }
  return false;
}

// The first binding failed: the current method's other bindings, in the same order (the state is the
// frame's again, so the matcher finds the same first one and skips it).
bool SearchState::load_remaining_bindings(Frame& frame, const ListNode& head) {
  const Method& method = domain_.methods[static_cast<std::size_t>(frame.current_method)];
  bindings_.resize(frame.bindings_mark);
  frame.all_bindings = true;
  frame.binding_next = 0;
  frame.binding_count = 0;
  frame.bindings_end = bindings_.size();
  if (!method_bindings(domain_, problem_, StateView(state_), method, head.task, bindings_, nullptr, 1, SIZE_MAX)) return false;
  const std::size_t width = method.variables.size();
  frame.binding_count = width == 0 ? 1 : (bindings_.size() - frame.bindings_mark) / width;
  frame.bindings_end = bindings_.size();
  return true;
}

bool SearchState::next_alternative(Frame& frame) {
  restore(frame);
  if (frame.primitive) return false;
  const ListNode head = arena_[static_cast<std::size_t>(frame.list)];
  for (;;) {
    if (frame.current_method >= 0 && frame.binding_next < frame.binding_count) break;
    if (frame.current_method >= 0 && !frame.all_bindings && load_remaining_bindings(frame, head)) break;
    if (frame.method_tree_node >= 0) tree_fail(frame.method_tree_node, "its subtasks could not be planned");
    frame.method_tree_node = -1;
    if (!load_next_method(frame, head)) return false;
  }
  const Method& method = domain_.methods[static_cast<std::size_t>(frame.current_method)];
  const std::size_t width = method.variables.size();
  std::vector<std::int32_t>& binding = scratch_binding_;
  binding.assign(bindings_.begin() + static_cast<std::ptrdiff_t>(frame.bindings_mark + frame.binding_next * width),
                 bindings_.begin() + static_cast<std::ptrdiff_t>(frame.bindings_mark + (frame.binding_next + 1) * width));
  ++frame.binding_next;
  if (options_.record_tree) {
    std::string label = "method " + method.name;
    for (std::size_t v = 0; v < width; ++v) label.append(" ?").append(method.variables[v].name).append("=").append(problem_.objects[static_cast<std::size_t>(binding[v])]);
    frame.method_tree_node = tree_add(frame.tree_node, label, true);
  }
  const std::uint32_t depth = head.parent >= 0 ? nodes_[static_cast<std::size_t>(head.parent)].depth + 1 : 0;
  const auto node = static_cast<std::int32_t>(nodes_.size());
  nodes_.push_back(DecompositionNode{head.task, head.parent, frame.current_method, static_cast<std::uint32_t>(steps_.size()), state_hash_, depth});
  node_tree_.push_back(frame.method_tree_node);
  std::int32_t list = head.next;
  for (std::size_t s = method.subtasks.size(); s-- > 0;) {
    arena_.push_back(ListNode{bind_call(method.subtasks[s], binding), list, node});
    list = static_cast<std::int32_t>(arena_.size() - 1);
  }
  const std::int32_t tree_parent = frame.method_tree_node;
  push_frame(list, tree_parent);  // invalidates `frame`
  return true;
}

bool SearchState::start_frame(Frame& frame) {
  frame.started = true;
  frame.trail_mark = trail_.size();
  frame.arena_mark = arena_.size();
  frame.steps_mark = steps_.size();
  frame.nodes_mark = nodes_.size();
  frame.bindings_mark = bindings_.size();
  if (frame.list < 0) {
    if (goal_holds()) found_plan();
    return false;
  }
  if (++result_.expansions > options_.expansion_limit) {
    stop_ = true;
    result_.status = PlanStatus::expansion_limit;
    return false;
  }
  const ListNode head = arena_[static_cast<std::size_t>(frame.list)];
  if (options_.record_tree) frame.tree_node = tree_add(frame.tree_parent, ground_text(domain_, problem_, head.task), false);
  if (domain_.tasks[head.task.task].primitive) return start_primitive(frame, head);
  if (domain_.tasks[head.task.task].methods.empty()) {
    tree_fail(frame.tree_node, "no method decomposes this task");
    return false;
  }
  if (!check_compound(frame, head)) return false;
  return next_alternative(frame);
}

PlanResult SearchState::run(const std::vector<GroundTask>& tasks) {
  std::int32_t list = -1;
  for (std::size_t i = tasks.size(); i-- > 0;) {
    arena_.push_back(ListNode{tasks[i], list, -1});
    list = static_cast<std::int32_t>(arena_.size() - 1);
  }
  push_frame(list, -1);
  while (!stack_.empty() && !stop_) {
    const std::size_t index = stack_.size() - 1;
    const bool advanced = stack_[index].started ? next_alternative(stack_[index]) : start_frame(stack_[index]);
    if (advanced || stop_) continue;
    tree_fail(stack_[index].tree_node, "no way to plan the rest from here");
    stack_.pop_back();
  }
  if (!result_.plans.empty()) {
    result_.status = PlanStatus::found;
  } else if (result_.status == PlanStatus::expansion_limit) {
    result_.reason = "the search expanded " + std::to_string(options_.expansion_limit) + " tasks without a plan; raise the expansion limit or guard the recursion";
  } else if (depth_limit_hit_) {
    result_.status = PlanStatus::depth_limit;
    result_.reason = "every branch failed and some reached the depth limit of " + std::to_string(options_.depth_limit) + "; raise it or guard the recursion";
  } else {
    result_.reason = "no decomposition of the tasks works from this state (see the failed branches)";
  }
  return std::move(result_);
}

}  // namespace coordlab::planning

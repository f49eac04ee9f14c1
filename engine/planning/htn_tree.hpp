// The decomposition tree and the plan timeline as the views show them. A tree is a list of rows in
// preorder (a parent before its children): compound tasks with the method that decomposed them,
// primitive tasks with their step number, and the methods that were tried and failed, with the
// precondition that failed and its bindings; every row carries, for hover, its bindings and the
// projected state at that node. Actors write trees and timelines as StateWriter tables in the shape
// the generic tree view reads (web/views/view_domain.hpp), so views never read an actor's members.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "planning/planner.hpp"
#include "sim/actor.hpp"

namespace coordlab::planning {

enum class TreeRowStatus : std::uint8_t {
  done,     // a compound task decomposed (its method in `note`)
  step,     // a primitive task: a step of the plan
  failed,   // a method tried on its parent that did not apply, or whose subtasks failed
  open,     // a compound task not yet decomposed (the learner can expand it)
  waiting,  // a compound task that cannot be expanded yet: a task before it is still open
};
std::string_view tree_row_status_name(TreeRowStatus status);

struct TreeChoice {
  std::string label;  // "m_extract_csv"
  std::string input;  // the node's input line that makes this choice: "expand 3 m_extract_csv"
};

struct TreeRow {
  std::int32_t id = -1;      // the node's id (a learner's input names it); -1: its row index
  std::int32_t parent = -1;  // the parent's id; -1 for a root task
  std::string task;          // "etl orders", or for a failed method "m_load_adapted ?s=orders"
  TreeRowStatus status = TreeRowStatus::done;
  std::string note;          // "via m_etl", "step 3", "precondition `scale_down` is false"
  std::string details;       // hover text: bindings, projected state, effects
  std::vector<TreeChoice> choices;
};

// "extracted orders, loaded orders", or "(empty)"; at most kMaxHtnStateAtomsShown atoms, then "and N more".
std::string state_text(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state);
// "?s=orders ?t=sales", or "(none)".
std::string binding_text(const Problem& problem, const std::vector<TypedVariable>& variables, const std::vector<std::int32_t>& binding);
// Why `method` does not apply to `task` in `state`: "precondition `format_api ?s=orders` is false";
// "" when it applies, and then `binding` holds its first binding (SHOP's choice).
std::string method_failure(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const Method& method, const GroundTask& task,
                           std::vector<std::int32_t>& binding);
// The states along a sequence of steps: states[k] is the state after the first k steps (effects applied
// whether or not the preconditions held; the timeline reports those).
std::vector<std::vector<AtomKey>> states_along(const Domain& domain, const std::vector<AtomKey>& initial, const std::vector<GroundTask>& steps);

std::vector<GroundTask> step_tasks(const Plan& plan);

// The tree of a plan the planner returned, with the methods tried before the chosen one at each node.
// `kind` says where method preconditions were judged: SHOP on the projected state at the node, the
// course's FIFO planner on the initial state (the rows say so).
std::vector<TreeRow> explain_plan(const Domain& domain, const Problem& problem, const Plan& plan, PlannerKind kind);

// Tables in the shape the tree view reads: "id", "parent" (an id, or empty for a root), "task", "status",
// "note", "details", "choices" (each choice a line "label|input"). Rows come in preorder.
void write_tree_table(sim::StateWriter& writer, std::string_view name, const std::vector<TreeRow>& rows);
// The plan timeline: "#", "step", "changed", "state after", replaying `steps` from `initial`; the first
// step whose precondition is false is marked and the steps after it are not run.
void write_timeline_table(sim::StateWriter& writer, std::string_view name, const Domain& domain, const Problem& problem,
                          const std::vector<AtomKey>& initial, const std::vector<GroundTask>& steps);

}  // namespace coordlab::planning

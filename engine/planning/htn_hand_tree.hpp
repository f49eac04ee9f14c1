// The `htn_tree` protocol: one node holds a decomposition tree that the learner expands by hand, the way
// a SHOP planner would: depth first, left to right, on the projected state. Its input line
// `expand ID METHOD` decomposes tree node ID with METHOD. Only the first open compound task can be
// expanded (the state there is known only once every task before it is a step); a method whose
// preconditions do not hold in that state is recorded as a failed try, with the precondition, and the
// task stays open. Inputs are commands, so a learner's tree replays, seeks and can be checked.
//
// Trace notes (node 0): "expand node=ID method=M children=ID,ID", "tried node=ID method=M failed=1".
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "planning/htn_tree.hpp"
#include "protocols/protocol_spec.hpp"

namespace coordlab::planning {

struct HandTreeParams {
  std::shared_ptr<const Domain> domain;
  std::shared_ptr<const Problem> problem;
};

struct HandNode {
  GroundTask task;
  std::int32_t parent = -1;
  std::int32_t method = -1;          // the method that expanded it, or that was tried (failed tries)
  bool tried_and_failed = false;     // a failed try of `method` on the parent, not a task
  std::string reason;                // why the try failed
  std::vector<std::int32_t> kids;    // subtasks, in order, then nothing else
  std::vector<std::int32_t> tries;   // failed tries, in the order they were made
};

protocols::ProtocolSpec htn_tree_protocol();

// The tree as it stands (node 0's actor; `nodes` is null for any other actor).
struct HandTreeView {
  const HandTreeParams* params = nullptr;
  const std::vector<HandNode>* nodes = nullptr;
  std::vector<GroundTask> leaves;  // the tree's leaves left to right (tasks only, not failed tries)
  std::size_t open = 0;            // leaves that are compound tasks
};
HandTreeView hand_tree_view(const sim::Actor* actor);

}  // namespace coordlab::planning

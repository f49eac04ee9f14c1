// Hierarchical coordination over the simulated network: an organisation chart of coordinators and
// workers ("org", one entry per node; node 0 is the root coordinator, every other node names its
// parent, an earlier node). A node that is some node's parent is a coordinator, every other a worker.
//
// The root holds the subtasks. Each coordinator delegates the subtasks it holds to its children, one
// delegation at a time per subtask and never beyond a child's capacity (a worker's own, a coordinator's
// the sum of its subtree's), by the strategy: round_robin (the next child in turn with room),
// least_loaded (lowest load / capacity, ties to the first child), capability_based (among the children
// whose subtree has the skill the subtask needs, the least loaded). A subtask with no child that has
// room waits in the coordinator's queue. A worker refuses what it lacks the skill for or has no room
// for, and otherwise works on it for its work_ticks and reports done or (by fail_permille) failed.
// A failure, a refusal or silence past the result deadline strikes that child off for that subtask
// (silence also cancels the delegation and marks the child suspect, so it is chosen only when nothing
// else is left, until it is heard from again) and the subtask is delegated again; when no child is
// left for it, or after max_attempts delegations, the coordinator escalates it to its parent, which
// re-delegates it to another of its children; the root reports it unassignable. Success is measured
// from completed subtasks: a subtask counts once its done report reaches the root, and the checks count
// the workers' own completions, never delivered messages. Work can be repeated after a lost report
// (at-least-once); the root counts a subtask done once.
//
// The course's variant, "strategy": "course_block_split", reproduces its flaw exactly: the root splits
// the workers (in node order) into blocks of floor(workers / coordinators) per coordinator, so the
// remainder idles, and the subtasks into blocks of ceil(subtasks / coordinators) whose end is one past
// the block (an off-by-one), so neighbouring blocks share a subtask; each coordinator splits its block
// over its team the same way. Its workers take whatever they are given (no capacity check) and nobody
// re-delegates. It needs the course's two-level org (root -> coordinators -> workers).
// "result_deadline_ticks": 0 is the other variant: wait for a result forever (no escalation).
//
// Trace notes (read by the hierarchy.* checks):
//   root: "org subtasks=N workers=3,4,5" and "team coordinator=C members=3,4" (the teams actually used)
//   coordinator: "delegate subtask=S child=C attempt=K due=T"  "done subtask=S child=C"
//                "failed subtask=S child=C reason=failed|incapable|full|escalated"  "silent subtask=S child=C"
//                "queued subtask=S"  "escalate subtask=S to=P reason=R"  "unassignable subtask=S reason=R"
//   worker: "accept subtask=S load=L capacity=K"  "finished subtask=S outcome=done|failure"  "refuse subtask=S reason=R"
//           "cancelled subtask=S"
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "protocols/protocol_spec.hpp"

namespace coordlab::allocation {

enum HierarchyMessage : std::uint16_t { kHDelegate, kHBlock, kHDone, kHFailed, kHCancel };
enum HierarchyTimer : std::uint16_t { kHWake };

enum class HierarchyStrategy : std::uint8_t { least_loaded, round_robin, capability_based, course_block_split };

struct HierarchyUnit {
  int parent = -1;                  // node index; -1 for the root
  std::int64_t capacity = 1;        // workers: subtasks held at once
  std::vector<std::string> skills;  // workers
  std::int64_t work_ticks = 20;     // workers
  std::int64_t fail_permille = 0;   // workers: chance that one piece of work fails
};

struct HierarchySubtask {
  std::string name;
  std::string needs;  // a skill, or empty
};

struct HierarchyParams {
  HierarchyStrategy strategy = HierarchyStrategy::least_loaded;
  std::vector<HierarchySubtask> subtasks;
  std::vector<HierarchyUnit> org;                 // one per node
  std::vector<std::string> names;                 // node names, for the view
  std::int64_t result_deadline_ticks = 100;       // for a worker; a coordinator child gets more (see deadline_for)
  std::int64_t max_attempts = 4;                  // delegations of one subtask by one coordinator
  // Derived from `org` when the params are read.
  std::vector<std::vector<std::uint16_t>> children;
  std::vector<std::int64_t> subtree_capacity;  // a worker's capacity, a coordinator's sum
  std::vector<std::vector<std::string>> subtree_skills;
  std::vector<std::int64_t> depth;
  std::vector<std::int64_t> height;  // 0 for a worker

  bool is_coordinator(std::size_t node) const { return !children[node].empty(); }
  bool course() const { return strategy == HierarchyStrategy::course_block_split; }
  // How long a coordinator waits for `child`'s result: the worker deadline, times (max_attempts + 1) per
  // level of coordinators below, so a child coordinator's own retries fit. 0 = forever (the variant).
  std::int64_t deadline_for(std::size_t child) const;
};

std::string_view strategy_name(HierarchyStrategy strategy);
protocols::ProtocolSpec hierarchy_protocol();

}  // namespace coordlab::allocation

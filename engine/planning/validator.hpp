// The validator: replays a plan from the initial state and names the first step whose precondition
// does not hold, checks the goal after the last step, and checks that the ordering between sibling
// tasks (compound or primitive) holds for all their descendants.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "planning/planner.hpp"

namespace coordlab::planning {

struct Replay {
  bool valid = true;                       // every step's preconditions held
  std::optional<std::size_t> failing_step;  // the first step whose precondition is false
  std::string reason;
  bool goal_reached = false;                // the problem's goal holds after the last step
  std::vector<AtomKey> final_state;
};

Replay replay_plan(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& initial, const std::vector<GroundTask>& steps);

// The first step that runs before a step of an earlier sibling's subtree (none: the order is respected).
struct OrderingCheck {
  std::optional<std::size_t> first_violation;
  std::string reason;
};
OrderingCheck check_ordering(const Domain& domain, const Problem& problem, const Plan& plan);

}  // namespace coordlab::planning

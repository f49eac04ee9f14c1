// Blocks world in our format, with the methods of GTPyhop's blocks_htn example (Gupta and Nau's
// near-optimal strategy): move a clear block to its final place when that place is ready, else move a
// clear misplaced block to the table, until every block is done. "done" (a block and everything under it
// are where the goal wants them) is a fact the final moves add, since the format has no axioms; the
// problem generator computes it for the initial state.
#include "planning/blocks_world.hpp"

#include <algorithm>

#include "core/json_input.hpp"
#include "core/random.hpp"

namespace coordlab::planning {

std::string_view blocks_world_domain_text() {
  return R"({
  "format": "coordlab.htn.domain/1",
  "name": "blocks_htn",
  "types": ["block"],
  "predicates": ["on ?x ?y - block", "ontable ?x - block", "clear ?x - block", "holding ?x - block", "handempty",
                 "done ?x - block", "goal_on ?x ?y - block", "goal_ontable ?x - block"],
  "operators": [
    { "name": "pickup", "parameters": "?b - block", "pre": ["ontable ?b", "clear ?b", "handempty"],
      "add": ["holding ?b"], "delete": ["ontable ?b", "clear ?b", "handempty"] },
    { "name": "unstack", "parameters": "?b ?c - block", "pre": ["on ?b ?c", "clear ?b", "handempty"],
      "add": ["holding ?b", "clear ?c"], "delete": ["on ?b ?c", "clear ?b", "handempty"] },
    { "name": "putdown", "parameters": "?b - block", "pre": ["holding ?b"],
      "add": ["ontable ?b", "clear ?b", "handempty"], "delete": ["holding ?b"] },
    { "name": "stack", "parameters": "?b ?c - block", "pre": ["holding ?b", "clear ?c"],
      "add": ["on ?b ?c", "clear ?b", "handempty"], "delete": ["holding ?b", "clear ?c"] },
    { "name": "putdown_final", "parameters": "?b - block", "pre": ["holding ?b", "goal_ontable ?b"],
      "add": ["ontable ?b", "clear ?b", "handempty", "done ?b"], "delete": ["holding ?b"] },
    { "name": "stack_final", "parameters": "?b ?c - block", "pre": ["holding ?b", "clear ?c", "goal_on ?b ?c", "done ?c"],
      "add": ["on ?b ?c", "clear ?b", "handempty", "done ?b"], "delete": ["holding ?b", "clear ?c"] }
  ],
  "tasks": ["move_blocks", "get ?b - block"],
  "methods": [
    { "name": "m_stack_final", "task": "move_blocks", "parameters": "?b ?c - block",
      "pre": ["clear ?b", "not done ?b", "goal_on ?b ?c", "done ?c", "clear ?c"],
      "subtasks": ["get ?b", "stack_final ?b ?c", "move_blocks"] },
    { "name": "m_table_final", "task": "move_blocks", "parameters": "?b - block",
      "pre": ["clear ?b", "not done ?b", "goal_ontable ?b"],
      "subtasks": ["get ?b", "putdown_final ?b", "move_blocks"] },
    { "name": "m_to_table", "task": "move_blocks", "parameters": "?b - block",
      "pre": ["clear ?b", "not done ?b", "not ontable ?b"],
      "subtasks": ["get ?b", "putdown ?b", "move_blocks"] },
    { "name": "m_all_done", "task": "move_blocks", "subtasks": [] },
    { "name": "m_pickup", "task": "get ?b", "pre": ["ontable ?b"], "subtasks": ["pickup ?b"] },
    { "name": "m_unstack", "task": "get ?b", "parameters": "?c - block", "pre": ["on ?b ?c"], "subtasks": ["unstack ?b ?c"] }
  ]
})";
}

namespace {

// Random towers: each block goes on the table or on top of an earlier tower, with equal chance.
std::vector<int> random_towers(std::size_t blocks, Random& random) {
  std::vector<int> below(blocks, -1);  // -1: on the table
  std::vector<int> tops;
  std::vector<std::size_t> order(blocks);
  for (std::size_t i = 0; i < blocks; ++i) order[i] = i;
  for (std::size_t i = blocks; i > 1; --i) std::swap(order[i - 1], order[random.below(i)]);
  for (std::size_t block : order) {
    const std::size_t choice = random.below(tops.size() + 1);
    if (choice == tops.size()) {
      tops.push_back(static_cast<int>(block));
    } else {
      below[block] = tops[choice];
      tops[choice] = static_cast<int>(block);
    }
  }
  return below;
}

std::string block_name(std::size_t block) {
  std::string name = "b";
  name.append(std::to_string(block + 1));
  return name;
}

// "ontable b1" or "on b1 b2" for a block whose `below` is -1 or another block.
std::string place_atom(std::size_t block, int below) {
  std::string atom = below < 0 ? "ontable " : "on ";
  atom.append(block_name(block));
  if (below >= 0) atom.append(" ").append(block_name(static_cast<std::size_t>(below)));
  return atom;
}

}  // namespace

std::string blocks_world_problem_text(std::size_t blocks, std::uint64_t seed) {
  Random random(seed);
  const std::vector<int> start = random_towers(blocks, random);
  const std::vector<int> goal = random_towers(blocks, random);
  Json problem = {{"format", "coordlab.htn.problem/1"}, {"name", std::string("bw").append(std::to_string(blocks))}, {"tasks", {"move_blocks"}}};
  Json names = Json::array();
  Json init = Json::array({"handempty"});
  Json goals = Json::array();
  std::vector<bool> covered(blocks, false);
  for (std::size_t b = 0; b < blocks; ++b)
    if (start[b] >= 0) covered[static_cast<std::size_t>(start[b])] = true;
  // done[b]: b and everything under it already match the goal (bottom-up, so repeat until stable).
  std::vector<bool> done(blocks, false);
  for (std::size_t pass = 0; pass < blocks; ++pass)
    for (std::size_t b = 0; b < blocks; ++b)
      done[b] = start[b] == goal[b] && (start[b] < 0 || done[static_cast<std::size_t>(start[b])]);
  for (std::size_t b = 0; b < blocks; ++b) {
    names.push_back(block_name(b));
    init.push_back(place_atom(b, start[b]));
    if (!covered[b]) init.push_back(std::string("clear ").append(block_name(b)));
    if (done[b]) init.push_back(std::string("done ").append(block_name(b)));
    const std::string goal_atom = place_atom(b, goal[b]);
    init.push_back(std::string("goal_").append(goal_atom));
    goals.push_back(goal_atom);
  }
  problem["objects"] = Json{{"block", names}};
  problem["init"] = init;
  problem["goal"] = goals;
  return problem.dump(1);
}

}  // namespace coordlab::planning

// Blocks world as a domain of ours (GTPyhop's blocks_htn methods) and a problem generator, for tests,
// the benchmark (htn_plan_ms.bw19, .bw50) and lessons.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace coordlab::planning {

std::string_view blocks_world_domain_text();
// `blocks` blocks in random towers, to be rearranged into other random towers (deterministic in `seed`).
std::string blocks_world_problem_text(std::size_t blocks, std::uint64_t seed);

}  // namespace coordlab::planning

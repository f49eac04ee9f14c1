// Shared by the instance generators (wdp_generators.cpp, wdp_paths.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "allocation/wdp.hpp"
#include "core/random.hpp"

namespace coordlab::allocation {

// "b1", "b2", ... for bidder 0, 1, ...
std::string bidder_name(std::size_t index);
// Adds one bidder's bundles (at most up to `bid_count` bids in all); several become XOR through a new
// dummy good, numbered after the real goods.
void add_bidder(WdpInstance& instance, std::uint32_t& dummy_count, std::size_t bidder, const std::vector<std::vector<std::uint32_t>>& bundles,
                const std::vector<std::int64_t>& prices, std::size_t bid_count);
void generate_paths(WdpInstance& instance, std::uint32_t& dummy_count, std::size_t bid_count, Random& random);

}  // namespace coordlab::allocation

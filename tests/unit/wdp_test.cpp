// Exact winner determination: on hundreds of small random instances from every generator (and random
// OR/XOR mixes) the branch and bound's welfare equals an exhaustive search's, its chosen bids are
// feasible and worth exactly that welfare; the node limit gives an explicit limit result with a valid
// bound; bad files get located errors; generators are deterministic per seed and make XOR bids with
// dummy goods; a proposed allocation is checked for feasibility.
#include <doctest/doctest.h>

#include <algorithm>

#include "allocation/wdp.hpp"
#include "core/limits.hpp"
#include "core/random.hpp"
#include "support/sweep_size.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::allocation;

// Every feasible allocation, by including or excluding each bid in turn.
void exhaustive(const WdpInstance& instance, std::size_t next, std::vector<bool>& used, std::int64_t welfare, std::int64_t& best) {
  if (next == instance.bids.size()) {
    best = std::max(best, welfare);
    return;
  }
  exhaustive(instance, next + 1, used, welfare, best);
  const WdpBid& bid = instance.bids[next];
  if (std::any_of(bid.goods.begin(), bid.goods.end(), [&](std::uint32_t good) { return used[good]; })) return;
  for (std::uint32_t good : bid.goods) used[good] = true;
  exhaustive(instance, next + 1, used, welfare + bid.price, best);
  for (std::uint32_t good : bid.goods) used[good] = false;
}

std::int64_t exhaustive_optimum(const WdpInstance& instance) {
  std::vector<bool> used(instance.good_count, false);
  std::int64_t best = 0;
  exhaustive(instance, 0, used, 0, best);
  return best;
}

// Random bundles over few goods, some bidders XOR through a dummy good, prices from a narrow range
// (many ties) or a wide one.
WdpInstance random_instance(std::uint64_t seed) {
  Random random(seed);
  WdpInstance instance;
  std::uint32_t goods = static_cast<std::uint32_t>(random.range(1, 8));
  std::int64_t bids = random.range(0, 18);
  std::int64_t price_high = random.chance(Ratio{1, 2}) ? 5 : 10'000;
  instance.good_count = goods;
  while (static_cast<std::int64_t>(instance.bids.size()) < bids) {
    std::int64_t alternatives = random.chance(Ratio{1, 3}) ? random.range(2, 3) : 1;
    std::uint32_t dummy = instance.good_count;
    if (alternatives > 1) ++instance.good_count;
    for (std::int64_t k = 0; k < alternatives; ++k) {
      WdpBid bid{"b" + std::to_string(instance.bids.size()), {}, random.range(1, price_high)};
      for (std::uint32_t good = 0; good < goods; ++good) {
        if (random.chance(Ratio{1, 3})) bid.goods.push_back(good);
      }
      if (bid.goods.empty()) bid.goods.push_back(static_cast<std::uint32_t>(random.below(goods)));
      if (alternatives > 1) bid.goods.push_back(dummy);
      instance.bids.push_back(bid);
    }
  }
  return instance;
}

void require_exact(const WdpInstance& instance, const std::string& label) {
  WdpSolution solution = solve_wdp(instance);
  INFO(label);
  REQUIRE(solution.status == WdpStatus::optimal);
  Result<std::int64_t> welfare = allocation_welfare(instance, solution.chosen);
  REQUIRE(welfare.ok());
  CHECK(welfare.value() == solution.welfare);
  CHECK(solution.welfare == exhaustive_optimum(instance));
  CHECK(solution.upper_bound == solution.welfare);
  CHECK(solution.root_bound >= solution.welfare);
  CHECK(std::is_sorted(solution.chosen.begin(), solution.chosen.end()));
}

}  // namespace

TEST_CASE("wdp: branch and bound: equals exhaustive search (random OR and XOR bids)") {
  const std::uint64_t seeds = test_support::sweep_seed_count(600);
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) require_exact(random_instance(seed), "SEED=" + std::to_string(seed));
}

TEST_CASE("wdp: branch and bound: equals exhaustive search (CATS-style generators, small)") {
  const std::uint64_t seeds = test_support::sweep_seed_count(100);
  for (WdpDistribution distribution : {WdpDistribution::arbitrary, WdpDistribution::paths, WdpDistribution::legacy_l3, WdpDistribution::legacy_l7}) {
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
      std::uint32_t goods = static_cast<std::uint32_t>(4 + seed % 9);
      std::uint32_t bids = static_cast<std::uint32_t>(6 + seed % 17);
      WdpInstance instance = generate_wdp_instance(distribution, goods, bids, seed);
      require_exact(instance, std::string(wdp_distribution_name(distribution)) + " SEED=" + std::to_string(seed));
    }
  }
}

TEST_CASE("wdp: generators: deterministic, exact bid counts, XOR through dummy goods (paths 20 x 100)") {
  WdpInstance first = generate_wdp_instance(WdpDistribution::paths, 20, 100, 7);
  WdpInstance again = generate_wdp_instance(WdpDistribution::paths, 20, 100, 7);
  CHECK(wdp_instance_json(first) == wdp_instance_json(again));
  CHECK(wdp_instance_json(first) != wdp_instance_json(generate_wdp_instance(WdpDistribution::paths, 20, 100, 8)));
  CHECK(first.bids.size() == 100);
  CHECK(first.good_count > 20);  // dummy goods follow the 20 roads
  for (const WdpBid& bid : first.bids) {
    bool dummy = bid.goods.back() >= 20;
    // A dummy good belongs to one bidder's bids only.
    for (const WdpBid& other : first.bids) {
      if (dummy && std::binary_search(other.goods.begin(), other.goods.end(), bid.goods.back())) CHECK(other.bidder == bid.bidder);
    }
  }
  for (WdpDistribution distribution : {WdpDistribution::arbitrary, WdpDistribution::legacy_l3, WdpDistribution::legacy_l7}) {
    WdpInstance instance = generate_wdp_instance(distribution, 25, 250, 3);
    CHECK(instance.bids.size() == 250);
    Result<WdpInstance> reread = read_wdp_instance(wdp_instance_json(instance));
    REQUIRE(reread.ok());
    CHECK(wdp_instance_json(reread.value()) == wdp_instance_json(instance));
  }
}

TEST_CASE("wdp: node limit: an explicit limit result with the best found and a valid bound (arbitrary 30 x 500)") {
  WdpInstance instance = generate_wdp_instance(WdpDistribution::arbitrary, 30, 500, 11);
  WdpSolution full = solve_wdp(instance);
  REQUIRE(full.status == WdpStatus::optimal);
  WdpSolution stopped = solve_wdp(instance, WdpOptions{2});
  CHECK(stopped.status == WdpStatus::node_limit);
  CHECK(stopped.nodes == 2);
  Result<std::int64_t> welfare = allocation_welfare(instance, stopped.chosen);
  REQUIRE(welfare.ok());
  CHECK(welfare.value() == stopped.welfare);
  CHECK(stopped.welfare <= full.welfare);
  CHECK(stopped.upper_bound >= full.welfare);
  CHECK(wdp_status_name(stopped.status) == "node_limit");
}

TEST_CASE("wdp: instance files: located errors for bad input") {
  struct Case {
    const char* text;
    const char* code;
    const char* pointer;
  };
  const Case cases[] = {
      {R"({"format": "coordlab.wdp/2", "goods": 2, "bids": []})", "wdp.bad_format", "/format"},
      {R"({"format": "coordlab.wdp/1", "goods": 0, "bids": []})", "json.out_of_range", "/goods"},
      {R"({"format": "coordlab.wdp/1", "goods": 2, "bids": [{"bidder": "a", "goods": [2], "price": 5}]})", "wdp.bad_good", "/bids/0/goods/0"},
      {R"({"format": "coordlab.wdp/1", "goods": 2, "bids": [{"bidder": "a", "goods": [1, 1], "price": 5}]})", "wdp.repeated_good", "/bids/0/goods/1"},
      {R"({"format": "coordlab.wdp/1", "goods": 2, "bids": [{"bidder": "a", "goods": [], "price": 5}]})", "wdp.bad_bundle", "/bids/0/goods"},
      {R"({"format": "coordlab.wdp/1", "goods": 2, "bids": [{"bidder": "a", "goods": [0], "price": 0}]})", "json.out_of_range", "/bids/0/price"},
      {R"({"format": "coordlab.wdp/1", "goods": 2, "bids": [{"bidder": "a", "goods": [0], "price": 1.5}]})", "json.wrong_type", "/bids/0/price"},
      {R"({"format": "coordlab.wdp/1", "goods": 2, "bids": [{"bidder": "", "goods": [0], "price": 1}]})", "wdp.bad_bidder", "/bids/0/bidder"},
      {R"({"format": "coordlab.wdp/1", "goods": 2, "bids": [{"bidder": "a", "goods": [0], "prize": 1}]})", "json.unknown_key", "/bids/0/prize"},
      {R"({"format": "coordlab.wdp/1", "goods": 2, "bid": []})", "json.unknown_key", "/bid"},
  };
  for (const Case& item : cases) {
    Result<WdpInstance> read = parse_wdp_instance(item.text, "instance.json");
    INFO(item.text);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == item.code);
    CHECK(read.error().pointer == item.pointer);
    CHECK(read.error().line == 1);
  }
  Json too_many = {{"format", "coordlab.wdp/1"}, {"goods", 1}, {"bids", Json::array()}};
  for (std::size_t i = 0; i <= limits::kMaxWdpBids; ++i) too_many["bids"].push_back({{"bidder", "a"}, {"goods", {0}}, {"price", 1}});
  Result<WdpInstance> read = read_wdp_instance(too_many);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().code == "wdp.too_many_bids");
}

TEST_CASE("wdp: proposed allocation: infeasible ones are named, feasible ones get their welfare") {
  Result<WdpInstance> instance = parse_wdp_instance(R"({"format": "coordlab.wdp/1", "goods": 3, "bids": [
      {"bidder": "a", "goods": [0, 1], "price": 10}, {"bidder": "b", "goods": [1, 2], "price": 12},
      {"bidder": "c", "goods": [2], "price": 5}, {"bidder": "d", "goods": [0], "price": 6}]})");
  REQUIRE(instance.ok());
  CHECK(allocation_welfare(instance.value(), {}).value() == 0);
  CHECK(allocation_welfare(instance.value(), {0, 2}).value() == 15);
  CHECK(allocation_welfare(instance.value(), {0, 1}).error().code == "wdp.good_sold_twice");
  CHECK(allocation_welfare(instance.value(), {2, 2}).error().code == "wdp.repeated_bid");
  CHECK(allocation_welfare(instance.value(), {4}).error().code == "wdp.unknown_bid");
  WdpSolution solution = solve_wdp(instance.value());
  CHECK(solution.welfare == 18);  // b + d beats a + c
  CHECK(solution.chosen == std::vector<std::uint32_t>{1, 3});
}

// Seeded instance generators in the style of the Combinatorial Auction Test Suite (CATS; Leyton-Brown,
// Pearson and Shoham, EC-00). Our own code after the published descriptions, in integers only:
// - arbitrary: goods with common values U[1, 100] and a random relatedness graph d(i, j) in (0, 1];
//   a bidder's private values U[-50, 50]; a bundle starts at a good drawn by private value and grows
//   (probability 0.9 each time) by goods drawn by private value x relatedness to the bundle; value =
//   sum of common + private values + |B|^1.2; up to 4 substitute bundles from other starting goods,
//   kept when worth at most 1.5x the first and at least 0.5x its common value (CATS' budget and
//   resale factors); a bidder's bundles are XOR through a dummy good.
// - paths: goods are roads between random cities (each city linked to its 2 nearest, then roads added
//   where the road network's detour is worst, until there are as many roads as goods); a bidder values
//   shipping s -> t at d x distance, d ~ U[1, 1.5], and bids that value, XOR, on up to 5 cheapest
//   paths that cost less.
// - L3 (Sandholm's uniform): 3 random goods, price U[0, 1]; L7 (binomial): each good with probability
//   0.2, price U[0.5, 1.5] x bundle size. Independent OR bids.
// Prices are in cents (values x 100).
#include <algorithm>
#include <limits>

#include "allocation/wdp_internal.hpp"
#include "core/assert.hpp"
#include "core/limits.hpp"
#include "core/random.hpp"

namespace coordlab::allocation {

namespace {

// round(100 x n^1.2), CATS' additivity bonus for a bundle of n goods, in cents.
constexpr std::int64_t kSizeBonusCents[] = {
    0,    100,  230,  374,  528,  690,  859,  1033, 1213, 1397, 1585, 1777, 1973, 2171, 2373, 2578, 2786,
    2996, 3209, 3424, 3641, 3861, 4082, 4306, 4532, 4759, 4988, 5220, 5452, 5687, 5923, 6161, 6400, 6641,
    6883, 7127, 7372, 7618, 7866, 8115, 8365, 8617, 8870, 9124, 9379, 9635, 9893, 10151, 10411, 10672, 10934,
    11197, 11461, 11725, 11991, 12258, 12526, 12795, 13065, 13336, 13608, 13880, 14154, 14428, 14703};
static_assert(sizeof(kSizeBonusCents) / sizeof(kSizeBonusCents[0]) == limits::kMaxWdpBundleGoods + 1);

}  // namespace

std::string bidder_name(std::size_t index) {
  std::string name = "b";
  name += std::to_string(index + 1);
  return name;
}

void add_bidder(WdpInstance& instance, std::uint32_t& dummy_count, std::size_t bidder, const std::vector<std::vector<std::uint32_t>>& bundles,
                const std::vector<std::int64_t>& prices, std::size_t bid_count) {
  std::size_t room = bid_count - instance.bids.size();
  std::size_t taken = std::min(room, bundles.size());
  for (std::size_t i = 0; i < taken; ++i) {
    WdpBid bid{bidder_name(bidder), bundles[i], prices[i]};
    if (taken > 1) bid.goods.push_back(instance.good_count + dummy_count);  // numbered after the goods, renumbered later
    instance.bids.push_back(std::move(bid));
  }
  if (taken > 1) ++dummy_count;
}

namespace {

std::uint32_t weighted_pick(Random& random, const std::vector<std::int64_t>& weights) {
  std::int64_t total = 0;
  for (std::int64_t weight : weights) total += weight;
  ENGINE_ASSERT(total > 0);
  std::int64_t point = random.range(1, total);
  for (std::uint32_t i = 0; i < weights.size(); ++i) {
    point -= weights[i];
    if (point <= 0) return i;
  }
  return static_cast<std::uint32_t>(weights.size() - 1);
}

struct ArbitraryWorld {
  std::vector<std::int64_t> common_cents;         // per good
  std::vector<std::vector<std::int64_t>> related;  // permille, symmetric
};

std::vector<std::uint32_t> grow_bundle(Random& random, const ArbitraryWorld& world, const std::vector<std::int64_t>& private_weight,
                                       std::uint32_t first) {
  std::uint32_t goods = static_cast<std::uint32_t>(world.common_cents.size());
  std::vector<std::uint32_t> bundle{first};
  while (bundle.size() < std::min<std::size_t>(goods, limits::kMaxWdpBundleGoods) && random.range(1, 1000) <= 900) {
    std::vector<std::int64_t> weights(goods, 0);
    for (std::uint32_t good = 0; good < goods; ++good) {
      if (std::find(bundle.begin(), bundle.end(), good) != bundle.end()) continue;
      std::int64_t relatedness = 0;
      for (std::uint32_t member : bundle) relatedness += world.related[good][member];
      weights[good] = private_weight[good] * relatedness;
    }
    bundle.push_back(weighted_pick(random, weights));
  }
  std::sort(bundle.begin(), bundle.end());
  return bundle;
}

void generate_arbitrary(WdpInstance& instance, std::uint32_t& dummy_count, std::size_t bid_count, Random& random) {
  std::uint32_t goods = instance.good_count;
  ArbitraryWorld world;
  for (std::uint32_t good = 0; good < goods; ++good) world.common_cents.push_back(random.range(100, 10'000));
  world.related.assign(goods, std::vector<std::int64_t>(goods, 0));
  for (std::uint32_t a = 0; a < goods; ++a) {
    for (std::uint32_t b = a + 1; b < goods; ++b) world.related[a][b] = world.related[b][a] = random.range(1, 1000);
  }
  for (std::size_t bidder = 0; instance.bids.size() < bid_count && bidder < bid_count * 20; ++bidder) {
    std::vector<std::int64_t> private_cents(goods), private_weight(goods);
    for (std::uint32_t good = 0; good < goods; ++good) {
      private_cents[good] = random.range(-5'000, 5'000);
      private_weight[good] = (private_cents[good] + 5'000) / 10 + 1;  // normalised to [1, 1001]
    }
    auto value_of = [&](const std::vector<std::uint32_t>& bundle, bool common_only) {
      std::int64_t value = kSizeBonusCents[bundle.size()];
      for (std::uint32_t good : bundle) value += world.common_cents[good] + (common_only ? 0 : private_cents[good]);
      return value;
    };
    std::uint32_t first = weighted_pick(random, private_weight);
    std::vector<std::vector<std::uint32_t>> bundles{grow_bundle(random, world, private_weight, first)};
    std::int64_t value = value_of(bundles[0], false);
    if (value <= 0) continue;
    std::vector<std::int64_t> prices{value};
    for (int substitute = 0; substitute < 4 && substitute < static_cast<int>(goods) - 1; ++substitute) {
      std::uint32_t start = static_cast<std::uint32_t>(random.below(goods));
      std::vector<std::uint32_t> bundle = grow_bundle(random, world, private_weight, start);
      std::int64_t other = value_of(bundle, false);
      bool repeated = std::find(bundles.begin(), bundles.end(), bundle) != bundles.end();
      if (repeated || other <= 0 || other * 2 > value * 3 || value_of(bundle, true) * 2 < value_of(bundles[0], true)) continue;
      bundles.push_back(bundle);
      prices.push_back(other);
    }
    add_bidder(instance, dummy_count, bidder, bundles, prices, bid_count);
  }
}

void generate_legacy(WdpInstance& instance, std::size_t bid_count, Random& random, bool binomial) {
  std::uint32_t goods = instance.good_count;
  while (instance.bids.size() < bid_count) {
    std::vector<std::uint32_t> bundle;
    if (binomial) {
      for (std::uint32_t good = 0; good < goods && bundle.size() < limits::kMaxWdpBundleGoods; ++good) {
        if (random.range(1, 1000) <= 200) bundle.push_back(good);
      }
      if (bundle.empty()) continue;
    } else {
      while (bundle.size() < std::min<std::uint32_t>(3, goods)) {
        std::uint32_t good = static_cast<std::uint32_t>(random.below(goods));
        if (std::find(bundle.begin(), bundle.end(), good) == bundle.end()) bundle.push_back(good);
      }
      std::sort(bundle.begin(), bundle.end());
    }
    std::int64_t price = binomial ? random.range(500, 1'500) * static_cast<std::int64_t>(bundle.size()) : random.range(1, 10'000);
    instance.bids.push_back(WdpBid{bidder_name(instance.bids.size()), bundle, price});
  }
}

}  // namespace

std::string_view wdp_distribution_name(WdpDistribution distribution) {
  switch (distribution) {
    case WdpDistribution::arbitrary: return "arbitrary";
    case WdpDistribution::paths: return "paths";
    case WdpDistribution::legacy_l3: return "L3";
    case WdpDistribution::legacy_l7: return "L7";
  }
  return "arbitrary";
}

Result<WdpDistribution> wdp_distribution_from_name(std::string_view name) {
  for (WdpDistribution distribution : {WdpDistribution::arbitrary, WdpDistribution::paths, WdpDistribution::legacy_l3, WdpDistribution::legacy_l7}) {
    if (wdp_distribution_name(distribution) == name) return distribution;
  }
  return make_error("wdp.unknown_distribution", "Unknown distribution \"" + std::string(name) + "\"; use arbitrary, paths, L3 or L7.");
}

WdpInstance generate_wdp_instance(WdpDistribution distribution, std::uint32_t good_count, std::uint32_t bid_count, std::uint64_t seed) {
  ENGINE_ASSERT(good_count >= 1 && good_count <= limits::kMaxWdpGeneratedGoods);
  ENGINE_ASSERT(bid_count <= limits::kMaxWdpGeneratedBids);
  Random random = Random::stream(seed, static_cast<std::uint64_t>(distribution) + 1);
  WdpInstance instance;
  instance.good_count = good_count;
  std::uint32_t dummy_count = 0;
  switch (distribution) {
    case WdpDistribution::arbitrary: generate_arbitrary(instance, dummy_count, bid_count, random); break;
    case WdpDistribution::paths: generate_paths(instance, dummy_count, bid_count, random); break;
    case WdpDistribution::legacy_l3: generate_legacy(instance, bid_count, random, false); break;
    case WdpDistribution::legacy_l7: generate_legacy(instance, bid_count, random, true); break;
  }
  instance.good_count += dummy_count;
  return instance;
}

}  // namespace coordlab::allocation

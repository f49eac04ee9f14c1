// The CATS "paths" distribution (see wdp_generators.cpp): goods are roads of a random road network,
// bidders want to ship between two cities and bid, XOR, on their cheapest routes. Integers only.
#include <algorithm>
#include <limits>

#include "allocation/wdp_internal.hpp"
#include "core/assert.hpp"

namespace coordlab::allocation {

namespace {

constexpr std::int64_t kSide = 10'000;              // cities in a square of this side
constexpr std::size_t kPathsPerBidder = 5;
constexpr std::int64_t kPathSearchSteps = 200'000;  // per bidder
constexpr std::int64_t kUnreachable = std::numeric_limits<std::int64_t>::max() / 4;

std::int64_t integer_sqrt(std::int64_t value) {
  std::int64_t root = 0;
  std::int64_t bit = std::int64_t{1} << 62;
  while (bit > value) bit >>= 2;
  while (bit != 0) {
    if (value >= root + bit) {
      value -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  return root;
}

struct Road {
  std::uint32_t a, b;
  std::int64_t length;
};

struct Network {
  std::vector<std::int64_t> x, y;
  std::vector<Road> roads;
  std::int64_t distance(std::uint32_t a, std::uint32_t b) const {
    std::int64_t dx = x[a] - x[b], dy = y[a] - y[b];
    return std::max<std::int64_t>(1, integer_sqrt(dx * dx + dy * dy));
  }
  bool linked(std::uint32_t a, std::uint32_t b) const {
    return std::any_of(roads.begin(), roads.end(), [&](const Road& road) { return (road.a == a && road.b == b) || (road.a == b && road.b == a); });
  }
};

// Each city linked to its two nearest, the shortest roads kept when there are more than `goods`.
void link_nearest(Network& network, std::uint32_t goods) {
  std::uint32_t cities = static_cast<std::uint32_t>(network.x.size());
  for (std::uint32_t city = 0; city < cities; ++city) {
    std::vector<std::pair<std::int64_t, std::uint32_t>> others;
    for (std::uint32_t other = 0; other < cities; ++other) {
      if (other != city) others.emplace_back(network.distance(city, other), other);
    }
    std::sort(others.begin(), others.end());
    for (std::size_t i = 0; i < 2 && i < others.size(); ++i) {
      std::uint32_t other = others[i].second;
      if (!network.linked(city, other)) network.roads.push_back(Road{std::min(city, other), std::max(city, other), others[i].first});
    }
  }
  std::sort(network.roads.begin(), network.roads.end(),
            [](const Road& p, const Road& q) { return p.length != q.length ? p.length < q.length : (p.a != q.a ? p.a < q.a : p.b < q.b); });
  if (network.roads.size() > goods) network.roads.resize(goods);
}

// Builds roads where the network's detour is worst (unconnected pairs first) until there are `goods`.
// CATS builds while the worst detour exceeds its building penalty (1.7); we fix the count of roads
// instead, so an instance has exactly the goods asked for.
void build_detours(Network& network, std::uint32_t goods) {
  std::uint32_t cities = static_cast<std::uint32_t>(network.x.size());
  while (network.roads.size() < goods) {
    std::vector<std::vector<std::int64_t>> shortest(cities, std::vector<std::int64_t>(cities, kUnreachable));
    for (std::uint32_t city = 0; city < cities; ++city) shortest[city][city] = 0;
    for (const Road& road : network.roads) shortest[road.a][road.b] = shortest[road.b][road.a] = road.length;
    for (std::uint32_t k = 0; k < cities; ++k) {
      for (std::uint32_t i = 0; i < cities; ++i) {
        for (std::uint32_t j = 0; j < cities; ++j) shortest[i][j] = std::min(shortest[i][j], shortest[i][k] + shortest[k][j]);
      }
    }
    std::int64_t best_detour = -1, best_straight = 1;
    std::uint32_t best_a = 0, best_b = 0;
    for (std::uint32_t a = 0; a < cities; ++a) {
      for (std::uint32_t b = a + 1; b < cities; ++b) {
        if (network.linked(a, b)) continue;
        std::int64_t straight = network.distance(a, b);
        std::int64_t detour = std::min(shortest[a][b], kUnreachable / kSide);  // comparable by cross-multiplying
        if (best_detour < 0 || detour * best_straight > best_detour * straight) {
          best_detour = detour, best_straight = straight, best_a = a, best_b = b;
        }
      }
    }
    ENGINE_ASSERT(best_detour >= 0);
    network.roads.push_back(Road{best_a, best_b, network.distance(best_a, best_b)});
  }
}

struct PathSearch {
  explicit PathSearch(const Network& road_network) : network(road_network) {}
  const Network& network;
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> adjacent;  // (city, road)
  std::uint32_t target = 0;
  std::int64_t budget = 0;
  std::int64_t steps = 0;
  std::vector<bool> visited;
  std::vector<std::uint32_t> roads;
  std::vector<std::pair<std::int64_t, std::vector<std::uint32_t>>> found;  // (cost, sorted roads)

  void walk(std::uint32_t city, std::int64_t cost) {
    if (++steps > kPathSearchSteps) return;
    if (city == target) {
      std::vector<std::uint32_t> bundle = roads;
      std::sort(bundle.begin(), bundle.end());
      found.emplace_back(cost, bundle);
      return;
    }
    visited[city] = true;
    for (const auto& [next, road] : adjacent[city]) {
      std::int64_t reached = cost + network.roads[road].length;
      if (visited[next] || reached + network.distance(next, target) - 2 >= budget) continue;
      roads.push_back(road);
      walk(next, reached);
      roads.pop_back();
    }
    visited[city] = false;
  }
};

}  // namespace

void generate_paths(WdpInstance& instance, std::uint32_t& dummy_count, std::size_t bid_count, Random& random) {
  std::uint32_t goods = instance.good_count;
  std::uint32_t cities = std::max<std::uint32_t>(3, goods * 3 / 5);
  while (cities * (cities - 1) / 2 < goods) ++cities;  // room for that many roads
  Network network;
  for (std::uint32_t city = 0; city < cities; ++city) {
    network.x.push_back(random.range(0, kSide));
    network.y.push_back(random.range(0, kSide));
  }
  link_nearest(network, goods);
  build_detours(network, goods);
  PathSearch search{network};
  search.adjacent.resize(cities);
  for (std::uint32_t road = 0; road < network.roads.size(); ++road) {
    search.adjacent[network.roads[road].a].emplace_back(network.roads[road].b, road);
    search.adjacent[network.roads[road].b].emplace_back(network.roads[road].a, road);
  }
  for (std::size_t bidder = 0; instance.bids.size() < bid_count && bidder < bid_count * 20; ++bidder) {
    std::uint32_t source = static_cast<std::uint32_t>(random.below(cities));
    std::uint32_t target = static_cast<std::uint32_t>(random.below(cities - 1));
    if (target >= source) ++target;
    std::int64_t value = random.range(1'000, 1'500) * network.distance(source, target) / 1'000;
    search.target = target;
    search.budget = value;
    search.steps = 0;
    search.visited.assign(cities, false);
    search.found.clear();
    search.walk(source, 0);
    if (search.found.empty()) continue;
    std::sort(search.found.begin(), search.found.end());
    std::vector<std::vector<std::uint32_t>> bundles;
    for (std::size_t i = 0; i < search.found.size() && bundles.size() < kPathsPerBidder; ++i) bundles.push_back(search.found[i].second);
    add_bidder(instance, dummy_count, bidder, bundles, std::vector<std::int64_t>(bundles.size(), value), bid_count);
  }
}

}  // namespace coordlab::allocation

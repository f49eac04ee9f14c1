#include "sim/network.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace coordlab::sim {
namespace {
constexpr std::size_t kDenseFifoNodeLimit = 256;
}

std::string LinkConfig::to_string() const {
  return "latency=" + std::to_string(latency_min_ticks) + ".." + std::to_string(latency_max_ticks) +
         " drop=" + drop_ratio.to_string() + " duplicate=" + duplicate_ratio.to_string() +
         " reorder=" + reorder_ratio.to_string();
}

Network::Network(std::size_t node_count, LinkConfig default_link, std::vector<NodeSettings> nodes, std::uint64_t seed)
    : node_count_(node_count),
      default_link_(default_link),
      nodes_(std::move(nodes)),
      group_(node_count, 0),
      random_(Random::stream(seed, 0xFFFF'0001)) {
  ENGINE_ASSERT(nodes_.size() == node_count);
  if (node_count <= kDenseFifoNodeLimit) fifo_dense_.assign(node_count * node_count, Tick{0});
}

const LinkConfig& Network::link(NodeId from, NodeId to) const {
  if (overrides_.empty()) return default_link_;
  auto it = overrides_.find({from.value, to.value});
  return it == overrides_.end() ? default_link_ : it->second;
}

void Network::set_link(NodeId from, NodeId to, const LinkConfig& config) { overrides_[{from.value, to.value}] = config; }

void Network::partition(const std::vector<std::vector<NodeId>>& groups) {
  std::fill(group_.begin(), group_.end(), 0);
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (NodeId node : groups[g]) group_[node.value] = static_cast<std::uint32_t>(g + 1);
}

void Network::heal() { std::fill(group_.begin(), group_.end(), 0); }

bool Network::partitioned() const {
  return std::any_of(group_.begin(), group_.end(), [&](std::uint32_t g) { return g != group_.front(); });
}

std::int64_t Network::timer_delay(NodeId node, std::int64_t delay_ticks) const {
  const int drift = nodes_[node.value].clock_drift_percent;
  if (drift == 0) return delay_ticks;
  // Round up so no timer fires early and none takes zero time.
  std::int64_t scaled = (delay_ticks * (100 + drift) + 99) / 100;
  return std::max<std::int64_t>(1, scaled);
}

Tick Network::fifo_floor(NodeId from, NodeId to) const {
  if (!fifo_dense_.empty()) return fifo_dense_[std::size_t{from.value} * node_count_ + to.value];
  auto it = fifo_sparse_.find((std::uint32_t{from.value} << 16) | to.value);
  return it == fifo_sparse_.end() ? Tick{0} : it->second;
}

void Network::set_fifo_floor(NodeId from, NodeId to, Tick tick) {
  if (!fifo_dense_.empty()) {
    fifo_dense_[std::size_t{from.value} * node_count_ + to.value] = tick;
  } else {
    fifo_sparse_[(std::uint32_t{from.value} << 16) | to.value] = tick;
  }
}

std::int64_t Network::draw_latency(const LinkConfig& config, NodeId from, NodeId to) {
  std::int64_t latency = config.latency_min_ticks == config.latency_max_ticks
                             ? config.latency_min_ticks
                             : random_.range(config.latency_min_ticks, config.latency_max_ticks);
  return latency + nodes_[from.value].slow_ticks + nodes_[to.value].slow_ticks;
}

Transmission Network::transmit(NodeId from, NodeId to, Tick now) {
  const LinkConfig& config = link(from, to);
  Transmission result;
  result.lost = random_.chance(config.drop_ratio);
  Tick arrival = now + draw_latency(config, from, to);
  if (random_.chance(config.reorder_ratio)) {
    // Held back by up to one more maximum latency, without moving the link's FIFO floor, so later
    // messages on the link can overtake it.
    arrival = arrival + random_.range(1, std::max<std::int64_t>(1, config.latency_max_ticks));
  } else {
    arrival = std::max(arrival, fifo_floor(from, to));
    set_fifo_floor(from, to, arrival);
  }
  result.deliver_tick = arrival;
  if (!result.lost && random_.chance(config.duplicate_ratio)) {
    result.duplicated = true;
    result.duplicate_tick = now + draw_latency(config, from, to);
  }
  return result;
}

}  // namespace coordlab::sim

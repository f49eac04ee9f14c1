// The network model: per-link latency range and drop / duplicate / reorder ratios, partitions, and
// per-node slowness and clock settings. Links keep FIFO order unless the reorder ratio lets a message
// skip ahead of the queue. All randomness comes from the network's own stream.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/ids.hpp"
#include "core/random.hpp"
#include "core/ratio.hpp"

namespace coordlab::sim {

struct LinkConfig {
  std::int64_t latency_min_ticks = 1;
  std::int64_t latency_max_ticks = 1;
  Ratio drop_ratio = Ratio::zero();
  Ratio duplicate_ratio = Ratio::zero();
  Ratio reorder_ratio = Ratio::zero();
  friend bool operator==(const LinkConfig&, const LinkConfig&) = default;
  std::string to_string() const;
};

struct NodeSettings {
  std::int64_t slow_ticks = 0;          // extra latency on every message to or from this node
  std::int64_t clock_offset_ticks = 0;  // added to the clock the node reads
  int clock_drift_percent = 0;          // timers take (100 + drift)% of their nominal delay
  friend bool operator==(const NodeSettings&, const NodeSettings&) = default;
};

// The network's decision for one message.
struct Transmission {
  bool lost = false;
  Tick deliver_tick;
  bool duplicated = false;
  Tick duplicate_tick;
};

class Network {
 public:
  Network() = default;
  Network(std::size_t node_count, LinkConfig default_link, std::vector<NodeSettings> nodes, std::uint64_t seed);

  Transmission transmit(NodeId from, NodeId to, Tick now);

  const LinkConfig& link(NodeId from, NodeId to) const;
  const LinkConfig& default_link() const { return default_link_; }
  void set_default_link(const LinkConfig& config) { default_link_ = config; }
  void set_link(NodeId from, NodeId to, const LinkConfig& config);
  const std::map<std::pair<std::uint16_t, std::uint16_t>, LinkConfig>& link_overrides() const { return overrides_; }

  // Groups of nodes that can talk; nodes in different groups cannot. Group 0 holds unlisted nodes.
  void partition(const std::vector<std::vector<NodeId>>& groups);
  void heal();
  bool connected(NodeId a, NodeId b) const { return group_[a.value] == group_[b.value]; }
  bool partitioned() const;
  std::uint32_t group_of(NodeId node) const { return group_[node.value]; }

  const NodeSettings& node(NodeId node) const { return nodes_[node.value]; }
  void set_node(NodeId node, const NodeSettings& settings) { nodes_[node.value] = settings; }
  // The real delay of a timer set for `delay_ticks` on `node`'s clock.
  std::int64_t timer_delay(NodeId node, std::int64_t delay_ticks) const;

 private:
  Tick fifo_floor(NodeId from, NodeId to) const;
  void set_fifo_floor(NodeId from, NodeId to, Tick tick);
  std::int64_t draw_latency(const LinkConfig& config, NodeId from, NodeId to);

  std::size_t node_count_ = 0;
  LinkConfig default_link_;
  std::map<std::pair<std::uint16_t, std::uint16_t>, LinkConfig> overrides_;
  std::vector<NodeSettings> nodes_;
  std::vector<std::uint32_t> group_;
  // Latest delivery tick per link, so links stay FIFO. Dense for small clusters; keyed lookups (never
  // iterated, so hash order cannot matter) for large ones.
  std::vector<Tick> fifo_dense_;
  std::unordered_map<std::uint32_t, Tick> fifo_sparse_;
  Random random_;
};

}  // namespace coordlab::sim

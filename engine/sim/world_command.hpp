// Changes to the world from outside the protocol: faults, network settings and outside input. A
// scenario can schedule them at a tick; a learner or lesson can apply them live.
#pragma once
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/ids.hpp"
#include "sim/network.hpp"

namespace coordlab::sim {

struct CrashNode { NodeId node; };
struct RestartNode { NodeId node; };
struct PartitionNodes { std::vector<std::vector<NodeId>> groups; };
struct HealPartition {};
// Without endpoints it changes the default for every link without an override.
struct SetLink {
  std::optional<NodeId> from;
  std::optional<NodeId> to;
  LinkConfig config;
};
struct SetNodeSettings {
  NodeId node;
  NodeSettings settings;
};
struct NodeInput {
  NodeId node;
  std::string text;
};

// Makes a node Byzantine in one of its protocol's ways ("none" makes it honest again). The kind belongs
// to the node, so it survives a crash and restart.
struct SetByzantine {
  NodeId node;
  std::string kind;
};

using WorldCommand =
    std::variant<CrashNode, RestartNode, PartitionNodes, HealPartition, SetLink, SetNodeSettings, NodeInput, SetByzantine>;

struct ScheduledCommand {
  Tick tick;
  WorldCommand command;
};

}  // namespace coordlab::sim

// Reading node names, link settings and world commands (faults, network changes, input) from JSON.
#include <algorithm>
#include <set>

#include "app/scenario.hpp"
#include "core/limits.hpp"

namespace coordlab::app {
namespace {

std::vector<std::string_view> with_keys(std::vector<std::string_view> keys, const std::vector<std::string_view>& extra) {
  keys.insert(keys.end(), extra.begin(), extra.end());
  return keys;
}

Result<sim::WorldCommand> read_partition(const ObjectReader& reader, const std::vector<std::string>& node_names) {
  const Json* groups = reader.find("groups");
  const std::string pointer = reader.pointer_of("groups");
  if (groups == nullptr || !groups->is_array() || groups->empty()) {
    return make_error("command.bad_partition",
                      "\"groups\" must be a non-empty array of arrays of node names, e.g. [[\"n0\",\"n1\"],[\"n2\"]]; "
                      "nodes not listed form one more group together.",
                      groups == nullptr ? reader.pointer() : pointer);
  }
  sim::PartitionNodes partition;
  std::set<std::uint16_t> seen;
  for (std::size_t g = 0; g < groups->size(); ++g) {
    const Json& group = (*groups)[g];
    const std::string group_pointer = pointer_append(pointer, g);
    if (!group.is_array() || group.empty()) {
      return make_error("command.bad_partition", "each group must be a non-empty array of node names.", group_pointer);
    }
    std::vector<NodeId> members;
    for (std::size_t i = 0; i < group.size(); ++i) {
      Result<NodeId> node = read_node(group[i], pointer_append(group_pointer, i), node_names);
      if (!node.ok()) return node.error();
      if (!seen.insert(node.value().value).second) {
        return make_error("command.bad_partition", "node \"" + node_names[node.value().value] + "\" is in two groups.",
                          pointer_append(group_pointer, i));
      }
      members.push_back(node.value());
    }
    partition.groups.push_back(std::move(members));
  }
  return sim::WorldCommand(std::move(partition));
}

Result<sim::WorldCommand> read_set_node(const ObjectReader& reader, NodeId node) {
  sim::SetNodeSettings command{node, {}};
  Result<std::int64_t> slow = reader.integer("slow_ticks", 0, limits::kMaxLatencyTicks, 0);
  if (!slow.ok()) return slow.error();
  Result<std::int64_t> offset = reader.integer("clock_offset_ticks", -limits::kMaxTick, limits::kMaxTick, 0);
  if (!offset.ok()) return offset.error();
  Result<std::int64_t> drift = reader.integer("clock_drift_percent", limits::kClockDriftPercentMin, limits::kClockDriftPercentMax, 0);
  if (!drift.ok()) return drift.error();
  command.settings = sim::NodeSettings{slow.value(), offset.value(), static_cast<int>(drift.value())};
  return sim::WorldCommand(command);
}

}  // namespace

Result<NodeId> read_node(const Json& value, const std::string& pointer, const std::vector<std::string>& node_names) {
  if (!value.is_string()) {
    return make_error("command.bad_node", "a node must be named by a string such as \"n0\".", pointer);
  }
  const std::string name = value.get<std::string>();
  for (std::size_t i = 0; i < node_names.size(); ++i)
    if (node_names[i] == name) return NodeId{static_cast<std::uint16_t>(i)};
  std::string message = "there is no node \"" + name + "\".";
  std::vector<std::string_view> candidates(node_names.begin(), node_names.end());
  if (auto suggestion = closest_match(name, candidates)) message += " Did you mean \"" + *suggestion + "\"?";
  message += " Nodes are " + node_names.front() + " to " + node_names.back() + ".";
  return make_error("command.unknown_node", message, pointer);
}

Result<sim::LinkConfig> read_link_config(const ObjectReader& reader, const sim::LinkConfig& base) {
  sim::LinkConfig config = base;
  Result<std::int64_t> low = reader.integer("latency_min_ticks", 0, limits::kMaxLatencyTicks, base.latency_min_ticks);
  if (!low.ok()) return low.error();
  // When only the minimum is given the latency is fixed at it.
  std::int64_t high_default = reader.has("latency_min_ticks") ? low.value() : base.latency_max_ticks;
  Result<std::int64_t> high = reader.integer("latency_max_ticks", 0, limits::kMaxLatencyTicks, high_default);
  if (!high.ok()) return high.error();
  if (high.value() < low.value()) {
    return make_error("network.bad_latency", "\"latency_max_ticks\" (" + std::to_string(high.value()) +
                                                 ") is below \"latency_min_ticks\" (" + std::to_string(low.value()) + ").",
                      reader.pointer_of("latency_max_ticks"));
  }
  config.latency_min_ticks = low.value();
  config.latency_max_ticks = high.value();
  Result<Ratio> drop = reader.ratio("drop_ratio", base.drop_ratio);
  if (!drop.ok()) return drop.error();
  Result<Ratio> duplicate = reader.ratio("duplicate_ratio", base.duplicate_ratio);
  if (!duplicate.ok()) return duplicate.error();
  Result<Ratio> reorder = reader.ratio("reorder_ratio", base.reorder_ratio);
  if (!reorder.ok()) return reorder.error();
  config.drop_ratio = drop.value();
  config.duplicate_ratio = duplicate.value();
  config.reorder_ratio = reorder.value();
  return config;
}

Result<sim::WorldCommand> read_world_command(const ObjectReader& reader, std::string_view op,
                                             const std::vector<std::string>& node_names, const std::vector<std::string_view>& extra_keys,
                                             const sim::LinkConfig& current_default,
                                             const std::vector<std::string>& byzantine_kinds) {
  auto node_field = [&]() -> Result<NodeId> {
    const Json* value = reader.find("node");
    if (value == nullptr) return make_error("command.missing_node", "\"" + std::string(op) + "\" needs \"node\".", reader.pointer());
    return read_node(*value, reader.pointer_of("node"), node_names);
  };
  if (op == "crash" || op == "restart") {
    RETURN_IF_ERROR(reader.check(with_keys({"op", "node"}, extra_keys)));
    Result<NodeId> node = node_field();
    if (!node.ok()) return node.error();
    if (op == "crash") return sim::WorldCommand(sim::CrashNode{node.value()});
    return sim::WorldCommand(sim::RestartNode{node.value()});
  }
  if (op == "partition") {
    RETURN_IF_ERROR(reader.check(with_keys({"op", "groups"}, extra_keys)));
    return read_partition(reader, node_names);
  }
  if (op == "heal") {
    RETURN_IF_ERROR(reader.check(with_keys({"op"}, extra_keys)));
    return sim::WorldCommand(sim::HealPartition{});
  }
  if (op == "set_link") {
    RETURN_IF_ERROR(reader.check(with_keys({"op", "from", "to", "latency_min_ticks", "latency_max_ticks", "drop_ratio",
                                            "duplicate_ratio", "reorder_ratio"}, extra_keys)));
    sim::SetLink command;
    if (reader.has("from") != reader.has("to")) {
      return make_error("command.bad_link", "give both \"from\" and \"to\" for one link, or neither to change the default.",
                        reader.pointer());
    }
    if (reader.has("from")) {
      Result<NodeId> from = read_node(*reader.find("from"), reader.pointer_of("from"), node_names);
      if (!from.ok()) return from.error();
      Result<NodeId> to = read_node(*reader.find("to"), reader.pointer_of("to"), node_names);
      if (!to.ok()) return to.error();
      command.from = from.value();
      command.to = to.value();
    }
    Result<sim::LinkConfig> config = read_link_config(reader, current_default);
    if (!config.ok()) return config.error();
    command.config = config.value();
    return sim::WorldCommand(command);
  }
  if (op == "set_node") {
    RETURN_IF_ERROR(reader.check(with_keys({"op", "node", "slow_ticks", "clock_offset_ticks", "clock_drift_percent"}, extra_keys)));
    Result<NodeId> node = node_field();
    if (!node.ok()) return node.error();
    return read_set_node(reader, node.value());
  }
  if (op == "input") {
    RETURN_IF_ERROR(reader.check(with_keys({"op", "node", "text"}, extra_keys)));
    Result<NodeId> node = node_field();
    if (!node.ok()) return node.error();
    Result<std::string> text = reader.string("text");
    if (!text.ok()) return text.error();
    if (text.value().size() > limits::kMaxPayloadBytes) {
      return make_error("command.input_too_long", "\"text\" is longer than " + std::to_string(limits::kMaxPayloadBytes) + " bytes; shorten it.", reader.pointer_of("text"));
    }
    return sim::WorldCommand(sim::NodeInput{node.value(), text.value()});
  }
  if (op == "byzantine") {
    RETURN_IF_ERROR(reader.check(with_keys({"op", "node", "kind"}, extra_keys)));
    Result<NodeId> node = node_field();
    if (!node.ok()) return node.error();
    Result<std::string> kind = reader.string("kind");
    if (!kind.ok()) return kind.error();
    std::vector<std::string_view> allowed(byzantine_kinds.begin(), byzantine_kinds.end());
    allowed.push_back("none");
    if (std::find(allowed.begin(), allowed.end(), kind.value()) == allowed.end()) {
      std::string message = "\"" + kind.value() + "\" is not a Byzantine behaviour of this protocol; choose one of: ";
      for (std::size_t i = 0; i < allowed.size(); ++i) message += (i ? ", " : "") + std::string(allowed[i]);
      if (auto suggestion = closest_match(kind.value(), allowed)) message += ". Did you mean \"" + *suggestion + "\"?";
      return make_error("command.unknown_byzantine_kind", message, reader.pointer_of("kind"));
    }
    return sim::WorldCommand(sim::SetByzantine{node.value(), kind.value()});
  }
  return make_error("command.unknown_op", "unknown op \"" + std::string(op) + "\".", reader.pointer_of("op"));
}

}  // namespace coordlab::app

// Commands back to JSON: the command log's stored form, which parse_command reads again on replay.
#include "app/command.hpp"

namespace coordlab::app {
namespace {

struct WorldCommandWriter {
  const sim::Trace& trace;
  Json& out;

  std::string name(NodeId node) const { return std::string(trace.node_name(node.value)); }
  void operator()(const sim::CrashNode& c) const { out = {{"op", "crash"}, {"node", name(c.node)}}; }
  void operator()(const sim::RestartNode& c) const { out = {{"op", "restart"}, {"node", name(c.node)}}; }
  void operator()(const sim::PartitionNodes& c) const {
    Json groups = Json::array();
    for (const auto& group : c.groups) {
      Json members = Json::array();
      for (NodeId node : group) members.push_back(name(node));
      groups.push_back(members);
    }
    out = {{"op", "partition"}, {"groups", groups}};
  }
  void operator()(const sim::HealPartition&) const { out = {{"op", "heal"}}; }
  void operator()(const sim::SetLink& c) const {
    out = {{"op", "set_link"},
           {"latency_min_ticks", c.config.latency_min_ticks},
           {"latency_max_ticks", c.config.latency_max_ticks},
           {"drop_ratio", c.config.drop_ratio.to_string()},
           {"duplicate_ratio", c.config.duplicate_ratio.to_string()},
           {"reorder_ratio", c.config.reorder_ratio.to_string()}};
    if (c.from) out["from"] = name(*c.from);
    if (c.to) out["to"] = name(*c.to);
  }
  void operator()(const sim::SetNodeSettings& c) const {
    out = {{"op", "set_node"},
           {"node", name(c.node)},
           {"slow_ticks", c.settings.slow_ticks},
           {"clock_offset_ticks", c.settings.clock_offset_ticks},
           {"clock_drift_percent", c.settings.clock_drift_percent}};
  }
  void operator()(const sim::NodeInput& c) const { out = {{"op", "input"}, {"node", name(c.node)}, {"text", c.text}}; }
  void operator()(const sim::SetByzantine& c) const { out = {{"op", "byzantine"}, {"node", name(c.node)}, {"kind", c.kind}}; }
};

}  // namespace

Json command_to_json(const Command& command, const sim::Trace& trace) {
  Json out;
  switch (command.kind) {
    case Command::Kind::run_until: return {{"op", "run_until"}, {"tick", command.until.value}};
    case Command::Kind::step: return {{"op", "step"}, {"count", command.count}};
    case Command::Kind::world: std::visit(WorldCommandWriter{trace, out}, command.world); return out;
    case Command::Kind::deliver: return {{"op", "deliver"}, {"message", command.subject}};
    case Command::Kind::drop: return {{"op", "drop"}, {"message", command.subject}};
    case Command::Kind::duplicate: return {{"op", "duplicate"}, {"message", command.subject}};
    case Command::Kind::delay: return {{"op", "delay"}, {"message", command.subject}, {"ticks", command.delay_ticks}};
    case Command::Kind::fire: return {{"op", "fire"}, {"timer", command.subject}};
    case Command::Kind::mode:
      return {{"op", "mode"}, {"delivery", command.mode == sim::DeliveryMode::manual ? "manual" : "automatic"}};
  }
  return out;
}

}  // namespace coordlab::app

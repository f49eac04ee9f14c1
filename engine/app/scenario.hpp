// Scenario files (format "coordlab.scenario/1"): which protocol, how many nodes, the network, per-node
// settings, scheduled faults and the delivery mode. Parsing validates everything and reports errors
// with a JSON pointer and line:column.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_input.hpp"
#include "sim/world.hpp"

namespace coordlab::app {

struct Scenario {
  std::string name;
  std::string title;
  std::string protocol;
  std::uint64_t default_seed = 1;
  Json source;              // the scenario document as given (for share links and exports)
  sim::WorldSetup setup;    // everything but the seed
};

Result<Scenario> parse_scenario(const Json& document);
// Parses text, locating any error in `file` by line and column.
Result<Scenario> parse_scenario_text(std::string_view text, std::string_view file);

// Helpers shared with command parsing: node names, link settings and world commands.
Result<NodeId> read_node(const Json& value, const std::string& pointer, const std::vector<std::string>& node_names);
Result<sim::LinkConfig> read_link_config(const ObjectReader& reader, const sim::LinkConfig& base);
// The ops a world command can have; `extra_keys` are allowed beside the op's own (e.g. "at_tick").
inline const std::vector<std::string_view>& world_command_ops() {
  static const std::vector<std::string_view> ops = {"crash", "restart", "partition", "heal", "set_link", "set_node", "input", "byzantine"};
  return ops;
}
Result<sim::WorldCommand> read_world_command(const ObjectReader& reader, std::string_view op,
                                             const std::vector<std::string>& node_names,
                                             const std::vector<std::string_view>& extra_keys,
                                             const sim::LinkConfig& current_default,
                                             const std::vector<std::string>& byzantine_kinds);

}  // namespace coordlab::app

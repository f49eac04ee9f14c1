// How a protocol plugs into the simulator: its message types and timer kinds (by name, indexed by the
// actors), and a configure step that validates the scenario's "params" and returns the actor factory.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/json_input.hpp"
#include "sim/actor.hpp"

namespace coordlab::protocols {

struct ProtocolSpec {
  std::string name;
  std::string summary;
  std::vector<std::string> message_types;
  std::vector<std::string> timer_kinds;
  std::vector<std::string> byzantine_kinds;  // behaviours Actor::set_byzantine accepts besides "none"
  // `params` is the scenario's "params" object (or null when absent); errors point below `pointer`.
  std::function<Result<sim::ActorFactory>(const Json& params, const std::string& pointer)> configure;
  // Used instead of `configure` when set, for protocols whose actors address each other by node name
  // (the messaging hub): also given the scenario's node names in node order.
  std::function<Result<sim::ActorFactory>(const Json& params, const std::string& pointer, const std::vector<std::string>& node_names)>
      configure_with_nodes;
};

}  // namespace coordlab::protocols

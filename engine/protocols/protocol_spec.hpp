// How a protocol plugs into the simulator: its message types and timer kinds (by name, indexed by the
// actors), and a configure step that validates the scenario's "params" and returns the actor factory.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/json_input.hpp"
#include "sim/actor.hpp"

namespace coordlab::protocols {

// A view a protocol offers beside the generic ones (topology, sequence, inspector, trace, nodes, next
// events, activity): a table its actors write through StateWriter::table, or a plot built by a named
// plot builder (app/plot_model.hpp). Views read only what actors describe and what the trace holds, so
// they work at every point of the timeline (step back, seek, fork) for every domain.
// A tree is a table in the shape planning/htn_tree.hpp writes (id, parent, task, status, note, details,
// choices), drawn as an expandable tree whose open nodes offer their choices as input lines.
enum class ViewKind : std::uint8_t { topology, sequence, inspector, trace, nodes, next_events, table, plot, tree };

struct ViewSpec {
  std::string id;       // "raft.log"; lesson steps name views by id
  std::string title;    // the tab's label
  ViewKind kind = ViewKind::table;
  std::string source;   // table: the StateWriter table name; plot: the plot builder's id
  std::string summary;  // one line: what the view shows
};

struct ProtocolSpec {
  std::string name;
  std::string summary;
  std::vector<std::string> message_types;
  std::vector<std::string> timer_kinds;
  std::vector<std::string> byzantine_kinds;  // behaviours Actor::set_byzantine accepts besides "none"
  std::vector<ViewSpec> views;               // the protocol's own views, shown after the generic ones
  // `params` is the scenario's "params" object (or null when absent); errors point below `pointer`.
  std::function<Result<sim::ActorFactory>(const Json& params, const std::string& pointer)> configure;
  // Used instead of `configure` when set, for protocols whose actors address each other by node name
  // (the messaging hub): also given the scenario's node names in node order.
  std::function<Result<sim::ActorFactory>(const Json& params, const std::string& pointer, const std::vector<std::string>& node_names)>
      configure_with_nodes;
};

}  // namespace coordlab::protocols

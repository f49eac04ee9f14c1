// The views a run offers and the view models they draw from. Every run has the generic views
// (topology, sequence diagram, inspector, trace, nodes, next events, activity plot); a protocol adds
// its own (ProtocolSpec::views): tables its actors write through StateWriter::table and plots built
// from the trace (plot_model.hpp). A lesson step picks which views show and which is in front; the
// playground shows them all. View models are built from the world at the current position and from the
// trace, never from an actor's members, so they follow step back, seek and fork like every other view.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/scenario.hpp"
#include "core/json_input.hpp"
#include "core/result.hpp"
#include "protocols/protocol_spec.hpp"
#include "sim/world.hpp"

namespace coordlab::app {

using protocols::ViewKind;
using protocols::ViewSpec;

std::string_view view_kind_name(ViewKind kind);

// The generic views, then the protocol's own, in display order. An unknown protocol has the generic ones.
std::vector<ViewSpec> available_views(std::string_view protocol);
const ViewSpec* find_view(const std::vector<ViewSpec>& views, std::string_view id);

// A lesson step's "views": a non-empty array of distinct view ids the step's protocol offers, at most
// limits::kMaxViewsPerStep; the first is in front. Errors point at the offending entry below `pointer`
// and list the ids that exist.
Result<std::vector<std::string>> read_view_ids(const Json& ids, std::string_view protocol, const std::string& pointer);

// One table view at the current position: the named table of every running node, one block of rows
// per node in node order, with the node's name as the first column. Crashed nodes show nothing.
struct TableModel {
  std::vector<std::string> columns;            // "node", then the actors' columns
  std::vector<std::vector<std::string>> rows;  // each as wide as `columns`
  std::vector<std::uint16_t> row_nodes;        // the node each row came from
  std::size_t rows_omitted = 0;                // past the actors' or the view's row limit
  std::string problem;                         // nodes disagreeing on columns: shown instead of rows
};
TableModel table_view(const sim::World& world, std::string_view table_name);

}  // namespace coordlab::app

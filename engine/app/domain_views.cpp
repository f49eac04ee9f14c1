#include "app/domain_views.hpp"

#include <algorithm>

#include "app/protocol_catalog.hpp"
#include "core/limits.hpp"

namespace coordlab::app {
namespace {

// Every run has these, in this order (the topology and inspector share the left column when there is room).
std::vector<ViewSpec> generic_views() {
  return {
      {"topology", "Topology", ViewKind::topology, "", "the nodes on a ring with the messages in flight"},
      {"inspector", "Inspector", ViewKind::inspector, "", "the selected node's state, what the last step changed"},
      {"sequence", "Sequence", ViewKind::sequence, "", "one lifeline per node, one arrow per message"},
      {"trace", "Trace", ViewKind::trace, "", "every event of the run"},
      {"nodes", "Nodes", ViewKind::nodes, "", "one row per node: up or down, role, state"},
      {"next_events", "Next events", ViewKind::next_events, "", "the messages and timers due next"},
      {"activity", "Activity", ViewKind::plot, "activity", "messages sent, delivered and dropped over time; faults as bands"},
  };
}

std::string known_ids(const std::vector<ViewSpec>& views) {
  std::string text;
  for (const ViewSpec& view : views) text += (text.empty() ? "" : ", ") + view.id;
  return text;
}

Error unknown_view_error(const std::string& id, const std::vector<ViewSpec>& views, std::string_view protocol, const std::string& pointer) {
  std::vector<std::string_view> candidates;
  for (const ViewSpec& view : views) candidates.push_back(view.id);
  const std::optional<std::string> close = closest_match(id, candidates);
  std::string message = "no view \"" + id + "\" for protocol " + std::string(protocol) + "; ";
  message += close ? "did you mean \"" + *close + "\"? " : std::string();
  message += "the views are: " + known_ids(views) + ".";
  return make_error("lesson.unknown_view", message, pointer);
}

}  // namespace

std::string_view view_kind_name(ViewKind kind) {
  switch (kind) {
    case ViewKind::topology: return "topology";
    case ViewKind::sequence: return "sequence";
    case ViewKind::inspector: return "inspector";
    case ViewKind::trace: return "trace";
    case ViewKind::nodes: return "nodes";
    case ViewKind::next_events: return "next_events";
    case ViewKind::table: return "table";
    case ViewKind::plot: return "plot";
    case ViewKind::tree: return "tree";
  }
  return "unknown";
}

std::vector<ViewSpec> available_views(std::string_view protocol) {
  std::vector<ViewSpec> views = generic_views();
  if (const protocols::ProtocolSpec* spec = find_protocol(protocol)) {
    views.insert(views.end(), spec->views.begin(), spec->views.end());
  }
  return views;
}

const ViewSpec* find_view(const std::vector<ViewSpec>& views, std::string_view id) {
  const auto found = std::find_if(views.begin(), views.end(), [&](const ViewSpec& view) { return view.id == id; });
  return found == views.end() ? nullptr : &*found;
}

Result<std::vector<std::string>> read_view_ids(const Json& ids, std::string_view protocol, const std::string& pointer) {
  if (!ids.is_array() || ids.empty()) {
    return make_error("lesson.bad_views", "\"views\" must be a non-empty array of view ids (the first is in front).", pointer);
  }
  if (ids.size() > limits::kMaxViewsPerStep) {
    return make_error("lesson.too_many_views", "a step shows at most " + std::to_string(limits::kMaxViewsPerStep) + " views; this one names " +
                                                   std::to_string(ids.size()) + ".", pointer);
  }
  const std::vector<ViewSpec> views = available_views(protocol);
  std::vector<std::string> chosen;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string entry_pointer = pointer + "/" + std::to_string(i);
    if (!ids[i].is_string()) return make_error("lesson.bad_views", "each view must be a string id, e.g. \"sequence\".", entry_pointer);
    const std::string id = ids[i].get<std::string>();
    if (find_view(views, id) == nullptr) return unknown_view_error(id, views, protocol, entry_pointer);
    if (std::find(chosen.begin(), chosen.end(), id) != chosen.end()) {
      return make_error("lesson.duplicate_view", "view \"" + id + "\" is named twice; name each view once.", entry_pointer);
    }
    chosen.push_back(id);
  }
  return chosen;
}

TableModel table_view(const sim::World& world, std::string_view table_name) {
  TableModel model;
  const sim::Trace& trace = world.trace();
  for (std::size_t node = 0; node < world.node_count(); ++node) {
    const sim::Actor* actor = world.actor(NodeId{static_cast<std::uint16_t>(node)});
    if (actor == nullptr) continue;
    sim::StateWriter writer;
    actor->describe(writer);
    for (const sim::StateTable& table : writer.tables()) {
      if (table.name != table_name) continue;
      if (model.columns.empty()) {
        model.columns.push_back("node");
        model.columns.insert(model.columns.end(), table.columns.begin(), table.columns.end());
      } else if (!std::equal(table.columns.begin(), table.columns.end(), model.columns.begin() + 1, model.columns.end())) {
        model.problem = "nodes describe table \"" + std::string(table_name) + "\" with different columns";
        model.rows.clear();
        model.row_nodes.clear();
        return model;
      }
      model.rows_omitted += table.rows_omitted;
      for (const std::vector<std::string>& cells : table.rows) {
        if (model.rows.size() >= limits::kMaxViewTableRows) {
          ++model.rows_omitted;
          continue;
        }
        std::vector<std::string> row{std::string(trace.node_name(static_cast<std::uint16_t>(node)))};
        row.insert(row.end(), cells.begin(), cells.end());
        model.rows.push_back(std::move(row));
        model.row_nodes.push_back(static_cast<std::uint16_t>(node));
      }
    }
  }
  return model;
}

}  // namespace coordlab::app

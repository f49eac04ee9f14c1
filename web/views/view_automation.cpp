#include "views/view_automation.hpp"

namespace coordlab::ui {
namespace {

constexpr std::size_t kReportedTableRows = 50;  // enough for a test to find a row, small enough to poll every frame

Json plot_json(const SimViewState::PlotView& plot) {
  Json series = Json::array();
  for (std::size_t s = 0; s < plot.model.series.size(); ++s) {
    const app::PlotSeries& one = plot.model.series[s];
    const bool hidden = s < plot.widget.hidden.size() && plot.widget.hidden[s];
    series.push_back({{"name", one.name}, {"points", one.points.size()}, {"hidden", hidden},
                      {"last", one.points.empty() ? Json() : Json(one.points.back().value)}});
  }
  const app::PlotRange range = shown_range(plot.model, plot.widget);
  return {{"title", plot.model.title}, {"error", plot.error}, {"series", series}, {"bands", plot.model.bands.size()},
          {"markers", plot.model.markers.size()}, {"zoomed", plot.widget.zoomed}, {"from_tick", range.from_tick},
          {"to_tick", range.to_tick}, {"readout", plot.widget.readout}};
}

Json table_json(const SimViewState::TableView& table) {
  Json rows = Json::array();
  for (std::size_t i = 0; i < table.model.rows.size() && i < kReportedTableRows; ++i) rows.push_back(table.model.rows[i]);
  return {{"columns", table.model.columns}, {"row_count", table.model.rows.size()}, {"rows", rows}, {"problem", table.model.problem}};
}

// The views drawn this frame, with the key content of each domain view (tables and plots).
Json views_json(const SimViewState& sim) {
  Json views = Json::array();
  for (const std::string& id : sim.shown_views) {
    Json entry = {{"id", id}};
    if (const auto plot = sim.plots.find(id); plot != sim.plots.end()) entry["plot"] = plot_json(plot->second);
    if (const auto table = sim.tables.find(id); table != sim.tables.end()) entry["table"] = table_json(table->second);
    views.push_back(entry);
  }
  return views;
}

}  // namespace

Json sim_view_state_json(const UiState& ui) {
  const SimViewState& sim = ui.sim;
  Json lights = Json::array();
  for (const app::InvariantLight& light : sim.lights) {
    Json entry = {{"id", light.id}, {"passed", light.passed}, {"first_violation_step", nullptr}};
    if (light.first_violation_step) entry["first_violation_step"] = *light.first_violation_step;
    lights.push_back(entry);
  }
  Json state = {{"selected_node", nullptr}, {"in_flight", sim.in_flight.size()}, {"sequence_rows", sim.diagram.row_events.size()},
                {"sequence_arrows", sim.diagram.arrows.size()}, {"lights", lights}, {"views", views_json(sim)}};
  if (sim.selected_node != UINT16_MAX) state["selected_node"] = sim.selected_node;
  return state;
}

}  // namespace coordlab::ui

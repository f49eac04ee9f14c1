// A plot view (see view_domain.hpp): the model is built from the whole recorded trace and rebuilt only
// when the run grows; the cursor is the current position, so stepping back moves the cursor, and a click
// on the plot seeks there (when the step offers seeking). Downloads go through the app's storage.
#include <algorithm>

#include "app/plot_model.hpp"
#include "views/view_domain.hpp"

namespace coordlab::ui {
namespace {

PlotColours plot_colours(const UiState& ui) {
  const bool dark = ui.theme == Theme::dark;
  PlotColours colours;
  colours.text = ImGui::GetColorU32(ImGuiCol_Text);
  colours.grid = dark ? IM_COL32(255, 255, 255, 22) : IM_COL32(0, 0, 0, 22);
  colours.axis = dark ? IM_COL32(200, 200, 200, 140) : IM_COL32(60, 60, 60, 160);
  colours.band = dark ? IM_COL32(231, 76, 60, 46) : IM_COL32(192, 57, 43, 36);
  colours.cursor = dark ? IM_COL32(236, 240, 241, 230) : IM_COL32(20, 20, 20, 220);  // not a series colour
  colours.future_shade = dark ? IM_COL32(0, 0, 0, 70) : IM_COL32(255, 255, 255, 110);
  colours.reference = dark ? IM_COL32(236, 240, 241, 200) : IM_COL32(44, 62, 80, 220);
  colours.marker = dark ? IM_COL32(241, 196, 15, 255) : IM_COL32(183, 149, 11, 255);
  return colours;
}

// The plot covers the whole recorded run: only a new run or a longer trace makes it stale.
RunStamp whole_run_stamp(const ViewContext& view) {
  RunStamp stamp = run_stamp(view);
  stamp.position = 0;
  return stamp;
}

void refresh_model(const ViewContext& view, const app::ViewSpec& spec, SimViewState::PlotView& plot) {
  const app::Session& session = view.session;
  const RunStamp stamp = whole_run_stamp(view);
  if (plot.stamp == stamp) return;
  plot.stamp = stamp;
  Result<app::PlotModel> built = app::build_plot(spec.source, session.trace(), session.trace().event_count());
  plot.error = built.ok() ? std::string() : built.error().message;
  if (built.ok()) plot.model = std::move(built.value());
  ++plot.widget.model_revision;
  plot.widget.hidden.resize(plot.model.series.size(), false);
}

void draw_toolbar(const ViewContext& view, const app::ViewSpec& spec, SimViewState::PlotView& plot) {
  ImGui::TextUnformatted(plot.model.title.c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(!plot.widget.zoomed);
  if (ImGui::SmallButton("Whole run")) plot.widget.zoomed = false;
  ImGui::EndDisabled();
  remember_widget(view.ui, "Plot whole run " + spec.id);
  ImGui::SameLine();
  if (ImGui::SmallButton("Download SVG")) view.commands.push_back(UiCommand::for_view(UiCommand::Kind::download_plot_svg, spec.id));
  remember_widget(view.ui, "Plot SVG " + spec.id);
  ImGui::SameLine();
  if (ImGui::SmallButton("Download CSV")) view.commands.push_back(UiCommand::for_view(UiCommand::Kind::download_plot_csv, spec.id));
  remember_widget(view.ui, "Plot CSV " + spec.id);
}

}  // namespace

void draw_plot_view(const ViewContext& view, const app::ViewSpec& spec) {
  SimViewState::PlotView& plot = view.ui.sim.plots[spec.id];
  refresh_model(view, spec, plot);
  if (!plot.error.empty()) {
    ImGui::TextWrapped("This plot could not be built: %s", plot.error.c_str());
    return;
  }
  draw_toolbar(view, spec, plot);
  const std::optional<std::int64_t> cursor = view.session.world().now().value;
  const PlotWidgetResult result = draw_plot(spec.id.c_str(), plot.model, plot.widget, cursor, ImVec2(0, 0), plot_colours(view.ui));
  remember_widget_rect(view.ui, "Plot " + spec.id, result.area_min, result.area_max);
  for (std::size_t i = 0; i < result.legend_items.size(); ++i) {
    remember_widget_rect(view.ui, "Plot legend " + spec.id + " " + std::to_string(i), result.legend_items[i].first, result.legend_items[i].second);
  }
  if (!result.clicked_tick) return;
  if (!control_enabled(view.ui, "seek")) {
    report_info(view.ui, "This lesson step does not offer seeking, so a click on the plot does not move the run.");
    return;
  }
  const std::uint64_t step = app::step_at_tick(view.session.trace(), *result.clicked_tick, view.session.head_step());
  view.commands.push_back(UiCommand::seek_to(step));
}

}  // namespace coordlab::ui

#include "app/negotiation_plots.hpp"

#include <algorithm>

#include "protocols/payload.hpp"

namespace coordlab::app {

PlotModel negotiation_utilities_plot(const sim::Trace& trace, std::size_t event_count) {
  PlotModel model;
  model.title = "Offer utilities (x: round)";
  model.y_label = "utility, permille";
  model.reference_lines.push_back({"reservation (no deal)", 0});
  std::vector<PlotSeries> series;  // [offerer * 2 + recipient]
  for (std::uint16_t by : {0, 1}) {
    for (std::uint16_t to : {0, 1}) {
      series.push_back({std::string(trace.node_name(by)) + "'s offers: utility to " + std::string(trace.node_name(to)), SeriesStyle::line, {}});
    }
  }
  for (std::size_t i = 0; i < event_count; ++i) {
    const sim::TraceEvent& event = trace.event(i);
    if (event.kind != sim::EventKind::note) continue;
    const std::string_view text = trace.text(event.subject);
    const protocols::PayloadReader note(text);
    const std::int64_t round = note.integer("round").value_or(0);
    if (text.rfind("offer ", 0) == 0) {
      const std::int64_t by = note.integer("by").value_or(-1);
      if (by != 0 && by != 1) continue;
      series[static_cast<std::size_t>(by) * 2].points.push_back({round, note.integer("u0").value_or(0)});
      series[static_cast<std::size_t>(by) * 2 + 1].points.push_back({round, note.integer("u1").value_or(0)});
      model.x_max_tick = std::max(model.x_max_tick, round);
    } else if (text.rfind("agree ", 0) == 0) {
      model.markers.push_back({"agreement in round " + std::to_string(round), round});
    } else if (text.rfind("no_agreement ", 0) == 0) {
      model.markers.push_back({"no agreement (" + std::string(note.text("reason").value_or("")) + ")", round});
    }
  }
  model.series = std::move(series);
  return model;
}

}  // namespace coordlab::app

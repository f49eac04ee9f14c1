// Plots of a run over simulated time: the model a plot view draws (series as lines or step lines,
// shaded bands such as "n2 down", event markers, horizontal reference lines), the builders that make one
// from the trace, and the pure helpers the plot widget needs (min/max decimation per pixel column, the
// value at a tick, the step to seek to for a tick). Everything is integer ticks and integer values, so a
// plot is the same natively and in the browser.
//
// Builders are named (ViewSpec::source) and registered in one table in plot_model.cpp: a domain adds a
// plot by adding one function there. "activity" works for every protocol; protocols add their own.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sim/trace.hpp"

namespace coordlab::app {

enum class SeriesStyle : std::uint8_t { line, step };

struct PlotPoint {
  std::int64_t tick = 0;
  std::int64_t value = 0;
  friend bool operator==(const PlotPoint&, const PlotPoint&) = default;
};

struct PlotSeries {
  std::string name;
  SeriesStyle style = SeriesStyle::line;
  std::vector<PlotPoint> points;  // ascending by tick
};

struct PlotBand {  // a shaded interval: a node down, a partition, an alert firing, a breaker open
  std::string label;
  std::int64_t from_tick = 0;
  std::int64_t to_tick = 0;  // the plot's end while still open
};

struct PlotMarker {  // one event: a learner's input, a new leader
  std::string label;
  std::int64_t tick = 0;
};

struct PlotReferenceLine {  // an SLO, a threshold
  std::string label;
  std::int64_t value = 0;
};

struct PlotModel {
  std::string title;
  std::string y_label;
  std::int64_t x_min_tick = 0;
  std::int64_t x_max_tick = 0;
  std::vector<PlotSeries> series;
  std::vector<PlotBand> bands;
  std::vector<PlotMarker> markers;
  std::vector<PlotReferenceLine> reference_lines;
};

// The registered builders' ids, in a fixed order.
std::vector<std::string_view> plot_builder_ids();
// Builds plot `builder` from the first `event_count` events of `trace`. Unknown builder: plot.unknown_builder.
Result<PlotModel> build_plot(std::string_view builder, const sim::Trace& trace, std::size_t event_count);

// The points of `points` (ascending) that a plot `columns` pixels wide over [x_from_tick, x_to_tick]
// must draw so that no peak is lost: per column the first, the minimum, the maximum and the last point,
// in tick order; plus the nearest point outside the range on each side, so lines reach the edges.
std::vector<PlotPoint> decimate_min_max(const std::vector<PlotPoint>& points, std::int64_t x_from_tick, std::int64_t x_to_tick,
                                        std::size_t columns);

// A series' value at `tick`: a step series holds its last value at or before the tick; a line series
// gives the nearest point's value. Nothing before the first point.
std::optional<std::int64_t> value_at(const PlotSeries& series, std::int64_t tick);

// The step to seek to so the run shows time `tick`: the last step that starts at or before it (at most
// `max_step`; 0 before the first event).
std::uint64_t step_at_tick(const sim::Trace& trace, std::int64_t tick, std::uint64_t max_step);

}  // namespace coordlab::app

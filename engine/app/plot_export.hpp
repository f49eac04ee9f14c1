// A plot as it is shown, handed out of the lab: an SVG picture (axes with tick labels in simulated
// time, bands, reference lines, markers, each shown series decimated to the picture's width, a legend)
// and the shown data as CSV (one row per point: series, tick, value). Pure functions of the model, so
// the CLI, the web lab and the tests share them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/plot_model.hpp"
#include "core/result.hpp"

namespace coordlab::app {

// The colour (0xRRGGBB) of series `index`; the plot widget uses the same palette.
std::uint32_t plot_series_rgb(std::size_t index);

struct PlotRange {
  std::int64_t from_tick = 0;
  std::int64_t to_tick = 0;
  std::vector<bool> hidden;  // per series; missing entries are shown
};

// The whole model's range with every series shown.
PlotRange full_range(const PlotModel& model);

// Fails (plot.too_large) when the shown points exceed limits::kMaxExportedPlotPoints.
Result<std::string> plot_csv(const PlotModel& model, const PlotRange& range);
Result<std::string> plot_svg(const PlotModel& model, const PlotRange& range, int width_px = 900, int height_px = 420);

// Round axis ticks for [from, to]: about `target_count` multiples of 1, 2 or 5 times a power of ten.
std::vector<std::int64_t> axis_ticks(std::int64_t from, std::int64_t to, int target_count);

}  // namespace coordlab::app

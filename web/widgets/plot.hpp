// A time-series plot drawn on ImGui's draw list (no plotting library is available here): lines and
// step lines, shaded bands (a node down, an alert firing), event markers, dashed reference lines (an
// SLO, a threshold), axes with round ticks in simulated time, a clickable legend that hides series, a
// hover readout of every shown series at the pointer, zoom (mouse wheel, around the pointer) and pan
// (drag), a cursor at the run's current tick with the future dimmed, and a click that asks to seek
// there. Series are decimated per pixel column, keeping each column's first, minimum, maximum and last
// point (app::decimate_min_max), so a 10,000-point series costs about as much as its width.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app/plot_export.hpp"
#include "app/plot_model.hpp"

namespace coordlab::ui {

struct PlotWidgetState {
  bool zoomed = false;  // false: the view follows the model's whole range
  std::int64_t from_tick = 0;
  std::int64_t to_tick = 0;
  std::vector<bool> hidden;  // per series
  // The hover readout this frame (for the tooltip and the automation hook); empty when not hovering.
  std::optional<std::int64_t> hover_tick;
  std::string readout;
  bool dragging = false;
  float drag_start_x = 0;
  // Whoever owns the model bumps this whenever it rebuilds it; the decimated lines are kept between
  // frames while the revision, the range, the hidden series and the plot's rectangle stay the same.
  std::uint64_t model_revision = 0;
  struct Cache {
    std::uint64_t revision = UINT64_MAX;
    std::int64_t from = 0, to = 0, low = 0, high = 1;
    float left = 0, top = 0, right = 0, bottom = 0;
    std::vector<bool> hidden;
    std::vector<std::vector<ImVec2>> lines;  // per series, in screen coordinates (empty when hidden)
  } cache;
};

struct PlotColours {
  ImU32 text = 0;
  ImU32 grid = 0;
  ImU32 axis = 0;
  ImU32 band = 0;
  ImU32 cursor = 0;
  ImU32 future_shade = 0;
  ImU32 reference = 0;
  ImU32 marker = 0;
};

struct PlotWidgetResult {
  std::optional<std::int64_t> clicked_tick;  // a click (not a drag) on the plot area: seek there
  bool legend_changed = false;
  ImVec2 area_min, area_max;  // where the plot area was drawn (screen coordinates)
  std::vector<std::pair<ImVec2, ImVec2>> legend_items;  // each series' legend checkbox (min, max)
};

// Draws `model` in a region of `size` (0 = the available space). `cursor_tick`: the run's current time.
PlotWidgetResult draw_plot(const char* id, const app::PlotModel& model, PlotWidgetState& state, std::optional<std::int64_t> cursor_tick,
                           ImVec2 size, const PlotColours& colours);

// The range the widget shows (the model's whole range unless zoomed) and which series are hidden.
app::PlotRange shown_range(const app::PlotModel& model, const PlotWidgetState& state);

// The readout for `tick`: "t=120: sent 4, delivered 3; n1 down" (shown series only).
std::string plot_readout(const app::PlotModel& model, const PlotWidgetState& state, std::int64_t tick);

}  // namespace coordlab::ui

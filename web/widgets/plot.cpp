// The plot widget (see plot.hpp). Layout: the legend on top (wrapping), then the plot area with the
// value axis on its left and the time axis below.
#include "widgets/plot.hpp"

#include <algorithm>
#include <cmath>

#include "app/plot_export.hpp"

namespace coordlab::ui {
namespace {

constexpr float kZoomStep = 0.8f;          // one wheel notch shows 80% of the range
constexpr std::int64_t kMinSpanTicks = 4;  // zooming stops here
constexpr float kDragThresholdPx = 4.0f;   // less than this is a click, not a pan

ImU32 series_colour(std::size_t index, float alpha = 1.0f) {
  const std::uint32_t rgb = app::plot_series_rgb(index);
  return IM_COL32((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, static_cast<int>(alpha * 255));
}

bool is_hidden(const PlotWidgetState& state, std::size_t series) { return series < state.hidden.size() && state.hidden[series]; }

struct Axes {
  ImVec2 min, max;  // the plot area
  std::int64_t from = 0, to = 1;
  std::int64_t low = 0, high = 1;
  float x(std::int64_t tick) const {
    return min.x + static_cast<float>(static_cast<double>(tick - from) / static_cast<double>(std::max<std::int64_t>(to - from, 1)) * (max.x - min.x));
  }
  float y(std::int64_t value) const {
    return max.y - static_cast<float>(static_cast<double>(value - low) / static_cast<double>(std::max<std::int64_t>(high - low, 1)) * (max.y - min.y));
  }
  std::int64_t tick_at(float px) const {
    const double fraction = std::clamp((px - min.x) / std::max(max.x - min.x, 1.0f), 0.0f, 1.0f);
    return from + static_cast<std::int64_t>(std::llround(fraction * static_cast<double>(to - from)));
  }
};

void value_bounds(const app::PlotModel& model, const PlotWidgetState& state, Axes& axes) {
  bool any = false;
  const auto include = [&](std::int64_t value) {
    axes.low = any ? std::min(axes.low, value) : value;
    axes.high = any ? std::max(axes.high, value) : value;
    any = true;
  };
  for (std::size_t s = 0; s < model.series.size(); ++s) {
    if (is_hidden(state, s)) continue;
    for (const app::PlotPoint& point : app::decimate_min_max(model.series[s].points, axes.from, axes.to, 64)) include(point.value);
  }
  for (const app::PlotReferenceLine& line : model.reference_lines) include(line.value);
  if (!any) axes.low = 0, axes.high = 1;
  axes.low = std::min<std::int64_t>(axes.low, 0);
  const std::int64_t headroom = std::max<std::int64_t>(1, (axes.high - axes.low) / 10);
  axes.high += headroom;
}

bool draw_legend(const app::PlotModel& model, PlotWidgetState& state, std::vector<std::pair<ImVec2, ImVec2>>& items) {
  bool changed = false;
  const float right_edge = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  for (std::size_t s = 0; s < model.series.size(); ++s) {
    const std::string label = model.series[s].name + "##legend" + std::to_string(s);
    const float width = ImGui::CalcTextSize(model.series[s].name.c_str()).x + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x * 2;
    if (s > 0) {
      ImGui::SameLine();
      if (ImGui::GetCursorScreenPos().x + width > right_edge) ImGui::NewLine();
    }
    ImGui::PushStyleColor(ImGuiCol_CheckMark, series_colour(s));
    bool shown = !is_hidden(state, s);
    if (ImGui::Checkbox(label.c_str(), &shown)) {
      state.hidden.resize(model.series.size(), false);
      state.hidden[s] = !shown;
      changed = true;
    }
    ImGui::PopStyleColor();
    items.emplace_back(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  }
  return changed;
}

void draw_grid_and_labels(ImDrawList& draw, const Axes& axes, const PlotColours& colours, const app::PlotModel& model) {
  for (const std::int64_t tick : app::axis_ticks(axes.from, axes.to, std::max(2, static_cast<int>((axes.max.x - axes.min.x) / 90)))) {
    const float x = axes.x(tick);
    draw.AddLine(ImVec2(x, axes.min.y), ImVec2(x, axes.max.y), colours.grid);
    const std::string text = std::to_string(tick);
    draw.AddText(ImVec2(x - ImGui::CalcTextSize(text.c_str()).x / 2, axes.max.y + 2), colours.text, text.c_str());
  }
  for (const std::int64_t value : app::axis_ticks(axes.low, axes.high, std::max(2, static_cast<int>((axes.max.y - axes.min.y) / 40)))) {
    const float y = axes.y(value);
    draw.AddLine(ImVec2(axes.min.x, y), ImVec2(axes.max.x, y), colours.grid);
    const std::string text = std::to_string(value);
    draw.AddText(ImVec2(axes.min.x - ImGui::CalcTextSize(text.c_str()).x - 4, y - ImGui::GetFontSize() / 2), colours.text, text.c_str());
  }
  draw.AddRect(axes.min, axes.max, colours.axis);
  const std::string x_label = "ticks; " + model.y_label;
  draw.AddText(ImVec2(axes.max.x - ImGui::CalcTextSize(x_label.c_str()).x, axes.max.y + ImGui::GetFontSize() + 2), colours.text, x_label.c_str());
}

void draw_overlays(ImDrawList& draw, const app::PlotModel& model, const Axes& axes, const PlotColours& colours) {
  for (const app::PlotBand& band : model.bands) {
    if (band.to_tick < axes.from || band.from_tick > axes.to) continue;
    const float x1 = axes.x(std::max(band.from_tick, axes.from));
    const float x2 = std::max(axes.x(std::min(band.to_tick, axes.to)), x1 + 1);
    draw.AddRectFilled(ImVec2(x1, axes.min.y), ImVec2(x2, axes.max.y), colours.band);
  }
  for (const app::PlotReferenceLine& line : model.reference_lines) {
    const float y = axes.y(line.value);
    for (float x = axes.min.x; x < axes.max.x; x += 10) draw.AddLine(ImVec2(x, y), ImVec2(std::min(x + 6, axes.max.x), y), colours.reference, 1.5f);
    draw.AddText(ImVec2(axes.min.x + 4, y - ImGui::GetFontSize() - 1), colours.reference, line.label.c_str());
  }
  for (const app::PlotMarker& marker : model.markers) {
    if (marker.tick < axes.from || marker.tick > axes.to) continue;
    const float x = axes.x(marker.tick);
    draw.AddTriangleFilled(ImVec2(x - 4, axes.min.y), ImVec2(x + 4, axes.min.y), ImVec2(x, axes.min.y + 7), colours.marker);
  }
}

// A series as screen points: decimated to one column per pixel, with the corners of step lines. A step
// series holds its last value to the end of the run (a term, a replica count), so its line goes on there.
void series_line(const app::PlotSeries& series, const Axes& axes, std::int64_t end_tick, std::vector<ImVec2>& line) {
  const std::size_t columns = static_cast<std::size_t>(std::max(axes.max.x - axes.min.x, 1.0f));
  const std::vector<app::PlotPoint> points = app::decimate_min_max(series.points, axes.from, axes.to, columns);
  line.clear();
  line.reserve(points.size() * (series.style == app::SeriesStyle::step ? 2 : 1));
  for (std::size_t i = 0; i < points.size(); ++i) {
    const float x = axes.x(points[i].tick);
    if (i > 0 && series.style == app::SeriesStyle::step) line.emplace_back(x, axes.y(points[i - 1].value));
    line.emplace_back(x, axes.y(points[i].value));
  }
  if (series.style == app::SeriesStyle::step && !points.empty() && points.back().tick < std::min(end_tick, axes.to)) {
    line.emplace_back(axes.x(std::min(end_tick, axes.to)), axes.y(points.back().value));
  }
}

bool cache_fresh(const PlotWidgetState& state, const Axes& axes) {
  const PlotWidgetState::Cache& cache = state.cache;
  return cache.revision == state.model_revision && cache.from == axes.from && cache.to == axes.to && cache.hidden == state.hidden &&
         cache.left == axes.min.x && cache.top == axes.min.y && cache.right == axes.max.x && cache.bottom == axes.max.y;
}

// The value range and each shown series' screen line, rebuilt only when the model, the range, the hidden
// series or the plot's rectangle changed since the last frame.
void refresh_cache(const app::PlotModel& model, PlotWidgetState& state, Axes& axes) {
  PlotWidgetState::Cache& cache = state.cache;
  if (cache_fresh(state, axes)) {
    axes.low = cache.low, axes.high = cache.high;
    return;
  }
  value_bounds(model, state, axes);
  cache.revision = state.model_revision;
  cache.from = axes.from, cache.to = axes.to, cache.low = axes.low, cache.high = axes.high;
  cache.left = axes.min.x, cache.top = axes.min.y, cache.right = axes.max.x, cache.bottom = axes.max.y;
  cache.hidden = state.hidden;
  cache.lines.resize(model.series.size());
  for (std::size_t s = 0; s < model.series.size(); ++s) {
    if (is_hidden(state, s)) cache.lines[s].clear();
    else series_line(model.series[s], axes, model.x_max_tick, cache.lines[s]);
  }
}

void draw_line(ImDrawList& draw, const std::vector<ImVec2>& line, ImU32 colour) {
  if (line.size() == 1) draw.AddCircleFilled(line[0], 2.5f, colour);
  // Thickness 1: ImGui draws anti-aliased lines of whole-pixel width from its texture, far cheaper than 1.5.
  if (line.size() >= 2) draw.AddPolyline(line.data(), static_cast<int>(line.size()), colour, 0, 1.0f);
}

void zoom_and_pan(const app::PlotModel& model, PlotWidgetState& state, const Axes& axes, bool hovered, PlotWidgetResult& result) {
  ImGuiIO& io = ImGui::GetIO();
  const std::int64_t full_span = std::max<std::int64_t>(model.x_max_tick - model.x_min_tick, 1);
  if (hovered && io.MouseWheel != 0) {
    const std::int64_t anchor = axes.tick_at(io.MousePos.x);
    const double factor = io.MouseWheel > 0 ? kZoomStep : 1.0 / kZoomStep;
    const std::int64_t span = std::clamp<std::int64_t>(static_cast<std::int64_t>((axes.to - axes.from) * factor), kMinSpanTicks, full_span);
    const double fraction = static_cast<double>(anchor - axes.from) / static_cast<double>(std::max<std::int64_t>(axes.to - axes.from, 1));
    state.from_tick = anchor - static_cast<std::int64_t>(fraction * static_cast<double>(span));
    state.to_tick = state.from_tick + span;
    state.zoomed = span < full_span;
  }
  if (ImGui::IsItemActivated()) state.drag_start_x = io.MousePos.x, state.dragging = false;
  if (ImGui::IsItemActive() && std::abs(io.MousePos.x - state.drag_start_x) > kDragThresholdPx) state.dragging = true;
  if (ImGui::IsItemActive() && state.dragging && io.MouseDelta.x != 0 && state.zoomed) {
    const double ticks_per_px = static_cast<double>(axes.to - axes.from) / std::max(axes.max.x - axes.min.x, 1.0f);
    const auto shift = static_cast<std::int64_t>(std::llround(-io.MouseDelta.x * ticks_per_px));
    state.from_tick += shift;
    state.to_tick += shift;
  }
  if (ImGui::IsItemDeactivated() && !state.dragging) result.clicked_tick = axes.tick_at(io.MousePos.x);
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) state.zoomed = false;
  if (state.zoomed) {  // keep the window inside the run
    const std::int64_t span = state.to_tick - state.from_tick;
    state.from_tick = std::clamp(state.from_tick, model.x_min_tick, std::max(model.x_max_tick - span, model.x_min_tick));
    state.to_tick = state.from_tick + span;
  }
}

}  // namespace

app::PlotRange shown_range(const app::PlotModel& model, const PlotWidgetState& state) {
  app::PlotRange range = app::full_range(model);
  if (state.zoomed) range.from_tick = state.from_tick, range.to_tick = state.to_tick;
  range.hidden = state.hidden;
  return range;
}

std::string plot_readout(const app::PlotModel& model, const PlotWidgetState& state, std::int64_t tick) {
  std::string text = "t=" + std::to_string(tick) + ":";
  bool first = true;
  for (std::size_t s = 0; s < model.series.size(); ++s) {
    if (is_hidden(state, s)) continue;
    const std::optional<std::int64_t> value = app::value_at(model.series[s], tick);
    text += std::string(first ? " " : ", ") + model.series[s].name + " " + (value ? std::to_string(*value) : "-");
    first = false;
  }
  for (const app::PlotBand& band : model.bands) {
    if (tick >= band.from_tick && tick <= band.to_tick) text += "; " + band.label;
  }
  return text;
}

PlotWidgetResult draw_plot(const char* id, const app::PlotModel& model, PlotWidgetState& state, std::optional<std::int64_t> cursor_tick,
                           ImVec2 size, const PlotColours& colours) {
  PlotWidgetResult result;
  ImGui::PushID(id);
  result.legend_changed = draw_legend(model, state, result.legend_items);
  const ImVec2 available = ImGui::GetContentRegionAvail();
  const ImVec2 region(size.x > 0 ? size.x : available.x, size.y > 0 ? size.y : std::max(available.y, 80.0f));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float font = ImGui::GetFontSize();
  Axes axes;
  axes.min = ImVec2(origin.x + font * 4.0f, origin.y + 4);
  axes.max = ImVec2(origin.x + region.x - 8, origin.y + region.y - font * 2.4f);
  if (axes.max.x <= axes.min.x + 10 || axes.max.y <= axes.min.y + 10) {
    ImGui::Dummy(region);
    ImGui::PopID();
    return result;
  }
  axes.from = state.zoomed ? state.from_tick : model.x_min_tick;
  axes.to = state.zoomed ? state.to_tick : std::max(model.x_max_tick, model.x_min_tick + 1);
  refresh_cache(model, state, axes);

  ImGui::SetCursorScreenPos(axes.min);
  ImGui::InvisibleButton("plot_area", ImVec2(axes.max.x - axes.min.x, axes.max.y - axes.min.y));
  result.area_min = axes.min;
  result.area_max = axes.max;
  const bool hovered = ImGui::IsItemHovered();
  zoom_and_pan(model, state, axes, hovered, result);

  ImDrawList& draw = *ImGui::GetWindowDrawList();
  draw.PushClipRect(origin, ImVec2(origin.x + region.x, origin.y + region.y), true);
  draw_grid_and_labels(draw, axes, colours, model);
  draw.PushClipRect(axes.min, axes.max, true);
  draw_overlays(draw, model, axes, colours);
  for (std::size_t s = 0; s < state.cache.lines.size(); ++s) draw_line(draw, state.cache.lines[s], series_colour(s));
  if (cursor_tick && *cursor_tick >= axes.from && *cursor_tick <= axes.to) {
    const float x = axes.x(*cursor_tick);
    draw.AddRectFilled(ImVec2(x, axes.min.y), axes.max, colours.future_shade);
    draw.AddLine(ImVec2(x, axes.min.y), ImVec2(x, axes.max.y), colours.cursor, 2.0f);
  }
  state.hover_tick.reset();
  state.readout.clear();
  if (hovered) {
    const std::int64_t tick = axes.tick_at(ImGui::GetIO().MousePos.x);
    state.hover_tick = tick;
    state.readout = plot_readout(model, state, tick);
    draw.AddLine(ImVec2(axes.x(tick), axes.min.y), ImVec2(axes.x(tick), axes.max.y), colours.axis);
    std::string tooltip = state.readout;
    for (const app::PlotMarker& marker : model.markers) {
      if (std::abs(axes.x(marker.tick) - axes.x(tick)) <= 4) tooltip += "\n" + marker.label;
    }
    ImGui::SetTooltip("%s\nclick: go there  wheel: zoom  drag: pan  double-click: whole run", tooltip.c_str());
  }
  draw.PopClipRect();
  draw.PopClipRect();
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(region);
  ImGui::PopID();
  return result;
}

}  // namespace coordlab::ui

#include "app/plot_export.hpp"

#include <algorithm>
#include <cstdio>

#include "core/format.hpp"
#include "core/limits.hpp"

namespace coordlab::app {
namespace {

constexpr int kLeft = 64;    // room for the value axis labels
constexpr int kRight = 16;
constexpr int kTop = 36;     // the title
constexpr int kBottom = 40;  // the time axis labels
constexpr int kLegendRowPx = 16;

bool shown(const PlotRange& range, std::size_t series) { return series >= range.hidden.size() || !range.hidden[series]; }

std::string rgb_text(std::uint32_t rgb) {
  char text[8];
  std::snprintf(text, sizeof text, "#%06x", static_cast<unsigned>(rgb & 0xffffff));
  return text;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

struct ValueRange {
  std::int64_t low = 0;
  std::int64_t high = 1;
};

ValueRange value_range(const PlotModel& model, const PlotRange& range) {
  bool any = false;
  ValueRange values;
  const auto include = [&](std::int64_t value) {
    values.low = any ? std::min(values.low, value) : value;
    values.high = any ? std::max(values.high, value) : value;
    any = true;
  };
  for (std::size_t s = 0; s < model.series.size(); ++s) {
    if (!shown(range, s)) continue;
    for (const PlotPoint& point : model.series[s].points) {
      if (point.tick >= range.from_tick && point.tick <= range.to_tick) include(point.value);
    }
  }
  for (const PlotReferenceLine& line : model.reference_lines) include(line.value);
  if (!any) return {0, 1};
  values.low = std::min<std::int64_t>(values.low, 0);  // counts and rates read best from zero
  if (values.high <= values.low) values.high = values.low + 1;
  return values;
}

std::size_t shown_point_count(const PlotModel& model, const PlotRange& range) {
  std::size_t count = 0;
  for (std::size_t s = 0; s < model.series.size(); ++s) {
    if (!shown(range, s)) continue;
    for (const PlotPoint& point : model.series[s].points) count += (point.tick >= range.from_tick && point.tick <= range.to_tick);
  }
  return count;
}

Status check_size(const PlotModel& model, const PlotRange& range) {
  const std::size_t points = shown_point_count(model, range);
  if (points <= limits::kMaxExportedPlotPoints) return {};
  return make_error("plot.too_large", "this plot shows " + with_thousands(points) + " points, more than the " +
                                          with_thousands(limits::kMaxExportedPlotPoints) + " an export holds; zoom in or hide series first.");
}

struct Frame {
  int width = 0, height = 0;
  std::int64_t from = 0, to = 1;
  ValueRange values;
  double x(std::int64_t tick) const {
    return kLeft + static_cast<double>(tick - from) * (width - kLeft - kRight) / static_cast<double>(std::max<std::int64_t>(to - from, 1));
  }
  double y(std::int64_t value) const {
    return kTop + static_cast<double>(values.high - value) * (height - kTop - kBottom) / static_cast<double>(values.high - values.low);
  }
};

void append_axes(std::string& svg, const Frame& frame, const PlotModel& model) {
  for (const std::int64_t tick : axis_ticks(frame.from, frame.to, 8)) {
    const std::string x = number(frame.x(tick));
    svg += "<line x1=\"" + x + "\" y1=\"" + std::to_string(kTop) + "\" x2=\"" + x + "\" y2=\"" + std::to_string(frame.height - kBottom) +
           "\" stroke=\"#dddddd\"/>\n<text x=\"" + x + "\" y=\"" + std::to_string(frame.height - kBottom + 16) +
           "\" text-anchor=\"middle\">" + std::to_string(tick) + "</text>\n";
  }
  for (const std::int64_t value : axis_ticks(frame.values.low, frame.values.high, 6)) {
    const std::string y = number(frame.y(value));
    svg += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" + y + "\" x2=\"" + std::to_string(frame.width - kRight) + "\" y2=\"" + y +
           "\" stroke=\"#eeeeee\"/>\n<text x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + y + "\" text-anchor=\"end\" dy=\"4\">" +
           std::to_string(value) + "</text>\n";
  }
  svg += "<text x=\"" + std::to_string(frame.width / 2) + "\" y=\"" + std::to_string(frame.height - 6) + "\" text-anchor=\"middle\">time (ticks)</text>\n";
  svg += "<text x=\"12\" y=\"" + std::to_string(frame.height / 2) + "\" transform=\"rotate(-90 12 " + std::to_string(frame.height / 2) +
         ")\" text-anchor=\"middle\">";
  append_xml_escaped(svg, model.y_label);
  svg += "</text>\n";
}

// A step series holds its last value to the end of the run (`end_tick`), so its line goes on there.
void append_series(std::string& svg, const Frame& frame, const PlotSeries& series, std::int64_t end_tick, std::uint32_t rgb) {
  const std::vector<PlotPoint> points = decimate_min_max(series.points, frame.from, frame.to, static_cast<std::size_t>(frame.width));
  if (points.empty()) return;
  svg += "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" + rgb_text(rgb) + "\" points=\"";
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0 && series.style == SeriesStyle::step) {
      svg += number(frame.x(points[i].tick)) + "," + number(frame.y(points[i - 1].value)) + " ";
    }
    svg += number(frame.x(points[i].tick)) + "," + number(frame.y(points[i].value)) + " ";
  }
  if (series.style == SeriesStyle::step && points.back().tick < std::min(end_tick, frame.to)) {
    svg += number(frame.x(std::min(end_tick, frame.to))) + "," + number(frame.y(points.back().value)) + " ";
  }
  svg += "\"><title>";
  append_xml_escaped(svg, series.name);
  svg += "</title></polyline>\n";
}

void append_overlays(std::string& svg, const Frame& frame, const PlotModel& model) {
  const std::string top = std::to_string(kTop);
  const std::string plot_height = std::to_string(frame.height - kTop - kBottom);
  for (const PlotBand& band : model.bands) {
    if (band.to_tick < frame.from || band.from_tick > frame.to) continue;
    const double x1 = frame.x(std::max(band.from_tick, frame.from));
    const double x2 = frame.x(std::min(band.to_tick, frame.to));
    svg += "<rect x=\"" + number(x1) + "\" y=\"" + top + "\" width=\"" + number(std::max(x2 - x1, 1.0)) + "\" height=\"" + plot_height +
           "\" fill=\"#d9534f\" fill-opacity=\"0.12\"><title>";
    append_xml_escaped(svg, band.label);
    svg += "</title></rect>\n";
  }
  for (const PlotReferenceLine& line : model.reference_lines) {
    const std::string y = number(frame.y(line.value));
    svg += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" + y + "\" x2=\"" + std::to_string(frame.width - kRight) + "\" y2=\"" + y +
           "\" stroke=\"#555555\" stroke-dasharray=\"6 4\"><title>";
    append_xml_escaped(svg, line.label);
    svg += "</title></line>\n";
  }
  for (const PlotMarker& marker : model.markers) {
    if (marker.tick < frame.from || marker.tick > frame.to) continue;
    const std::string x = number(frame.x(marker.tick));
    svg += "<line x1=\"" + x + "\" y1=\"" + top + "\" x2=\"" + x + "\" y2=\"" + std::to_string(kTop + 8) +
           "\" stroke=\"#333333\" stroke-width=\"2\"><title>";
    append_xml_escaped(svg, marker.label);
    svg += "</title></line>\n";
  }
}

}  // namespace

std::uint32_t plot_series_rgb(std::size_t index) {
  // Distinguishable on light and dark backgrounds (Tableau 10).
  static constexpr std::uint32_t kPalette[] = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                                               0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
  return kPalette[index % (sizeof kPalette / sizeof kPalette[0])];
}

PlotRange full_range(const PlotModel& model) { return PlotRange{model.x_min_tick, model.x_max_tick, {}}; }

std::vector<std::int64_t> axis_ticks(std::int64_t from, std::int64_t to, int target_count) {
  std::vector<std::int64_t> ticks;
  if (to < from || target_count < 1) return ticks;
  const std::int64_t raw_step = std::max<std::int64_t>(1, (to - from) / target_count);
  std::int64_t magnitude = 1;
  while (magnitude * 10 <= raw_step) magnitude *= 10;
  std::int64_t step = magnitude;
  for (const std::int64_t factor : {2, 5, 10}) {
    if (step >= raw_step) break;
    step = magnitude * factor;
  }
  std::int64_t first = (from / step) * step;
  if (first < from) first += step;
  for (std::int64_t tick = first; tick <= to; tick += step) ticks.push_back(tick);
  return ticks;
}

Result<std::string> plot_csv(const PlotModel& model, const PlotRange& range) {
  RETURN_IF_ERROR(check_size(model, range));
  std::string csv = "series,tick,value\n";
  for (std::size_t s = 0; s < model.series.size(); ++s) {
    if (!shown(range, s)) continue;
    std::string name = model.series[s].name;
    if (name.find_first_of(",\"\n") != std::string::npos) {  // RFC 4180 quoting
      std::string quoted = "\"";
      for (const char c : name) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
      name = quoted + "\"";
    }
    for (const PlotPoint& point : model.series[s].points) {
      if (point.tick < range.from_tick || point.tick > range.to_tick) continue;
      csv += name + "," + std::to_string(point.tick) + "," + std::to_string(point.value) + "\n";
    }
  }
  return csv;
}

Result<std::string> plot_svg(const PlotModel& model, const PlotRange& range, int width_px, int height_px) {
  RETURN_IF_ERROR(check_size(model, range));
  const int legend_rows = static_cast<int>(model.series.size());
  Frame frame{std::max(width_px, 200), std::max(height_px, 120), range.from_tick, std::max(range.to_tick, range.from_tick + 1),
              value_range(model, range)};
  const int total_height = frame.height + legend_rows * kLegendRowPx + 8;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(frame.width) + "\" height=\"" +
                    std::to_string(total_height) + "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"" + std::to_string(kLeft) + "\" y=\"20\" font-size=\"14\">";
  append_xml_escaped(svg, model.title);
  svg += "</text>\n<clipPath id=\"plot\"><rect x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(kTop) + "\" width=\"" +
         std::to_string(frame.width - kLeft - kRight) + "\" height=\"" + std::to_string(frame.height - kTop - kBottom) + "\"/></clipPath>\n";
  append_axes(svg, frame, model);
  svg += "<g clip-path=\"url(#plot)\">\n";
  append_overlays(svg, frame, model);
  for (std::size_t s = 0; s < model.series.size(); ++s) {
    if (shown(range, s)) append_series(svg, frame, model.series[s], model.x_max_tick, plot_series_rgb(s));
  }
  svg += "</g>\n";
  for (std::size_t s = 0; s < model.series.size(); ++s) {
    const int y = frame.height + static_cast<int>(s) * kLegendRowPx + 4;
    svg += "<rect x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(y) + "\" width=\"12\" height=\"10\" fill=\"" +
           rgb_text(plot_series_rgb(s)) + "\"" + (shown(range, s) ? "" : " fill-opacity=\"0.25\"") + "/>\n<text x=\"" +
           std::to_string(kLeft + 18) + "\" y=\"" + std::to_string(y + 9) + "\">";
    append_xml_escaped(svg, model.series[s].name + (shown(range, s) ? "" : " (hidden)"));
    svg += "</text>\n";
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace coordlab::app

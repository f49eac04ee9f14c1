#include "app/sequence_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/format.hpp"
#include "core/limits.hpp"

namespace coordlab::app {
namespace {

constexpr int kColumnWidth = 120;
constexpr int kRowHeight = 18;
constexpr int kHeaderHeight = 48;
constexpr int kMargin = 20;

std::string rgb_text(std::uint32_t rgb) {
  char text[8];
  std::snprintf(text, sizeof text, "#%06x", static_cast<unsigned>(rgb & 0xffffff));
  return text;
}

struct Geometry {
  std::vector<int> column_of_node;  // -1 = not shown
  std::uint32_t first_row = 0;
  std::uint32_t last_row = 0;  // exclusive
  int x(std::uint16_t node) const { return kMargin + column_of_node[node] * kColumnWidth + kColumnWidth / 2; }
  int y(std::uint32_t row) const {
    const std::uint32_t clamped = std::clamp(row, first_row, last_row);
    return kHeaderHeight + static_cast<int>(clamped - first_row) * kRowHeight + kRowHeight / 2;
  }
};

// An arrowhead drawn as its own triangle (SVG markers cannot take the line's colour in every viewer).
void append_head(std::string& svg, int x1, int y1, int x2, int y2, const std::string& colour) {
  const double dx = x2 - x1;
  const double dy = y2 - y1;
  const double length = std::max(std::sqrt(dx * dx + dy * dy), 1.0);
  const double ux = dx / length;
  const double uy = dy / length;
  constexpr double kHeadLength = 8;
  constexpr double kHeadHalfWidth = 4;
  const double bx = x2 - ux * kHeadLength;
  const double by = y2 - uy * kHeadLength;
  char points[160];
  std::snprintf(points, sizeof points, "%d,%d %.1f,%.1f %.1f,%.1f", x2, y2, bx - uy * kHeadHalfWidth, by + ux * kHeadHalfWidth,
                bx + uy * kHeadHalfWidth, by - ux * kHeadHalfWidth);
  svg += "<polygon points=\"" + std::string(points) + "\" fill=\"" + colour + "\"/>";
}

void append_arrow(std::string& svg, const sim::Trace& trace, const SequenceArrow& arrow, const Geometry& geometry) {
  const int x1 = geometry.x(arrow.from);
  const int x2 = geometry.x(arrow.to);
  const int y1 = geometry.y(arrow.start_row);
  const int y2 = geometry.y(arrow.end_row);
  const std::string colour = rgb_text(message_type_rgb(arrow.type));
  svg += "<g><title>#" + std::to_string(arrow.message) + " ";
  append_xml_escaped(svg, trace.message_type_name(arrow.type));
  svg += " ";
  append_xml_escaped(svg, trace.payload(MessageId{arrow.message}));
  svg += "</title><line x1=\"" + std::to_string(x1) + "\" y1=\"" + std::to_string(y1) + "\" x2=\"" + std::to_string(x2) +
         "\" y2=\"" + std::to_string(y2) + "\" stroke=\"" + colour + "\" stroke-width=\"1.5\"";
  if (arrow.end != ArrowEnd::delivered || arrow.duplicate) svg += " stroke-dasharray=\"4 3\"";
  svg += "/>";
  if (arrow.end == ArrowEnd::delivered) append_head(svg, x1, y1, x2, y2, colour);
  if (arrow.end == ArrowEnd::dropped) {
    svg += "<text x=\"" + std::to_string(x2) + "\" y=\"" + std::to_string(y2 + 4) +
           "\" text-anchor=\"middle\" fill=\"#d62728\" font-weight=\"bold\">&#215;</text>";
  }
  svg += "<text x=\"" + std::to_string((x1 + x2) / 2) + "\" y=\"" + std::to_string((y1 + y2) / 2 - 3) +
         "\" text-anchor=\"middle\" fill=\"" + colour + "\">";
  append_xml_escaped(svg, trace.message_type_name(arrow.type));
  svg += "</text></g>\n";
}

}  // namespace

Result<std::string> sequence_svg(const sim::Trace& trace, const SequenceDiagram& diagram, const SequenceSvgOptions& options) {
  if (options.row_count > limits::kMaxSequenceSvgRows) {
    return make_error("sequence.svg_too_large", "an exported sequence diagram holds at most " +
                                                    std::to_string(limits::kMaxSequenceSvgRows) + " rows, and " +
                                                    std::to_string(options.row_count) +
                                                    " were asked for; filter by node or type, or search, to show fewer.");
  }
  const auto total_rows = static_cast<std::uint32_t>(diagram.row_events.size());
  Geometry geometry;
  geometry.first_row = std::min(options.first_row, total_rows);
  geometry.last_row = std::min(total_rows, geometry.first_row + options.row_count);
  geometry.column_of_node.assign(trace.node_names().size(), -1);
  for (std::size_t column = 0; column < diagram.lifelines.size(); ++column) geometry.column_of_node[diagram.lifelines[column]] = static_cast<int>(column);
  const int width = 2 * kMargin + static_cast<int>(diagram.lifelines.size()) * kColumnWidth;
  const int height = kHeaderHeight + static_cast<int>(geometry.last_row - geometry.first_row + 1) * kRowHeight + kMargin;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
                    std::to_string(height) + "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"" + std::to_string(kMargin) + "\" y=\"16\">";
  append_xml_escaped(svg, options.title);
  svg += "</text>\n";
  const int bottom = height - kMargin;
  for (const std::uint16_t node : diagram.lifelines) {
    const std::string x = std::to_string(geometry.x(node));
    svg += "<text x=\"" + x + "\" y=\"38\" text-anchor=\"middle\" font-weight=\"bold\">";
    append_xml_escaped(svg, trace.node_name(node));
    svg += "</text><line x1=\"" + x + "\" y1=\"42\" x2=\"" + x + "\" y2=\"" + std::to_string(bottom) + "\" stroke=\"#999999\"/>\n";
  }
  // Arrows that cross the window are drawn too, clipped at its edges by the row clamp.
  for (std::size_t i = first_arrow_reaching(diagram, geometry.first_row); i < diagram.arrows.size(); ++i) {
    const SequenceArrow& arrow = diagram.arrows[i];
    if (arrow.start_row >= geometry.last_row) break;
    if (arrow.end_row < geometry.first_row || geometry.column_of_node[arrow.from] < 0 || geometry.column_of_node[arrow.to] < 0) continue;
    append_arrow(svg, trace, arrow, geometry);
  }
  for (const SequenceMarker& marker : diagram.markers) {
    if (marker.row < geometry.first_row || marker.row >= geometry.last_row) continue;
    const int x = geometry.x(marker.node);
    const int y = geometry.y(marker.row);
    const bool crash = marker.kind == sim::EventKind::crash;
    svg += "<rect x=\"" + std::to_string(x - 30) + "\" y=\"" + std::to_string(y - 7) + "\" width=\"60\" height=\"14\" fill=\"" +
           (crash ? std::string("#d62728") : std::string("#2ca02c")) + "\"/><text x=\"" + std::to_string(x) + "\" y=\"" +
           std::to_string(y + 4) + "\" text-anchor=\"middle\" fill=\"#ffffff\">" + (crash ? "crash" : "restart") + "</text>\n";
  }
  if (options.now_row >= geometry.first_row && options.now_row <= geometry.last_row) {
    const std::string y = std::to_string(geometry.y(options.now_row) - kRowHeight / 2);
    svg += "<line x1=\"0\" y1=\"" + y + "\" x2=\"" + std::to_string(width) + "\" y2=\"" + y +
           "\" stroke=\"#1f77b4\" stroke-dasharray=\"6 4\"/><text x=\"2\" y=\"" + y + "\" fill=\"#1f77b4\">now</text>\n";
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace coordlab::app

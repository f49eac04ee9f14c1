// The sequence diagram view (see view_sequence.hpp). The diagram's rows and arrows are built by the
// engine (app/sequence_view.hpp) once per trace length and filter; each frame draws only the rows in
// the scrolled window and the arrows that cross it.
#include "views/view_sequence.hpp"

#include <algorithm>
#include <cmath>

#include "app/sequence_svg.hpp"
#include "core/limits.hpp"
#include "platform/storage.hpp"

namespace coordlab::ui {
namespace {

constexpr float kGutterWidth = 64.0f;      // tick labels on the left
constexpr float kMinColumnWidth = 90.0f;
constexpr std::size_t kMaxLabelledArrows = 200;  // clickable labels per frame

const app::SequenceDiagram& current_diagram(const ViewContext& view) {
  const app::Session& session = view.session;
  SimViewState& sim = view.ui.sim;
  sim.filter.search = sim.search_text;
  const std::size_t events = session.trace().event_count();
  if (sim.diagram_run != view.ui.run_generation || sim.diagram_events != events || !(sim.diagram_filter == sim.filter)) {
    sim.diagram = app::build_sequence_diagram(session.trace(), events, sim.filter);
    sim.diagram_run = view.ui.run_generation;
    sim.diagram_events = events;
    sim.diagram_filter = sim.filter;
  }
  return sim.diagram;
}

void set_flag(std::vector<bool>& flags, std::size_t index, bool value) {
  if (flags.size() <= index) flags.resize(index + 1, false);
  flags[index] = value;
}

bool flag(const std::vector<bool>& flags, std::size_t index) { return index < flags.size() && flags[index]; }

void draw_filter_popup(UiState& ui, const char* button, const std::vector<std::string>& names, std::vector<bool>& hidden,
                       const char* widget_prefix) {
  if (ImGui::Button(button)) ImGui::OpenPopup(button);
  remember_widget(ui, button);
  if (!ImGui::BeginPopup(button)) return;
  if (ImGui::SmallButton("all")) hidden.clear();
  ImGui::SameLine();
  if (ImGui::SmallButton("none")) hidden.assign(names.size(), true);
  for (std::size_t i = 0; i < names.size(); ++i) {
    bool shown = !flag(hidden, i);
    if (ImGui::Checkbox(names[i].c_str(), &shown)) set_flag(hidden, i, !shown);
    remember_widget(ui, std::string(widget_prefix) + names[i]);
  }
  ImGui::EndPopup();
}

// The toolbar wraps (same_line_if_fits): a narrow column or a large font must not push "Download SVG"
// off the edge.
void draw_toolbar(const ViewContext& view) {
  SimViewState& sim = view.ui.sim;
  const sim::Trace& trace = view.session.trace();
  ImGui::SetNextItemWidth(std::min(220.0f, ImGui::GetContentRegionAvail().x * 0.4f));
  ImGui::InputTextWithHint("##sequence_search", "search type or payload", sim.search_text, sizeof sim.search_text);
  remember_widget(view.ui, "Sequence search");
  same_line_if_fits(button_width("Nodes..."));
  draw_filter_popup(view.ui, "Nodes...", trace.node_names(), sim.filter.hidden_nodes, "Show node ");
  same_line_if_fits(button_width("Types..."));
  draw_filter_popup(view.ui, "Types...", trace.message_types(), sim.filter.hidden_types, "Show type ");
  same_line_if_fits(checkbox_width("Follow"));
  ImGui::Checkbox("Follow", &sim.sequence_follow);
  remember_widget(view.ui, "Sequence follow");
  item_tooltip("Keep the current position in view as the run moves.");
  same_line_if_fits(checkbox_width("Compact"));
  ImGui::Checkbox("Compact", &sim.sequence_compact);
  remember_widget(view.ui, "Sequence compact");
  item_tooltip("Label a broadcast (one node sending one type to many at once) once, as a fan, instead of on every arrow.");
  same_line_if_fits(button_width("Copy SVG"));
  if (ImGui::Button("Copy SVG")) {
    Result<std::string> svg = sequence_svg_for_view(view.session, sim);
    if (svg.ok()) {
      copy_to_clipboard(svg.value());  // the system clipboard (ImGui's own stays inside the page)
      report_info(view.ui, "Copied the sequence diagram as SVG (" + std::to_string(svg.value().size()) + " bytes).");
    } else {
      report_error(view.ui, svg.error().to_string());
    }
  }
  remember_widget(view.ui, "Copy SVG");
  same_line_if_fits(button_width("Download SVG"));
  // Saving needs the app's storage, so the app does it (LabApp::download_sequence_svg).
  if (ImGui::Button("Download SVG")) view.commands.push_back(UiCommand::of(UiCommand::Kind::download_sequence_svg));
  remember_widget(view.ui, "Download SVG");
  item_tooltip("Save the diagram as shown (these filters, up to the current step) as an .svg file.");
}

struct Geometry {
  ImVec2 origin;          // screen position of row 0, first lifeline column's left edge
  float column_width = 0;
  float row_height = 0;
  std::vector<int> column_of_node;
  float x(std::uint16_t node) const { return origin.x + (static_cast<float>(column_of_node[node]) + 0.5f) * column_width; }
  float y(std::uint32_t row) const { return origin.y + (static_cast<float>(row) + 0.5f) * row_height; }
};

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x;
  const float dy = b.y - a.y;
  const float length_squared = dx * dx + dy * dy;
  const float t = length_squared > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length_squared, 0.0f, 1.0f) : 0.0f;
  const float ex = a.x + t * dx - p.x;
  const float ey = a.y + t * dy - p.y;
  return std::sqrt(ex * ex + ey * ey);
}

std::string arrow_summary(const app::Session& session, const app::SequenceArrow& arrow) {
  const sim::Trace& trace = session.trace();
  std::string text = "#" + std::to_string(arrow.message) + " " + std::string(trace.message_type_name(arrow.type)) + "  " +
                     node_name(session, arrow.from) + " \u2192 " + node_name(session, arrow.to) + "\nsent at tick " +
                     std::to_string(trace.event(arrow.start_event).tick.value);
  if (arrow.duplicate) text += " (a duplicate)";
  if (arrow.end == app::ArrowEnd::delivered) text += ", delivered at tick " + std::to_string(trace.event(arrow.end_event).tick.value);
  if (arrow.end == app::ArrowEnd::dropped) {
    const sim::TraceEvent& drop = trace.event(arrow.end_event);
    text += ", dropped at tick " + std::to_string(drop.tick.value) + " (" +
            std::string(sim::drop_reason_name(static_cast<sim::DropReason>(drop.detail))) + ")";
  }
  if (arrow.end == app::ArrowEnd::in_flight) text += ", still in flight";
  const std::string_view payload = trace.payload(MessageId{arrow.message});
  if (!payload.empty()) text += "\n" + std::string(payload.substr(0, 400));
  return text + "\nClick the label to go to its delivery.";
}

void draw_arrow_head(ImDrawList* draw, ImVec2 from, ImVec2 to, ImU32 colour) {
  const float dx = to.x - from.x;
  const float dy = to.y - from.y;
  const float length = std::max(std::sqrt(dx * dx + dy * dy), 1.0f);
  const float ux = dx / length;
  const float uy = dy / length;
  const ImVec2 base(to.x - ux * 8, to.y - uy * 8);
  draw->AddTriangleFilled(to, ImVec2(base.x - uy * 4, base.y + ux * 4), ImVec2(base.x + uy * 4, base.y - ux * 4), colour);
}

// Arrows of one broadcast: the same sender and message type, sent at the same tick on neighbouring rows
// (a broadcast is one send event per recipient, recorded one after another).
bool same_fan(const sim::Trace& trace, const app::SequenceArrow& a, const app::SequenceArrow& b) {
  return a.from == b.from && a.type == b.type && b.start_row <= a.start_row + 1 &&
         trace.event(a.start_event).tick == trace.event(b.start_event).tick;
}

std::size_t fan_size(const sim::Trace& trace, const app::SequenceDiagram& diagram, std::size_t first) {
  std::size_t end = first + 1;
  while (end < diagram.arrows.size() && same_fan(trace, diagram.arrows[end - 1], diagram.arrows[end])) ++end;
  return end - first;
}

// Draws the arrows crossing rows [first_row, last_row); returns the one under the mouse, if any.
const app::SequenceArrow* draw_arrows(const ViewContext& view, const app::SequenceDiagram& diagram, const Geometry& geometry,
                                      std::uint32_t first_row, std::uint32_t last_row, std::size_t happened) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 mouse = ImGui::GetMousePos();
  const bool window_hovered = ImGui::IsWindowHovered();
  const app::SequenceArrow* hovered = nullptr;
  float hovered_distance = 5.0f;
  std::size_t labelled = 0;
  std::vector<ImVec4> taken;  // the labels drawn so far (min x, min y, max x, max y)
  for (std::size_t i = app::first_arrow_reaching(diagram, first_row); i < diagram.arrows.size(); ++i) {
    const app::SequenceArrow& arrow = diagram.arrows[i];
    if (arrow.start_row >= last_row) break;
    if (arrow.end_row < first_row || geometry.column_of_node[arrow.from] < 0 || geometry.column_of_node[arrow.to] < 0) continue;
    const bool future = arrow.start_event >= happened;
    const ImVec2 from(geometry.x(arrow.from), geometry.y(arrow.start_row));
    const ImVec2 to(geometry.x(arrow.to), geometry.y(arrow.end_row));
    const ImU32 colour = message_type_colour(arrow.type, future ? 0.3f : 1.0f);
    draw->AddLine(from, to, colour, arrow.end == app::ArrowEnd::delivered ? 1.5f : 1.0f);
    if (arrow.end == app::ArrowEnd::delivered) draw_arrow_head(draw, from, to, colour);
    if (arrow.end == app::ArrowEnd::dropped) {
      const ImU32 cross = pass_colour(view.ui, false);
      draw->AddLine(ImVec2(to.x - 5, to.y - 5), ImVec2(to.x + 5, to.y + 5), cross, 2.0f);
      draw->AddLine(ImVec2(to.x - 5, to.y + 5), ImVec2(to.x + 5, to.y - 5), cross, 2.0f);
    }
    if (window_hovered) {
      const float distance = distance_to_segment(mouse, from, to);
      if (distance < hovered_distance) {
        hovered_distance = distance;
        hovered = &arrow;
      }
    }
    // A label just after the send, clickable, when the send row is on screen; in compact mode a
    // broadcast is labelled once, and a label that would cover another is left out (hover the arrow).
    if (arrow.start_row < first_row || labelled >= kMaxLabelledArrows) continue;
    const sim::Trace& trace = view.session.trace();
    const bool fan_member = i > 0 && same_fan(trace, diagram.arrows[i - 1], arrow);
    if (view.ui.sim.sequence_compact && fan_member) continue;
    const std::size_t fan = view.ui.sim.sequence_compact ? fan_size(trace, diagram, i) : 1;
    std::string label(view.session.trace().message_type_name(arrow.type));
    if (fan > 1) label += " \u00d7" + std::to_string(fan);
    const ImVec2 label_size = ImGui::CalcTextSize(label.c_str());
    const float direction = to.x >= from.x ? 1.0f : -1.0f;
    const ImVec2 label_at(direction > 0 ? from.x + 6 : from.x - 6 - label_size.x, from.y - label_size.y);
    const ImVec4 box(label_at.x, label_at.y, label_at.x + label_size.x, label_at.y + label_size.y);
    if (std::any_of(taken.begin(), taken.end(), [&](const ImVec4& other) {
          return box.x < other.z && other.x < box.z && box.y < other.w && other.y < box.w;
        })) {
      continue;
    }
    taken.push_back(box);
    ++labelled;
    draw->AddText(label_at, message_text_colour(arrow.type, future ? 0.3f : 1.0f), label.c_str());
    ImGui::SetCursorScreenPos(label_at);
    ImGui::PushID(static_cast<int>(arrow.message));
    if (ImGui::InvisibleButton("arrow", label_size)) {
      const std::size_t target = arrow.end_event != app::kNoEvent ? arrow.end_event : arrow.start_event;
      view.commands.push_back(UiCommand::seek_to(view.session.trace().step_of_event(target)));
    }
    remember_widget(view.ui, "Arrow " + std::to_string(arrow.message));
    if (ImGui::IsItemHovered()) hovered = &arrow;
    ImGui::PopID();
  }
  return hovered;
}

void draw_markers(const ViewContext& view, const app::SequenceDiagram& diagram, const Geometry& geometry, std::uint32_t first_row,
                  std::uint32_t last_row) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const auto first = std::lower_bound(diagram.markers.begin(), diagram.markers.end(), first_row,
                                      [](const app::SequenceMarker& marker, std::uint32_t row) { return marker.row < row; });
  for (auto it = first; it != diagram.markers.end() && it->row < last_row; ++it) {
    if (geometry.column_of_node[it->node] < 0) continue;
    const bool crash = it->kind == sim::EventKind::crash;
    const char* text = crash ? "crash" : "restart";
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 centre(geometry.x(it->node), geometry.y(it->row));
    const ImU32 fill = crash ? pass_colour(view.ui, false) : pass_colour(view.ui, true);
    draw->AddRectFilled(ImVec2(centre.x - size.x / 2 - 4, centre.y - size.y / 2), ImVec2(centre.x + size.x / 2 + 4, centre.y + size.y / 2), fill, 3.0f);
    draw->AddText(ImVec2(centre.x - size.x / 2, centre.y - size.y / 2), IM_COL32(255, 255, 255, 255), text);
  }
}

void draw_gutter_and_lifelines(const ViewContext& view, const app::SequenceDiagram& diagram, const Geometry& geometry,
                               std::uint32_t first_row, std::uint32_t last_row, ImVec2 window_min, ImVec2 window_max) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 lifeline = ImGui::GetColorU32(ImGuiCol_Border);
  for (const std::uint16_t node : diagram.lifelines) {
    draw->AddLine(ImVec2(geometry.x(node), window_min.y), ImVec2(geometry.x(node), window_max.y), lifeline, 1.0f);
  }
  // Tick labels where the tick changes, pinned to the left edge.
  const sim::Trace& trace = view.session.trace();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  std::int64_t last_tick = -1;
  for (std::uint32_t row = first_row; row < last_row; ++row) {
    const std::int64_t tick = trace.event(diagram.row_events[row]).tick.value;
    if (tick == last_tick) continue;
    last_tick = tick;
    const std::string label = "t=" + std::to_string(tick);
    draw->AddText(ImVec2(window_min.x + 4, geometry.y(row) - ImGui::GetTextLineHeight() / 2), text, label.c_str());
  }
}

// The node names sit in their own row above the scrolled canvas (not drawn over it, where they hid the
// first visible row's labels); they follow the canvas's horizontal scroll through `geometry`.
void draw_header(const ViewContext& view, const app::SequenceDiagram& diagram, const Geometry& geometry, ImVec2 at, float width) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float height = ImGui::GetTextLineHeightWithSpacing();
  draw->PushClipRect(ImVec2(at.x + kGutterWidth, at.y), ImVec2(at.x + width, at.y + height), true);
  for (const std::uint16_t node : diagram.lifelines) {
    const std::string name = node_name(view.session, node);
    const ImVec2 size = ImGui::CalcTextSize(name.c_str());
    draw->AddText(ImVec2(geometry.x(node) - size.x / 2, at.y + 2), ImGui::GetColorU32(ImGuiCol_Text), name.c_str());
  }
  draw->PopClipRect();
}

// Column width: the lifelines share the visible width, less the vertical scrollbar when the rows will
// need one (so the content is never a few pixels wider than the window, which made ImGui show a
// horizontal scrollbar for nothing), and no narrower than kMinColumnWidth.
float column_width_for(const app::SequenceDiagram& diagram, ImVec2 avail, float content_height) {
  const float scrollbar = content_height > avail.y ? ImGui::GetStyle().ScrollbarSize : 0.0f;
  const float visible_width = avail.x - scrollbar - kGutterWidth;
  const auto columns = static_cast<float>(std::max<std::size_t>(diagram.lifelines.size(), 1));
  return std::max(kMinColumnWidth, std::floor(visible_width / columns));
}

void draw_canvas(const ViewContext& view, const app::SequenceDiagram& diagram) {
  SimViewState& sim = view.ui.sim;
  const std::size_t happened = view.session.world().cursor().events;
  const std::uint32_t now_row = app::first_row_at_or_after(diagram, happened);
  const auto rows = static_cast<std::uint32_t>(diagram.row_events.size());
  const ImVec2 header_at = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeightWithSpacing()));  // the header's row
  const float top = ImGui::GetTextLineHeight();  // room above row 0 for the labels of its arrows
  const float row_height = std::floor(ImGui::GetTextLineHeight() * 1.15f);
  const float content_height = top + row_height * static_cast<float>(rows + 2);
  const float column_width = column_width_for(diagram, ImGui::GetContentRegionAvail(), content_height);
  ImGui::SetNextWindowContentSize(ImVec2(kGutterWidth + column_width * static_cast<float>(diagram.lifelines.size()), content_height));
  ImGui::BeginChild("sequence_canvas", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  const float view_height = ImGui::GetWindowHeight();
  // Follow: bring the now line to two thirds down when the position moves.
  if (sim.sequence_follow && sim.sequence_followed_position != view.session.position()) {
    ImGui::SetScrollY(std::max(0.0f, top + row_height * static_cast<float>(now_row) - view_height * 0.66f));
  }
  sim.sequence_followed_position = view.session.position();
  const ImVec2 window_min = ImGui::GetWindowPos();
  const ImVec2 window_max(window_min.x + ImGui::GetWindowWidth(), window_min.y + view_height);
  Geometry geometry;
  geometry.origin = ImVec2(window_min.x + kGutterWidth - ImGui::GetScrollX(), window_min.y + top - ImGui::GetScrollY());
  geometry.column_width = column_width;
  geometry.row_height = row_height;
  geometry.column_of_node.assign(view.session.world().node_count(), -1);
  for (std::size_t column = 0; column < diagram.lifelines.size(); ++column) geometry.column_of_node[diagram.lifelines[column]] = static_cast<int>(column);
  const float scroll_rows = (ImGui::GetScrollY() - top) / row_height;
  const auto first_row = static_cast<std::uint32_t>(std::min(static_cast<float>(rows), std::max(0.0f, scroll_rows - 1)));
  const auto last_row = static_cast<std::uint32_t>(std::min(static_cast<float>(rows), std::max(0.0f, scroll_rows + view_height / row_height + 1)));
  draw_gutter_and_lifelines(view, diagram, geometry, first_row, last_row, window_min, window_max);
  const app::SequenceArrow* hovered = draw_arrows(view, diagram, geometry, first_row, last_row, happened);
  draw_markers(view, diagram, geometry, first_row, last_row);
  // "Now" in the theme's text colour: no message type has that colour (the old orange was also the
  // colour of reply arrows).
  const float now_y = geometry.y(now_row) - row_height / 2;
  const ImU32 now_colour = ImGui::GetColorU32(ImGuiCol_Text);
  ImGui::GetWindowDrawList()->AddLine(ImVec2(window_min.x, now_y), ImVec2(window_max.x, now_y), now_colour, 2.0f);
  if (hovered != nullptr) ImGui::SetTooltip("%s", arrow_summary(view.session, *hovered).c_str());
  if (rows == 0) ImGui::TextDisabled("No messages to show yet%s.", sim.filter == app::SequenceFilter{} ? "" : " with these filters");
  const float canvas_width = ImGui::GetWindowWidth() - (ImGui::GetScrollMaxY() > 0 ? ImGui::GetStyle().ScrollbarSize : 0.0f);
  ImGui::EndChild();
  remember_widget(view.ui, "Sequence diagram");  // the child window is an item once ended
  draw_header(view, diagram, geometry, header_at, canvas_width);
}

}  // namespace

void draw_sequence_view(const ViewContext& view) {
  draw_toolbar(view);
  draw_canvas(view, current_diagram(view));
}

Result<std::string> sequence_svg_for_view(const app::Session& session, const SimViewState& sim) {
  app::SequenceFilter filter = sim.filter;
  filter.search = sim.search_text;
  const app::SequenceDiagram diagram = app::build_sequence_diagram(session.trace(), session.world().cursor().events, filter);
  const auto rows = static_cast<std::uint32_t>(diagram.row_events.size());
  const auto limit = static_cast<std::uint32_t>(limits::kMaxSequenceSvgRows);
  app::SequenceSvgOptions options;
  options.first_row = rows > limit ? rows - limit : 0;
  options.row_count = rows - options.first_row;
  options.title = session.scenario().name + ", seed " + std::to_string(session.seed()) + ", step " + std::to_string(session.position());
  return app::sequence_svg(session.trace(), diagram, options);
}

}  // namespace coordlab::ui

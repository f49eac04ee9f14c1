// The panels that show a run: its nodes, its trace, and the status line.
#include <string>

#include <imgui.h>

#include "screens/panels.hpp"
#include "sim/actor.hpp"

namespace coordlab::ui {
namespace {

// "key=value, key=value" from an actor's self-description.
std::string describe_actor(const sim::Actor& actor) {
  sim::StateWriter writer;
  actor.describe(writer);
  std::string text;
  for (const auto& [name, value] : writer.fields()) {
    if (!text.empty()) text += ", ";
    text += name + "=" + value;
  }
  return text;
}

void draw_node_row(const sim::World& world, const sim::Trace& trace, std::uint16_t index) {
  const NodeId node{index};
  const bool up = world.node_up(node);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(std::string(trace.node_name(index)).c_str());
  ImGui::TableNextColumn();
  const ImVec4 up_colour(0.30f, 0.75f, 0.40f, 1.0f);
  const ImVec4 down_colour(0.90f, 0.35f, 0.30f, 1.0f);
  ImGui::TextColored(up ? up_colour : down_colour, up ? "up" : "down");
  const sim::Actor* actor = world.actor(node);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(actor ? actor->role().c_str() : "-");
  ImGui::TableNextColumn();
  if (!actor) {
    ImGui::TextDisabled("crashed");
    return;
  }
  const std::string details = describe_actor(*actor);
  ImGui::TextUnformatted(details.c_str());
  if (ImGui::IsItemHovered() && !details.empty()) ImGui::SetTooltip("%s", details.c_str());
}

// Export and copy the whole run's trace; the app does both (it owns the storage), next frame.
void draw_trace_hand_offs(UiState& ui, UiCommands& commands) {
  if (ImGui::Button("Export JSON")) commands.push_back(UiCommand::of(UiCommand::Kind::export_trace_json));
  remember_widget(ui, "Export trace JSON");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Download the whole run's trace as JSON: scenario, seed, commands, hash and every event.");
  ImGui::SameLine();
  if (ImGui::Button("Copy as text")) commands.push_back(UiCommand::of(UiCommand::Kind::copy_trace_text));
  remember_widget(ui, "Copy trace");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy the whole run's trace to the clipboard, one readable line per event.");
}

}  // namespace

void draw_nodes_panel(const app::Session& session, UiState& ui) {
  const sim::World& world = session.world();
  ImGui::Text("Nodes (%zu)", world.node_count());
  remember_widget(ui, "Nodes");
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                                    ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("nodes_table", 4, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Node");
  ImGui::TableSetupColumn("State");
  ImGui::TableSetupColumn("Role");
  ImGui::TableSetupColumn("Details", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(world.node_count()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      draw_node_row(world, session.trace(), static_cast<std::uint16_t>(row));
    }
  }
  ImGui::EndTable();
}

void draw_trace_panel(const app::Session& session, UiState& ui, UiCommands& commands) {
  const sim::Trace& trace = session.trace();
  // Events before the world's cursor have happened at the current position; the rest is the future.
  const std::size_t happened = session.world().cursor().events;
  const std::size_t current_first = trace.first_event_of_step(session.position());
  draw_trace_hand_offs(ui, commands);
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("Trace: %zu events (dimmed: the future; click one to go there)", trace.event_count());
  remember_widget(ui, "Trace");
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("trace_table", 3, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#");
  ImGui::TableSetupColumn("Step");
  ImGui::TableSetupColumn("Event", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  // The list follows the latest event at the current position, but only when the position has moved,
  // so the user can scroll freely otherwise.
  const bool follow = ui.trace_followed_position != session.position() && happened > 0;
  ui.trace_followed_position = session.position();
  const int followed_row = static_cast<int>(happened) - 1;
  const ImU32 dimmed = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(trace.event_count()));
  if (follow) clipper.ForceDisplayRangeByIndices(followed_row, followed_row + 1);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const auto index = static_cast<std::size_t>(row);
      const std::uint64_t step = trace.step_of_event(index);
      const bool future = index >= happened;
      const bool current = index >= current_first && !future;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (future) ImGui::PushStyleColor(ImGuiCol_Text, dimmed);
      ImGui::PushID(row);
      const std::string number = std::to_string(index);
      if (ImGui::Selectable(number.c_str(), current, ImGuiSelectableFlags_SpanAllColumns)) {
        commands.push_back(UiCommand::seek_to(step));
      }
      if (follow && row == followed_row && !ImGui::IsItemVisible()) ImGui::SetScrollHereY(0.5f);
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(std::to_string(step).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(trace.canonical_line(index).c_str());
      if (future) ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

void draw_status_line(UiState& ui) {
  const ImVec4 error_colour(0.95f, 0.40f, 0.35f, 1.0f);
  ImGui::AlignTextToFramePadding();
  if (ui.status_is_error) ImGui::TextColored(error_colour, "%s", ui.status_text.c_str());
  else ImGui::TextUnformatted(ui.status_text.c_str());
  remember_widget(ui, "Status");
}

}  // namespace coordlab::ui

// The layout of the simulator views: the invariant lights across the top; below, the topology over the
// inspector on the left and tabs (sequence diagram, trace, nodes, next events) on the right. A narrow
// region (the lesson text beside it on a small screen) puts every view in one row of tabs instead.
#include <algorithm>

#include "screens/panels.hpp"
#include "views/sim_views.hpp"
#include "views/view_inspector.hpp"
#include "views/view_sequence.hpp"
#include "views/view_topology.hpp"

namespace coordlab::ui {
namespace {

constexpr float kSplitMinWidth = 760.0f;  // narrower than this (in unscaled pixels): tabs only
constexpr float kTopologyShare = 0.74f;   // of the left column's height (the inspector needs less)

bool tab(UiState& ui, const char* label) {
  const bool requested = ui.sim.open_tab == label;
  const bool open = ImGui::BeginTabItem(label, nullptr, requested ? ImGuiTabItemFlags_SetSelected : 0);
  if (requested && open) ui.sim.open_tab.clear();
  remember_widget(ui, std::string("Tab ") + label);
  return open;
}

void draw_shared_tabs(const ViewContext& view) {
  if (tab(view.ui, "Sequence")) {
    draw_sequence_view(view);
    ImGui::EndTabItem();
  }
  if (tab(view.ui, "Trace")) {
    draw_trace_panel(view.session, view.ui, view.commands);
    ImGui::EndTabItem();
  }
  if (tab(view.ui, "Nodes")) {
    draw_nodes_panel(view.session, view.ui);
    ImGui::EndTabItem();
  }
  if (tab(view.ui, "Next events")) {
    ImGui::BeginChild("next_events");
    draw_next_events(view);
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
}

void draw_split(const ViewContext& view, float height) {
  const float left_width = std::max(ImGui::GetContentRegionAvail().x * 0.42f, 1.0f);
  ImGui::BeginChild("left_column", ImVec2(left_width, height), false);
  const float topology_height = std::max(height * kTopologyShare, 1.0f);
  ImGui::BeginChild("topology", ImVec2(0, topology_height), true);
  draw_topology_view(view, ImVec2(0, 0));
  ImGui::EndChild();
  ImGui::BeginChild("inspector", ImVec2(0, 0), true);
  draw_inspector(view);
  ImGui::EndChild();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("right_column", ImVec2(0, height), true);
  if (ImGui::BeginTabBar("simulator_tabs")) {
    draw_shared_tabs(view);
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
}

void draw_tabs_only(const ViewContext& view, float height) {
  ImGui::BeginChild("simulator_tabs_only", ImVec2(0, height), true);
  if (ImGui::BeginTabBar("simulator_tabs")) {
    if (tab(view.ui, "Topology")) {
      ImGui::BeginChild("topology");
      draw_topology_view(view, ImVec2(0, 0));
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    if (tab(view.ui, "Inspector")) {
      ImGui::BeginChild("inspector");
      draw_inspector(view);
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    draw_shared_tabs(view);
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
}

}  // namespace

void draw_simulator_views(const app::Session& session, UiState& ui, UiCommands& commands, ImVec2 size) {
  const ViewContext view{session, ui, commands};
  ui.sim.drawn_frame = ui.frame;
  const float width = size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x;
  const float height = size.y > 0 ? size.y : std::max(ImGui::GetContentRegionAvail().y, 1.0f);
  ImGui::BeginChild("simulator_views", ImVec2(width, height), false);
  draw_invariant_lights(view);
  const float body_height = std::max(ImGui::GetContentRegionAvail().y, 1.0f);
  if (width >= kSplitMinWidth * ui.ui_scale) draw_split(view, body_height);
  else draw_tabs_only(view, body_height);
  ImGui::EndChild();
}

}  // namespace coordlab::ui

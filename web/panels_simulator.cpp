// The layout of the simulator views: nodes on the left, the trace on the right.
#include <algorithm>

#include "panels.hpp"
#include "sim_views.hpp"

namespace coordlab::ui {

void draw_simulator_views(const app::Session& session, UiState& ui, UiCommands& commands, ImVec2 size) {
  const float height = size.y > 0 ? size.y : std::max(ImGui::GetContentRegionAvail().y, 1.0f);
  const float nodes_width = std::max(ImGui::GetContentRegionAvail().x * 0.45f, 1.0f);
  ImGui::BeginChild("nodes", ImVec2(nodes_width, height), true);
  draw_nodes_panel(session, ui);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("trace", ImVec2(0, height), true);
  draw_trace_panel(session, ui, commands);
  ImGui::EndChild();
}

}  // namespace coordlab::ui

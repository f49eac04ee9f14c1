#include "views/view_standalone.hpp"

#include <imgui.h>

#include "views/sim_views.hpp"

namespace coordlab::ui {

void draw_simulator_views_if_hidden(LabApp& app) {
  if (app.ui().sim.drawn_frame == app.ui().frame || app.session() == nullptr) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  ImGui::Begin("simulator_views_only", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
  UiCommands discarded;
  draw_simulator_views(*app.session(), app.ui(), discarded, ImVec2(0, 0));
  ImGui::End();
}

}  // namespace coordlab::ui

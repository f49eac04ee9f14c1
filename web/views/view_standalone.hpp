// For tools that drive a LabApp without a person (the UI bench, the screenshot tool): makes sure the
// simulator views are on screen even when the app shows another screen (home, a lesson without a run).
#pragma once
#include "lab_app.hpp"

namespace coordlab::ui {

// Call between app.frame() and ImGui::Render(): if this frame did not draw the simulator views, draws
// them in a full-window window on top (their commands are discarded).
void draw_simulator_views_if_hidden(LabApp& app);

}  // namespace coordlab::ui

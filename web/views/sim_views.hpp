// The simulator beside a lesson (or alone in the playground): the views of one run. Read-only on the
// Session; every change (a crash, delivering a message) is queued as a UiCommand and gated by
// control_enabled().
#pragma once
#include <imgui.h>

#include "app/session.hpp"
#include "ui_state.hpp"

namespace coordlab::ui {

// Draws every simulator view into a region of `size` (0 = fill the available space).
void draw_simulator_views(const app::Session& session, UiState& ui, UiCommands& commands, ImVec2 size);

}  // namespace coordlab::ui

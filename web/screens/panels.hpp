// The panels of the lab window. Each is a function of the run (read-only) and the UI state, redrawn
// every frame; a panel changes the run only by queueing commands.
#pragma once
#include "app/session.hpp"
#include "ui_state.hpp"

namespace coordlab::ui {

// Scenario combo, seed field and Load (the playground's; works even when no run is loaded).
void draw_scenario_panel(UiState& ui, UiCommands& commands);
// Play/Pause, Step back, Step, speed (each greyed out unless the lesson step enables it), and where the run stands (tick, step, events, hash).
void draw_transport_panel(const app::Session& session, UiState& ui, UiCommands& commands);
// The timeline slider over [0, head step] and "Fork here".
void draw_timeline_panel(const app::Session& session, UiState& ui, UiCommands& commands);
// One row per node: up/down, role, and its described state.
void draw_nodes_panel(const app::Session& session, UiState& ui);
// Every trace event (virtualised with ImGuiListClipper); the future is dimmed; a click seeks.
void draw_trace_panel(const app::Session& session, UiState& ui, UiCommands& commands);
// The last message, red when it is an error.
void draw_status_line(UiState& ui);

}  // namespace coordlab::ui

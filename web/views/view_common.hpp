// Shared pieces of the simulator views: the context every view draws with, buttons and menu items that
// queue one Session command (disabled, with the reason on hover, when the lesson step does not offer
// the control or the learner is looking at the past), and theme-aware colours for roles and health.
#pragma once
#include <string>
#include <string_view>

#include <imgui.h>

#include "app/session.hpp"
#include "app/view_model.hpp"
#include "ui_state.hpp"

namespace coordlab::ui {

struct ViewContext {
  const app::Session& session;
  UiState& ui;
  UiCommands& commands;
};

// Extra latency a "slow" node gets from the node menu.
inline constexpr std::int64_t kSlowNodeTicks = 25;
// How far "Delay" pushes a message back.
inline constexpr std::int64_t kDelayMessageTicks = 10;

// Why a command cannot be issued right now ("" = it can).
std::string command_blocked_reason(const ViewContext& view, std::string_view control);
// A button / menu item that queues `command`; `widget` is its automation label.
bool command_button(const ViewContext& view, const char* text, const std::string& widget, std::string_view control, const Json& command);
bool command_menu_item(const ViewContext& view, const char* text, const std::string& widget, std::string_view control, const Json& command);
// The tooltip of the last item, shown at once (ImGui's own delay is short and fine for graphics).
void item_tooltip(const std::string& text);
// A view's one-line description, greyed and wrapped to the view's width (never cut off).
void view_summary(const std::string& text);

// Colours that read well on the current theme.
ImU32 role_colour(const UiState& ui, std::string_view role);
ImU32 health_colour(const UiState& ui, app::NodeHealth health);
ImU32 message_type_colour(std::uint16_t type, float alpha = 1.0f);
// For text in a message type's colour (labels, ids): adjusted to 4.5:1 on the current theme's background.
ImU32 message_text_colour(std::uint16_t type, float alpha = 1.0f);
ImU32 pass_colour(const UiState& ui, bool passed);
ImVec4 pass_text_colour(const UiState& ui, bool passed);  // the same, for ImGui's text colours
// Continues the row when an item `width` wide still fits before the right edge, else starts a new row
// (rows of buttons beside a lesson, or under a large font, must not run off the window).
void same_line_if_fits(float width);
float button_width(const char* text);
float checkbox_width(const char* text);
// A small filled square followed by `text` on the same line (for legends).
void legend_item(ImU32 colour, const char* text, bool circle = true);

std::string node_name(const app::Session& session, std::uint16_t node);
// Where the run stands, for the views' caches.
RunStamp run_stamp(const ViewContext& view);

}  // namespace coordlab::ui

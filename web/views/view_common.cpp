// Command buttons, tooltips and the palettes of the simulator views.
#include "views/view_common.hpp"

#include <algorithm>
#include <cmath>

#include "app/sequence_view.hpp"

namespace coordlab::ui {
namespace {

ImU32 rgb(std::uint32_t value, float alpha = 1.0f) {
  const auto channel = [&](int shift) { return static_cast<float>((value >> shift) & 0xff) / 255.0f; };
  return ImGui::GetColorU32(ImVec4(channel(16), channel(8), channel(0), alpha));
}

bool dark(const UiState& ui) { return ui.theme == Theme::dark; }

void explain_if_blocked(const std::string& reason) {
  if (!reason.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", reason.c_str());
}

}  // namespace

std::string command_blocked_reason(const ViewContext& view, std::string_view control) {
  if (!control_enabled(view.ui, control)) return "This lesson step does not offer this control.";
  if (!view.session.at_head()) {
    return control_enabled(view.ui, "fork") ? "You are looking at the past: go to the end, or fork here, to change the run."
                                            : "You are looking at the past: go to the end of the run (End) to change it.";
  }
  return {};
}

bool command_button(const ViewContext& view, const char* text, const std::string& widget, std::string_view control, const Json& command) {
  const std::string reason = command_blocked_reason(view, control);
  ImGui::BeginDisabled(!reason.empty());
  const bool clicked = ImGui::Button(text);
  ImGui::EndDisabled();
  remember_widget(view.ui, widget);
  explain_if_blocked(reason);
  if (clicked) view.commands.push_back(UiCommand::session_command(command));
  return clicked;
}

bool command_menu_item(const ViewContext& view, const char* text, const std::string& widget, std::string_view control, const Json& command) {
  const std::string reason = command_blocked_reason(view, control);
  const bool clicked = ImGui::MenuItem(text, nullptr, false, reason.empty());
  remember_widget(view.ui, widget);
  explain_if_blocked(reason);
  if (clicked) view.commands.push_back(UiCommand::session_command(command));
  return clicked;
}

void item_tooltip(const std::string& text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

ImU32 role_colour(const UiState& ui, std::string_view role) {
  if (role == "leader" || role == "primary" || role == "coordinator" || role == "hub") return rgb(dark(ui) ? 0xf2b134 : 0xd08c00);
  if (role == "informed" || role == "decided") return rgb(dark(ui) ? 0x48c9b0 : 0x138d75);
  if (role == "candidate" || role == "view-change") return rgb(dark(ui) ? 0xc490e4 : 0x8e44ad);
  if (role == "follower" || role == "backup" || role == "replica") return rgb(dark(ui) ? 0x5dade2 : 0x2471a3);
  return rgb(dark(ui) ? 0x7f8c9a : 0x5d6d7e);
}

ImU32 health_colour(const UiState& ui, app::NodeHealth health) {
  switch (health) {
    case app::NodeHealth::crashed: return rgb(dark(ui) ? 0x4a4d52 : 0xc8c8c8);
    case app::NodeHealth::byzantine: return rgb(dark(ui) ? 0xff5c5c : 0xc0392b);
    case app::NodeHealth::slow: return rgb(dark(ui) ? 0xff8fc8 : 0xad1457);  // pink: yellow is the leader's
    case app::NodeHealth::up: break;
  }
  return rgb(dark(ui) ? 0x58d68d : 0x1e8449);
}

ImU32 message_type_colour(std::uint16_t type, float alpha) { return rgb(app::message_type_rgb(type), alpha); }

namespace {

float relative_luminance(const ImVec4& colour) {  // WCAG 2 definition
  auto channel = [](float value) { return value <= 0.03928f ? value / 12.92f : std::pow((value + 0.055f) / 1.055f, 2.4f); };
  return 0.2126f * channel(colour.x) + 0.7152f * channel(colour.y) + 0.0722f * channel(colour.z);
}

float contrast_ratio(const ImVec4& a, const ImVec4& b) {
  const float la = relative_luminance(a), lb = relative_luminance(b);
  return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}

}  // namespace

// The type's hue, darkened (light theme) or lightened (dark theme) until it reads at 4.5:1 (WCAG AA) on
// the window background: the mid-tone palette is fine for lines and dots, not for small text.
ImU32 message_text_colour(std::uint16_t type, float alpha) {
  const ImVec4 background = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  ImVec4 colour = ImGui::ColorConvertU32ToFloat4(message_type_colour(type));
  const float target = relative_luminance(background) > 0.5f ? 0.0f : 1.0f;
  for (int step = 0; step < 20 && contrast_ratio(colour, background) < 4.5f; ++step) {
    colour.x += (target - colour.x) * 0.15f;
    colour.y += (target - colour.y) * 0.15f;
    colour.z += (target - colour.z) * 0.15f;
  }
  colour.w = alpha;
  return ImGui::ColorConvertFloat4ToU32(colour);
}

// Text colours too: each is at least 4.5:1 (WCAG AA) on its theme's window and panel backgrounds
// (light: 0x176f3a 6.2 and 5.7, 0xc0392b 5.4 and 5.0; dark: 0x58d68d 8.8, 0xff6b6b 5.8).
ImU32 pass_colour(const UiState& ui, bool passed) {
  if (passed) return rgb(dark(ui) ? 0x58d68d : 0x176f3a);
  return rgb(dark(ui) ? 0xff6b6b : 0xc0392b);
}

ImVec4 pass_text_colour(const UiState& ui, bool passed) { return ImGui::ColorConvertU32ToFloat4(pass_colour(ui, passed)); }

void same_line_if_fits(float width) {
  const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right_edge) ImGui::SameLine();
}

float button_width(const char* text) { return ImGui::CalcTextSize(text).x + ImGui::GetStyle().FramePadding.x * 2; }

float checkbox_width(const char* text) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(text).x;
}

void legend_item(ImU32 colour, const char* text, bool circle) {
  const float size = ImGui::GetTextLineHeight() * 0.7f;
  // Wrap to the next line when the item would not fit (the caller left us after SameLine).
  if (ImGui::GetContentRegionAvail().x < size + 4 + ImGui::CalcTextSize(text).x) ImGui::NewLine();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 centre(at.x + size / 2, at.y + ImGui::GetTextLineHeight() / 2);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (circle) draw->AddCircleFilled(centre, size / 2, colour);
  else draw->AddRectFilled(ImVec2(centre.x - size / 2, centre.y - 2), ImVec2(centre.x + size / 2, centre.y + 2), colour);
  ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
  ImGui::SameLine(0, 4);
  ImGui::TextUnformatted(text);
  ImGui::SameLine(0, 12);
}

std::string node_name(const app::Session& session, std::uint16_t node) { return std::string(session.trace().node_name(node)); }

RunStamp run_stamp(const ViewContext& view) {
  const app::Session& session = view.session;
  return RunStamp{view.ui.run_generation, session.position(), session.head_step(), session.trace().event_count()};
}

void view_summary(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

}  // namespace coordlab::ui

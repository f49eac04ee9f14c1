// The quick controls under the timeline: run a number of ticks, pick a node and crash, restart or
// isolate it, heal the network, and send a node an input line. Each is shown only when the lesson step
// enables it (all of them in the playground); they queue the same Session commands the simulator's
// context menus do, so a learner without a mouse-heavy setup (and the browser tests) can use them.
#include <string>

#include <imgui.h>

#include "screens/screens.hpp"
#include "views/view_common.hpp"

namespace coordlab::ui {
namespace {

void queue_command(UiCommands& commands, Json command) { commands.push_back(UiCommand::session_command(std::move(command))); }

std::string node_name(const app::Session& session, std::size_t index) {
  return std::string(session.trace().node_name(static_cast<std::uint16_t>(index)));
}

void draw_node_picker(const app::Session& session, UiState& ui) {
  const std::size_t count = session.world().node_count();
  if (ui.quick_node >= count) ui.quick_node = 0;
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Node");
  for (std::size_t i = 0; i < count && i < kMaxQuickNodes; ++i) {
    const std::string name = node_name(session, i);
    const float width = ImGui::CalcTextSize(name.c_str()).x;
    same_line_if_fits(width);
    if (ImGui::Selectable(name.c_str(), ui.quick_node == i, 0, ImVec2(width, 0))) ui.quick_node = i;
    remember_widget(ui, "node:" + name);
  }
}

bool quick_button(UiState& ui, const char* text, const char* control) {
  if (!control_enabled(ui, control)) return false;
  same_line_if_fits(button_width(text));
  const bool clicked = ImGui::Button(text);
  remember_widget(ui, text);
  return clicked;
}

// A row of node check boxes and "Cut off": the ticked nodes become one side of a partition, the rest
// the other (Isolate cuts off one node; a split such as 2 | 3 needs this).
void draw_cut_off_row(const app::Session& session, UiState& ui, UiCommands& commands) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Partition");
  Json group = Json::array();
  for (std::size_t i = 0; i < session.world().node_count() && i < kMaxQuickNodes; ++i) {
    const std::string name = node_name(session, i);
    const std::uint32_t bit = 1u << i;
    bool ticked = (ui.quick_cut_off & bit) != 0;
    same_line_if_fits(ImGui::GetFrameHeight() + 2 + ImGui::CalcTextSize(name.c_str()).x);
    if (ImGui::Checkbox(("##cut_" + name).c_str(), &ticked)) ui.quick_cut_off = ticked ? (ui.quick_cut_off | bit) : (ui.quick_cut_off & ~bit);
    remember_widget(ui, "cut:" + name);
    ImGui::SameLine(0, 2);
    ImGui::TextUnformatted(name.c_str());
    if (ticked) group.push_back(name);
  }
  same_line_if_fits(button_width("Cut off"));
  ImGui::BeginDisabled(group.empty());
  if (ImGui::Button("Cut off")) queue_command(commands, Json{{"op", "partition"}, {"groups", Json::array({group})}});
  ImGui::EndDisabled();
  remember_widget(ui, "Cut off");
}

// The input line for the picked node. The text stays until the node has taken it (LabApp clears it
// after a successful "input" command), so a refused line can be corrected instead of retyped.
void draw_input_row(const app::Session& session, UiState& ui, UiCommands& commands, const std::string& node) {
  // Its own row: with long node names the row above is already full.
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  const std::string placeholder = "input line for " + node;
  const bool entered = ImGui::InputTextWithHint("##input", placeholder.c_str(), ui.quick_input, sizeof(ui.quick_input),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
  remember_widget(ui, "Input text");
  ImGui::SameLine();
  const bool in_past = !session.at_head();
  ImGui::BeginDisabled(in_past);
  const bool clicked = ImGui::Button("Send");
  ImGui::EndDisabled();
  remember_widget(ui, "Send");
  if (in_past && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("%s", control_enabled(ui, "fork") ? "You are looking at the past: go to the end of the run, or fork here, to send."
                                                        : "You are looking at the past: go to the end of the run (End) to send.");
  }
  if ((clicked || entered) && !in_past && ui.quick_input[0] != '\0') {
    queue_command(commands, Json{{"op", "input"}, {"node", node}, {"text", std::string(ui.quick_input)}});
  }
}

}  // namespace

void draw_quick_controls(const app::Session& session, UiState& ui, UiCommands& commands) {
  if (control_enabled(ui, "play")) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::InputInt("##ticks", &ui.quick_ticks, 0, 0);
    remember_widget(ui, "Ticks");
    if (ui.quick_ticks < 1) ui.quick_ticks = 1;
    ImGui::SameLine();
    if (ImGui::Button("Run ticks")) queue_command(commands, Json{{"op", "run"}, {"ticks", ui.quick_ticks}});
    remember_widget(ui, "Run ticks");
    ImGui::SameLine();
  }
  const bool node_actions = control_enabled(ui, "crash") || control_enabled(ui, "restart") || control_enabled(ui, "partition") ||
                            control_enabled(ui, "input");
  if (node_actions) draw_node_picker(session, ui);
  const std::string node = node_name(session, ui.quick_node);
  if (quick_button(ui, "Crash", "crash")) queue_command(commands, Json{{"op", "crash"}, {"node", node}});
  if (quick_button(ui, "Restart", "restart")) queue_command(commands, Json{{"op", "restart"}, {"node", node}});
  if (quick_button(ui, "Isolate", "partition")) queue_command(commands, Json{{"op", "partition"}, {"groups", Json::array({Json::array({node})})}});
  if (quick_button(ui, "Heal", "heal")) queue_command(commands, Json{{"op", "heal"}});
  if (control_enabled(ui, "partition")) draw_cut_off_row(session, ui, commands);
  if (control_enabled(ui, "input")) draw_input_row(session, ui, commands, node);
  if (!node_actions) ImGui::NewLine();  // ends the row (a lone "Run ticks" left it open) or leaves a gap
}

}  // namespace coordlab::ui

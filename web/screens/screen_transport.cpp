// The panels that drive a run: which scenario and seed, time control, and the timeline.
#include <algorithm>
#include <array>
#include <cinttypes>
#include <string>

#include <imgui.h>

#include "core/format.hpp"
#include "screens/panels.hpp"
#include "sim/trace.hpp"

namespace coordlab::ui {
namespace {

// A button that can be greyed out; returns true when clicked while enabled.
bool button(const char* text, const char* label, UiState& ui, bool enabled = true) {
  ImGui::BeginDisabled(!enabled);
  const bool clicked = ImGui::Button(text);
  ImGui::EndDisabled();
  remember_widget(ui, label);
  return clicked && enabled;
}

// Explains the last widget once the pointer has rested on it for kHintDelaySeconds.
void show_hint(UiState& ui, const char* label, const char* text) {
  if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
  ui.hint_hovered_this_frame = true;
  if (ui.hint_label != label) {
    ui.hint_label = label;
    ui.hint_since_seconds = ImGui::GetTime();
  }
  if (ImGui::GetTime() - ui.hint_since_seconds >= kHintDelaySeconds) ImGui::SetTooltip("%s", text);
}

}  // namespace

void draw_scenario_panel(UiState& ui, UiCommands& commands) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Scenario");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  const char* preview = ui.scenario_index < ui.scenario_names.size() ? ui.scenario_names[ui.scenario_index].c_str() : "";
  if (ImGui::BeginCombo("##scenario", preview)) {
    for (std::size_t i = 0; i < ui.scenario_names.size(); ++i) {
      const bool selected = i == ui.scenario_index;
      // Choosing a scenario loads it with its own default seed; the seed field then shows that seed.
      if (ImGui::Selectable(ui.scenario_names[i].c_str(), selected)) {
        commands.push_back(UiCommand::load(ui.scenario_names[i], std::nullopt));
      }
      remember_widget(ui, "Scenario " + ui.scenario_names[i]);
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  remember_widget(ui, "Scenario");
  ImGui::SameLine();
  ImGui::TextUnformatted("Seed");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  const bool entered = ImGui::InputScalar("##seed", ImGuiDataType_U64, &ui.seed, nullptr, nullptr, "%" PRIu64,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
  remember_widget(ui, "Seed");
  show_hint(ui, "Seed", "The seed fixes every random choice: the same scenario and seed always give the same run.");
  ImGui::SameLine();
  const bool can_load = ui.scenario_index < ui.scenario_names.size();
  if ((button("Load", "Load", ui, can_load) || (entered && can_load))) {
    commands.push_back(UiCommand::load(ui.scenario_names[ui.scenario_index], ui.seed));
  }
  show_hint(ui, "Load", "Start this scenario again from the beginning with the seed in the field.");
}

void draw_transport_panel(const app::Session& session, UiState& ui, UiCommands& commands) {
  // Play and Pause share one button (and one automation label, "Play"); its width must not jump.
  const float play_width = ImGui::CalcTextSize("Pause").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::BeginDisabled(!control_enabled(ui, "play"));
  if (ImGui::Button(ui.playing ? "Pause" : "Play", ImVec2(play_width, 0))) {
    ui.playing = !ui.playing;
    ui.unspent_ticks = 0;
  }
  ImGui::EndDisabled();
  remember_widget(ui, "Play");
  show_hint(ui, "Play", "Play or pause (Space). Runs the simulation at the chosen speed; in the past it replays the recording.");
  ImGui::SameLine();
  if (button("Step back", "Step back", ui, session.position() > 0 && control_enabled(ui, "step_back"))) {
    commands.push_back(UiCommand::of(UiCommand::Kind::step_back));
  }
  show_hint(ui, "Step back", "Step back (Left arrow): see the run as it was one event earlier.");
  ImGui::SameLine();
  if (button("Step", "Step", ui, control_enabled(ui, "step"))) commands.push_back(UiCommand::of(UiCommand::Kind::step));
  show_hint(ui, "Step", "Step (Right arrow): process exactly one event: a delivery, a timer or a fault.");
  ImGui::SameLine();
  // Beside a lesson the row is narrow: the speed slider gives up width first, and if the readout still
  // does not fit it takes its own row (two lines when even that is too narrow) rather than running off
  // the window's edge. The choice uses the width of a readout with seven-digit numbers, not of the
  // current one, so playing never makes the layout jump as the numbers grow.
  const std::uint64_t tick = static_cast<std::uint64_t>(std::max<std::int64_t>(session.world().now().value, 0));
  const std::string hash = sim::format_hash(session.trace().hash());
  const auto readout = [&](std::uint64_t shown_tick, std::uint64_t position, std::uint64_t head, std::uint64_t events) {
    return std::array<std::string, 2>{"tick " + std::to_string(shown_tick) + "   step " + with_thousands(position) + " / " + with_thousands(head),
                                      with_thousands(events) + " events   run hash " + hash};
  };
  const std::array<std::string, 2> parts = readout(tick, session.position(), session.head_step(), session.trace().event_count());
  constexpr std::uint64_t kReservedNumber = 9'999'999;
  const std::array<std::string, 2> widest = readout(std::max(tick, kReservedNumber), std::max(session.position(), kReservedNumber),
                                                    std::max(session.head_step(), kReservedNumber),
                                                    std::max<std::uint64_t>(session.trace().event_count(), kReservedNumber));
  const std::string one_line = parts[0] + "   " + parts[1];
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float room = ImGui::GetContentRegionAvail().x;
  const float row_width = ImGui::GetWindowContentRegionMax().x - ImGui::GetWindowContentRegionMin().x;
  const float readout_width = ImGui::CalcTextSize((widest[0] + "   " + widest[1]).c_str()).x;
  const float slider_width = std::clamp(room - spacing - readout_width, ImGui::GetFontSize() * 6, ImGui::GetFontSize() * 10);
  ImGui::SetNextItemWidth(slider_width);
  ImGui::SliderFloat("##speed", &ui.speed_ticks_per_second, 1.0f, kMaxSpeedTicksPerSecond, "%.0f ticks/s",
                     ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  remember_widget(ui, "Speed");
  show_hint(ui, "Speed", "How many simulated ticks pass per second while playing.");

  if (slider_width + spacing + readout_width <= room) ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::AlignTextToFramePadding();
  if (readout_width <= row_width) {
    ImGui::TextUnformatted(one_line.c_str());
  } else {
    ImGui::TextUnformatted(parts[0].c_str());
    ImGui::TextUnformatted(parts[1].c_str());
  }
  ImGui::EndGroup();
  remember_widget(ui, "Readout");
}

void draw_timeline_panel(const app::Session& session, UiState& ui, UiCommands& commands) {
  const char* fork_text = "Fork here";
  const float fork_width = ImGui::CalcTextSize(fork_text).x + ImGui::GetStyle().FramePadding.x * 2;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - fork_width - spacing);
  std::uint64_t position = session.position();
  const std::uint64_t first = 0;
  const std::uint64_t last = session.head_step();
  const std::string format = session.at_head() ? "step %" PRIu64 " (live end)" : "step %" PRIu64 " (viewing the past)";
  ImGui::BeginDisabled(!control_enabled(ui, "seek"));
  const bool moved = ImGui::SliderScalar("##timeline", ImGuiDataType_U64, &position, &first, &last, format.c_str(),
                                         ImGuiSliderFlags_AlwaysClamp);
  ImGui::EndDisabled();
  if (moved) {
    ui.playing = false;  // grabbing the timeline takes time out of the player's hands
    commands.push_back(UiCommand::seek_to(position));
  }
  remember_widget(ui, "timeline");
  show_hint(ui, "timeline", "Drag to any earlier step; nothing is lost until you fork.");
  ImGui::SameLine();
  if (button(fork_text, "Fork here", ui, !session.at_head() && control_enabled(ui, "fork"))) commands.push_back(UiCommand::of(UiCommand::Kind::fork));
  show_hint(ui, "Fork here", "Make this step the end of the run, so you can change what happens next.");
}

}  // namespace coordlab::ui

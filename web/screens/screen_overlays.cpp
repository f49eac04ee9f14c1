// What floats above the screens: the keyboard shortcuts ("?"), the questions that need a yes before they
// act (reset a lesson, reset all, erase my data, reveal a solution), and the small/touch screen notice.
#include <imgui.h>

#include "screens/screens.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#endif

namespace coordlab::ui {
namespace {

#ifdef __EMSCRIPTEN__
EM_JS(int, touch_screen, (), { return window.matchMedia && window.matchMedia('(pointer: coarse)').matches ? 1 : 0; });
#endif

constexpr float kSmallestWidthCss = 1280.0f;
constexpr float kSmallestHeightCss = 720.0f;

struct Shortcut {
  const char* keys;
  const char* what;
};
constexpr Shortcut kShortcuts[] = {
    {"Space", "play or pause"},
    {"Right arrow", "step forward one event"},
    {"Left arrow", "step back one event"},
    {"Home / End", "seek to the start / the live end"},
    {"?", "show or hide this list"},
    {"Esc", "close this list"},
};

void draw_shortcuts(UiState& ui) {
  if (!ui.show_shortcuts) return;
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::Begin("Keyboard shortcuts", &ui.show_shortcuts, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
    for (const Shortcut& shortcut : kShortcuts) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(shortcut.keys);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(shortcut.what);
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("In a lesson, keys for controls the step has not enabled do nothing.");
  remember_widget(ui, "Shortcuts overlay");
  ImGui::End();
}

// A modal yes/no; returns true on yes. The popup opens when `open` is set.
bool confirm_popup(UiState& ui, const char* id, const char* question, bool open) {
  if (open && !ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
  bool yes = false;
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::TextUnformatted(question);
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Yes")) {
      yes = true;
      ImGui::CloseCurrentPopup();
    }
    remember_widget(ui, "Confirm yes");
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
    remember_widget(ui, "Confirm cancel");
    ImGui::EndPopup();
  }
  return yes;
}

void draw_confirmations(LabApp& app) {
  UiState& ui = app.ui();
  const Confirm asked = ui.confirm;
  ui.confirm = Confirm::none;
  if (confirm_popup(ui, "Reset this lesson?", "Reset this lesson? Its tasks become open again; other lessons keep their progress.",
                    asked == Confirm::reset_lesson)) {
    app.reset_open_lesson();
  }
  if (confirm_popup(ui, "Reset all progress?", "Reset all progress? Every task in every path becomes open again.",
                    asked == Confirm::reset_all)) {
    app.reset_all_progress();
  }
  if (confirm_popup(ui, "Erase my data?", "Erase your progress and settings from this browser? Export your progress first if you may want it back.",
                    asked == Confirm::erase_data)) {
    app.erase_my_data();
  }
  const std::string solution_for = ui.lesson.confirm_solution_for;
  ui.lesson.confirm_solution_for.clear();
  if (confirm_popup(ui, "Show the solution?", "Show the reference solution? Trying a hint first teaches more; you can still do the task yourself afterwards.",
                    !solution_for.empty())) {
    ui.lesson.tasks[ui.lesson.pending_solution].solution_shown = true;
  }
  if (!solution_for.empty()) ui.lesson.pending_solution = solution_for;
}

void draw_small_screen_notice(UiState& ui) {
  const ImVec2 size = ImGui::GetMainViewport()->Size;
  const float css_width = size.x / ui.pixels_per_css_pixel;
  const float css_height = size.y / ui.pixels_per_css_pixel;
#ifdef __EMSCRIPTEN__
  const bool touch = touch_screen() != 0;
#else
  const bool touch = false;
#endif
  const bool small = css_width < kSmallestWidthCss - 0.5f || css_height < kSmallestHeightCss - 0.5f;
  if (!(small || touch) || ui.small_screen_notice_dismissed) return;
  ImGui::SetNextWindowPos(ImVec2(size.x / 2, ImGui::GetFrameHeight() * 2.5f), ImGuiCond_Always, ImVec2(0.5f, 0));
  ImGui::Begin("##small-screen", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "%s", touch ? "This looks like a touch screen." : "This window is smaller than 1280 x 720.");
  ImGui::TextUnformatted("The lab is made for a mouse and a larger window; some panels may be cramped.");
  if (ImGui::Button("Got it")) ui.small_screen_notice_dismissed = true;
  remember_widget(ui, "Small screen notice");
  ImGui::End();
}

}  // namespace

void draw_overlays(LabApp& app) {
  draw_shortcuts(app.ui());
  draw_confirmations(app);
  draw_small_screen_notice(app.ui());
}

}  // namespace coordlab::ui

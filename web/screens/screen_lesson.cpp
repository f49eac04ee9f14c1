// The lesson column: where the learner is (lesson, step m of n), the step's text, its tasks, and the
// way on (previous/next step, next lesson); a draggable splitter sets its width beside the simulator.
// Also the top bar every screen shares.
#include <algorithm>
#include <string>

#include <imgui.h>

#include "widgets/markup_view.hpp"
#include "screens/screens.hpp"
#include "platform/ui_theme.hpp"

namespace coordlab::ui {
namespace {

std::string step_hash(const LessonView& view, const lesson::Lesson& lesson, std::size_t step) {
  return "#/" + view.path + "/" + lesson.id + "/" + lesson.steps[step].id;
}

// The lesson after this one in its path, or nullptr.
const lesson::Lesson* next_lesson(const LabApp& app, const lesson::Lesson& lesson) {
  const lesson::LearningPath* path = app.catalog().find_path(app.ui().lesson.path);
  if (path == nullptr) return nullptr;
  const auto at = std::find(path->lessons.begin(), path->lessons.end(), lesson.id);
  if (at == path->lessons.end() || at + 1 == path->lessons.end()) return nullptr;
  return app.catalog().find_lesson(*(at + 1));
}

void draw_step_navigation(LabApp& app, const lesson::Lesson& lesson) {
  UiState& ui = app.ui();
  const std::size_t step = ui.lesson.step;
  ImGui::BeginDisabled(step == 0);
  if (ImGui::Button("Previous step")) app.navigate(step_hash(ui.lesson, lesson, step - 1));
  ImGui::EndDisabled();
  remember_widget(ui, "Previous step");
  ImGui::SameLine();
  if (step + 1 < lesson.steps.size()) {
    if (ImGui::Button("Next step")) app.navigate(step_hash(ui.lesson, lesson, step + 1));
    remember_widget(ui, "Next step");
  } else if (const lesson::Lesson* next = next_lesson(app, lesson)) {
    if (ImGui::Button("Next lesson")) app.navigate("#/" + ui.lesson.path + "/" + next->id + "/" + next->steps.front().id);
    remember_widget(ui, "Next lesson");
  } else if (ImGui::Button("Back to the paths")) {
    app.navigate("#/");
  }
  ImGui::SameLine();
  if (ImGui::Button("Reset lesson")) ui.confirm = Confirm::reset_lesson;
  remember_widget(ui, "Reset lesson");
}

// A small celebration: a banner and a few stars drifting up for some seconds after a lesson completes.
void draw_celebration(const UiState& ui, const lesson::Lesson& lesson) {
  const double remaining = ui.lesson.celebrate_until_seconds - ImGui::GetTime();
  if (remaining <= 0) return;
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetFrameHeight() * 1.6f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(start, ImVec2(start.x + width, start.y + height), IM_COL32(40, 140, 70, 255), 6.0f);
  const std::string text = "\u2605 Lesson complete: " + lesson.title;
  draw->AddText(ImVec2(start.x + 10, start.y + (height - ImGui::GetFontSize()) / 2), IM_COL32(255, 255, 255, 255), text.c_str());
  const float age = static_cast<float>(6.0 - remaining);
  for (int i = 0; i < 12; ++i) {
    const float x = start.x + width * (0.05f + 0.08f * static_cast<float>(i));
    const float y = start.y + height - age * (30.0f + 7.0f * static_cast<float>(i % 5)) * ImGui::GetFontSize() / 16.0f;
    draw->AddText(ImVec2(x, y), IM_COL32(255, 215, 80, static_cast<int>(255 * std::min(1.0, remaining / 2))), "\u2605");
  }
  ImGui::Dummy(ImVec2(width, height));
}

void draw_lesson_header(LabApp& app, const lesson::Lesson& lesson, const lesson::Step& step) {
  const lesson::LessonProgress* progress = lesson_progress(app.summary(), lesson.id);
  ImGui::TextDisabled("%s  \u00B7  step %zu of %zu  \u00B7  %zu/%zu tasks done", lesson.title.c_str(), app.ui().lesson.step + 1,
                      lesson.steps.size(), progress ? progress->tasks_passed : 0, progress ? progress->tasks_total : 0);
  remember_widget(app.ui(), "Lesson header");
  ImGui::PushFont(heading_font());
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(step.title.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::Separator();
}

// The vertical splitter: an invisible button between the columns that moves the text column's share.
void draw_splitter(UiState& ui, float height, float total_width) {
  ImGui::SameLine(0, 0);
  ImGui::InvisibleButton("##splitter", ImVec2(ImGui::GetStyle().ItemSpacing.x * 1.5f, height));
  remember_widget(ui, "Splitter");
  if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  if (ImGui::IsItemActive() && total_width > 0) {
    ui.lesson.text_fraction = std::clamp(ui.lesson.text_fraction + ImGui::GetIO().MouseDelta.x / total_width, 0.2f, 0.7f);
    ui.settings_changed = true;
  }
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  const float middle = (min.x + max.x) / 2;
  ImGui::GetWindowDrawList()->AddLine(ImVec2(middle, min.y), ImVec2(middle, max.y), ImGui::GetColorU32(ImGuiCol_Separator), 2.0f);
}

}  // namespace

float draw_lesson_column(LabApp& app, float height) {
  UiState& ui = app.ui();
  const float total_width = ImGui::GetContentRegionAvail().x;
  const float text_width = std::max(total_width * ui.lesson.text_fraction, 200.0f);
  const lesson::Lesson* lesson = app.open_lesson();
  const lesson::Step* step = app.open_step();
  ImGui::BeginChild("lesson", ImVec2(text_width, height), true);
  // A new step (or lesson) opens at its title, not where the previous one was scrolled to.
  if (ui.lesson.scroll_to_top) {
    ImGui::SetScrollY(0.0f);
    ui.lesson.scroll_to_top = false;
  }
  ui.lesson.scroll_y = ImGui::GetScrollY();
  if (lesson != nullptr && step != nullptr) {
    draw_celebration(ui, *lesson);
    draw_lesson_header(app, *lesson, *step);
    draw_markup(step->text, ui);
    draw_step_params(app, *step);
    for (std::size_t i = 0; i < step->tasks.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      draw_task(app, step->tasks[i], i + 1);
      ImGui::PopID();
    }
    ImGui::Spacing();
    draw_step_navigation(app, *lesson);
  }
  ImGui::EndChild();
  remember_widget(ui, "Lesson column");
  draw_splitter(ui, height, total_width);
  ImGui::SameLine(0, 0);
  return std::max(ImGui::GetContentRegionAvail().x, 1.0f);
}

void draw_top_bar(LabApp& app) {
  UiState& ui = app.ui();
  if (ImGui::Button("Home")) app.navigate("#/");
  remember_widget(ui, "Home");
  ImGui::SameLine();
  if (ImGui::Button("Playground")) app.navigate("#/playground");
  remember_widget(ui, "Playground tab");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Coordination Lab");
  if (ui.screen == Screen::playground) {
    ImGui::SameLine();
    if (ImGui::Button("Share this run")) app.share_run();
    remember_widget(ui, "Share this run");
  }
  const char* theme_text = ui.theme == Theme::dark ? "Light theme" : "Dark theme";
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right_width = ImGui::CalcTextSize(theme_text).x + ImGui::CalcTextSize("?").x + style.FramePadding.x * 4 + style.ItemSpacing.x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_width));
  if (ImGui::Button("?")) ui.show_shortcuts = !ui.show_shortcuts;
  remember_widget(ui, "Shortcuts");
  ImGui::SameLine();
  if (ImGui::Button(theme_text)) {
    ui.theme = ui.theme == Theme::dark ? Theme::light : Theme::dark;
    ui.settings_changed = true;
  }
  remember_widget(ui, "Theme");
  if (!ui.share_link.empty() && ui.screen == Screen::playground) {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##share", ui.share_link.data(), ui.share_link.size() + 1, ImGuiInputTextFlags_ReadOnly);
    remember_widget(ui, "Share link");
  }
  ImGui::Separator();
}

}  // namespace coordlab::ui

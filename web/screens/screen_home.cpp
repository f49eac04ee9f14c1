// The home screen: "continue where you left off", the three learning paths side by side (who each is
// for, its time, progress, validation checklist and lessons), the playground, and the learner's data.
#include <algorithm>
#include <string>

#include <imgui.h>

#include "screens/screens.hpp"
#include "platform/storage.hpp"
#include "platform/ui_theme.hpp"
#include "views/view_common.hpp"

namespace coordlab::ui {
namespace {


std::string lesson_hash(const std::string& path, const lesson::Lesson& lesson, std::size_t step) {
  return "#/" + path + "/" + lesson.id + "/" + lesson.steps[step].id;
}

// Where "Continue" goes: the last lesson step opened, else the summary's resume point.
std::string continue_target(const LabApp& app) {
  const LessonView& view = app.ui().lesson;
  if (const lesson::Lesson* lesson = view.lesson.empty() ? nullptr : app.catalog().find_lesson(view.lesson)) {
    if (view.step < lesson->steps.size()) return lesson_hash(view.path, *lesson, view.step);
  }
  const lesson::ProgressSummary& summary = app.summary();
  if (!summary.resume_path) return "";
  const lesson::PathProgress* path = summary.find_path(*summary.resume_path);
  const lesson::Lesson* lesson = path && path->resume ? app.catalog().find_lesson(path->resume->lesson) : nullptr;
  return lesson == nullptr ? "" : lesson_hash(path->id, *lesson, path->resume->step_index);
}

void draw_checklist(const UiState& ui, const lesson::LearningPath& path, const lesson::PathProgress& progress) {
  ImGui::TextDisabled("Validation checklist");
  for (std::size_t i = 0; i < path.checklist.size() && i < progress.checklist.size(); ++i) {
    const lesson::ChecklistProgress& item = progress.checklist[i];
    ImGui::PushStyleColor(ImGuiCol_Text, item.ticked ? pass_text_colour(ui, true) : ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextUnformatted(item.ticked ? "\u2713" : "\u25CB");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    if (item.tasks_total == 0) ImGui::TextDisabled("%s (lesson coming)", path.checklist[i].text.c_str());
    else ImGui::TextUnformatted(path.checklist[i].text.c_str());
    ImGui::PopTextWrapPos();
  }
}

void draw_path_lessons(LabApp& app, const lesson::LearningPath& path, const lesson::PathProgress& progress) {
  ImGui::TextDisabled("Lessons");
  for (std::size_t i = 0; i < path.lessons.size() && i < progress.lessons.size(); ++i) {
    const lesson::Lesson* lesson = app.catalog().find_lesson(path.lessons[i]);
    if (lesson == nullptr || lesson->steps.empty()) continue;
    const lesson::LessonProgress& done = progress.lessons[i];
    const std::string text = std::to_string(i + 1) + ". " + lesson->title;
    if (ImGui::Selectable(text.c_str(), false)) app.navigate(lesson_hash(path.id, *lesson, 0));
    remember_widget(app.ui(), "lesson:" + lesson->id);
    ImGui::Indent();
    const auto minutes = static_cast<long long>(lesson->estimated_minutes);
    if (done.complete) ImGui::TextColored(pass_text_colour(app.ui(), true), "\u2713 done  \u00B7  %lld min", minutes);
    else ImGui::TextDisabled("%zu of %zu tasks  \u00B7  %lld min", done.tasks_passed, done.tasks_total, minutes);
    ImGui::Unindent();
  }
}

void draw_path_card(LabApp& app, const lesson::LearningPath& path, const lesson::PathProgress& progress) {
  ImGui::PushFont(heading_font());
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(path.title.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::TextDisabled("%lld\u2013%lld min", static_cast<long long>(path.minutes_min), static_cast<long long>(path.minutes_max));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(path.audience.c_str());
  ImGui::PopTextWrapPos();
  const std::string overlay = std::to_string(progress.tasks_passed) + " of " + std::to_string(progress.tasks_total) + " tasks";
  ImGui::ProgressBar(static_cast<float>(progress.fraction), ImVec2(-1, 0), overlay.c_str());
  remember_widget(app.ui(), "progress:" + path.id);
  const char* start = progress.resume ? (progress.started ? "Continue this path" : "Start this path") : "Review this path";
  if (ImGui::Button(start)) {
    const std::string lesson_id = progress.resume ? progress.resume->lesson : (path.lessons.empty() ? "" : path.lessons.front());
    if (const lesson::Lesson* lesson = app.catalog().find_lesson(lesson_id)) {
      app.navigate(lesson_hash(path.id, *lesson, progress.resume ? progress.resume->step_index : 0));
    }
  }
  remember_widget(app.ui(), "path:" + path.id);
  ImGui::Spacing();
  draw_path_lessons(app, path, progress);
  ImGui::Spacing();
  draw_checklist(app.ui(), path, progress);
}

void draw_data_row(LabApp& app) {
  UiState& ui = app.ui();
  ImGui::TextDisabled("Your data stays in this browser.");
  ImGui::SameLine();
  if (ImGui::Button("Export progress")) app.export_progress();
  remember_widget(ui, "Export progress");
  ImGui::SameLine();
  if (ImGui::Button("Import progress") && !open_file_picker()) {
    // Natively there is no picker: the file exported last (in the data folder) is imported.
    Result<std::string> text = read_exported_file(kProgressExportName);
    if (text.ok()) app.import_progress(text.value());
    else report_error(ui, text.error().message);
  }
  remember_widget(ui, "Import progress");
  ImGui::SameLine();
  if (ImGui::Button("Reset all progress")) ui.confirm = Confirm::reset_all;
  remember_widget(ui, "Reset all");
  ImGui::SameLine();
  if (ImGui::Button("Erase my data")) ui.confirm = Confirm::erase_data;
  remember_widget(ui, "Erase my data");
}

}  // namespace

void draw_home_screen(LabApp& app) {
  UiState& ui = app.ui();
  ImGui::PushFont(heading_font());
  ImGui::TextUnformatted("Learn how agents coordinate, one deterministic run at a time.");
  ImGui::PopFont();
  const std::string target = continue_target(app);
  ImGui::BeginDisabled(target.empty());
  if (ImGui::Button("Continue where you left off")) app.navigate(target);
  ImGui::EndDisabled();
  remember_widget(ui, "Continue");
  ImGui::SameLine();
  if (ImGui::Button("Open the playground")) app.navigate("#/playground");
  remember_widget(ui, "Playground");
  ImGui::SameLine();
  ImGui::TextDisabled("every protocol and scenario, every control");
  ImGui::Spacing();

  const float bottom_rows = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetStyle().ItemSpacing.y;
  const float height = std::max(ImGui::GetContentRegionAvail().y - bottom_rows, 100.0f);
  const int columns = std::max(1, static_cast<int>(app.catalog().paths().size()));
  if (ImGui::BeginTable("paths", columns, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY, ImVec2(0, height))) {
    for (const lesson::LearningPath& path : app.catalog().paths()) {
      const lesson::PathProgress* progress = app.summary().find_path(path.id);
      if (progress == nullptr) continue;
      ImGui::TableNextColumn();
      ImGui::PushID(path.id.c_str());
      draw_path_card(app, path, *progress);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  draw_data_row(app);
}

}  // namespace coordlab::ui

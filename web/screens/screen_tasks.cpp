// One task of a lesson step: the prompt, the answer widgets for its kind (choices, a number, an order;
// a prediction is answered before running and then locked), Check with pass/fail and the reason, the
// hint ladder, "Show goal", and the reference solution behind a confirmation. Classify puts each item
// in a bin with one click; a document task edits its text in the editor (widgets/text_editor.hpp).
#include <string>

#include <imgui.h>

#include "screens/screens.hpp"
#include "widgets/markup_view.hpp"
#include "widgets/text_editor.hpp"

namespace coordlab::ui {
namespace {

const ImVec4 kPassGreen(0.30f, 0.78f, 0.42f, 1.0f);
const ImVec4 kFailRed(0.95f, 0.42f, 0.36f, 1.0f);

void draw_single_choice(UiState& ui, const lesson::Task& task, TaskEntry& entry) {
  ImGui::BeginDisabled(entry.locked);
  for (std::size_t i = 0; i < task.options.size(); ++i) {
    if (ImGui::RadioButton(task.options[i].c_str(), entry.choice == static_cast<int>(i))) entry.choice = static_cast<int>(i);
    remember_widget(ui, task.id + ":option:" + std::to_string(i));
  }
  ImGui::EndDisabled();
}

void draw_multiple_choice(UiState& ui, const lesson::Task& task, TaskEntry& entry) {
  entry.picks.resize(task.options.size(), false);
  for (std::size_t i = 0; i < task.options.size(); ++i) {
    bool picked = entry.picks[i];
    if (ImGui::Checkbox(task.options[i].c_str(), &picked)) entry.picks[i] = picked;
    remember_widget(ui, task.id + ":option:" + std::to_string(i));
  }
}

void draw_ordering(UiState& ui, const lesson::Task& task, TaskEntry& entry) {
  if (entry.order.size() != task.options.size()) {
    entry.order.clear();
    for (std::size_t i = 0; i < task.options.size(); ++i) entry.order.push_back(static_cast<int>(i));
  }
  for (std::size_t row = 0; row < entry.order.size(); ++row) {
    ImGui::PushID(static_cast<int>(row));
    ImGui::BeginDisabled(row == 0);
    if (ImGui::ArrowButton("up", ImGuiDir_Up)) std::swap(entry.order[row], entry.order[row - 1]);
    ImGui::EndDisabled();
    remember_widget(ui, task.id + ":up:" + std::to_string(row));
    ImGui::SameLine();
    ImGui::BeginDisabled(row + 1 == entry.order.size());
    if (ImGui::ArrowButton("down", ImGuiDir_Down)) std::swap(entry.order[row], entry.order[row + 1]);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Text("%zu. %s", row + 1, task.options[static_cast<std::size_t>(entry.order[row])].c_str());
    ImGui::PopID();
  }
}

// Each item with a row of its bins: one click puts it in a bin (the widget "<task>:item:<i>:bin:<b>").
void draw_classify(UiState& ui, const lesson::Task& task, TaskEntry& entry) {
  entry.bins.resize(task.items.size(), -1);
  for (std::size_t i = 0; i < task.items.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("%zu. %s", i + 1, task.items[i].text.c_str());
    ImGui::PopTextWrapPos();
    if (!task.items[i].code.empty()) draw_markup("```\n" + task.items[i].code + "\n```", ui);
    ImGui::Indent();
    for (std::size_t bin = 0; bin < task.bins.size(); ++bin) {
      if (bin > 0) ImGui::SameLine();
      if (ImGui::RadioButton(task.bins[bin].c_str(), entry.bins[i] == static_cast<int>(bin))) entry.bins[i] = static_cast<int>(bin);
      remember_widget(ui, task.id + ":item:" + std::to_string(i) + ":bin:" + std::to_string(bin));
    }
    ImGui::Unindent();
    ImGui::PopID();
  }
}

// The editor holds the learner's text; an outcome that points into it marks that line.
void draw_document(UiState& ui, const lesson::Task& task, TaskEntry& entry) {
  if (!entry.text) entry.text = task.start_text;
  EditorMark mark;
  if (entry.outcome && !entry.outcome->passed) mark = EditorMark{entry.outcome->text_line, entry.outcome->text_column};
  constexpr int kVisibleLines = 16;
  draw_text_editor(task.id.c_str(), *entry.text, mark, kVisibleLines);
  remember_widget(ui, task.id + ":editor");
  if (ImGui::SmallButton("Start over")) entry.text = task.start_text;
  remember_widget(ui, task.id + ":start_over");
}

void draw_answer_widgets(UiState& ui, const lesson::Task& task, TaskEntry& entry) {
  switch (task.kind) {
    case lesson::TaskKind::single_choice:
    case lesson::TaskKind::prediction:
      draw_single_choice(ui, task, entry);
      break;
    case lesson::TaskKind::multiple_choice:
      draw_multiple_choice(ui, task, entry);
      break;
    case lesson::TaskKind::numeric:
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
      ImGui::InputDouble("##number", &entry.number, 0, 0, "%g");
      remember_widget(ui, task.id + ":number");
      break;
    case lesson::TaskKind::ordering:
      draw_ordering(ui, task, entry);
      break;
    case lesson::TaskKind::classify:
      draw_classify(ui, task, entry);
      break;
    case lesson::TaskKind::document:
      draw_document(ui, task, entry);
      break;
    case lesson::TaskKind::simulator:
      break;
  }
}

void draw_outcome(const lesson::Task& task, const TaskEntry& entry) {
  if (!entry.outcome) return;
  const bool passed = entry.outcome->passed;
  ImGui::PushStyleColor(ImGuiCol_Text, passed ? kPassGreen : kFailRed);
  ImGui::PushTextWrapPos(0.0f);
  const std::string feedback = passed ? task.feedback_correct : task.feedback_wrong;
  ImGui::Text("%s %s", passed ? "\u2713 Passed:" : "\u2717 Not yet:", entry.outcome->reason.c_str());
  const bool feedback_in_reason = task.kind == lesson::TaskKind::classify || task.kind == lesson::TaskKind::document;
  if (!feedback.empty() && task.kind != lesson::TaskKind::simulator && !feedback_in_reason) ImGui::TextUnformatted(feedback.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

std::string solution_text(const lesson::Task& task) {
  if (task.kind == lesson::TaskKind::document) return task.solution.answer.get<std::string>();
  if (task.kind == lesson::TaskKind::classify) {
    std::string text;
    for (std::size_t i = 0; i < task.items.size(); ++i) {
      text += std::to_string(i + 1) + ". " + task.items[i].text + " -> " + task.bins[task.answer[i].get<std::size_t>()] + "\n";
    }
    return text;
  }
  if (task.kind != lesson::TaskKind::simulator) {
    const Json& answer = task.answer;
    if (answer.is_number_integer() && answer.get<std::size_t>() < task.options.size()) return task.options[answer.get<std::size_t>()];
    return answer.dump();
  }
  std::string text;
  for (const Json& command : task.solution.commands) text += command.dump() + "\n";
  if (!task.solution.params.empty()) text += "params: " + task.solution.params.dump() + "\n";
  return text;
}

void draw_help(LabApp& app, const lesson::Task& task, TaskEntry& entry) {
  UiState& ui = app.ui();
  for (std::size_t i = 0; i < entry.hints_shown && i < task.hints.size(); ++i) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Hint %zu: %s", i + 1, task.hints[i].c_str());
    ImGui::PopTextWrapPos();
  }
  if (entry.hints_shown < task.hints.size()) {
    const std::string text = "Hint (" + std::to_string(entry.hints_shown + 1) + " of " + std::to_string(task.hints.size()) + ")";
    if (ImGui::SmallButton(text.c_str())) ++entry.hints_shown;
    remember_widget(ui, task.id + ":hint");
    ImGui::SameLine();
  }
  if (ImGui::SmallButton(ui.lesson.show_goal ? "Hide goal" : "Show goal")) ui.lesson.show_goal = !ui.lesson.show_goal;
  remember_widget(ui, task.id + ":goal");
  ImGui::SameLine();
  if (!entry.solution_shown && ImGui::SmallButton("Solution...")) ui.lesson.confirm_solution_for = task.id;
  remember_widget(ui, task.id + ":solution");
  if (entry.solution_shown) {
    ImGui::NewLine();
    ImGui::TextDisabled("Reference solution:");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(solution_text(task).c_str());
    ImGui::PopTextWrapPos();
  }
}

void draw_goal(const LabApp& app, const lesson::Task& task) {
  const lesson::Step* step = app.open_step();
  ImGui::PushTextWrapPos(0.0f);
  if (step != nullptr && !step->goal.empty()) ImGui::TextDisabled("Goal: %s", step->goal.c_str());
  if (task.kind == lesson::TaskKind::simulator) {
    ImGui::TextDisabled("Passes when %s %s holds after %lld more ticks%s.", task.check.id.c_str(), task.check.args.dump().c_str(),
                        static_cast<long long>(task.run_ticks), task.seeds.size() > 1 ? " under every listed seed" : "");
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

void draw_task(LabApp& app, const lesson::Task& task, std::size_t number) {
  UiState& ui = app.ui();
  TaskEntry& entry = ui.lesson.tasks[task.id];
  ImGui::Spacing();
  ImGui::Separator();
  const bool passed = task_passed(app.summary(), ui.lesson.lesson, app.open_step()->id, task.id);
  ImGui::TextColored(passed ? kPassGreen : ImGui::GetStyle().Colors[ImGuiCol_TextDisabled], "%s Task %zu%s", passed ? "\u2713" : "\u25CB",
                     number, task.kind == lesson::TaskKind::prediction ? ": predict before you run" : "");
  remember_widget(ui, task.id + ":state");
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(task.prompt.c_str());
  ImGui::PopTextWrapPos();
  draw_answer_widgets(ui, task, entry);
  const bool checked_by_run = task.kind == lesson::TaskKind::simulator || task.kind == lesson::TaskKind::document;
  const char* check_text = checked_by_run ? "Check" : (entry.locked ? "Answered" : "Answer");
  ImGui::BeginDisabled(entry.locked);
  if (ImGui::Button(check_text)) app.check_task(task);
  ImGui::EndDisabled();
  remember_widget(ui, task.id + ":check");
  if (task.kind == lesson::TaskKind::simulator) {
    ImGui::SameLine();
    ImGui::TextDisabled("(checked automatically when you pause)");
  }
  draw_outcome(task, entry);
  draw_help(app, task, entry);
  if (ui.lesson.show_goal) draw_goal(app, task);
}

}  // namespace coordlab::ui

// One task of a lesson step: the prompt, the answer widgets for its kind (choices, a number, an order;
// a prediction is answered before running and then locked), Check with pass/fail and the reason, the
// hint ladder, "Show goal", and the reference solution behind a confirmation. Classify puts each item
// in a bin with one click; a document task edits its text in the editor (widgets/text_editor.hpp).
#include <algorithm>
#include <string>

#include <imgui.h>

#include "screens/screens.hpp"
#include "screens/command_words.hpp"
#include "views/view_common.hpp"
#include "widgets/markup_view.hpp"
#include "widgets/text_editor.hpp"

namespace coordlab::ui {
namespace {

// An option's text after its button on the same line, level with the button's label position.
void draw_option_text(const std::string& text, const UiState& ui) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + ImGui::GetStyle().FramePadding.y));
  draw_inline_markup(text, ui);
}

// One answer option: a radio button or checkbox followed by the option's text, wrapped to the column
// (long options are common), and clickable as a whole like a label. Returns true when it was clicked.
bool option_row(UiState& ui, const std::string& widget, const std::string& text, bool checkbox, bool selected) {
  ImGui::PushID(widget.c_str());
  ImGui::BeginGroup();
  bool value = selected;
  bool pressed = checkbox ? ImGui::Checkbox("##option", &value) : ImGui::RadioButton("##option", selected);
  const bool button_hovered = ImGui::IsItemHovered();
  ImGui::SameLine();
  draw_option_text(text, ui);
  ImGui::EndGroup();
  if (!pressed && !button_hovered && ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) pressed = true;
  ImGui::PopID();
  remember_widget(ui, widget);
  return pressed;
}

void draw_single_choice(UiState& ui, const lesson::Task& task, TaskEntry& entry) {
  ImGui::BeginDisabled(entry.locked);
  for (std::size_t i = 0; i < task.options.size(); ++i) {
    const int option = static_cast<int>(i);
    const std::string widget = task.id + ":option:" + std::to_string(i);
    if (option_row(ui, widget, task.options[i], false, entry.choice == option) && !entry.locked) entry.choice = option;
  }
  ImGui::EndDisabled();
}

void draw_multiple_choice(UiState& ui, const lesson::Task& task, TaskEntry& entry) {
  entry.picks.resize(task.options.size(), false);
  for (std::size_t i = 0; i < task.options.size(); ++i) {
    const std::string widget = task.id + ":option:" + std::to_string(i);
    if (option_row(ui, widget, task.options[i], true, entry.picks[i])) entry.picks[i] = !entry.picks[i];
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
    draw_option_text(std::to_string(row + 1) + ". " + task.options[static_cast<std::size_t>(entry.order[row])], ui);
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

// The run on screen is the step's seed; a passing check names the moment its goal first held there.
const lesson::SeedRun* shown_seed_run(const LabApp& app, const lesson::TaskOutcome& outcome) {
  if (app.session() == nullptr) return nullptr;
  for (const lesson::SeedRun& run : outcome.runs)
    if (run.seed == app.session()->seed() && run.passed_at_step) return &run;
  return nullptr;
}

// A passing simulator task: the check replayed the learner's commands to the task's horizon under
// every seed, which can be further than the run on screen has got, so say when it passed and offer
// to show that moment.
void draw_simulator_pass(LabApp& app, const lesson::Task& task, const lesson::TaskOutcome& outcome) {
  const std::size_t seeds = outcome.runs.size();
  const std::string seeds_text = std::to_string(seeds) + " of " + std::to_string(seeds) + (seeds == 1 ? " seed" : " seeds");
  const lesson::SeedRun* shown = shown_seed_run(app, outcome);
  if (shown == nullptr) {
    ImGui::Text("\u2713 Passes with your commands (%s): %s", seeds_text.c_str(), outcome.reason.c_str());
    return;
  }
  ImGui::Text("\u2713 Passes with your commands (%s): at tick %lld, %s", seeds_text.c_str(), static_cast<long long>(*shown->passed_at_tick),
              outcome.reason.c_str());
  ImGui::PopStyleColor();
  const std::string jump_text = "Show tick " + std::to_string(*shown->passed_at_tick);
  if (ImGui::SmallButton(jump_text.c_str())) {
    UiCommand jump = UiCommand::of(UiCommand::Kind::reach_step);
    jump.value = *shown->passed_at_step;
    jump.json = {{"tick", *shown->passed_at_tick}};
    app.queue(std::move(jump));
  }
  remember_widget(app.ui(), task.id + ":jump");
  const app::Session& session = *app.session();
  if (session.position() < *shown->passed_at_step) {
    ImGui::SameLine();
    ImGui::TextDisabled("(your run on screen is at tick %lld)", static_cast<long long>(session.world().now().value));
  }
  ImGui::PushStyleColor(ImGuiCol_Text, pass_text_colour(app.ui(), true));
}

// After a wrong prediction: what happens now, and a way to try again (marked as a second attempt).
void draw_prediction_next(UiState& ui, const lesson::Task& task, TaskEntry& entry) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("Your prediction is recorded. Run the step and watch the simulator to see why it went this way; "
                      "then you may predict again (it counts as a second attempt).");
  ImGui::PopTextWrapPos();
  if (ImGui::SmallButton("Predict again")) {
    entry.locked = false;
    entry.outcome.reset();
    entry.choice = -1;
    entry.second_try = true;
  }
  remember_widget(ui, task.id + ":retry");
}

void draw_outcome(LabApp& app, const lesson::Task& task, TaskEntry& entry, bool recorded_pass) {
  if (!entry.outcome) return;
  const bool passed = entry.outcome->passed;
  ImGui::PushStyleColor(ImGuiCol_Text, pass_text_colour(app.ui(), passed));
  ImGui::PushTextWrapPos(0.0f);
  // The reason already holds the lesson's feedback for questions: print it once.
  if (entry.outcome_recorded) ImGui::Text("\u2713 Passed earlier (your saved answer): %s", entry.outcome->reason.c_str());
  else if (passed && task.kind == lesson::TaskKind::simulator) draw_simulator_pass(app, task, *entry.outcome);
  else if (passed) ImGui::Text("\u2713 Passed: %s", entry.outcome->reason.c_str());
  else if (recorded_pass) ImGui::Text("\u2717 Not with this run: %s (your earlier pass stays saved)", entry.outcome->reason.c_str());
  else ImGui::Text("\u2717 Not yet: %s", entry.outcome->reason.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  if (task.kind == lesson::TaskKind::prediction && entry.locked && !passed && !entry.outcome_recorded) draw_prediction_next(app.ui(), task, entry);
}

// A question's answer as the learner would give it; a simulator task's solution as the steps to take.
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
    if (answer.is_array() && !task.options.empty()) {
      std::string text;
      for (const Json& index : answer)
        if (index.is_number_integer() && index.get<std::size_t>() < task.options.size()) text += "\u2022 " + task.options[index.get<std::size_t>()] + "\n";
      return text;
    }
    return answer.dump();
  }
  std::string text;
  if (!task.solution.params.empty()) {
    text += "Set";
    for (const auto& item : task.solution.params.items()) text += " " + item.key() + " = " + item.value().dump();
    text += ", then apply and restart.\n";
  }
  std::size_t number = 0;
  for (const Json& command : task.solution.commands) text += std::to_string(++number) + ". " + describe_command(command) + "\n";
  if (number == 0 && text.empty()) text = "Nothing to do: just run the step.\n";
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
    if (task.kind == lesson::TaskKind::simulator) {
      if (ImGui::SmallButton("Apply to a fresh run")) app.apply_solution(task);
      remember_widget(ui, task.id + ":apply");
    }
  }
}

void draw_goal(const LabApp& app, const lesson::Task& task) {
  const lesson::Step* step = app.open_step();
  ImGui::PushTextWrapPos(0.0f);
  if (step != nullptr && !step->goal.empty()) ImGui::TextDisabled("Goal: %s", step->goal.c_str());
  if (task.kind == lesson::TaskKind::simulator) {
    const std::size_t seeds = std::max<std::size_t>(task.seeds.size(), 1);
    const std::string when = task.run_ticks > 0 ? "your commands and " + std::to_string(task.run_ticks) + " more ticks" : "your commands";
    ImGui::TextDisabled("Passes when, after %s, this holds: %s%s.", when.c_str(), describe_check(task.check).c_str(),
                        seeds > 1 ? (" (under each of " + std::to_string(seeds) + " seeds)").c_str() : "");
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
  const char* kind_note = task.kind != lesson::TaskKind::prediction ? "" : entry.second_try ? ": predict again (second attempt)" : ": predict before you run";
  ImGui::TextColored(passed ? pass_text_colour(ui, true) : ImGui::GetStyle().Colors[ImGuiCol_TextDisabled], "%s Task %zu%s", passed ? "\u2713" : "\u25CB",
                     number, kind_note);
  remember_widget(ui, task.id + ":state");
  draw_inline_markup(task.prompt, ui);
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
  draw_outcome(app, task, entry, passed);
  draw_help(app, task, entry);
  if (ui.lesson.show_goal) draw_goal(app, task);
}

}  // namespace coordlab::ui

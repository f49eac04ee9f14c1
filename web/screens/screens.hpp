// The screens around the simulator: the top bar, home (paths, progress, checklists, data), the lesson
// column (step text, tasks, hints, navigation) and the overlays (shortcuts, confirmations, notices).
#pragma once
#include "lab_app.hpp"

namespace coordlab::ui {

// Home / Playground / path and lesson, the shortcuts button and the theme toggle.
void draw_top_bar(LabApp& app);
void draw_home_screen(LabApp& app);
// The lesson's text and tasks on the left, `height` tall, with the splitter after it; returns the
// width left for the simulator.
float draw_lesson_column(LabApp& app, float height);
// One task of the open step: prompt, answer widgets, Check, result, hints, goal and solution.
void draw_task(LabApp& app, const lesson::Task& task, std::size_t number);
// The step's editable settings (scenario params) with "Apply and restart"; nothing when it has none.
void draw_step_params(LabApp& app, const lesson::Step& step);
void draw_overlays(LabApp& app);
// Run N ticks, pick a node, crash/restart/isolate it, heal, send an input: each only if enabled.
void draw_quick_controls(const app::Session& session, UiState& ui, UiCommands& commands);

}  // namespace coordlab::ui

// The lab's user interface as one object, independent of the platform: each frame it applies queued
// navigation and commands, advances time if playing, then draws the current screen (home, a lesson
// step beside its simulator, or the playground). It also owns the learner's progress and settings and
// saves them after every change. platform_main.cpp owns the window and calls frame(); tests and the
// automation hook read it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "app/session.hpp"
#include "lesson/progress.hpp"
#include "screens/screen_catalog.hpp"
#include "platform/storage.hpp"
#include "ui_state.hpp"

namespace coordlab::ui {

struct LabOptions {
  bool persist = true;      // false: read and write no saved data (the desktop smoke test)
  std::string start_route;  // "" = the browser's address (web) or home (desktop)
};

class LabApp {
 public:
  explicit LabApp(LabOptions options = {});

  // Builds a new playground run; on failure the current run stays and the error shows in the status line.
  bool load(const std::string& scenario_name, std::optional<std::uint64_t> seed = std::nullopt);
  // Between ImGui::NewFrame and ImGui::Render: update the run, then draw the whole window.
  void frame(float elapsed_seconds);
  // Queues a command as if a panel had (used by keyboard shortcuts and the desktop smoke test).
  void queue(UiCommand command) { commands_.push_back(std::move(command)); }
  // A shortcut key went down (the platform calls this from its key events, so no press is lost when
  // several arrive within one frame); handled at the start of the next frame.
  void press_key(ShortcutKey key) { ui_.pressed_keys.push_back(key); }
  // Opens an address (links.hpp) at the start of the next frame.
  void navigate(std::string hash) { ui_.navigate_to = std::move(hash); }
  // A progress file's text chosen by the learner: strictly validated, then merged; a bad file changes nothing.
  void import_progress(std::string_view text);
  // Loads a lesson file's text as a draft (screen_catalog.hpp), reports its lint issues and opens it.
  void open_draft_lesson(std::string_view text);

  const app::Session* session() const { return session_ ? &*session_ : nullptr; }
  const UiState& ui() const { return ui_; }
  UiState& ui() { return ui_; }
  const Catalog& catalog() const { return catalog_; }
  const lesson::Progress& progress() const { return progress_; }
  const lesson::ProgressSummary& summary() const { return summary_; }
  // The open lesson and step (nullptr unless the lesson screen shows).
  const lesson::Lesson* open_lesson() const;
  const lesson::Step* open_step() const;

  // Actions the screens call (defined in screen_actions.cpp).
  void check_task(const lesson::Task& task);
  // Restarts the open step's run with the learner's settings (editable params); a bad value keeps
  // the current run and says why.
  void apply_step_params(const Json& params);
  // Restarts the open step's run and applies the task's reference solution (its params and commands).
  void apply_solution(const lesson::Task& task);
  void check_simulator_tasks_if_changed();
  void export_progress();
  void share_run();
  // The run's hand-offs (run_exports.cpp): the trace as a JSON file, the trace as text on the clipboard,
  // the sequence diagram (as the view filters it) as an SVG file. Each says in the status line what it
  // did, or why not (a trace over its limit).
  void export_trace_json();
  void copy_trace_text();
  void download_sequence_svg();
  // A plot view as shown (its zoom and hidden series): an SVG picture or its data as CSV.
  void download_plot(const std::string& view_id, bool as_svg);
  void reset_open_lesson();
  void reset_all_progress();
  void erase_my_data();

 private:
  // Shows `session` as the current run (a new generation for the views' caches).
  void start_run(app::Session session);
  void apply_commands();
  // UiCommand::Kind::reach_step: runs the clock on to `tick` if the run has not reached `step`, then
  // shows `step`.
  Status reach_step(std::uint64_t step, std::int64_t tick);
  void apply(const UiCommand& command);
  void advance_playing(float elapsed_seconds);
  void replay_recorded_ticks(std::int64_t ticks);
  void handle_shortcuts();
  void draw_window();
  void draw_run_controls();

  // Navigation (screen_router.cpp).
  void apply_navigation();
  Status open_route(const std::string& hash);
  Status open_lesson_route(const std::string& path, const std::string& lesson, const std::string& step);
  Status open_shared_run(const std::string& data);
  void follow_browser_address();

  // Persistence (screen_actions.cpp).
  void restore_saved_data();
  void save_progress();
  void save_settings();
  lesson::Attempt current_attempt(const lesson::Task& task) const;
  // A revisited step shows what was saved: the passing answers and outcomes, and the settings (params)
  // of its passing simulator attempt (screen_actions.cpp).
  const lesson::ProgressRecord* passed_record(const lesson::Lesson& lesson, const lesson::Step& step, const lesson::Task& task) const;
  Json recorded_params(const lesson::Lesson& lesson, const lesson::Step& step) const;
  void restore_recorded_tasks(const lesson::Lesson& lesson, const lesson::Step& step);
  void after_progress_change(bool lesson_was_complete);
  void refresh_summary() { summary_ = lesson::summarize_progress(catalog_.library, progress_); }

  LabOptions options_;
  Storage storage_;
  Catalog catalog_;
  lesson::Progress progress_;
  lesson::ProgressSummary summary_;  // of progress_, recomputed after every change
  std::optional<app::Session> session_;
  Json step_setup_log_ = Json::array();  // the open step's log right after its setup (to find the learner's own commands)
  UiState ui_;
  UiCommands commands_;
};

}  // namespace coordlab::ui

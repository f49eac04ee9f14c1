// Everything the user interface remembers between frames that is not the run itself: what is selected,
// whether time is playing, the theme, the status line, and where each labelled widget was drawn (for
// the automation hook). Panels read the Session, may change this state, and ask for changes to the
// Session only by queueing UiCommands, which the app applies at the start of the next frame.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_input.hpp"
#include "lesson/task_runner.hpp"
#include "views/sim_view_state.hpp"

namespace coordlab::ui {

enum class Theme : std::uint8_t { dark, light };

// A widget's rectangle in CSS pixels of the canvas (natively: window coordinates).
struct WidgetRect {
  float x = 0;
  float y = 0;
  float width = 0;
  float height = 0;
};

struct UiCommand {
  // session_command: any Session command as JSON ({"op":"crash","node":"n1"}, {"op":"deliver",...}).
  // The hand-offs (export_trace_json, copy_trace_text, download_sequence_svg) read the run and need the
  // app's storage, so the views ask for them like any other change (see run_exports.cpp).
  // reach_step: show world step `value`, first running the clock on to json["tick"] when the run has
  // not got that far (a passing task's moment, found by replaying to the task's horizon).
  enum class Kind : std::uint8_t {
    load_scenario, step, step_back, seek, fork, session_command, export_trace_json, copy_trace_text, download_sequence_svg,
    download_plot_svg, download_plot_csv, reach_step
  };
  Kind kind = Kind::step;
  std::string scenario;                // load_scenario
  std::uint64_t value = 0;             // seek, reach_step: the step
  std::optional<std::uint64_t> seed;   // load_scenario: none = the scenario's default seed
  Json json;                           // session_command; reach_step: {"tick": the step's tick}
  std::string view;                    // download_plot_svg, download_plot_csv: the plot view's id

  static UiCommand of(Kind kind) {
    UiCommand command;
    command.kind = kind;
    return command;
  }
  static UiCommand for_view(Kind kind, std::string view_id) {
    UiCommand command = of(kind);
    command.view = std::move(view_id);
    return command;
  }
  static UiCommand seek_to(std::uint64_t step) {
    UiCommand command = of(Kind::seek);
    command.value = step;
    return command;
  }
  static UiCommand session_command(Json command_json) {
    UiCommand command = of(Kind::session_command);
    command.json = std::move(command_json);
    return command;
  }
  static UiCommand load(std::string scenario_name, std::optional<std::uint64_t> chosen_seed) {
    UiCommand command = of(Kind::load_scenario);
    command.scenario = std::move(scenario_name);
    command.seed = chosen_seed;
    return command;
  }
};

using UiCommands = std::vector<UiCommand>;

enum class Screen : std::uint8_t { home, lesson, playground };

// The keyboard shortcuts, queued by the platform as keys go down (see LabApp::press_key).
enum class ShortcutKey : std::uint8_t { play_pause, step, step_back, start, end, escape };

// What the learner has entered for one task of the open step, and what the last check said.
struct TaskEntry {
  int choice = -1;                 // single_choice, prediction: the option picked (-1 = none)
  std::vector<bool> picks;         // multiple_choice
  double number = 0;               // numeric
  std::vector<int> order;          // ordering: option indexes in the learner's order
  std::vector<int> bins;           // classify: the bin chosen for each item (-1 = not placed yet)
  std::optional<std::string> text;  // document: the learner's text (set to the starting text when first shown)
  bool locked = false;             // prediction: answered, so it cannot be changed after the run
  std::size_t hints_shown = 0;     // how far down the hint ladder
  bool solution_shown = false;     // after the confirmation
  int wrong_answers = 0;           // numeric: the first wrong answer's feedback never shows the number
  bool second_try = false;         // prediction: answered again after a wrong prediction
  std::optional<lesson::TaskOutcome> outcome;  // the last check
  bool outcome_recorded = false;   // `outcome` is the saved record's (a revisited step), not a check of this run
};

// The open lesson step (Screen::lesson).
struct LessonView {
  std::string path;
  std::string lesson;
  std::size_t step = 0;
  std::map<std::string, TaskEntry> tasks;  // by task id
  bool show_goal = false;
  bool scroll_to_top = true;               // a new LessonView is a new step: its text starts at the top
  float scroll_y = 0;                     // the text column's scroll position when last drawn (for tests)
  float text_fraction = 0.42f;            // the text column's share of the width (the splitter moves it)
  std::string checked_log;                // the command log when the tasks were last checked automatically
  double celebrate_until_seconds = 0;     // the "lesson complete" banner shows until then
  std::string confirm_solution_for;       // task id whose solution was asked for this frame
  std::string pending_solution;           // task id the open "Show the solution?" question is about
  Json params = Json::object();           // the learner's settings the run was started with
  std::map<std::string, std::string> param_text;  // the settings fields as typed (by param name)
};

// A question that needs a yes before it acts.
enum class Confirm : std::uint8_t { none, reset_lesson, reset_all, erase_data };

struct UiState {
  // Which screen is showing, and the address it has (see links.hpp); navigation is queued in
  // `navigate_to` and applied at the start of the next frame, so no panel sees its run replaced.
  Screen screen = Screen::home;
  std::string route = "#/";
  std::string navigate_to;
  LessonView lesson;
  Confirm confirm = Confirm::none;
  bool show_shortcuts = false;       // the "?" overlay
  bool small_screen_notice_dismissed = false;  // the notice for windows under 1280x720 or touch screens
  std::string share_link;            // the last "Share this run" link, shown for copying
  // The quick controls under the timeline (screen_controls.cpp).
  std::size_t quick_node = 0;
  std::uint32_t quick_cut_off = 0;  // bit i: node i is ticked for "Cut off" (a partition of several nodes)
  int quick_ticks = 100;
  char quick_input[128] = {};
  bool settings_changed = false;     // theme or place changed: save the settings this frame

  // The run being shown (the Session itself lives in LabApp). `run_generation` counts the Sessions
  // built so far: the views' caches compare it to know the run was replaced.
  std::uint64_t run_generation = 0;
  std::vector<std::string> scenario_names;
  std::size_t scenario_index = 0;  // into scenario_names: what the combo shows
  std::string loaded_scenario;     // what the Session was built from
  std::uint64_t seed = 1;          // the seed field; applied by "Load"

  // Time control.
  bool playing = false;
  float speed_ticks_per_second = 20.0f;
  double unspent_ticks = 0;  // fractional ticks carried between frames while playing

  // Which learner controls are active (names from lesson::learner_controls(): "play", "crash", ...).
  // None = the playground, where everything is enabled; a lesson step sets its own list.
  std::optional<std::vector<std::string>> enabled_controls;
  // The views a lesson step shows, the first in front (app/domain_views.hpp); empty = every view the run offers.
  std::vector<std::string> step_views;

  // The simulator views (topology, sequence diagram, inspector, invariant lights).
  SimViewState sim;

  // Looks.
  Theme theme = Theme::dark;
  float ui_scale = 1.0f;              // font and spacing scale (the device pixel ratio on the web)
  float pixels_per_css_pixel = 1.0f;  // ImGui coordinates per CSS pixel (for widget rectangles)

  // The trace list follows the current position only when it moves, so the user can scroll freely.
  std::uint64_t trace_followed_position = UINT64_MAX;

  // Tooltips wait until the pointer has rested on a widget a moment, so they do not cover the UI.
  std::string hint_label;       // the widget being hovered, "" = none
  double hint_since_seconds = 0;
  bool hint_hovered_this_frame = false;

  // The status line, and every error so far (newest last, capped) for tests and the automation hook.
  std::string status_text;
  bool status_is_error = false;
  std::vector<std::string> errors;

  std::vector<ShortcutKey> pressed_keys;  // since the last frame, in order

  std::uint64_t frame = 0;
  std::map<std::string, WidgetRect> widgets;  // label -> where it was drawn this frame
};

inline constexpr std::size_t kMaxRememberedErrors = 50;
inline constexpr float kMaxSpeedTicksPerSecond = 2000.0f;
inline constexpr double kHintDelaySeconds = 0.6;
// The quick controls list this many nodes by name; bigger clusters are driven from the simulator views.
inline constexpr std::size_t kMaxQuickNodes = 12;

// True when the control is enabled (always in the playground).
bool control_enabled(const UiState& ui, std::string_view control);
void report_error(UiState& ui, const std::string& message);
void report_info(UiState& ui, const std::string& message);
// Records the rectangle of the last ImGui item under `label`.
void remember_widget(UiState& ui, const std::string& label);
// Records a rectangle drawn without an item of its own (a plot's area) under `label`.
void remember_widget_rect(UiState& ui, const std::string& label, ImVec2 min, ImVec2 max);

}  // namespace coordlab::ui

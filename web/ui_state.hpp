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
#include "sim_view_state.hpp"

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
  enum class Kind : std::uint8_t { load_scenario, step, step_back, seek, fork, session_command };
  Kind kind = Kind::step;
  std::string scenario;                // load_scenario
  std::uint64_t value = 0;             // seek: the step
  std::optional<std::uint64_t> seed;   // load_scenario: none = the scenario's default seed
  Json json;                           // session_command

  static UiCommand of(Kind kind) {
    UiCommand command;
    command.kind = kind;
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

struct UiState {
  // The run being shown (the Session itself lives in LabApp).
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

  std::uint64_t frame = 0;
  std::map<std::string, WidgetRect> widgets;  // label -> where it was drawn this frame
};

inline constexpr std::size_t kMaxRememberedErrors = 50;
inline constexpr float kMaxSpeedTicksPerSecond = 2000.0f;
inline constexpr double kHintDelaySeconds = 0.6;

// True when the control is enabled (always in the playground).
bool control_enabled(const UiState& ui, std::string_view control);
void report_error(UiState& ui, const std::string& message);
void report_info(UiState& ui, const std::string& message);
// Records the rectangle of the last ImGui item under `label`.
void remember_widget(UiState& ui, const std::string& label);

}  // namespace coordlab::ui

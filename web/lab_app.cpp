#include "lab_app.hpp"

#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "app/builtin_scenarios.hpp"
#include "lesson/controls.hpp"
#include "screens/panels.hpp"
#include "screens/screens.hpp"
#include "views/sim_views.hpp"

namespace coordlab::ui {
namespace {

constexpr const char* kFirstScenario = "ping_echo";
// A tab that was in the background (or a very slow frame) must not make a playing run jump far ahead.
constexpr float kLongestFrameSeconds = 0.25f;

// The tick at which world step `step` (1-based) happened: that of its first event.
Tick tick_of_step(const sim::Trace& trace, std::uint64_t step) {
  const std::size_t event = trace.first_event_of_step(step);
  if (event >= trace.event_count()) return trace.event_count() == 0 ? Tick{} : trace.event(trace.event_count() - 1).tick;
  return trace.event(event).tick;
}

}  // namespace

void report_error(UiState& ui, const std::string& message) {
  ui.status_text = message;
  ui.status_is_error = true;
  ui.errors.push_back(message);
  if (ui.errors.size() > kMaxRememberedErrors) ui.errors.erase(ui.errors.begin());
}

bool control_enabled(const UiState& ui, std::string_view control) {
  if (!ui.enabled_controls) return true;
  return std::find(ui.enabled_controls->begin(), ui.enabled_controls->end(), control) != ui.enabled_controls->end();
}

void report_info(UiState& ui, const std::string& message) {
  ui.status_text = message;
  ui.status_is_error = false;
}

void remember_widget(UiState& ui, const std::string& label) { remember_widget_rect(ui, label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }

void remember_widget_rect(UiState& ui, const std::string& label, ImVec2 min, ImVec2 max) {
  const float scale = ui.pixels_per_css_pixel;
  ui.widgets[label] = WidgetRect{min.x / scale, min.y / scale, (max.x - min.x) / scale, (max.y - min.y) / scale};
}

LabApp::LabApp(LabOptions options)
    : options_(std::move(options)), storage_(options_.persist), catalog_(load_catalog()) {
  for (const std::string& problem : catalog_.problems) report_error(ui_, "a lesson did not load: " + problem);
  ui_.scenario_names = app::builtin_scenario_names();
  const bool has_first = std::find(ui_.scenario_names.begin(), ui_.scenario_names.end(), kFirstScenario) != ui_.scenario_names.end();
  if (has_first) load(kFirstScenario);
  else if (!ui_.scenario_names.empty()) load(ui_.scenario_names.front());
  else report_error(ui_, "this build has no built-in scenarios.");
  restore_saved_data();
  refresh_summary();
  ui_.navigate_to = options_.start_route;
  follow_browser_address();  // on the web, the address the page was opened with wins
  if (ui_.navigate_to.empty()) ui_.navigate_to = "#/";
}

void LabApp::start_run(app::Session session) {
  session_.emplace(std::move(session));
  ++ui_.run_generation;
}

bool LabApp::load(const std::string& scenario_name, std::optional<std::uint64_t> seed) {
  Result<app::Scenario> scenario = app::builtin_scenario(scenario_name);
  if (!scenario.ok()) {
    report_error(ui_, scenario.error().to_string());
    return false;
  }
  const std::string title = scenario.value().title;
  Result<app::Session> created = app::Session::create(std::move(scenario.value()), seed);
  if (!created.ok()) {
    report_error(ui_, created.error().to_string());
    return false;
  }
  start_run(std::move(created).value());
  const auto found = std::find(ui_.scenario_names.begin(), ui_.scenario_names.end(), scenario_name);
  ui_.scenario_index = static_cast<std::size_t>(found - ui_.scenario_names.begin());
  ui_.loaded_scenario = scenario_name;
  ui_.seed = session_->seed();
  ui_.playing = false;
  ui_.unspent_ticks = 0;
  ui_.trace_followed_position = UINT64_MAX;
  report_info(ui_, "Loaded \"" + (title.empty() ? scenario_name : title) + "\" with seed " + std::to_string(ui_.seed) +
                       ". Press Play or Step.");
  return true;
}

void LabApp::frame(float elapsed_seconds) {
  ++ui_.frame;
  ui_.widgets.clear();
  ui_.hint_hovered_this_frame = false;
  follow_browser_address();
  apply_navigation();
  apply_commands();
  advance_playing(elapsed_seconds);
  if (ui_.screen == Screen::lesson) check_simulator_tasks_if_changed();
  draw_window();
  if (!ui_.hint_hovered_this_frame) ui_.hint_label.clear();
  handle_shortcuts();
  if (ui_.settings_changed) save_settings();
}

void LabApp::apply_commands() {
  UiCommands pending;
  pending.swap(commands_);
  for (const UiCommand& command : pending) apply(command);
}

void LabApp::apply(const UiCommand& command) {
  if (command.kind == UiCommand::Kind::load_scenario) {
    load(command.scenario, command.seed);
    return;
  }
  if (!session_) {
    report_error(ui_, "no run is loaded: choose a scenario and press Load.");
    return;
  }
  app::Session& session = *session_;
  Status status;
  switch (command.kind) {
    case UiCommand::Kind::step:
      status = session.at_head() ? session.apply(Json{{"op", "step"}}) : session.step_forward();
      break;
    case UiCommand::Kind::step_back:
      ui_.playing = false;
      status = session.step_back();
      break;
    case UiCommand::Kind::seek:
      status = session.seek(command.value);
      break;
    case UiCommand::Kind::reach_step:
      ui_.playing = false;
      status = reach_step(command.value, command.json.value("tick", std::int64_t{0}));
      break;
    case UiCommand::Kind::fork:
      session.fork();
      report_info(ui_, "Forked at step " + std::to_string(session.position()) +
                           ": the later steps are gone, and what happens next is up to you.");
      break;
    case UiCommand::Kind::session_command: {
      ui_.playing = false;
      // The engine's op-to-control mapping, as replay applies it: a command the step does not offer is refused.
      const std::optional<std::string_view> control = lesson::control_for_command(command.json);
      if (control && !control_enabled(ui_, *control)) {
        report_error(ui_, "This lesson step does not offer " + std::string(*control) + ".");
        return;
      }
      status = session.apply(command.json);
      if (status.ok() && command.json.value("op", "") == "input") ui_.quick_input[0] = '\0';  // taken: the field is free again
      break;
    }
    case UiCommand::Kind::export_trace_json:
      export_trace_json();
      break;
    case UiCommand::Kind::copy_trace_text:
      copy_trace_text();
      break;
    case UiCommand::Kind::download_plot_svg:
    case UiCommand::Kind::download_plot_csv:
      download_plot(command.view, command.kind == UiCommand::Kind::download_plot_svg);
      break;
    case UiCommand::Kind::download_sequence_svg:
      download_sequence_svg();
      break;
    case UiCommand::Kind::load_scenario:
      break;
  }
  if (!status.ok()) {
    ui_.playing = false;
    report_error(ui_, status.error().to_string());
  } else if (command.kind == UiCommand::Kind::reach_step) {
    report_info(ui_, "Showing tick " + std::to_string(session.world().now().value) + ", where the check first passed.");
  } else if (ui_.status_is_error) {
    report_info(ui_, "");  // a later action worked: the old error no longer describes the run
  }
}

Status LabApp::reach_step(std::uint64_t step, std::int64_t tick) {
  app::Session& session = *session_;
  if (step > session.head_step()) {
    session.seek_to_end();
    const std::int64_t ticks = tick - session.world().now().value;
    if (ticks > 0) RETURN_IF_ERROR(session.apply(Json{{"op", "run"}, {"ticks", ticks}}));
  }
  return session.seek(std::min(step, session.head_step()));
}

void LabApp::advance_playing(float elapsed_seconds) {
  if (!ui_.playing || !session_) return;
  ui_.unspent_ticks += std::min(elapsed_seconds, kLongestFrameSeconds) * ui_.speed_ticks_per_second;
  const auto ticks = static_cast<std::int64_t>(std::floor(ui_.unspent_ticks));
  if (ticks < 1) return;
  if (!session_->at_head()) {
    replay_recorded_ticks(ticks);
    return;
  }
  ui_.unspent_ticks -= static_cast<double>(ticks);
  // Consecutive runs coalesce into one command in the session's log, so playing keeps the log short.
  Status status = session_->apply(Json{{"op", "run"}, {"ticks", ticks}});
  if (!status.ok()) {
    ui_.playing = false;
    report_error(ui_, status.error().to_string());
  }
}

// Playing while viewing the past moves the view through the recorded run (it never changes it) until
// it reaches the end, where playing carries on by running the simulation.
void LabApp::replay_recorded_ticks(std::int64_t ticks) {
  app::Session& session = *session_;
  const sim::Trace& trace = session.trace();
  const Tick target = session.world().now() + ticks;
  // The last step at or before the target tick; steps are in tick order.
  std::uint64_t low = session.position();
  std::uint64_t high = session.head_step();
  while (low < high) {
    const std::uint64_t middle = low + (high - low + 1) / 2;
    if (tick_of_step(trace, middle) <= target) low = middle;
    else high = middle - 1;
  }
  if (low == session.position()) return;  // no step happens yet: keep the ticks for the next frame
  const Tick before = session.world().now();
  Status status = session.seek(low);
  if (!status.ok()) {
    ui_.playing = false;
    report_error(ui_, status.error().to_string());
    return;
  }
  const std::int64_t moved_ticks = session.world().now() - before;
  ui_.unspent_ticks = std::max(0.0, ui_.unspent_ticks - static_cast<double>(moved_ticks));
}

// The keyboard shortcuts (listed by the "?" overlay), unless a text field has the keyboard. Controls a
// lesson step has not enabled stay off from the keyboard too.
void LabApp::handle_shortcuts() {
  const ImGuiIO& io = ImGui::GetIO();
  std::vector<ShortcutKey> pressed;
  pressed.swap(ui_.pressed_keys);
  if (io.WantTextInput) return;
  for (const ImWchar typed : io.InputQueueCharacters) {
    if (typed == '?') ui_.show_shortcuts = !ui_.show_shortcuts;
  }
  for (const ShortcutKey key : pressed) {
    if (key == ShortcutKey::escape) ui_.show_shortcuts = false;
    if (ui_.screen == Screen::home || !session_) continue;
    switch (key) {
      case ShortcutKey::play_pause:
        if (control_enabled(ui_, "play")) ui_.playing = !ui_.playing;
        break;
      case ShortcutKey::step:
        if (control_enabled(ui_, "step")) queue(UiCommand::of(UiCommand::Kind::step));
        break;
      case ShortcutKey::step_back:
        if (control_enabled(ui_, "step_back")) queue(UiCommand::of(UiCommand::Kind::step_back));
        break;
      case ShortcutKey::start:
        if (control_enabled(ui_, "seek")) queue(UiCommand::seek_to(0));
        break;
      case ShortcutKey::end:
        if (control_enabled(ui_, "seek")) queue(UiCommand::seek_to(session_->head_step()));
        break;
      case ShortcutKey::escape:
        break;
    }
  }
}

// The run's controls and views: in the playground they fill the window, in a lesson the right column.
void LabApp::draw_run_controls() {
  if (ui_.screen == Screen::playground) draw_scenario_panel(ui_, commands_);
  if (!session_) return;
  draw_transport_panel(*session_, ui_, commands_);
  draw_timeline_panel(*session_, ui_, commands_);
  draw_quick_controls(*session_, ui_, commands_);
  const float status_height = ImGui::GetFrameHeightWithSpacing();
  const float body_height = std::max(ImGui::GetContentRegionAvail().y - status_height, 1.0f);
  draw_simulator_views(*session_, ui_, commands_, ImVec2(0, body_height));
}

void LabApp::draw_window() {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Coordination Lab", nullptr, flags);
  draw_top_bar(*this);
  switch (ui_.screen) {
    case Screen::home:
      draw_home_screen(*this);
      break;
    case Screen::playground:
      draw_run_controls();
      break;
    case Screen::lesson: {
      const float status_height = ImGui::GetFrameHeightWithSpacing();
      const float height = std::max(ImGui::GetContentRegionAvail().y - status_height, 1.0f);
      const float right_width = draw_lesson_column(*this, height);
      ImGui::SameLine(0, 0);  // the splitter is the gap; more spacing would push the run off the right edge
      ImGui::BeginChild("simulator", ImVec2(right_width, height), false);
      draw_run_controls();
      ImGui::EndChild();
      break;
    }
  }
  if (ui_.screen == Screen::home) {
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), ImGui::GetWindowHeight() - ImGui::GetFrameHeightWithSpacing() -
                                                              ImGui::GetStyle().WindowPadding.y));
  }
  draw_status_line(ui_);
  draw_overlays(*this);
  ImGui::End();
}

}  // namespace coordlab::ui

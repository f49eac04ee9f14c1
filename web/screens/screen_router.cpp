// Navigation: opening the address in `navigate_to` (links.hpp), and keeping the browser's address bar
// and history in step with it, so deep links open the right step and the back button works.
#include <algorithm>

#include "app/builtin_scenarios.hpp"
#include "lab_app.hpp"
#include "platform/links.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#endif

namespace coordlab::ui {
namespace {

#ifdef __EMSCRIPTEN__
EM_JS(char*, browser_hash, (), { return stringToNewUTF8(window.location.hash); });
// A new history entry, so Back returns to the previous place.
EM_JS(void, push_browser_hash, (const char* hash), {
  const value = UTF8ToString(hash);
  if (window.location.hash !== value) window.location.hash = value;
});
// The same entry (used when a link could not be opened: the address goes back to where the lab is).
EM_JS(void, replace_browser_hash, (const char* hash), { history.replaceState(null, document.title, UTF8ToString(hash)); });

std::string current_browser_hash() {
  char* text = browser_hash();
  std::string hash(text);
  std::free(text);
  return hash;
}
#endif

// "#" and "#/" and "" are all home.
std::string normalised(std::string hash) {
  if (hash.empty() || hash == "#") return "#/";
  return hash;
}

std::optional<std::size_t> step_index(const lesson::Lesson& lesson, const std::string& step) {
  if (step.empty()) return 0;
  for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
    if (lesson.steps[i].id == step) return i;
  }
  if (std::all_of(step.begin(), step.end(), [](char c) { return c >= '0' && c <= '9'; }) && step.size() < 4) {
    const std::size_t number = static_cast<std::size_t>(std::stoul(step));
    if (number >= 1 && number <= lesson.steps.size()) return number - 1;
  }
  return std::nullopt;
}

}  // namespace

// Back and Forward, and links typed into the address bar, change the hash under the lab's feet.
void LabApp::follow_browser_address() {
#ifdef __EMSCRIPTEN__
  const std::string hash = normalised(current_browser_hash());
  if (hash != ui_.route && ui_.navigate_to.empty()) ui_.navigate_to = hash;
#endif
}

void LabApp::apply_navigation() {
  if (ui_.navigate_to.empty()) return;
  const std::string hash = normalised(ui_.navigate_to);
  ui_.navigate_to.clear();
  Status opened = open_route(hash);
  if (!opened.ok()) {
    report_error(ui_, opened.error().to_string());
#ifdef __EMSCRIPTEN__
    replace_browser_hash(ui_.route.c_str());
#endif
    return;
  }
  // A shared run opens in the playground; its address stays so it can be copied again.
  ui_.route = hash;
  ui_.settings_changed = true;
#ifdef __EMSCRIPTEN__
  push_browser_hash(hash.c_str());
#endif
}

Status LabApp::open_route(const std::string& hash) {
  Result<Route> route = parse_route(hash);
  if (!route.ok()) return route.error();
  switch (route.value().kind) {
    case RouteKind::home:
      ui_.screen = Screen::home;
      ui_.playing = false;
      if (!ui_.status_is_error) report_info(ui_, "");  // "Loaded ping_echo ... Press Play" is about a run home does not show
      return Status{};
    case RouteKind::playground:
      if (ui_.screen == Screen::lesson || !session_) load(ui_.scenario_names.empty() ? "" : ui_.scenario_names[ui_.scenario_index]);
      ui_.screen = Screen::playground;
      ui_.enabled_controls.reset();
      ui_.step_views.clear();
      return Status{};
    case RouteKind::lesson:
      return open_lesson_route(route.value().path, route.value().lesson, route.value().step);
    case RouteKind::shared_run:
      return open_shared_run(route.value().data);
  }
  return Status{};
}

Status LabApp::open_lesson_route(const std::string& path, const std::string& lesson_id, const std::string& step_text) {
  const lesson::Lesson* lesson = path == kDraftRoute ? catalog_.find_draft(lesson_id) : catalog_.find_lesson(lesson_id);
  if (path == kDraftRoute && lesson == nullptr) {
    return make_error("link.unknown_draft", "no draft lesson \"" + lesson_id + "\" is open; load its text with lab_open_lesson first.");
  }
  const lesson::LearningPath* learning_path = catalog_.find_path(path);
  if (learning_path == nullptr && path != kDraftRoute) {
    return make_error("link.unknown_path", "there is no learning path \"" + path + "\"; the paths are observer, participant and implementer.");
  }
  if (lesson == nullptr ||
      (learning_path != nullptr && std::find(learning_path->lessons.begin(), learning_path->lessons.end(), lesson_id) == learning_path->lessons.end())) {
    return make_error("link.unknown_lesson", "the " + path + " path has no lesson \"" + lesson_id + "\"; open the path from the home screen.");
  }
  const std::optional<std::size_t> index = step_index(*lesson, step_text);
  if (!index) return make_error("link.unknown_step", "the lesson \"" + lesson->title + "\" has no step \"" + step_text + "\".");
  const lesson::Step& step = lesson->steps[*index];
  const bool same_step = ui_.lesson.lesson == lesson_id && ui_.lesson.step == *index;
  const Json params = same_step ? ui_.lesson.params : recorded_params(*lesson, step);
  Result<app::Session> started = lesson::start_step(step, params, step.seed);
  if (!started.ok()) return started.error();
  start_run(std::move(started).value());
  step_setup_log_ = session_->log_json();
  ui_.screen = Screen::lesson;
  ui_.enabled_controls = step.controls;
  ui_.step_views = step.views;
  ui_.playing = false;
  ui_.unspent_ticks = 0;
  ui_.trace_followed_position = UINT64_MAX;
  ui_.loaded_scenario = step.scenario_name.empty() ? "inline" : step.scenario_name;
  ui_.seed = session_->seed();
  const bool same_place = same_step;
  const float text_fraction = ui_.lesson.text_fraction;
  if (!same_place) {
    ui_.lesson = LessonView{};
    ui_.lesson.text_fraction = text_fraction;
  } else {
    for (auto& entry : ui_.lesson.tasks) entry.second.outcome.reset();
  }
  ui_.lesson.path = path;
  ui_.lesson.lesson = lesson_id;
  ui_.lesson.step = *index;
  ui_.lesson.checked_log = session_->log_json().dump();
  ui_.lesson.params = params;
  if (!same_place) restore_recorded_tasks(*lesson, step);
  report_info(ui_, lesson->title + ", step " + std::to_string(*index + 1) + " of " + std::to_string(lesson->steps.size()) + ": " + step.title);
  return Status{};
}

Status LabApp::open_shared_run(const std::string& data) {
  Result<SharedRun> run = decode_shared_run(data);
  if (!run.ok()) return run.error();
  Result<app::Scenario> scenario = app::builtin_scenario(run.value().scenario);
  if (!scenario.ok()) return make_error("link.unknown_scenario", "the shared run names a scenario this lab does not have (\"" + run.value().scenario + "\").");
  Result<app::Session> created = app::Session::create(std::move(scenario.value()), run.value().seed);
  if (!created.ok()) return created.error();
  Status applied = created.value().apply_all(run.value().commands);
  if (!applied.ok()) return make_error("link.bad_commands", "the shared run's commands do not replay: " + applied.error().message);
  start_run(std::move(created).value());
  ui_.screen = Screen::playground;
  ui_.enabled_controls.reset();
  ui_.step_views.clear();
  ui_.playing = false;
  ui_.trace_followed_position = UINT64_MAX;
  ui_.loaded_scenario = run.value().scenario;
  const auto found = std::find(ui_.scenario_names.begin(), ui_.scenario_names.end(), run.value().scenario);
  ui_.scenario_index = static_cast<std::size_t>(found - ui_.scenario_names.begin());
  ui_.seed = session_->seed();
  report_info(ui_, "Opened a shared run of \"" + run.value().scenario + "\" (seed " + std::to_string(ui_.seed) + ", " +
                       std::to_string(run.value().commands.size()) + " commands), replayed exactly.");
  return Status{};
}

}  // namespace coordlab::ui

#include "platform/desktop_smoke.hpp"

#include "platform/automation.hpp"

namespace coordlab::ui {
namespace {

constexpr const char* kSecondScenario = "gossip";
constexpr std::uint64_t kSecondSeed = 7;

void queue_steps(LabApp& app, int count) {
  for (int i = 0; i < count; ++i) app.queue(UiCommand::of(UiCommand::Kind::step));
}

}  // namespace

void SmokeCheck::expect(bool condition, const std::string& what) {
  if (!condition) failures_.push_back("frame check failed: " + what);
}

void SmokeCheck::expect_position(const LabApp& app, std::uint64_t position, const std::string& after) {
  const app::Session* session = app.session();
  const std::uint64_t actual = session ? session->position() : UINT64_MAX;
  expect(actual == position, "after " + after + " the position should be " + std::to_string(position) + ", is " +
                                 std::to_string(actual));
}

// Actions queued in frame f are applied at the start of frame f + 1, so each case checks the last one.
void SmokeCheck::after_frame(LabApp& app) {
  const app::Session* session = app.session();
  if (!session) {
    expect(false, "no run is loaded");
    return;
  }
  UiState& ui = app.ui();
  switch (ui.frame) {
    case 2:
      start_position_ = session->position();
      queue_steps(app, 3);
      break;
    case 3:
      expect_position(app, start_position_ + 3, "three steps");
      app.queue(UiCommand::of(UiCommand::Kind::step_back));
      break;
    case 4:
      expect_position(app, start_position_ + 2, "a step back");
      expect(!session->at_head(), "after a step back the view should be in the past");
      ui.theme = Theme::light;
      app.queue(UiCommand::of(UiCommand::Kind::fork));
      break;
    case 5:
      expect(session->at_head() && session->head_step() == start_position_ + 2, "a fork should make the position the end");
      queue_steps(app, 1);
      break;
    case 6:
      expect_position(app, start_position_ + 3, "a step after the fork");
      tick_before_playing_ = session->world().now().value;
      ui.playing = true;
      break;
    case 12:
      expect(session->world().now().value > tick_before_playing_, "playing for 6 frames should advance the clock");
      ui.playing = false;
      ui.theme = Theme::dark;
      app.queue(UiCommand::load(kSecondScenario, kSecondSeed));
      break;
    case 13:
      expect(ui.loaded_scenario == kSecondScenario && session->seed() == kSecondSeed, "loading gossip with seed 7");
      queue_steps(app, 2);
      break;
    case 14:
      expect_position(app, 2, "two steps in a new run");
      visit_lessons(app);
      break;
    default:
      if (ui.frame > 14) visit_lessons(app);
      break;
  }
}

void SmokeCheck::visit_lessons(LabApp& app) {
  UiState& ui = app.ui();
  if (lesson_routes_.empty() && tour_start_frame_ == 0) {
    tour_start_frame_ = ui.frame;
    for (const lesson::LearningPath& path : app.catalog().paths()) {
      for (const std::string& id : path.lessons) {
        const lesson::Lesson* lesson = app.catalog().find_lesson(id);
        if (lesson != nullptr && !lesson->steps.empty()) lesson_routes_.push_back("#/" + path.id + "/" + id + "/" + lesson->steps.front().id);
      }
    }
    expect(!lesson_routes_.empty(), "the lab should have lessons compiled in");
    lesson_routes_.push_back("#/");
  }
  // Two frames per place: navigate, then check it opened and let it draw once more.
  if ((ui.frame - tour_start_frame_) % 2 == 1) {
    expect(ui.route == expected_route_, "opening " + expected_route_ + " should show it, shows " + ui.route);
    if (expected_route_ != "#/") {
      expect(ui.screen == Screen::lesson && app.session() != nullptr, "a lesson step should show its simulator: " + expected_route_);
    }
    return;
  }
  if (next_route_ == lesson_routes_.size()) {
    script_finished_ = true;
    return;
  }
  expected_route_ = lesson_routes_[next_route_++];
  app.navigate(expected_route_);
}

void SmokeCheck::finish(const LabApp& app, std::uint64_t gl_error_count) {
  expect(script_finished_, "the smoke script did not finish within " + std::to_string(app.ui().frame) + " frames");
  for (const std::string& error : app.ui().errors) failures_.push_back("the lab showed an error: " + error);
  expect(gl_error_count == 0, "OpenGL reported " + std::to_string(gl_error_count) + " errors");
  const Json state = Json::parse(automation_state_json(app), nullptr, false);
  expect(!state.is_discarded(), "the automation hook should return valid JSON");
  if (state.is_discarded()) return;
  const Json& widgets = state["widgets"];
  for (const char* label : {"Home", "Theme", "Continue", "Playground", "Export progress"}) {
    const bool drawn = widgets.contains(label) && widgets[label]["w"].get<double>() > 0 && widgets[label]["h"].get<double>() > 0;
    expect(drawn, std::string("the automation hook should report a rectangle for \"") + label + "\"");
  }
}

}  // namespace coordlab::ui

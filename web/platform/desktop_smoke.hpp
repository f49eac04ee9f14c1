// The desktop smoke test (coordlab_desktop --smoke): a short script of UI actions spread over frames,
// each checked a frame later through the same state the automation hook reports, then a tour of the
// first step of every lesson and the home screen, so a headless run under Xvfb proves that the window,
// the renderer, the screens, the lessons and the engine work together.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "lab_app.hpp"

namespace coordlab::ui {

// Elapsed time each smoke frame pretends to take, so playing advances the same way on any machine.
inline constexpr float kSmokeFrameSeconds = 0.1f;
// However many lessons there are, the smoke run stops here (a script that never ends is a failure).
inline constexpr std::uint64_t kSmokeMaxFrames = 2000;

class SmokeCheck {
 public:
  // Call after each frame: checks the previous action's effect and queues the next one.
  void after_frame(LabApp& app);
  // Call once at the end: final checks (no errors shown, widgets reported, the script finished).
  void finish(const LabApp& app, std::uint64_t gl_error_count);
  bool passed() const { return failures_.empty(); }
  bool finished() const { return script_finished_; }
  const std::vector<std::string>& failures() const { return failures_; }

 private:
  void expect(bool condition, const std::string& what);
  void expect_position(const LabApp& app, std::uint64_t position, const std::string& after);
  // After the transport script: opens the first step of every lesson of every path, two frames each,
  // then the home screen; each must draw without errors.
  void visit_lessons(LabApp& app);

  std::vector<std::string> failures_;
  std::uint64_t start_position_ = 0;
  std::int64_t tick_before_playing_ = 0;
  bool script_finished_ = false;
  std::vector<std::string> lesson_routes_;  // filled when the lesson tour starts
  std::size_t next_route_ = 0;
  std::uint64_t tour_start_frame_ = 0;
  std::string expected_route_;
};

}  // namespace coordlab::ui

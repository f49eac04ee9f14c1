// The desktop smoke test (coordlab_desktop --smoke): a short script of UI actions spread over frames,
// each checked a frame later through the same state the automation hook reports, so a headless run
// under Xvfb proves that the window, the renderer, the panels and the engine work together.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "lab_app.hpp"

namespace coordlab::ui {

// Elapsed time each smoke frame pretends to take, so playing advances the same way on any machine.
inline constexpr float kSmokeFrameSeconds = 0.1f;

class SmokeCheck {
 public:
  // Call after each frame: checks the previous action's effect and queues the next one.
  void after_frame(LabApp& app);
  // Call once at the end: final checks (no errors shown, widgets reported, the script finished).
  void finish(const LabApp& app, std::uint64_t gl_error_count);
  bool passed() const { return failures_.empty(); }
  const std::vector<std::string>& failures() const { return failures_; }

 private:
  void expect(bool condition, const std::string& what);
  void expect_position(const LabApp& app, std::uint64_t position, const std::string& after);

  std::vector<std::string> failures_;
  std::uint64_t start_position_ = 0;
  std::int64_t tick_before_playing_ = 0;
  bool script_finished_ = false;
};

}  // namespace coordlab::ui

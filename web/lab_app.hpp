// The lab's user interface as one object, independent of the platform: each frame it applies the
// commands the panels queued last frame, advances time if playing, then draws every panel from the
// Session. platform_main.cpp owns the window and calls frame(); tests and the automation hook read it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "app/session.hpp"
#include "ui_state.hpp"

namespace coordlab::ui {

class LabApp {
 public:
  LabApp();

  // Builds a new run; on failure the current run stays and the error shows in the status line.
  bool load(const std::string& scenario_name, std::optional<std::uint64_t> seed = std::nullopt);
  // Between ImGui::NewFrame and ImGui::Render: update the run, then draw the whole window.
  void frame(float elapsed_seconds);
  // Queues a command as if a panel had (used by keyboard shortcuts and the desktop smoke test).
  void queue(UiCommand command) { commands_.push_back(std::move(command)); }

  const app::Session* session() const { return session_ ? &*session_ : nullptr; }
  const UiState& ui() const { return ui_; }
  UiState& ui() { return ui_; }

 private:
  void apply_commands();
  void apply(const UiCommand& command);
  void advance_playing(float elapsed_seconds);
  void replay_recorded_ticks(std::int64_t ticks);
  void handle_shortcuts();
  void draw_window();

  std::optional<app::Session> session_;
  UiState ui_;
  UiCommands commands_;
};

}  // namespace coordlab::ui

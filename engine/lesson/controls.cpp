#include "lesson/controls.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace coordlab::lesson {
namespace {

// Every op of app::command_ops() with its control. Running (run, run_until) is Play; firing a timer by
// hand is part of delivering by hand; switching to manual delivery is its own control.
constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kControlOfOp = {{
    {"run", "play"},
    {"run_until", "play"},
    {"step", "step"},
    {"crash", "crash"},
    {"restart", "restart"},
    {"partition", "partition"},
    {"heal", "heal"},
    {"set_link", "set_link"},
    {"set_node", "slow"},
    {"input", "input"},
    {"deliver", "deliver"},
    {"fire", "deliver"},
    {"drop", "drop"},
    {"duplicate", "duplicate"},
    {"delay", "delay"},
    {"mode", "manual_delivery"},
    {"byzantine", "byzantine"},
}};

std::string allowed_text(const Step& step) {
  std::string text;
  for (const std::string& control : step.controls) text += (text.empty() ? "" : ", ") + control;
  return text.empty() ? "none" : text;
}

}  // namespace

std::optional<std::string_view> control_for_op(std::string_view op) {
  for (const auto& [candidate, control] : kControlOfOp)
    if (candidate == op) return control;
  return std::nullopt;
}

std::optional<std::string_view> control_for_command(const Json& command) {
  if (!command.is_object() || !command.contains("op") || !command["op"].is_string()) return std::nullopt;
  return control_for_op(command["op"].get<std::string>());
}

bool step_enables(const Step& step, std::string_view control) {
  return std::find(step.controls.begin(), step.controls.end(), control) != step.controls.end();
}

Status check_attempt_controls(const Step& step, const Attempt& attempt, const std::string& pointer) {
  if (attempt.params.is_object() && !attempt.params.empty() && !step_enables(step, "params")) {
    return make_error("lesson.control_not_enabled", "the attempt changes params, which this step does not allow (its controls: " + allowed_text(step) + ").",
                      pointer + "/params");
  }
  for (std::size_t i = 0; i < attempt.commands.size(); ++i) {
    const std::optional<std::string_view> control = control_for_command(attempt.commands[i]);
    if (!control || step_enables(step, *control)) continue;  // an unknown op fails when the command is applied
    const std::string op = attempt.commands[i]["op"].get<std::string>();
    return make_error("lesson.control_not_enabled", "command " + std::to_string(i + 1) + " uses " + op + ", which this step does not allow (its controls: " +
                                                        allowed_text(step) + ").",
                      pointer + "/commands/" + std::to_string(i));
  }
  return {};
}

}  // namespace coordlab::lesson

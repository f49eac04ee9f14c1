// Which learner control each command op needs. One mapping, used by task evaluation (and so by
// `coordlab run`, `coordlab verify` and the lint) and by the lab's UI, so an attempt can only use what
// the step offers: a progress record whose command log crashes a node in a step without the crash
// control is refused on replay, whatever its hash says.
#pragma once
#include <optional>
#include <string_view>

#include "lesson/lesson.hpp"

namespace coordlab::lesson {

// The learner control (a name from learner_controls()) that a command op needs; nullopt for an
// unknown op (the command parser reports those).
std::optional<std::string_view> control_for_op(std::string_view op);
// The control a command object needs (nullopt when it has no known "op").
std::optional<std::string_view> control_for_command(const Json& command);
bool step_enables(const Step& step, std::string_view control);
// Refuses commands (and params) the step does not enable: "command 2 uses crash, which this step does
// not allow". Errors point below `pointer` ("/commands/1", "/params"). Code: lesson.control_not_enabled.
Status check_attempt_controls(const Step& step, const Attempt& attempt, const std::string& pointer = "");

}  // namespace coordlab::lesson

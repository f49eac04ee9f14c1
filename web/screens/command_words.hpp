// Session commands and task checks in a learner's words: a reference solution reads "Crash n0, then
// run 300 ticks", not {"op":"crash","node":"n0"}, and "Show goal" names what the check looks for.
#pragma once
#include <string>

#include "core/json_input.hpp"
#include "lesson/lesson.hpp"

namespace coordlab::ui {

// One command as an action ("Send coordinator the input line: propose id=p1"); an unknown shape is
// shown as its JSON, so nothing is hidden.
std::string describe_command(const Json& command);
// A task's goal check: its summary from the check catalog, with the lesson's arguments.
std::string describe_check(const lesson::CheckCall& check);

}  // namespace coordlab::ui

// Reading one task (see lesson.hpp for the kinds).
#pragma once
#include <set>
#include <string>

#include "lesson/lesson.hpp"

namespace coordlab::lesson {

// A named check and its args ({"id": ..., "args": {...}}), validated against the check catalog.
Result<CheckCall> read_check_call(const Json& value, const std::string& pointer);
Result<Task> read_task(const Json& value, const std::string& pointer, std::set<std::string>& task_ids);

}  // namespace coordlab::lesson

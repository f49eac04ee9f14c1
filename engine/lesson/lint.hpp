// The lesson linter: beyond loading (which validates the format), it proves every task is a real
// exercise: its starting state fails, its reference solution passes (on every listed seed), and every
// listed wrong solution fails. Each step's setup must apply cleanly.
#pragma once
#include <string>
#include <vector>

#include "lesson/lesson.hpp"

namespace coordlab::lesson {

struct LintIssue {
  std::string pointer;  // into the lesson file
  std::string code;
  std::string message;
};

std::vector<LintIssue> lint_lesson(const Lesson& lesson);

}  // namespace coordlab::lesson

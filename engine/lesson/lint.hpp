// The lesson linter: beyond loading (which validates the format), it proves every task is a real
// exercise: its starting state fails, its reference solution passes (on every listed seed), and every
// listed wrong solution fails. Each step's setup must apply cleanly. Solutions use only the controls
// their step enables, and a task checking an invariant also demands progress (lint_rules.cpp).
//
// The cheap-attempt phase then tries, for every simulator task under its seeds, the ways out that skip
// the lesson: running ten times longer, every node crashed, every node isolated, every node honest or
// silent (with the byzantine control), each editable param at each of its values alone, the solution's
// params without its commands and its commands without its params. Any of these passing is an error
// unless the task says why that is fine ("passes_cheaply"). Only enabled controls are tried: anything
// else is refused on replay anyway.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "lesson/lesson.hpp"

namespace coordlab::lesson {

struct LintIssue {
  std::string pointer;  // into the lesson file
  std::string code;
  std::string message;
};

struct CheapAttemptCount {
  std::size_t tried = 0;     // attempts evaluated (each under all of its task's seeds)
  std::size_t passed = 0;    // of which passed
  std::size_t declared = 0;  // of those, in tasks that declare "passes_cheaply"
};

// Everything: the checks above and the cheap-attempt phase.
std::vector<LintIssue> lint_lesson(const Lesson& lesson);
// The checks above without the cheap-attempt phase (which the CLI times separately).
std::vector<LintIssue> lint_lesson_basics(const Lesson& lesson);
std::vector<LintIssue> lint_cheap_attempts(const Lesson& lesson, CheapAttemptCount& count);

// lint_rules.cpp, per task (pointer: the task's JSON pointer).
void lint_solution_controls(const Step& step, const Task& task, const std::string& pointer, std::vector<LintIssue>& issues);
void lint_progress_requirement(const Task& task, const std::string& pointer, std::vector<LintIssue>& issues);
void lint_task_cheap_attempts(const Step& step, const Task& task, const std::string& pointer, std::vector<LintIssue>& issues,
                              CheapAttemptCount& count);

}  // namespace coordlab::lesson

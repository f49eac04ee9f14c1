// Reading and evaluating the classify and document task kinds (lesson.hpp), one file per kind:
// classify_task.cpp and document_task.cpp. Used by task_loader.cpp and task_runner.cpp only.
#pragma once
#include <string>

#include "lesson/lesson.hpp"
#include "lesson/task_runner.hpp"

namespace coordlab::lesson {

// classify: "bins", "items", "answer" (a bin index per item), "feedback_correct", "feedback_wrong".
Status read_classify(const ObjectReader& reader, Task& task);
// A complete answer: one bin index per item (the key and the reference solution must be complete).
Status check_classify_answer(const Task& task, const Json& answer, const std::string& pointer);
TaskOutcome evaluate_classify(const Task& task, const Json& answer);

// document: "checker" ({"id", "args"}, see document_checkers.hpp), "start", "feedback_correct".
Status read_document(const ObjectReader& reader, Task& task);
// A document text: a string, or an array of lines (joined with newlines, ending with one).
Result<std::string> read_document_text(const ObjectReader& reader, std::string_view key);
TaskOutcome evaluate_document(const Step& step, const Task& task, const Json& answer);

}  // namespace coordlab::lesson

// The document task kind: the learner edits a text that a named document checker judges; the verdict
// points at line:column in the learner's text.
#include "lesson/document_checkers.hpp"
#include "lesson/lesson_reader.hpp"
#include "lesson/task_kinds.hpp"

namespace coordlab::lesson {
namespace {

Result<CheckCall> read_checker_call(const Json& value, const std::string& pointer) {
  ObjectReader reader(value, pointer, "a document checker");
  RETURN_IF_ERROR(reader.check({"id", "args"}));
  Result<std::string> id = reader.string("id");
  if (!id.ok()) return id.error();
  const DocumentCheckerSpec* spec = find_document_checker(id.value());
  if (spec == nullptr) {
    std::vector<std::string_view> ids;
    for (const auto& candidate : document_checker_catalog()) ids.push_back(candidate.id);
    return make_error("lesson.unknown_checker", unknown_name_message("document checker", id.value(), ids), reader.pointer_of("id"));
  }
  const Json* args = reader.find("args");
  Result<Json> validated = spec->read_args(args ? *args : Json::object(), reader.pointer_of("args"));
  if (!validated.ok()) return validated.error();
  return CheckCall{id.value(), validated.value()};
}

}  // namespace

Result<std::string> read_document_text(const ObjectReader& reader, std::string_view key) {
  const Json* value = reader.find(key);
  const std::string pointer = reader.pointer_of(key);
  if (value == nullptr) return make_error("lesson.missing_key", "\"" + std::string(key) + "\" is required (a string, or an array of lines).", reader.pointer());
  std::string text;
  if (value->is_string()) {
    text = value->get<std::string>();
  } else if (value->is_array() && value->size() <= kMaxDocumentLines) {
    for (std::size_t i = 0; i < value->size(); ++i) {
      if (!(*value)[i].is_string()) return make_error("json.wrong_type", "each line must be a string.", pointer_append(pointer, i));
      text += (*value)[i].get<std::string>() + "\n";
    }
  } else {
    return make_error("json.wrong_type", "\"" + std::string(key) + "\" must be a string or an array of at most " + std::to_string(kMaxDocumentLines) +
                                             " lines.", pointer);
  }
  const std::size_t lines = count_lines(text);
  if (text.size() > kMaxDocumentBytes || lines > kMaxDocumentLines) {
    return make_error("lesson.document_too_long", "this text is " + std::to_string(text.size()) + " bytes in " + std::to_string(lines) +
                                                      " lines; keep it under " + std::to_string(kMaxDocumentBytes) + " bytes and " +
                                                      std::to_string(kMaxDocumentLines) + " lines.", pointer);
  }
  return text;
}

Status read_document(const ObjectReader& reader, Task& task) {
  const Json* checker = reader.find("checker");
  if (checker == nullptr) {
    return make_error("lesson.missing_key", "a document task needs \"checker\": {\"id\": ..., \"args\": {...}} (see README: document checkers).", reader.pointer());
  }
  Result<CheckCall> call = read_checker_call(*checker, reader.pointer_of("checker"));
  if (!call.ok()) return call.error();
  task.checker = call.value();
  Result<std::string> start = read_document_text(reader, "start");
  if (!start.ok()) return start.error();
  task.start_text = start.value();
  Result<std::string> correct = reader.string("feedback_correct", "");
  if (!correct.ok()) return correct.error();
  task.feedback_correct = correct.value();
  return {};
}

TaskOutcome evaluate_document(const Step& step, const Task& task, const Json& answer) {
  TaskOutcome outcome;
  if (!answer.is_string()) {
    outcome.reason = "not answered yet: edit the text, then check it.";
    return outcome;
  }
  const DocumentVerdict verdict = check_document(step, task, answer.get<std::string>());
  outcome.passed = verdict.passed;
  outcome.reason = verdict.reason;
  if (verdict.line > 0) outcome.reason = "line " + std::to_string(verdict.line) + ", column " + std::to_string(verdict.column) + ": " + verdict.reason;
  if (verdict.passed && !task.feedback_correct.empty()) outcome.reason += " " + task.feedback_correct;
  outcome.text_line = verdict.line;
  outcome.text_column = verdict.column;
  if (verdict.ran) {
    SeedRun run;
    run.seed = verdict.seed;
    run.passed = verdict.passed;
    run.reason = verdict.reason;
    run.trace_hash = verdict.trace_hash;
    outcome.runs.push_back(std::move(run));
  }
  return outcome;
}

}  // namespace coordlab::lesson

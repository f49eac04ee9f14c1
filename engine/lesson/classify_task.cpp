// The classify task kind: items sorted into named bins. A wrong answer learns how many items are in
// the right bin, never which, so the feedback cannot be used to find the key item by item.
#include "core/limits.hpp"
#include "lesson/lesson_reader.hpp"
#include "lesson/task_kinds.hpp"

namespace coordlab::lesson {
namespace {

Result<ClassifyItem> read_item(const Json& value, const std::string& pointer) {
  if (value.is_string() && !value.get<std::string>().empty()) return ClassifyItem{value.get<std::string>(), ""};
  ObjectReader reader(value, pointer, "an item");
  if (!value.is_object()) return make_error("json.wrong_type", "an item is a non-empty string, or {\"text\": ..., \"code\": ...}.", pointer);
  RETURN_IF_ERROR(reader.check({"text", "code"}));
  Result<std::string> text = read_text(reader, "text", true);
  if (!text.ok()) return text.error();
  Result<std::string> code = read_text(reader, "code", false);
  if (!code.ok()) return code.error();
  return ClassifyItem{text.value(), code.value()};
}

std::string count_of(std::size_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

}  // namespace

Status read_classify(const ObjectReader& reader, Task& task) {
  Result<std::vector<std::string>> bins = read_strings(reader, "bins", kMaxClassifyBins, true);
  if (!bins.ok()) return bins.error();
  if (bins.value().size() < 2) return make_error("lesson.too_few_bins", "a classify task needs at least two bins.", reader.pointer_of("bins"));
  for (std::size_t i = 0; i < bins.value().size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (bins.value()[i] == bins.value()[j]) {
        return make_error("lesson.duplicate_bin", "two bins are called \"" + bins.value()[i] + "\"; bin names must differ.",
                          pointer_append(reader.pointer_of("bins"), i));
      }
  task.bins = bins.value();
  const Json* items = reader.find("items");
  if (items == nullptr || !items->is_array() || items->empty() || items->size() > kMaxClassifyItems) {
    return make_error("json.wrong_type", "\"items\" is an array of 1 to " + std::to_string(kMaxClassifyItems) + " items to classify.",
                      items == nullptr ? reader.pointer() : reader.pointer_of("items"));
  }
  for (std::size_t i = 0; i < items->size(); ++i) {
    Result<ClassifyItem> item = read_item((*items)[i], pointer_append(reader.pointer_of("items"), i));
    if (!item.ok()) return item.error();
    task.items.push_back(item.value());
  }
  const Json* answer = reader.find("answer");
  if (answer == nullptr) return make_error("lesson.missing_key", "a classify task needs its key in \"answer\": a bin index per item.", reader.pointer());
  task.answer = *answer;
  RETURN_IF_ERROR(check_classify_answer(task, task.answer, reader.pointer_of("answer")));
  for (auto [key, field] : {std::pair{"feedback_correct", &task.feedback_correct}, std::pair{"feedback_wrong", &task.feedback_wrong}}) {
    Result<std::string> text = reader.string(key, "");
    if (!text.ok()) return text.error();
    *field = text.value();
  }
  return {};
}

Status check_classify_answer(const Task& task, const Json& answer, const std::string& pointer) {
  bool ok = answer.is_array() && answer.size() == task.items.size();
  for (std::size_t i = 0; ok && i < answer.size(); ++i) {
    ok = answer[i].is_number_integer() && answer[i].get<std::int64_t>() >= 0 &&
         answer[i].get<std::int64_t>() < static_cast<std::int64_t>(task.bins.size());
  }
  if (ok) return {};
  return make_error("lesson.bad_answer", "a classify answer is an array with one bin index (from 0) per item: " +
                                             std::to_string(task.items.size()) + " indexes below " + std::to_string(task.bins.size()) + ".",
                    pointer);
}

TaskOutcome evaluate_classify(const Task& task, const Json& answer) {
  TaskOutcome outcome;
  if (!answer.is_array() || answer.size() != task.items.size()) {
    outcome.reason = answer.is_null() ? "not answered yet: put each item in a bin." : "an answer gives one bin per item.";
    return outcome;
  }
  std::size_t right = 0;
  std::size_t unplaced = 0;
  for (std::size_t i = 0; i < answer.size(); ++i) {
    if (answer[i].is_null()) ++unplaced;
    else if (answer[i] == task.answer[i]) ++right;
  }
  outcome.passed = right == task.items.size();
  if (outcome.passed) {
    outcome.reason = task.feedback_correct.empty() ? "correct: every item is in the right bin." : task.feedback_correct;
    return outcome;
  }
  outcome.reason = std::to_string(right) + " of " + count_of(task.items.size(), "item", "items") + " " + (right == 1 ? "is" : "are") +
                   " in the right bin";
  if (unplaced > 0) outcome.reason += "; " + count_of(unplaced, "is", "are") + " not placed yet";
  outcome.reason += ".";
  if (!task.feedback_wrong.empty()) outcome.reason += " " + task.feedback_wrong;
  return outcome;
}

}  // namespace coordlab::lesson

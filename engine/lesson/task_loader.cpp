// Reading and validating one task of a lesson step.
#include <algorithm>

#include "check/check.hpp"
#include "core/limits.hpp"
#include "lesson/lesson.hpp"
#include "lesson/lesson_reader.hpp"
#include "lesson/measure.hpp"
#include "lesson/task_kinds.hpp"
#include "lesson/task_loader.hpp"

namespace coordlab::lesson {

Result<CheckCall> read_check_call(const Json& value, const std::string& pointer) {
  ObjectReader reader(value, pointer, "a check");
  RETURN_IF_ERROR(reader.check({"id", "args"}));
  Result<std::string> id = reader.string("id");
  if (!id.ok()) return id.error();
  const check::CheckSpec* spec = check::find_check(id.value());
  if (spec == nullptr) {
    std::vector<std::string_view> ids;
    for (const auto& candidate : check::check_catalog()) ids.push_back(candidate.id);
    return make_error("lesson.unknown_check", unknown_name_message("check", id.value(), ids, "Run `coordlab check list` to see them all."),
                      reader.pointer_of("id"));
  }
  const Json* args = reader.find("args");
  Result<Json> validated = check::validate_check_args(*spec, args ? *args : Json::object(), reader.pointer_of("args"));
  if (!validated.ok()) {
    Error error = validated.error();
    error.code = "lesson.bad_check_args";
    return error;
  }
  return CheckCall{id.value(), validated.value()};
}

namespace {

Result<CheckCall> read_measure_call(const Json& value, const std::string& pointer) {
  ObjectReader reader(value, pointer, "a measure");
  RETURN_IF_ERROR(reader.check({"id", "args"}));
  Result<std::string> id = reader.string("id");
  if (!id.ok()) return id.error();
  const MeasureSpec* spec = find_measure(id.value());
  if (spec == nullptr) {
    std::vector<std::string_view> ids;
    for (const auto& candidate : measure_catalog()) ids.push_back(candidate.id);
    return make_error("lesson.unknown_measure", unknown_name_message("measure", id.value(), ids), reader.pointer_of("id"));
  }
  const Json* args = reader.find("args");
  Result<Json> validated = validate_measure_args(*spec, args ? *args : Json::object(), reader.pointer_of("args"));
  if (!validated.ok()) {
    Error error = validated.error();
    error.code = "lesson.bad_measure_args";
    return error;
  }
  return CheckCall{id.value(), validated.value()};
}

Result<Attempt> read_attempt(const Json& value, const std::string& pointer, TaskKind kind) {
  ObjectReader reader(value, pointer, "a solution");
  const bool simulator = kind == TaskKind::simulator;
  Attempt attempt;
  if (kind == TaskKind::document) {  // the text is the answer
    RETURN_IF_ERROR(reader.check({"text", "why"}));
    Result<std::string> text = read_document_text(reader, "text");
    if (!text.ok()) return text.error();
    attempt.answer = text.value();
    return attempt;
  }
  RETURN_IF_ERROR(simulator ? reader.check({"commands", "params", "why"}) : reader.check({"answer", "why"}));
  if (simulator) {
    if (const Json* commands = reader.find("commands")) {
      if (!commands->is_array() || commands->size() > limits::kMaxLessonCommands) {
        return make_error("json.wrong_type", "\"commands\" must be an array of command objects.", reader.pointer_of("commands"));
      }
      attempt.commands = *commands;
    }
    if (const Json* params = reader.find("params")) {
      if (!params->is_object()) return make_error("json.wrong_type", "\"params\" must be an object of scenario params.", reader.pointer_of("params"));
      attempt.params = *params;
    }
  } else {
    const Json* answer = reader.find("answer");
    if (answer == nullptr) return make_error("lesson.missing_key", "a question's solution needs \"answer\".", reader.pointer());
    attempt.answer = *answer;
  }
  return attempt;
}

Result<TaskKind> read_kind(const ObjectReader& reader) {
  Result<std::string> kind = reader.string("kind");
  if (!kind.ok()) return kind.error();
  for (TaskKind candidate : {TaskKind::simulator, TaskKind::single_choice, TaskKind::multiple_choice, TaskKind::numeric,
                             TaskKind::ordering, TaskKind::prediction, TaskKind::classify, TaskKind::document}) {
    if (task_kind_name(candidate) == kind.value()) return candidate;
  }
  return make_error("lesson.bad_task_kind",
                    "\"kind\" must be simulator, single_choice, multiple_choice, numeric, ordering, prediction, classify or document.",
                    reader.pointer_of("kind"));
}

// The answer key must have the shape the kind needs (an index, indexes, a number, a permutation).
Status check_answer_shape(const Task& task, const Json& answer, const std::string& pointer) {
  const auto count = static_cast<std::int64_t>(task.options.size());
  auto index_ok = [count](const Json& value) { return value.is_number_integer() && value.get<std::int64_t>() >= 0 && value.get<std::int64_t>() < count; };
  bool ok = false;
  switch (task.kind) {
    case TaskKind::single_choice: ok = index_ok(answer); break;
    case TaskKind::prediction: ok = task.options.empty() ? answer.is_number() : index_ok(answer); break;
    case TaskKind::multiple_choice:
      ok = answer.is_array() && std::all_of(answer.begin(), answer.end(), index_ok);
      break;
    case TaskKind::numeric: ok = answer.is_number(); break;
    case TaskKind::ordering: {
      ok = answer.is_array() && answer.size() == task.options.size() && std::all_of(answer.begin(), answer.end(), index_ok);
      std::vector<std::int64_t> sorted;
      for (const Json& item : answer) sorted.push_back(item.is_number_integer() ? item.get<std::int64_t>() : -1);
      std::sort(sorted.begin(), sorted.end());
      for (std::size_t i = 0; ok && i < sorted.size(); ++i) ok = sorted[i] == static_cast<std::int64_t>(i);
      break;
    }
    case TaskKind::classify: return check_classify_answer(task, answer, pointer);
    case TaskKind::document: ok = answer.is_string(); break;
    case TaskKind::simulator: ok = true; break;
  }
  if (ok) return {};
  return make_error("lesson.bad_answer", std::string("this answer does not fit a ") + std::string(task_kind_name(task.kind)) +
                                            " task: use an option index (from 0), a list of indexes, a number, or a full ordering of the options.",
                    pointer);
}

// A prediction's measure, option values and run length (see lesson.hpp).
Status read_prediction(const ObjectReader& reader, Task& task) {
  if (const Json* measure = reader.find("measure")) {
    Result<CheckCall> call = read_measure_call(*measure, reader.pointer_of("measure"));
    if (!call.ok()) return call.error();
    task.measure = call.value();
  }
  Result<std::vector<std::string>> values = read_strings(reader, "values", limits::kMaxTaskOptions, false);
  if (!values.ok()) return values.error();
  task.values = values.value();
  if (!task.values.empty() && (task.values.size() != task.options.size() || !task.measure)) {
    return make_error("lesson.bad_values", "\"values\" gives the measured value of each option: one per option, and only with a \"measure\".",
                      reader.pointer_of("values"));
  }
  Result<std::int64_t> ticks = reader.integer("run_ticks", 0, limits::kMaxRunTicks, 0);
  if (!ticks.ok()) return ticks.error();
  task.run_ticks = ticks.value();
  return {};
}

Status read_question(const ObjectReader& reader, Task& task) {
  const bool options_optional = task.kind == TaskKind::prediction && !reader.has("options");  // a numeric prediction
  if (task.kind != TaskKind::numeric && !options_optional) {
    Result<std::vector<std::string>> options = read_strings(reader, "options", limits::kMaxTaskOptions, true);
    if (!options.ok()) return options.error();
    task.options = options.value();
  }
  const Json* answer = reader.find("answer");
  if (answer == nullptr) return make_error("lesson.missing_key", "a question needs its answer key in \"answer\".", reader.pointer());
  task.answer = *answer;
  RETURN_IF_ERROR(check_answer_shape(task, task.answer, reader.pointer_of("answer")));
  if (const Json* tolerance = reader.find("tolerance")) {
    if (!tolerance->is_number() || tolerance->get<double>() < 0) return make_error("json.wrong_type", "\"tolerance\" is a number >= 0.", reader.pointer_of("tolerance"));
    task.tolerance = tolerance->get<double>();
  }
  Result<std::string> correct = reader.string("feedback_correct", "");
  if (!correct.ok()) return correct.error();
  Result<std::string> wrong = reader.string("feedback_wrong", "");
  if (!wrong.ok()) return wrong.error();
  task.feedback_correct = correct.value();
  task.feedback_wrong = wrong.value();
  return task.kind == TaskKind::prediction ? read_prediction(reader, task) : Status{};
}

Status read_simulator(const ObjectReader& reader, Task& task) {
  const Json* check = reader.find("check");
  if (check == nullptr) return make_error("lesson.missing_key", "a simulator task needs \"check\": {\"id\": ..., \"args\": {...}}.", reader.pointer());
  Result<CheckCall> call = read_check_call(*check, reader.pointer_of("check"));
  if (!call.ok()) return call.error();
  task.check = call.value();
  if (const Json* invariants = reader.find("invariants")) {
    if (!invariants->is_array()) return make_error("json.wrong_type", "\"invariants\" is an array of checks.", reader.pointer_of("invariants"));
    for (std::size_t i = 0; i < invariants->size(); ++i) {
      Result<CheckCall> invariant = read_check_call((*invariants)[i], pointer_append(reader.pointer_of("invariants"), i));
      if (!invariant.ok()) return invariant.error();
      task.invariants.push_back(invariant.value());
    }
  }
  if (const Json* seeds = reader.find("seeds")) {
    if (!seeds->is_array() || seeds->empty() || seeds->size() > limits::kMaxTaskSeeds) {
      return make_error("json.wrong_type", "\"seeds\" is a non-empty array of at most 32 whole numbers.", reader.pointer_of("seeds"));
    }
    for (std::size_t i = 0; i < seeds->size(); ++i) {
      if (!(*seeds)[i].is_number_unsigned()) return make_error("json.wrong_type", "a seed is a whole number >= 0.", pointer_append(reader.pointer_of("seeds"), i));
      task.seeds.push_back((*seeds)[i].get<std::uint64_t>());
    }
  }
  Result<std::int64_t> ticks = reader.integer("run_ticks", 0, limits::kMaxRunTicks, 0);
  if (!ticks.ok()) return ticks.error();
  task.run_ticks = ticks.value();
  Result<std::string> cheap = reader.string("passes_cheaply", "");
  if (!cheap.ok()) return cheap.error();
  task.passes_cheaply = cheap.value();
  return {};
}

// The keys a task of `kind` may have.
std::vector<std::string_view> task_keys(TaskKind kind) {
  std::vector<std::string_view> keys = {"id", "kind", "prompt", "hints", "solution", "wrong_solutions"};
  switch (kind) {
    case TaskKind::simulator: keys.insert(keys.end(), {"check", "invariants", "seeds", "run_ticks", "passes_cheaply"}); break;
    case TaskKind::classify: keys.insert(keys.end(), {"bins", "items", "answer", "feedback_correct", "feedback_wrong"}); break;
    case TaskKind::document: keys.insert(keys.end(), {"checker", "start", "feedback_correct"}); break;
    case TaskKind::prediction: keys.insert(keys.end(), {"measure", "values", "run_ticks"}); [[fallthrough]];
    default: keys.insert(keys.end(), {"options", "answer", "tolerance", "feedback_correct", "feedback_wrong"}); break;
  }
  return keys;
}

Status read_kind_fields(const ObjectReader& reader, Task& task) {
  switch (task.kind) {
    case TaskKind::simulator: return read_simulator(reader, task);
    case TaskKind::classify: return read_classify(reader, task);
    case TaskKind::document: return read_document(reader, task);
    default: return read_question(reader, task);
  }
}

}  // namespace

std::string_view task_kind_name(TaskKind kind) {
  switch (kind) {
    case TaskKind::simulator: return "simulator";
    case TaskKind::single_choice: return "single_choice";
    case TaskKind::multiple_choice: return "multiple_choice";
    case TaskKind::numeric: return "numeric";
    case TaskKind::ordering: return "ordering";
    case TaskKind::prediction: return "prediction";
    case TaskKind::classify: return "classify";
    case TaskKind::document: return "document";
  }
  return "unknown";
}

Result<Task> read_task(const Json& value, const std::string& pointer, std::set<std::string>& task_ids) {
  ObjectReader reader(value, pointer, "a task");
  if (!value.is_object()) return make_error("json.wrong_type", "a task must be an object.", pointer);
  Task task;
  Result<TaskKind> kind = read_kind(reader);
  if (!kind.ok()) return kind.error();
  task.kind = kind.value();
  const bool simulator = task.kind == TaskKind::simulator;
  RETURN_IF_ERROR(reader.check(task_keys(task.kind)));
  Result<std::string> id = read_id(reader, "id", &task_ids, "task");
  if (!id.ok()) return id.error();
  task.id = id.value();
  Result<std::string> prompt = read_text(reader, "prompt", true);
  if (!prompt.ok()) return prompt.error();
  task.prompt = prompt.value();
  Result<std::vector<std::string>> hints = read_strings(reader, "hints", limits::kMaxHintsPerTask, true);
  if (!hints.ok()) return hints.error();
  task.hints = hints.value();
  RETURN_IF_ERROR(read_kind_fields(reader, task));
  const Json* solution = reader.find("solution");
  if (solution == nullptr) {
    return make_error("lesson.missing_solution", "every task needs a reference \"solution\" (the lint proves it passes).", reader.pointer());
  }
  Result<Attempt> reference = read_attempt(*solution, reader.pointer_of("solution"), task.kind);
  if (!reference.ok()) return reference.error();
  task.solution = reference.value();
  if (!simulator) RETURN_IF_ERROR(check_answer_shape(task, task.solution.answer, pointer_append(reader.pointer_of("solution"), "answer")));
  if (const Json* wrong = reader.find("wrong_solutions")) {
    if (!wrong->is_array()) return make_error("json.wrong_type", "\"wrong_solutions\" is an array of solutions that must fail.", reader.pointer_of("wrong_solutions"));
    for (std::size_t i = 0; i < wrong->size(); ++i) {
      const std::string wrong_pointer = pointer_append(reader.pointer_of("wrong_solutions"), i);
      Result<Attempt> attempt = read_attempt((*wrong)[i], wrong_pointer, task.kind);
      if (!attempt.ok()) return attempt.error();
      std::string why = (*wrong)[i].is_object() && (*wrong)[i].contains("why") && (*wrong)[i]["why"].is_string() ? (*wrong)[i]["why"].get<std::string>() : "";
      task.wrong_solutions.push_back(WrongSolution{attempt.value(), why});
    }
  }
  return task;
}

}  // namespace coordlab::lesson

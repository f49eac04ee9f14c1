// Reading and validating a lesson file: header, steps (text, scenario, controls, setup) and tasks.
#include <algorithm>

#include "app/builtin_scenarios.hpp"
#include "app/domain_views.hpp"
#include "core/hash.hpp"
#include "core/limits.hpp"
#include "lesson/lesson.hpp"
#include "lesson/lesson_reader.hpp"
#include "lesson/markup.hpp"
#include "lesson/task_loader.hpp"
#include "sim/trace.hpp"

namespace coordlab::lesson {
namespace {

Status check_membership(const ObjectReader& reader, std::string_view key, const std::vector<std::string>& values,
                        const std::vector<std::string_view>& allowed, std::string_view code) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::find(allowed.begin(), allowed.end(), values[i]) != allowed.end()) continue;
    std::string message = "\"" + values[i] + "\" is not one of the allowed values.";
    if (auto suggestion = closest_match(values[i], allowed)) message += " Did you mean \"" + *suggestion + "\"?";
    return make_error(std::string(code), message, pointer_append(reader.pointer_of(key), i));
  }
  return {};
}

Status read_step_scenario(const ObjectReader& reader, Step& step) {
  const Json* scenario = reader.find("scenario");
  if (scenario == nullptr) return make_error("lesson.missing_key", "a step needs \"scenario\": a built-in name or a scenario object.", reader.pointer());
  if (scenario->is_string()) {
    step.scenario_name = scenario->get<std::string>();
    Result<app::Scenario> builtin = app::builtin_scenario(step.scenario_name);
    if (!builtin.ok()) {
      std::vector<std::string> names = app::builtin_scenario_names();
      std::vector<std::string_view> candidates(names.begin(), names.end());
      std::string message = "there is no built-in scenario \"" + step.scenario_name + "\".";
      if (auto suggestion = closest_match(step.scenario_name, candidates)) message += " Did you mean \"" + *suggestion + "\"?";
      return make_error("lesson.unknown_scenario", message, reader.pointer_of("scenario"));
    }
    return {};
  }
  Result<app::Scenario> inline_scenario = app::parse_scenario(*scenario);
  if (!inline_scenario.ok()) {
    Error error = inline_scenario.error();
    error.pointer = reader.pointer_of("scenario") + error.pointer;
    return error;
  }
  step.scenario_inline = *scenario;
  return {};
}

// The protocol a step's scenario runs (already validated by read_step_scenario).
std::string step_protocol(const Step& step) {
  if (!step.scenario_name.empty()) {
    Result<app::Scenario> builtin = app::builtin_scenario(step.scenario_name);
    return builtin.ok() ? builtin.value().protocol : std::string();
  }
  const Json* protocol = step.scenario_inline.is_object() && step.scenario_inline.contains("protocol") ? &step.scenario_inline["protocol"] : nullptr;
  return protocol != nullptr && protocol->is_string() ? protocol->get<std::string>() : std::string();
}

Result<Step> read_step(const Json& value, const std::string& pointer, std::set<std::string>& step_ids) {
  ObjectReader reader(value, pointer, "a step");
  if (!value.is_object()) return make_error("json.wrong_type", "a step must be an object.", pointer);
  RETURN_IF_ERROR(reader.check({"id", "title", "text", "scenario", "seed", "controls", "editable_params", "setup", "tasks", "goal", "views"}));
  Step step;
  Result<std::string> id = read_id(reader, "id", &step_ids, "step");
  if (!id.ok()) return id.error();
  step.id = id.value();
  Result<std::string> title = reader.string("title");
  if (!title.ok()) return title.error();
  step.title = title.value();
  Result<std::string> text = read_text(reader, "text", true);
  if (!text.ok()) return text.error();
  step.text = text.value();
  Result<std::vector<Block>> blocks = parse_markup(step.text);
  if (!blocks.ok()) {
    Error error = blocks.error();
    error.pointer = reader.pointer_of("text");
    return error;
  }
  RETURN_IF_ERROR(read_step_scenario(reader, step));
  Result<std::int64_t> seed = reader.integer("seed", 0, INT64_MAX, 1);
  if (!seed.ok()) return seed.error();
  step.seed = static_cast<std::uint64_t>(seed.value());
  Result<std::vector<std::string>> controls = read_strings(reader, "controls", 32, false);
  if (!controls.ok()) return controls.error();
  step.controls = controls.value();
  RETURN_IF_ERROR(check_membership(reader, "controls", step.controls, learner_controls(), "lesson.unknown_control"));
  Result<std::vector<std::string>> editable = read_strings(reader, "editable_params", 16, false);
  if (!editable.ok()) return editable.error();
  step.editable_params = editable.value();
  if (const Json* setup = reader.find("setup")) {
    if (!setup->is_array() || setup->size() > limits::kMaxLessonCommands) {
      return make_error("json.wrong_type", "\"setup\" is an array of commands applied before the learner starts.", reader.pointer_of("setup"));
    }
    step.setup = *setup;
  }
  Result<std::string> goal = read_text(reader, "goal", false);
  if (!goal.ok()) return goal.error();
  step.goal = goal.value();
  if (const Json* views = reader.find("views")) {
    Result<std::vector<std::string>> ids = app::read_view_ids(*views, step_protocol(step), reader.pointer_of("views"));
    if (!ids.ok()) return ids.error();
    step.views = ids.value();
  }
  const Json* tasks = reader.find("tasks");
  if (tasks != nullptr && (!tasks->is_array() || tasks->size() > limits::kMaxTasksPerStep)) {
    return make_error("json.wrong_type", "\"tasks\" is an array of at most " + std::to_string(limits::kMaxTasksPerStep) + " tasks.", reader.pointer_of("tasks"));
  }
  std::set<std::string> task_ids;
  for (std::size_t i = 0; tasks != nullptr && i < tasks->size(); ++i) {
    Result<Task> task = read_task((*tasks)[i], pointer_append(reader.pointer_of("tasks"), i), task_ids);
    if (!task.ok()) return task.error();
    step.tasks.push_back(std::move(task.value()));
  }
  return step;
}

Status read_header(const ObjectReader& reader, Lesson& lesson, std::string_view file_stem) {
  Result<std::string> format = reader.string("format");
  if (!format.ok()) return format.error();
  if (format.value() != kLessonFormat) {
    return make_error("lesson.bad_format", "\"format\" must be \"" + std::string(kLessonFormat) + "\".", reader.pointer_of("format"));
  }
  Result<std::string> id = read_id(reader, "id", nullptr, "lesson");
  if (!id.ok()) return id.error();
  if (id.value() != file_stem) {
    return make_error("lesson.id_mismatch", "the lesson id \"" + id.value() + "\" must equal its file name \"" + std::string(file_stem) + ".json\".",
                      reader.pointer_of("id"));
  }
  lesson.id = id.value();
  Result<std::string> title = reader.string("title");
  if (!title.ok()) return title.error();
  lesson.title = title.value();
  Result<std::string> path = reader.string("path");
  if (!path.ok()) return path.error();
  lesson.path = path.value();
  const auto& paths = learning_paths();
  if (std::find(paths.begin(), paths.end(), lesson.path) == paths.end()) {
    return make_error("lesson.unknown_path", "\"path\" must be observer, participant or implementer.", reader.pointer_of("path"));
  }
  Result<std::string> topic = reader.string("topic");
  if (!topic.ok()) return topic.error();
  lesson.topic = topic.value();
  Result<std::int64_t> minutes = reader.integer("estimated_minutes", 1, 600);
  if (!minutes.ok()) return minutes.error();
  lesson.estimated_minutes = minutes.value();
  Result<std::vector<std::string>> objectives = read_strings(reader, "objectives", 12, true);
  if (!objectives.ok()) return objectives.error();
  lesson.objectives = objectives.value();
  return {};
}

}  // namespace

const std::vector<std::string_view>& learning_paths() {
  static const std::vector<std::string_view> paths = {"observer", "participant", "implementer"};
  return paths;
}

const std::vector<std::string_view>& learner_controls() {
  static const std::vector<std::string_view> controls = {
      "play", "step", "step_back", "seek", "fork", "seed", "crash", "restart", "partition", "heal", "slow", "byzantine",
      "deliver", "drop", "duplicate", "delay", "manual_delivery", "input", "set_link", "params"};
  return controls;
}

Result<Lesson> parse_lesson_text(std::string_view text, std::string_view file, std::string_view file_stem) {
  auto located = [&](Error error) { return locate_error(std::move(error), text, file); };
  if (text.size() > limits::kMaxLessonBytes) {
    Error error = make_error("lesson.too_large", "the lesson file is " + std::to_string(text.size()) + " bytes; split it (limit " +
                                                     std::to_string(limits::kMaxLessonBytes) + ").");
    error.file = std::string(file);
    return error;
  }
  Result<Json> document = parse_json_text(text, file);
  if (!document.ok()) return document.error();
  ObjectReader reader(document.value(), "", "a lesson");
  Status keys = reader.check({"format", "id", "title", "path", "topic", "estimated_minutes", "objectives", "steps"});
  if (!keys.ok()) return located(keys.error());
  Lesson lesson;
  Status header = read_header(reader, lesson, file_stem);
  if (!header.ok()) return located(header.error());
  const Json* steps = reader.find("steps");
  if (steps == nullptr || !steps->is_array() || steps->empty() || steps->size() > limits::kMaxLessonSteps) {
    return located(make_error("lesson.bad_steps", "\"steps\" must be a non-empty array of at most " + std::to_string(limits::kMaxLessonSteps) + " steps.",
                              steps == nullptr ? "" : "/steps"));
  }
  std::set<std::string> step_ids;
  for (std::size_t i = 0; i < steps->size(); ++i) {
    Result<Step> step = read_step((*steps)[i], pointer_append("/steps", i), step_ids);
    if (!step.ok()) return located(step.error());
    lesson.steps.push_back(std::move(step.value()));
  }
  lesson.content_hash = sim::format_hash(fnv1a64(text));
  return lesson;
}

}  // namespace coordlab::lesson

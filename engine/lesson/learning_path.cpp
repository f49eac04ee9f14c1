#include "lesson/learning_path.hpp"

#include <algorithm>
#include <set>

#include "lesson/lesson_reader.hpp"

namespace coordlab::lesson {
namespace {

Result<ChecklistItem> read_item(const Json& value, const std::string& pointer, const std::vector<Lesson>& lessons, std::set<std::string>& ids) {
  ObjectReader reader(value, pointer, "a checklist item");
  RETURN_IF_ERROR(reader.check({"id", "text", "tasks"}));
  ChecklistItem item;
  Result<std::string> id = reader.string("id");
  if (!id.ok()) return id.error();
  if (!ids.insert(id.value()).second) return make_error("path.duplicate_item", "two checklist items share the id \"" + id.value() + "\".", reader.pointer_of("id"));
  item.id = id.value();
  Result<std::string> text = reader.string("text");
  if (!text.ok()) return text.error();
  item.text = text.value();
  Result<std::vector<std::string>> tasks = read_strings(reader, "tasks", 64, false);
  if (!tasks.ok()) return tasks.error();
  for (std::size_t i = 0; i < tasks.value().size(); ++i) {
    if (find_task(lessons, tasks.value()[i]) == nullptr) {
      return make_error("path.unknown_task", "\"" + tasks.value()[i] + "\" names no task; write lesson-id/step-id/task-id.",
                        pointer_append(reader.pointer_of("tasks"), i));
    }
  }
  item.tasks = tasks.value();
  return item;
}

Status read_lessons(const ObjectReader& reader, LearningPath& path, const std::vector<Lesson>& lessons) {
  Result<std::vector<std::string>> listed = read_strings(reader, "lessons", 64, true);
  if (!listed.ok()) return listed.error();
  for (std::size_t i = 0; i < listed.value().size(); ++i) {
    const std::string& id = listed.value()[i];
    auto it = std::find_if(lessons.begin(), lessons.end(), [&](const Lesson& lesson) { return lesson.id == id; });
    const std::string pointer = pointer_append(reader.pointer_of("lessons"), i);
    if (it == lessons.end()) return make_error("path.unknown_lesson", "there is no lesson \"" + id + "\" in this folder.", pointer);
    if (it->path != path.id) {
      return make_error("path.wrong_path", "lesson \"" + id + "\" says it belongs to the " + it->path + " path.", pointer);
    }
    if (std::count(listed.value().begin(), listed.value().end(), id) > 1) return make_error("path.duplicate_lesson", "\"" + id + "\" is listed twice.", pointer);
  }
  path.lessons = listed.value();
  return {};
}

}  // namespace

const Task* find_task(const std::vector<Lesson>& lessons, std::string_view reference, const Step** step_out) {
  std::size_t first = reference.find('/'), second = reference.find('/', first == std::string_view::npos ? 0 : first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) return nullptr;
  std::string_view lesson_id = reference.substr(0, first), step_id = reference.substr(first + 1, second - first - 1),
                   task_id = reference.substr(second + 1);
  for (const Lesson& lesson : lessons) {
    if (lesson.id != lesson_id) continue;
    for (const Step& step : lesson.steps) {
      if (step.id != step_id) continue;
      for (const Task& task : step.tasks) {
        if (task.id != task_id) continue;
        if (step_out != nullptr) *step_out = &step;
        return &task;
      }
    }
  }
  return nullptr;
}

Result<LearningPath> parse_path_text(std::string_view text, std::string_view file, std::string_view file_stem, const std::vector<Lesson>& lessons) {
  Result<Json> document = parse_json_text(text, file);
  if (!document.ok()) return document.error();
  auto located = [&](Error error) { return locate_error(std::move(error), text, file); };
  ObjectReader reader(document.value(), "", "a learning path");
  Status keys = reader.check({"format", "id", "title", "audience", "estimated_minutes_min", "estimated_minutes_max", "lessons", "checklist"});
  if (!keys.ok()) return located(keys.error());
  LearningPath path;
  Result<std::string> format = reader.string("format");
  if (!format.ok() || format.value() != kPathFormat) {
    return located(make_error("path.bad_format", "\"format\" must be \"" + std::string(kPathFormat) + "\".", "/format"));
  }
  Result<std::string> id = reader.string("id");
  if (!id.ok()) return located(id.error());
  const auto& paths = learning_paths();
  if (id.value() != file_stem || std::find(paths.begin(), paths.end(), id.value()) == paths.end()) {
    return located(make_error("path.bad_id", "a path's id is observer, participant or implementer and equals its file name.", "/id"));
  }
  path.id = id.value();
  Result<std::string> title = reader.string("title");
  if (!title.ok()) return located(title.error());
  Result<std::string> audience = reader.string("audience");
  if (!audience.ok()) return located(audience.error());
  Result<std::int64_t> low = reader.integer("estimated_minutes_min", 1, 6000);
  if (!low.ok()) return located(low.error());
  Result<std::int64_t> high = reader.integer("estimated_minutes_max", low.value(), 6000);
  if (!high.ok()) return located(high.error());
  path.title = title.value();
  path.audience = audience.value();
  path.minutes_min = low.value();
  path.minutes_max = high.value();
  Status listed = read_lessons(reader, path, lessons);
  if (!listed.ok()) return located(listed.error());
  const Json* checklist = reader.find("checklist");
  if (checklist == nullptr || !checklist->is_array() || checklist->empty()) {
    return located(make_error("path.missing_checklist", "\"checklist\" is the path's non-empty validation checklist.", "/checklist"));
  }
  std::set<std::string> item_ids;
  for (std::size_t i = 0; i < checklist->size(); ++i) {
    Result<ChecklistItem> item = read_item((*checklist)[i], pointer_append("/checklist", i), lessons, item_ids);
    if (!item.ok()) return located(item.error());
    path.checklist.push_back(item.value());
  }
  return path;
}

}  // namespace coordlab::lesson

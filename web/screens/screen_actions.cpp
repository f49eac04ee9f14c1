// What the screens ask the app to do: check tasks (on demand and whenever the run changes), record
// progress and save it, export and import progress files, share a run, and reset or erase data.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include <imgui.h>

#include "lab_app.hpp"
#include "lesson/lint.hpp"
#include "platform/links.hpp"

namespace coordlab::ui {
namespace {

// The learner's own commands: the session's log after the step's setup. Consecutive runs (and steps)
// coalesce in the log, so a learner's first run may have been merged into the setup's last one; the
// difference is the learner's part.
Json learner_commands(const Json& log, const Json& setup) {
  Json commands = Json::array();
  std::size_t first = setup.size();
  if (!setup.empty() && log.size() >= setup.size() && log[setup.size() - 1] != setup.back()) {
    const Json& merged = log[setup.size() - 1];
    const Json& original = setup.back();
    for (const char* field : {"ticks", "count"}) {
      if (merged.value("op", "") == original.value("op", "") && merged.contains(field) && original.contains(field)) {
        commands.push_back({{"op", merged["op"]}, {field, merged[field].get<std::int64_t>() - original[field].get<std::int64_t>()}});
      }
    }
  }
  for (std::size_t i = first; i < log.size(); ++i) commands.push_back(log[i]);
  return commands;
}

lesson::TaskOutcome not_passed(std::string reason) {
  lesson::TaskOutcome outcome;
  outcome.reason = std::move(reason);
  return outcome;
}

Json answer_of(const lesson::Task& task, const TaskEntry& entry) {
  switch (task.kind) {
    case lesson::TaskKind::single_choice:
    case lesson::TaskKind::prediction:
      return entry.choice < 0 ? Json() : Json(entry.choice);
    case lesson::TaskKind::multiple_choice: {
      Json picked = Json::array();
      for (std::size_t i = 0; i < entry.picks.size(); ++i) {
        if (entry.picks[i]) picked.push_back(i);
      }
      return picked;
    }
    case lesson::TaskKind::numeric:
      return entry.number;
    case lesson::TaskKind::ordering:
      return entry.order;
    case lesson::TaskKind::classify: {
      Json bins = Json::array();
      for (int bin : entry.bins) bins.push_back(bin < 0 ? Json() : Json(bin));
      return bins;
    }
    case lesson::TaskKind::document:
      return entry.text ? Json(*entry.text) : Json();
    case lesson::TaskKind::simulator:
      break;
  }
  return Json();
}

// The number as a lesson would write it ("3", "0.5").
std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// Whether `text` contains `number` as a whole token (not as part of "13" or "3.5").
bool mentions_number(const std::string& text, const std::string& number) {
  for (std::size_t at = text.find(number); at != std::string::npos; at = text.find(number, at + 1)) {
    const auto part_of_number = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.'; };
    const bool starts = at == 0 || !part_of_number(text[at - 1]);
    const std::size_t end = at + number.size();
    const bool ends = end == text.size() || !part_of_number(text[end]) || (text[end] == '.' && (end + 1 == text.size() || text[end + 1] == ' '));
    if (starts && ends) return true;
  }
  return false;
}

// A first wrong numeric answer gets a nudge, not the worked answer: when the lesson's feedback would
// give the number away, it waits for the next try (or the solution).
void hold_back_number(const lesson::Task& task, TaskEntry& entry) {
  const bool first = entry.wrong_answers == 0;
  ++entry.wrong_answers;
  if (!first || !task.answer.is_number() || !mentions_number(entry.outcome->reason, number_text(task.answer.get<double>()))) return;
  entry.outcome->reason = "not " + number_text(entry.number) +
                          ". Work it through once more or take a hint; the worked answer shows after your next try.";
}

// A wrong order says how many items already stand where they belong (never which).
std::string in_place_note(const lesson::Task& task, const TaskEntry& entry) {
  if (!task.answer.is_array() || task.answer.size() != entry.order.size()) return "";
  std::size_t in_place = 0;
  for (std::size_t i = 0; i < entry.order.size(); ++i) in_place += task.answer[i] == entry.order[i] ? 1 : 0;
  return " (" + std::to_string(in_place) + " of " + std::to_string(entry.order.size()) + " are in the right place.)";
}

}  // namespace

const lesson::Lesson* LabApp::open_lesson() const {
  return ui_.screen == Screen::lesson ? catalog_.find_lesson(ui_.lesson.lesson) : nullptr;
}

const lesson::Step* LabApp::open_step() const {
  const lesson::Lesson* lesson = open_lesson();
  return lesson != nullptr && ui_.lesson.step < lesson->steps.size() ? &lesson->steps[ui_.lesson.step] : nullptr;
}

lesson::Attempt LabApp::current_attempt(const lesson::Task& task) const {
  lesson::Attempt attempt;
  if (task.kind == lesson::TaskKind::simulator) {
    if (session_) attempt.commands = learner_commands(session_->log_json(), step_setup_log_);
    attempt.params = ui_.lesson.params;
    return attempt;
  }
  const auto entry = ui_.lesson.tasks.find(task.id);
  if (entry != ui_.lesson.tasks.end()) attempt.answer = answer_of(task, entry->second);
  return attempt;
}

void LabApp::apply_step_params(const Json& params) {
  const lesson::Step* step = open_step();
  if (step == nullptr) return;
  Result<app::Session> started = lesson::start_step(*step, params, step->seed);
  if (!started.ok()) {
    report_error(ui_, "These settings do not work: " + started.error().to_string() + " The run is unchanged.");
    return;
  }
  start_run(std::move(started).value());
  step_setup_log_ = session_->log_json();
  ui_.lesson.params = params;
  ui_.lesson.checked_log.clear();  // the simulator tasks are checked again with the new settings
  ui_.playing = false;
  ui_.unspent_ticks = 0;
  ui_.trace_followed_position = UINT64_MAX;
  report_info(ui_, "Settings applied: the run restarted with " + params.dump() + ".");
}

const lesson::ProgressRecord* LabApp::passed_record(const lesson::Lesson& lesson, const lesson::Step& step, const lesson::Task& task) const {
  for (const lesson::ProgressRecord& record : progress_.records) {
    if (record.passed && record.lesson == lesson.id && record.step == step.id && record.task == task.id) return &record;
  }
  return nullptr;
}

Json LabApp::recorded_params(const lesson::Lesson& lesson, const lesson::Step& step) const {
  if (step.editable_params.empty()) return Json::object();
  for (const lesson::Task& task : step.tasks) {
    const lesson::ProgressRecord* record = task.kind == lesson::TaskKind::simulator ? passed_record(lesson, step, task) : nullptr;
    if (record != nullptr && record->attempt.params.is_object()) return record->attempt.params;
  }
  return Json::object();
}

void LabApp::restore_recorded_tasks(const lesson::Lesson& lesson, const lesson::Step& step) {
  for (const lesson::Task& task : step.tasks) {
    const lesson::ProgressRecord* record = passed_record(lesson, step, task);
    if (record == nullptr) continue;
    TaskEntry& entry = ui_.lesson.tasks[task.id];
    lesson::TaskOutcome outcome;
    outcome.passed = true;
    outcome.reason = record->reason;
    entry.outcome = outcome;
    entry.outcome_recorded = true;
    const Json& answer = record->attempt.answer;
    if (answer.is_number_integer()) entry.choice = answer.get<int>();
    if (answer.is_number()) entry.number = answer.get<double>();
    if (task.kind == lesson::TaskKind::prediction) entry.locked = true;
    if (task.kind == lesson::TaskKind::ordering && answer.is_array()) {
      for (const Json& index : answer)
        if (index.is_number_integer()) entry.order.push_back(index.get<int>());
    }
    if (task.kind == lesson::TaskKind::multiple_choice && answer.is_array()) {
      entry.picks.assign(task.options.size(), false);
      for (const Json& index : answer)
        if (index.is_number_integer() && index.get<std::size_t>() < entry.picks.size()) entry.picks[index.get<std::size_t>()] = true;
    }
  }
}

void LabApp::check_task(const lesson::Task& task) {
  const lesson::Lesson* lesson = open_lesson();
  const lesson::Step* step = open_step();
  if (lesson == nullptr || step == nullptr) return;
  const lesson::Attempt attempt = current_attempt(task);
  TaskEntry& entry = ui_.lesson.tasks[task.id];
  if (task.kind != lesson::TaskKind::simulator && attempt.answer.is_null()) {
    entry.outcome = not_passed("Choose an answer first.");
    return;
  }
  Result<lesson::TaskOutcome> outcome = lesson::evaluate_task(*step, task, attempt);
  if (!outcome.ok()) {
    entry.outcome = not_passed(outcome.error().message);
    return;
  }
  entry.outcome = outcome.value();
  entry.outcome_recorded = false;
  if (task.kind == lesson::TaskKind::numeric && !outcome.value().passed) hold_back_number(task, entry);
  if (task.kind == lesson::TaskKind::ordering && !outcome.value().passed) entry.outcome->reason += in_place_note(task, entry);
  if (task.kind == lesson::TaskKind::prediction) entry.locked = true;
  if (catalog_.find_draft(lesson->id) == lesson) return;  // a draft is tried, not recorded
  const bool was_complete = lesson_complete(summary_, lesson->id);
  if (lesson::record_attempt(progress_, *lesson, *step, task, attempt, outcome.value()) != lesson::RecordChange::kept_passed) {
    after_progress_change(was_complete);
  }
}

void LabApp::apply_solution(const lesson::Task& task) {
  const lesson::Step* step = open_step();
  if (step == nullptr) return;
  Result<app::Session> started = lesson::start_step(*step, task.solution.params, step->seed);
  if (!started.ok()) {
    report_error(ui_, "The reference solution does not start: " + started.error().to_string());
    return;
  }
  const Json setup_log = started.value().log_json();
  const Status applied = started.value().apply_all(task.solution.commands);
  if (!applied.ok()) {
    report_error(ui_, "The reference solution does not apply: " + applied.error().to_string());
    return;
  }
  start_run(std::move(started).value());
  step_setup_log_ = setup_log;
  ui_.lesson.params = task.solution.params;
  ui_.lesson.param_text.clear();
  ui_.playing = false;
  ui_.unspent_ticks = 0;
  ui_.trace_followed_position = UINT64_MAX;
  report_info(ui_, "The reference solution was applied to a fresh run of this step.");
}

// Simulator tasks are re-checked whenever the learner's commands change and time is paused (while
// playing, every frame would change the log): a check replays the step for each of the task's seeds.
void LabApp::check_simulator_tasks_if_changed() {
  const lesson::Step* step = open_step();
  if (step == nullptr || !session_ || ui_.playing) return;
  std::string log = session_->log_json().dump();
  if (log == ui_.lesson.checked_log) return;
  ui_.lesson.checked_log = std::move(log);
  for (const lesson::Task& task : step->tasks) {
    if (task.kind == lesson::TaskKind::simulator) check_task(task);
  }
}

void LabApp::after_progress_change(bool lesson_was_complete) {
  refresh_summary();
  save_progress();
  const lesson::Lesson* lesson = open_lesson();
  if (lesson != nullptr && !lesson_was_complete && lesson_complete(summary_, lesson->id)) {
    ui_.lesson.celebrate_until_seconds = ImGui::GetTime() + 6.0;
    report_info(ui_, "Lesson complete: " + lesson->title + ". Well done!");
  }
}

void LabApp::restore_saved_data() {
  if (std::optional<std::string> settings_text = storage_.read(kSettingsKey)) {
    const Json settings = Json::parse(*settings_text, nullptr, false);
    if (settings.is_object()) {
      ui_.theme = settings.value("theme", "dark") == "light" ? Theme::light : Theme::dark;
      ui_.navigate_to = settings.value("place", "");
      ui_.lesson.text_fraction = std::clamp(settings.value("text_fraction", 0.42f), 0.2f, 0.7f);
    }
  }
  if (std::optional<std::string> progress_text = storage_.read(kProgressKey)) {
    Result<lesson::Progress> saved = lesson::parse_progress_text(*progress_text, "saved progress", lesson::Reading::lenient);
    if (saved.ok()) progress_ = std::move(saved.value());
    else report_error(ui_, "your saved progress could not be read and was left untouched: " + saved.error().message);
  }
}

void LabApp::save_progress() {
  Status saved = storage_.write(kProgressKey, lesson::progress_to_json(progress_).dump());
  if (!saved.ok()) report_error(ui_, saved.error().message);
}

void LabApp::save_settings() {
  ui_.settings_changed = false;
  const Json settings = {{"theme", ui_.theme == Theme::light ? "light" : "dark"},
                         {"place", ui_.route.rfind("#/run/", 0) == 0 ? std::string("#/playground") : ui_.route},
                         {"text_fraction", ui_.lesson.text_fraction}};
  Status saved = storage_.write(kSettingsKey, settings.dump());
  if (!saved.ok()) report_error(ui_, saved.error().message);
}

void LabApp::export_progress() {
  Result<std::string> where = storage_.export_file(kProgressExportName, lesson::progress_to_json(progress_).dump(2));
  if (where.ok()) report_info(ui_, "Exported " + std::to_string(progress_.records.size()) + " progress records to " + where.value() + ".");
  else report_error(ui_, where.error().message);
}

void LabApp::import_progress(std::string_view text) {
  Result<lesson::Progress> incoming = lesson::parse_progress_text(text, "the imported file", lesson::Reading::strict);
  if (!incoming.ok()) {
    report_error(ui_, "Nothing was imported: " + incoming.error().to_string());
    return;
  }
  const lesson::MergeReport report = lesson::merge_progress(progress_, incoming.value());
  refresh_summary();
  save_progress();
  report_info(ui_, "Imported progress: " + std::to_string(report.added) + " new, " + std::to_string(report.replaced) + " updated, " +
                       std::to_string(report.kept) + " already up to date.");
}

void LabApp::open_draft_lesson(std::string_view text) {
  Result<Json> document = parse_json_text(text, "the draft lesson");
  const std::string id = document.ok() && document.value().is_object() ? document.value().value("id", "") : "";
  Result<lesson::Lesson> parsed = lesson::parse_lesson_text(text, "draft " + id + ".json", id);
  if (!parsed.ok()) {
    report_error(ui_, "The draft lesson did not open: " + parsed.error().to_string());
    return;
  }
  if (catalog_.library.find_lesson(id) != nullptr) {
    report_error(ui_, "The draft lesson did not open: the lab already has a lesson \"" + id + "\"; give the draft another id.");
    return;
  }
  for (const lesson::LintIssue& issue : lesson::lint_lesson(parsed.value())) {
    report_error(ui_, "Draft lint: " + locate_error(make_error(issue.code, issue.message, issue.pointer), text, id + ".json").to_string());
  }
  std::erase_if(catalog_.drafts, [&id](const lesson::Lesson& draft) { return draft.id == id; });
  catalog_.drafts.push_back(std::move(parsed.value()));
  ui_.lesson.tasks.clear();  // answers typed into an earlier version of the draft
  navigate("#/" + std::string(kDraftRoute) + "/" + id);
}

void LabApp::share_run() {
  if (!session_) return;
  SharedRun run{ui_.loaded_scenario, session_->seed(), session_->log_json()};
  if (ui_.screen == Screen::lesson) {
    report_error(ui_, "a lesson run is shared with its step's address; open the playground to share a free run.");
    return;
  }
  Result<std::string> hash = encode_shared_run(run);
  if (!hash.ok()) {
    report_error(ui_, hash.error().message);
    return;
  }
  ui_.share_link = page_address() + hash.value();
  copy_to_clipboard(ui_.share_link);
  report_info(ui_, "Copied a link that replays this run exactly (" + std::to_string(ui_.share_link.size()) + " characters).");
}

void LabApp::reset_open_lesson() {
  const lesson::Lesson* lesson = open_lesson();
  if (lesson == nullptr) return;
  reset_lesson_progress(progress_, lesson->id);
  refresh_summary();
  save_progress();
  ui_.lesson.tasks.clear();
  ui_.lesson.params = Json::object();
  ui_.lesson.param_text.clear();
  navigate("#/" + ui_.lesson.path + "/" + lesson->id + "/" + lesson->steps.front().id);
  report_info(ui_, "Reset \"" + lesson->title + "\": its tasks are open again.");
}

void LabApp::reset_all_progress() {
  progress_.records.clear();
  ui_.lesson.tasks.clear();
  refresh_summary();
  save_progress();
  report_info(ui_, "All progress was reset.");
}

void LabApp::erase_my_data() {
  progress_ = lesson::Progress{};
  ui_.lesson.tasks.clear();
  refresh_summary();
  Status progress = storage_.erase(kProgressKey);
  Status settings = storage_.erase(kSettingsKey);
  if (!progress.ok() || !settings.ok()) {
    report_error(ui_, (progress.ok() ? settings : progress).error().message);
    return;
  }
  ui_.theme = Theme::dark;
  report_info(ui_, "Your progress and settings were erased from this browser.");
}

}  // namespace coordlab::ui

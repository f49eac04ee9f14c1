// coordlab lint / lessons / run: the instructor's lesson tools (verify and progress: progress_commands.cpp).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "cli/lesson_cli.hpp"
#include "lesson/document_checkers.hpp"
#include "lesson/lint.hpp"
#include "lesson/task_runner.hpp"

namespace coordlab::cli {
namespace {

namespace fs = std::filesystem;

const char* kLintHelp = R"(usage: coordlab lint [FILE|DIR ...]   (default: lessons/)

Validates lesson files (and a folder's paths/*.json learning paths) and proves every task is a real
exercise: the starting state fails, the reference solution passes on every listed seed, every listed
wrong solution fails, and a prediction's key is what the step's run produces. Solutions may use only the
controls their step enables, and a task that checks an invariant must also demand progress. Then it tries
the cheap ways out of every simulator task under its seeds (running ten times longer; every node crashed,
isolated, honest or silent, as the step's controls allow; each editable param alone at each value the
task names; the solution's params without its commands and its commands without its params): any that
passes is an error unless the task explains it in "passes_cheaply". Errors are printed as
file:line:column: /json/pointer: message [code]. Exit code 1 if anything is wrong.
)";

const char* kRunHelp = R"(usage: coordlab run LESSON.json [--step N] [--solution] [--seed N] [--json]
                    [--trace key|all|none] [--limit N] [--record PROGRESS.json [--learner NAME]]

Runs a lesson headless. For each step (or only step N, counted from 1) and each of its tasks: starts
the step's scenario with its seed and setup, applies (with --solution) the task's reference solution or
answer, runs the task's ticks, and prints the run's trace and the task's outcome. Without --solution the
tasks get no attempt, which shows that each starts out failing.

The trace shows the key events by default (faults, learner input and the actors' notes such as
"role=leader term=2"); --trace all adds every send, delivery and timer; --trace none leaves it out.
--limit caps the trace lines per run (default 40). --seed runs every task once with that seed instead
of the lesson's own seeds. --record writes the passed tasks as a progress file (what the web lab
exports), which `coordlab verify` checks. Exit code 1 if a task fails with --solution.
)";

Result<lesson::Lesson> load_lesson(const std::string& path, std::string& text) {
  Result<std::string> contents = read_file(path);
  if (!contents.ok()) return contents.error();
  text = contents.value();
  return lesson::parse_lesson_text(text, path, fs::path(path).stem().string());
}

// Path files (DIR/paths/*.json) of every folder named in `paths`, checked against the loaded lessons.
std::size_t lint_paths(const std::vector<std::string>& paths, const std::vector<lesson::Lesson>& lessons) {
  std::size_t problems = 0;
  for (const std::string& folder : paths) {
    std::error_code error;
    if (!fs::is_directory(fs::path(folder) / "paths", error)) continue;
    Result<std::vector<std::string>> files = lesson_files({(fs::path(folder) / "paths").string()});
    for (const std::string& file : files.ok() ? files.value() : std::vector<std::string>{}) {
      Result<std::string> text = read_file(file);
      Result<lesson::LearningPath> path = text.ok() ? lesson::parse_path_text(text.value(), file, fs::path(file).stem().string(), lessons)
                                                    : Result<lesson::LearningPath>(text.error());
      if (!path.ok()) {
        report(path.error());
        ++problems;
      } else {
        std::printf("ok %s (%zu lessons, %zu checklist items)\n", file.c_str(), path.value().lessons.size(), path.value().checklist.size());
      }
    }
  }
  return problems;
}

int lint(const std::vector<std::string>& argv) {
  if (!argv.empty() && argv[0] == "--help") {
    std::fputs(kLintHelp, stdout);
    return kExitOk;
  }
  Result<std::vector<std::string>> files = lesson_files(argv.empty() ? std::vector<std::string>{"lessons"} : argv);
  if (!files.ok()) return report(files.error(), kExitUsage);
  std::size_t problems = 0, tasks = 0;
  lesson::CheapAttemptCount cheap;
  std::chrono::steady_clock::duration cheap_time{};
  std::vector<lesson::Lesson> lessons;
  for (const std::string& file : files.value()) {
    std::string text;
    Result<lesson::Lesson> loaded = load_lesson(file, text);
    if (!loaded.ok()) {
      report(loaded.error());
      ++problems;
      continue;
    }
    std::vector<lesson::LintIssue> issues = lesson::lint_lesson_basics(loaded.value());
    const auto cheap_start = std::chrono::steady_clock::now();
    std::vector<lesson::LintIssue> cheap_issues = lesson::lint_cheap_attempts(loaded.value(), cheap);
    cheap_time += std::chrono::steady_clock::now() - cheap_start;
    issues.insert(issues.end(), cheap_issues.begin(), cheap_issues.end());
    for (const lesson::LintIssue& issue : issues) {
      Error error = make_error(issue.code, issue.message, issue.pointer);
      report(locate_error(error, text, file));
    }
    problems += issues.size();
    std::size_t count = 0;
    for (const auto& step : loaded.value().steps) count += step.tasks.size();
    tasks += count;
    if (issues.empty()) std::printf("ok %s (%zu steps, %zu tasks)\n", file.c_str(), loaded.value().steps.size(), count);
    lessons.push_back(std::move(loaded.value()));
  }
  problems += lint_paths(argv.empty() ? std::vector<std::string>{"lessons"} : argv, lessons);
  const long long cheap_ms = std::chrono::duration_cast<std::chrono::milliseconds>(cheap_time).count();
  std::printf("cheap attempts: %zu tried in %lld ms, %zu passed, %zu of them declared fine (passes_cheaply)\n", cheap.tried, cheap_ms,
              cheap.passed, cheap.declared);
  std::printf("%zu file(s), %zu task(s), %zu problem(s)\n", files.value().size(), tasks, problems);
  return problems == 0 ? kExitOk : kExitFailure;
}

Json outcome_json(const lesson::TaskOutcome& outcome) {
  Json runs = Json::array();
  for (const auto& run : outcome.runs) {
    runs.push_back({{"seed", run.seed}, {"passed", run.passed}, {"reason", run.reason}, {"trace_hash", sim::format_hash(run.trace_hash)},
                    {"first_violation", run.first_violation ? Json(*run.first_violation) : Json()}});
  }
  Json out = {{"passed", outcome.passed}, {"reason", outcome.reason}, {"runs", runs}};
  if (!outcome.measured.is_null()) {
    out["measured"] = outcome.measured;
    out["observed"] = outcome.observed;
  }
  if (outcome.text_line > 0) out["text_position"] = {{"line", outcome.text_line}, {"column", outcome.text_column}};
  return out;
}

enum class TraceShow : std::uint8_t { key, all, none };

struct RunOptions {
  bool solve = false;
  bool json = false;
  TraceShow show = TraceShow::key;
  std::uint64_t limit = 40;
};

// Sends, deliveries, duplicates and timers are the bulk of a trace; the rest tells the story.
bool is_key_event(sim::EventKind kind) {
  return kind != sim::EventKind::send && kind != sim::EventKind::deliver && kind != sim::EventKind::timer && kind != sim::EventKind::duplicate;
}

// The run a task is judged on (its first seed), as trace lines; null for questions without a run.
Json task_trace(const lesson::Step& step, const lesson::Task& task, const lesson::Attempt& attempt, const RunOptions& options) {
  const bool has_run = task.kind == lesson::TaskKind::simulator || (task.kind == lesson::TaskKind::prediction && task.measure);
  if (!has_run || options.show == TraceShow::none) return Json();
  const lesson::Attempt run_attempt = task.kind == lesson::TaskKind::simulator ? attempt : lesson::Attempt{};
  Result<app::Session> session = lesson::replay_attempt(step, task, run_attempt, task.seeds.empty() ? step.seed : task.seeds.front());
  if (!session.ok()) return Json::array({"(the run could not start: " + session.error().message + ")"});
  const sim::Trace& trace = session.value().trace();
  Json lines = Json::array();
  std::size_t shown = 0, left_out = 0;
  for (std::size_t i = 0; i < trace.event_count(); ++i) {
    if (options.show == TraceShow::key && !is_key_event(trace.event(i).kind)) continue;
    if (shown < options.limit) {
      lines.push_back(trace.canonical_line(i));
      ++shown;
    } else {
      ++left_out;
    }
  }
  if (left_out > 0) lines.push_back("... " + std::to_string(left_out) + " more event(s) (raise --limit to see them)");
  lines.push_back("(" + std::to_string(trace.event_count()) + " event(s), tick " + std::to_string(session.value().world().now().value) +
                  ", trace hash " + sim::format_hash(trace.hash()) + ")");
  return lines;
}

std::string attempt_text(const lesson::Task& task, const lesson::Attempt& attempt, bool solve) {
  if (task.kind == lesson::TaskKind::document) {
    const std::string text = attempt.answer.is_string() ? attempt.answer.get<std::string>() : "";
    return std::string(solve ? "reference solution" : "the starting text") + " (" + std::to_string(lesson::count_lines(text)) + " lines)";
  }
  if (!solve) return "no attempt (the starting state)";
  if (task.kind != lesson::TaskKind::simulator) return "answer " + attempt.answer.dump();
  std::string text = "reference solution: commands " + attempt.commands.dump();
  if (!attempt.params.empty()) text += ", params " + attempt.params.dump();
  return text;
}

// Runs every task of one step; prints (unless JSON) and returns the step's report.
Result<Json> run_step(const lesson::Lesson& lesson, const lesson::Step& step, std::size_t number, const RunOptions& options,
                      lesson::Progress& progress, bool record, bool& all_passed) {
  Json step_json = {{"id", step.id}, {"title", step.title}, {"scenario", step.scenario_name.empty() ? "inline" : step.scenario_name},
                    {"seed", step.seed}, {"tasks", Json::array()}};
  if (!options.json) std::printf("== step %zu %s: %s (scenario %s, seed %llu)\n", number, step.id.c_str(), step.title.c_str(),
                                 step_json["scenario"].get<std::string>().c_str(), static_cast<unsigned long long>(step.seed));
  for (const lesson::Task& task : step.tasks) {
    const lesson::Attempt attempt = options.solve ? task.solution : lesson::starting_attempt(task);
    Result<lesson::TaskOutcome> outcome = lesson::evaluate_task(step, task, attempt);
    if (!outcome.ok()) return outcome.error();
    all_passed = all_passed && outcome.value().passed;
    if (outcome.value().passed && record) progress.records.push_back(lesson::make_record(lesson, step, task, attempt, outcome.value(), 1));
    const Json trace = task_trace(step, task, attempt, options);
    step_json["tasks"].push_back({{"id", task.id}, {"kind", lesson::task_kind_name(task.kind)}, {"attempt", attempt_text(task, attempt, options.solve)},
                                  {"outcome", outcome_json(outcome.value())}, {"trace", trace}});
    if (options.json) continue;
    std::printf("-- task %s (%s), %s\n", task.id.c_str(), std::string(lesson::task_kind_name(task.kind)).c_str(),
                attempt_text(task, attempt, options.solve).c_str());
    for (const Json& line : trace.is_array() ? trace : Json::array()) std::printf("   %s\n", line.get<std::string>().c_str());
    std::printf("   %s %s: %s\n", outcome.value().passed ? "PASS" : "FAIL", task.id.c_str(), outcome.value().reason.c_str());
  }
  return step_json;
}

Result<RunOptions> run_options(const Arguments& arguments) {
  RunOptions options;
  options.solve = arguments.has("solution");
  options.json = arguments.has("json");
  const std::string show = arguments.value("trace").value_or("key");
  if (show != "key" && show != "all" && show != "none") return make_error("cli.usage", "--trace is key, all or none.");
  options.show = show == "all" ? TraceShow::all : show == "none" ? TraceShow::none : TraceShow::key;
  if (auto value = arguments.value("limit")) {
    Result<std::uint64_t> parsed = parse_unsigned(*value, "--limit");
    if (!parsed.ok()) return parsed.error();
    options.limit = parsed.value();
  }
  return options;
}

int run_lesson(const std::vector<std::string>& argv) {
  Result<Arguments> arguments = parse_arguments(argv, {"step", "seed", "record", "learner", "trace", "limit"}, {"solution", "json", "help"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  if (arguments.value().has("help") || arguments.value().positional.size() != 1) {
    std::fputs(kRunHelp, arguments.value().has("help") ? stdout : stderr);
    return arguments.value().has("help") ? kExitOk : kExitUsage;
  }
  Result<RunOptions> options = run_options(arguments.value());
  if (!options.ok()) return report(options.error(), kExitUsage);
  std::string text;
  Result<lesson::Lesson> loaded = load_lesson(arguments.value().positional[0], text);
  if (!loaded.ok()) return report(loaded.error());
  const lesson::Lesson& lesson = loaded.value();
  std::uint64_t only_step = 0;
  if (auto value = arguments.value().value("step")) {
    Result<std::uint64_t> parsed = parse_unsigned(*value, "--step");
    if (!parsed.ok() || parsed.value() < 1 || parsed.value() > lesson.steps.size()) {
      return report(make_error("cli.usage", "--step is 1 to " + std::to_string(lesson.steps.size()) + "."), kExitUsage);
    }
    only_step = parsed.value();
  }
  std::optional<std::uint64_t> seed;
  if (auto value = arguments.value().value("seed")) {
    Result<std::uint64_t> parsed = parse_unsigned(*value, "--seed");
    if (!parsed.ok()) return report(parsed.error(), kExitUsage);
    seed = parsed.value();
  }
  Json report_json = {{"lesson", lesson.id}, {"content_hash", lesson.content_hash}, {"steps", Json::array()}};
  lesson::Progress progress;
  progress.learner = arguments.value().value("learner").value_or("");
  bool all_passed = true;
  for (std::size_t s = 0; s < lesson.steps.size(); ++s) {
    if (only_step != 0 && s + 1 != only_step) continue;
    lesson::Step step = lesson.steps[s];
    if (seed) {  // one run with the chosen seed instead of the step's and tasks' own seeds
      step.seed = *seed;
      for (lesson::Task& task : step.tasks) task.seeds.clear();
    }
    // A record made with another seed than the lesson's would not verify, so --seed records nothing.
    Result<Json> step_json = run_step(lesson, step, s + 1, options.value(), progress, !seed.has_value(), all_passed);
    if (!step_json.ok()) return report(step_json.error());
    report_json["steps"].push_back(step_json.value());
  }
  report_json["all_passed"] = all_passed;
  if (options.value().json) std::puts(report_json.dump(2).c_str());
  if (auto path = arguments.value().value("record")) {
    Status written = write_file(*path, lesson::progress_to_json(progress).dump(2) + "\n");
    if (!written.ok()) return report(written.error());
    if (!options.value().json) std::printf("recorded %zu passed task(s) in %s\n", progress.records.size(), path->c_str());
  }
  return all_passed || !options.value().solve ? kExitOk : kExitFailure;
}

// coordlab lessons [DIR] [--json]: the paths, their lessons and tasks, and their checklists.
Json library_json(const lesson::Library& library) {
  Json out = Json::array();
  for (const lesson::LearningPath& path : library.paths) {
    Json path_json = {{"id", path.id}, {"title", path.title}, {"audience", path.audience},
                      {"minutes", {path.minutes_min, path.minutes_max}}, {"lessons", Json::array()}, {"checklist", Json::array()}};
    for (const std::string& lesson_id : path.lessons) {
      const lesson::Lesson& lesson = *library.find_lesson(lesson_id);
      Json tasks = Json::array();
      for (const auto& step : lesson.steps)
        for (const auto& task : step.tasks) tasks.push_back(lesson.id + "/" + step.id + "/" + task.id + " (" + std::string(lesson::task_kind_name(task.kind)) + ")");
      path_json["lessons"].push_back({{"id", lesson.id}, {"title", lesson.title}, {"minutes", lesson.estimated_minutes}, {"tasks", tasks}});
    }
    for (const auto& item : path.checklist) path_json["checklist"].push_back({{"id", item.id}, {"text", item.text}, {"tasks", item.tasks}});
    out.push_back(path_json);
  }
  return out;
}

int list_lessons(const std::vector<std::string>& argv) {
  Result<Arguments> arguments = parse_arguments(argv, {}, {"json"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  Result<lesson::Library> library = load_lesson_folder(arguments.value().positional.empty() ? "lessons" : arguments.value().positional[0]);
  if (!library.ok()) return report(library.error());
  const Json out = library_json(library.value());
  if (arguments.value().has("json")) {
    std::puts(out.dump(2).c_str());
    return kExitOk;
  }
  for (const Json& path : out) {
    std::printf("%s (%lld-%lld min): %s\n", path["title"].get<std::string>().c_str(), static_cast<long long>(path["minutes"][0].get<std::int64_t>()),
                static_cast<long long>(path["minutes"][1].get<std::int64_t>()), path["audience"].get<std::string>().c_str());
    for (const Json& lesson : path["lessons"]) {
      std::printf("  lesson %s: %s (%lld min)\n", lesson["id"].get<std::string>().c_str(), lesson["title"].get<std::string>().c_str(),
                  static_cast<long long>(lesson["minutes"].get<std::int64_t>()));
      for (const Json& task : lesson["tasks"]) std::printf("    task %s\n", task.get<std::string>().c_str());
    }
    for (const Json& item : path["checklist"]) {
      std::printf("  checklist %s: %s [%s]\n", item["id"].get<std::string>().c_str(), item["text"].get<std::string>().c_str(),
                  item["tasks"].empty() ? "no lesson yet" : (std::to_string(item["tasks"].size()) + " task(s)").c_str());
    }
  }
  return kExitOk;
}

}  // namespace

Result<std::vector<std::string>> lesson_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(path, error))
        if (entry.is_regular_file() && entry.path().extension() == ".json") found.push_back(entry.path().string());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, error)) {
      files.push_back(path);
    } else {
      return make_error("cli.not_found", "\"" + path + "\" is neither a lesson file nor a folder.");
    }
  }
  return files;
}

Result<lesson::Library> load_lesson_folder(const std::string& folder) {
  Result<std::vector<std::string>> found = lesson_files({folder});
  if (!found.ok()) return found.error();
  std::vector<std::string> names, labels;
  for (const std::string& file : found.value()) {
    names.push_back(fs::path(file).filename().string());
    labels.push_back(file);
  }
  Result<std::vector<std::string>> path_files = lesson_files({(fs::path(folder) / "paths").string()});
  for (const std::string& file : path_files.ok() ? path_files.value() : std::vector<std::string>{}) {
    names.push_back("paths/" + fs::path(file).filename().string());
    labels.push_back(file);
  }
  std::vector<std::string> texts;
  for (const std::string& label : labels) {
    Result<std::string> text = read_file(label);
    if (!text.ok()) return text.error();
    texts.push_back(std::move(text.value()));
  }
  std::vector<lesson::LibraryFile> files;
  for (std::size_t i = 0; i < texts.size(); ++i) files.push_back({names[i], labels[i], texts[i]});
  return lesson::load_library(files);
}

int run_lesson_command(const std::string& command, const std::vector<std::string>& argv) {
  if (command == "lint") return lint(argv);
  if (command == "lessons") return list_lessons(argv);
  if (command == "verify") return run_verify(argv);
  if (command == "progress") return run_progress(argv);
  return run_lesson(argv);
}

}  // namespace coordlab::cli

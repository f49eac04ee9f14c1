// coordlab lint / lessons / run: the instructor's lesson tools.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "cli/cli.hpp"
#include "lesson/learning_path.hpp"
#include "lesson/lint.hpp"
#include "lesson/verify.hpp"
#include "lesson/task_runner.hpp"

namespace coordlab::cli {
namespace {

namespace fs = std::filesystem;

const char* kLintHelp = R"(usage: coordlab lint [FILE|DIR ...]   (default: lessons/)

Validates lesson files (and a folder's paths/*.json learning paths) and proves every task is a real exercise: the starting state fails, the reference
solution passes on every listed seed, and every listed wrong solution fails. Errors are printed as
file:line:column: /json/pointer: message [code]. Exit code 1 if anything is wrong.
)";

const char* kRunHelp = R"(usage: coordlab run LESSON.json [--step N] [--solution] [--seed N] [--json] [--record PROGRESS.json [--learner NAME]]

Runs a lesson headless: for each step (or only step N, counted from 1), starts its scenario, applies the
setup and (with --solution) each task's reference solution, and prints each task's outcome. --seed runs
every task once with that seed instead of the lesson's own seeds. --record writes the passed tasks as a
progress file (the same records the web lab exports), which `coordlab verify` can check.
)";

// Lesson files named on the command line; a directory contributes its *.json files (sorted).
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
  std::vector<lesson::Lesson> lessons;
  for (const std::string& file : files.value()) {
    std::string text;
    Result<lesson::Lesson> loaded = load_lesson(file, text);
    if (!loaded.ok()) {
      report(loaded.error());
      ++problems;
      continue;
    }
    std::vector<lesson::LintIssue> issues = lesson::lint_lesson(loaded.value());
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
  std::printf("%zu file(s), %zu task(s), %zu problem(s)\n", files.value().size(), tasks, problems);
  return problems == 0 ? kExitOk : kExitFailure;
}

Json outcome_json(const lesson::TaskOutcome& outcome) {
  Json runs = Json::array();
  for (const auto& run : outcome.runs) {
    runs.push_back({{"seed", run.seed}, {"passed", run.passed}, {"reason", run.reason}, {"trace_hash", sim::format_hash(run.trace_hash)}});
  }
  return {{"passed", outcome.passed}, {"reason", outcome.reason}, {"runs", runs}};
}

int run_lesson(const std::vector<std::string>& argv) {
  Result<Arguments> arguments = parse_arguments(argv, {"step", "seed", "record", "learner"}, {"solution", "json", "help"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  if (arguments.value().has("help") || arguments.value().positional.size() != 1) {
    std::fputs(kRunHelp, arguments.value().has("help") ? stdout : stderr);
    return arguments.value().has("help") ? kExitOk : kExitUsage;
  }
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
  const bool solve = arguments.value().has("solution");
  Json report_json = {{"lesson", lesson.id}, {"steps", Json::array()}};
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
    Json step_json = {{"id", step.id}, {"title", step.title}, {"tasks", Json::array()}};
    if (!arguments.value().has("json")) std::printf("== step %zu: %s\n", s + 1, step.title.c_str());
    for (const lesson::Task& task : step.tasks) {
      lesson::Attempt attempt = solve ? task.solution : lesson::Attempt{};
      Result<lesson::TaskOutcome> outcome = lesson::evaluate_task(step, task, attempt);
      if (!outcome.ok()) return report(outcome.error());
      all_passed = all_passed && outcome.value().passed;
      if (outcome.value().passed && !seed) progress.records.push_back(lesson::make_record(lesson, step, task, attempt, outcome.value(), 1));
      step_json["tasks"].push_back({{"id", task.id}, {"outcome", outcome_json(outcome.value())}});
      if (!arguments.value().has("json")) {
        std::printf("   %s %s: %s\n", outcome.value().passed ? "PASS" : "FAIL", task.id.c_str(), outcome.value().reason.c_str());
      }
    }
    report_json["steps"].push_back(step_json);
  }
  if (arguments.value().has("json")) std::puts(report_json.dump(2).c_str());
  if (auto path = arguments.value().value("record")) {
    Status written = write_file(*path, lesson::progress_to_json(progress).dump(2) + "\n");
    if (!written.ok()) return report(written.error());
    if (!arguments.value().has("json")) std::printf("recorded %zu passed task(s) in %s\n", progress.records.size(), path->c_str());
  }
  return all_passed || !solve ? kExitOk : kExitFailure;
}

// coordlab lessons [DIR] [--json]: the paths, their lessons and tasks, and their checklists.
int list_lessons(const std::vector<std::string>& argv) {
  Result<Arguments> arguments = parse_arguments(argv, {}, {"json"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  const std::string folder = arguments.value().positional.empty() ? "lessons" : arguments.value().positional[0];
  Result<std::vector<std::string>> files = lesson_files({folder});
  if (!files.ok()) return report(files.error(), kExitUsage);
  std::vector<lesson::Lesson> lessons;
  for (const std::string& file : files.value()) {
    std::string text;
    Result<lesson::Lesson> loaded = load_lesson(file, text);
    if (!loaded.ok()) return report(loaded.error());
    lessons.push_back(std::move(loaded.value()));
  }
  Json out = Json::array();
  for (std::string_view id : lesson::learning_paths()) {
    const std::string file = (fs::path(folder) / "paths" / (std::string(id) + ".json")).string();
    Result<std::string> text = read_file(file);
    if (!text.ok()) return report(text.error());
    Result<lesson::LearningPath> path = lesson::parse_path_text(text.value(), file, id, lessons);
    if (!path.ok()) return report(path.error());
    Json path_json = {{"id", path.value().id}, {"title", path.value().title}, {"audience", path.value().audience},
                      {"minutes", {path.value().minutes_min, path.value().minutes_max}}, {"lessons", Json::array()}, {"checklist", Json::array()}};
    for (const std::string& lesson_id : path.value().lessons) {
      const auto& lesson = *std::find_if(lessons.begin(), lessons.end(), [&](const lesson::Lesson& l) { return l.id == lesson_id; });
      Json tasks = Json::array();
      for (const auto& step : lesson.steps)
        for (const auto& task : step.tasks) tasks.push_back(lesson.id + "/" + step.id + "/" + task.id + " (" + std::string(lesson::task_kind_name(task.kind)) + ")");
      path_json["lessons"].push_back({{"id", lesson.id}, {"title", lesson.title}, {"minutes", lesson.estimated_minutes}, {"tasks", tasks}});
    }
    for (const auto& item : path.value().checklist) path_json["checklist"].push_back({{"id", item.id}, {"text", item.text}, {"tasks", item.tasks}});
    out.push_back(path_json);
  }
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

const char* kVerifyHelp = R"(usage: coordlab verify PROGRESS.json... [--lessons DIR] [--json|--csv]

Re-runs every recorded task deterministically against the lessons in DIR (default lessons/) and prints,
per learner, which records verify and why others do not (edited record, lesson changed since, seeds that
are not the task's, an answer that does not pass), and per path the verified tasks and checklist items.
Exit code 1 if any record does not verify.
)";

struct LessonSet {
  std::vector<lesson::Lesson> lessons;
  std::vector<lesson::LearningPath> paths;
};

Result<LessonSet> load_lesson_set(const std::string& folder) {
  LessonSet set;
  Result<std::vector<std::string>> files = lesson_files({folder});
  if (!files.ok()) return files.error();
  for (const std::string& file : files.value()) {
    std::string text;
    Result<lesson::Lesson> loaded = load_lesson(file, text);
    if (!loaded.ok()) return loaded.error();
    set.lessons.push_back(std::move(loaded.value()));
  }
  for (std::string_view id : lesson::learning_paths()) {
    const std::string file = (fs::path(folder) / "paths" / (std::string(id) + ".json")).string();
    Result<std::string> text = read_file(file);
    if (!text.ok()) return text.error();
    Result<lesson::LearningPath> path = lesson::parse_path_text(text.value(), file, id, set.lessons);
    if (!path.ok()) return path.error();
    set.paths.push_back(std::move(path.value()));
  }
  return set;
}

int verify(const std::vector<std::string>& argv) {
  Result<Arguments> arguments = parse_arguments(argv, {"lessons"}, {"json", "csv", "help"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  if (arguments.value().has("help") || arguments.value().positional.empty()) {
    std::fputs(kVerifyHelp, arguments.value().has("help") ? stdout : stderr);
    return arguments.value().has("help") ? kExitOk : kExitUsage;
  }
  Result<LessonSet> set = load_lesson_set(arguments.value().value("lessons").value_or("lessons"));
  if (!set.ok()) return report(set.error());
  Json out = Json::array();
  bool all_verified = true;
  if (arguments.value().has("csv")) std::puts("file,learner,task,verified,problem");
  for (const std::string& file : arguments.value().positional) {
    Result<std::string> text = read_file(file);
    Result<lesson::Progress> progress = text.ok() ? lesson::parse_progress_text(text.value(), file, lesson::Reading::lenient)
                                                  : Result<lesson::Progress>(text.error());
    if (!progress.ok()) {
      report(progress.error());
      all_verified = false;
      continue;
    }
    lesson::VerifyReport result = lesson::verify_progress(progress.value(), set.value().lessons, set.value().paths);
    Json learner = {{"file", file}, {"learner", result.learner}, {"records", Json::array()}, {"paths", Json::array()}};
    if (!arguments.value().has("json") && !arguments.value().has("csv")) {
      std::printf("== %s (%s)\n", file.c_str(), result.learner.empty() ? "learner not named" : result.learner.c_str());
    }
    for (const auto& verdict : result.records) {
      all_verified = all_verified && verdict.verified;
      learner["records"].push_back({{"task", verdict.task}, {"verified", verdict.verified}, {"problem", verdict.problem}});
      if (arguments.value().has("csv")) {
        std::printf("\"%s\",\"%s\",%s,%s,\"%s\"\n", file.c_str(), result.learner.c_str(), verdict.task.c_str(), verdict.verified ? "yes" : "no",
                    verdict.problem.c_str());
      } else if (!arguments.value().has("json")) {
        std::printf("   %-8s %s%s%s\n", verdict.verified ? "verified" : "REJECTED", verdict.task.c_str(), verdict.problem.empty() ? "" : ": ",
                    verdict.problem.c_str());
      }
    }
    for (const auto& path : result.paths) {
      learner["paths"].push_back({{"path", path.path}, {"tasks_verified", path.tasks_verified}, {"tasks_total", path.tasks_total},
                                  {"checklist_ticked", path.checklist_ticked}, {"checklist_total", path.checklist_total}});
      if (!arguments.value().has("json") && !arguments.value().has("csv")) {
        std::printf("   path %-12s tasks %zu/%zu, checklist %zu/%zu\n", path.path.c_str(), path.tasks_verified, path.tasks_total,
                    path.checklist_ticked.size(), path.checklist_total);
      }
    }
    out.push_back(learner);
  }
  if (arguments.value().has("json")) std::puts(out.dump(2).c_str());
  return all_verified ? kExitOk : kExitFailure;
}

}  // namespace

int run_lesson_command(const std::string& command, const std::vector<std::string>& argv) {
  if (command == "lint") return lint(argv);
  if (command == "lessons") return list_lessons(argv);
  if (command == "verify") return verify(argv);
  return run_lesson(argv);
}

}  // namespace coordlab::cli

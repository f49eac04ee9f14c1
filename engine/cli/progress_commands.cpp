// coordlab verify / progress: an instructor's view of learners' progress files, with no server.
#include <cstdio>
#include <set>

#include "cli/lesson_cli.hpp"
#include "lesson/verify.hpp"

namespace coordlab::cli {
namespace {

const char* kVerifyHelp = R"(usage: coordlab verify PROGRESS.json... [--lessons DIR] [--json|--csv]

Re-runs every recorded task deterministically against the lessons in DIR (default lessons/) and prints a
table per learner and path: tasks verified, checklist items ticked, and every record that does not
verify with the reason (edited record, lesson changed since, seeds that are not the task's, an answer
that does not pass when replayed, a task that no longer exists). --csv prints one row per learner and
path (for a spreadsheet); --json everything. Exit code 1 if any record does not verify.
)";

const char* kProgressHelp = R"(usage: coordlab progress merge A.json B.json... -o OUT.json [--learner NAME]
       coordlab progress show PROGRESS.json [--lessons DIR]

merge: merges progress files (exported from the web lab or written by `coordlab run --record`). Every file is
validated first, strictly: if any record of any file is bad (edited after it was written, malformed),
nothing is written and each bad record is named with the reason. Otherwise records merge task by task,
the higher revision winning, and a report says what was added, replaced and kept. Files of different
learners are refused unless --learner names the merged file's learner.

show: what the lab shows the learner, per path: lessons done, tasks passed, checklist items ticked and
where to continue. It trusts the records (no replay); `coordlab verify` is the check.
)";

// A CSV field: quoted, with quotes doubled.
std::string csv_field(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string problems_of_path(const lesson::VerifyReport& result, const std::string& path, std::size_t& count) {
  std::string text;
  count = 0;
  for (const auto& verdict : result.records) {
    if (verdict.verified || verdict.path != path) continue;
    text += (text.empty() ? "" : "; ") + verdict.task + ": " + verdict.problem;
    ++count;
  }
  return text;
}

std::string joined(const std::vector<std::string>& items, const std::string& separator = " ") {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

void print_csv(const std::string& file, const lesson::VerifyReport& result) {
  std::vector<lesson::VerifiedPath> rows = result.paths;
  rows.push_back({"", 0, 0, {}, 0});  // records of lessons that are in no path (unknown tasks)
  for (const auto& path : rows) {
    std::size_t rejected = 0;
    const std::string problems = problems_of_path(result, path.path, rejected);
    if (path.path.empty() && rejected == 0) continue;
    std::printf("%s,%s,%s,%zu,%zu,%zu,%zu,%s,%zu,%s\n", csv_field(file).c_str(), csv_field(result.learner).c_str(), csv_field(path.path).c_str(),
                path.tasks_verified, path.tasks_total, path.checklist_ticked.size(), path.checklist_total,
                csv_field(joined(path.checklist_ticked)).c_str(), rejected, csv_field(problems).c_str());
  }
}

void print_table(const std::string& file, const lesson::VerifyReport& result) {
  std::size_t verified = 0;
  for (const auto& verdict : result.records) verified += verdict.verified ? 1 : 0;
  std::printf("== %s (%s): %zu record(s), %zu verified, %zu rejected\n", file.c_str(), result.learner.empty() ? "learner not named" : result.learner.c_str(),
              result.records.size(), verified, result.records.size() - verified);
  std::printf("   %-12s %-8s %-10s %s\n", "path", "tasks", "checklist", "items ticked");
  for (const auto& path : result.paths) {
    const std::string tasks = std::to_string(path.tasks_verified) + "/" + std::to_string(path.tasks_total);
    const std::string items = std::to_string(path.checklist_ticked.size()) + "/" + std::to_string(path.checklist_total);
    std::printf("   %-12s %-8s %-10s %s\n", path.path.c_str(), tasks.c_str(), items.c_str(), joined(path.checklist_ticked).c_str());
  }
  for (const auto& verdict : result.records)
    if (!verdict.verified) std::printf("   REJECTED %s: %s\n", verdict.task.c_str(), verdict.problem.c_str());
}

Json report_json(const std::string& file, const lesson::VerifyReport& result) {
  Json learner = {{"file", file}, {"learner", result.learner}, {"records", Json::array()}, {"paths", Json::array()}};
  for (const auto& verdict : result.records)
    learner["records"].push_back({{"task", verdict.task}, {"path", verdict.path}, {"verified", verdict.verified}, {"problem", verdict.problem}});
  for (const auto& path : result.paths) {
    learner["paths"].push_back({{"path", path.path}, {"tasks_verified", path.tasks_verified}, {"tasks_total", path.tasks_total},
                                {"checklist_ticked", path.checklist_ticked}, {"checklist_total", path.checklist_total}});
  }
  return learner;
}

// Reads a progress file strictly; on failure reports every bad record on its own line.
Result<lesson::Progress> read_progress_strict(const std::string& file) {
  Result<std::string> text = read_file(file);
  if (!text.ok()) return text.error();
  std::vector<Error> bad_records;
  Result<lesson::Progress> progress = lesson::parse_progress_text(text.value(), file, lesson::Reading::strict, &bad_records);
  if (progress.ok()) return progress;
  if (bad_records.empty()) return progress.error();
  for (const Error& error : bad_records) report(error);
  return make_error("progress.rejected", file + ": " + std::to_string(bad_records.size()) + " bad record(s), listed above.");
}

int progress_merge(const Arguments& arguments) {
  const std::vector<std::string>& files = arguments.positional;
  const std::optional<std::string> out = arguments.value("out");
  if (files.size() < 2 || !out) {
    std::fputs(kProgressHelp, stderr);
    return kExitUsage;
  }
  std::vector<lesson::Progress> inputs;
  bool all_good = true;
  for (std::size_t i = 1; i < files.size(); ++i) {
    Result<lesson::Progress> progress = read_progress_strict(files[i]);
    if (!progress.ok()) {
      report(progress.error());
      all_good = false;
    } else {
      inputs.push_back(std::move(progress.value()));
    }
  }
  if (!all_good) return report(make_error("progress.nothing_written", "nothing was merged and " + *out + " was not written."));
  std::set<std::string> learners;
  for (const lesson::Progress& progress : inputs)
    if (!progress.learner.empty()) learners.insert(progress.learner);
  lesson::Progress merged;
  merged.learner = arguments.value("learner").value_or(learners.empty() ? "" : *learners.begin());
  if (learners.size() > 1 && !arguments.has("learner")) {
    return report(make_error("progress.different_learners", "these files belong to different learners (" + joined(std::vector<std::string>(learners.begin(), learners.end()), ", ") +
                                                                "); merge one learner's files, or name the result with --learner NAME."));
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const lesson::MergeReport merge = lesson::merge_progress(merged, inputs[i]);
    std::printf("%s: %zu record(s): %zu added, %zu replaced by a newer revision, %zu kept (already as new)\n", files[i + 1].c_str(),
                inputs[i].records.size(), merge.added, merge.replaced, merge.kept);
    for (const std::string& task : merge.conflicts) std::printf("   conflict %s: same revision, different content; kept the earlier file's\n", task.c_str());
  }
  Status written = write_file(*out, lesson::progress_to_json(merged).dump(2) + "\n");
  if (!written.ok()) return report(written.error());
  std::printf("wrote %s: %zu record(s) for %s\n", out->c_str(), merged.records.size(), merged.learner.empty() ? "an unnamed learner" : merged.learner.c_str());
  return kExitOk;
}

int progress_show(const Arguments& arguments) {
  if (arguments.positional.size() != 2) {
    std::fputs(kProgressHelp, stderr);
    return kExitUsage;
  }
  Result<lesson::Library> library = load_lesson_folder(arguments.value("lessons").value_or("lessons"));
  if (!library.ok()) return report(library.error());
  Result<lesson::Progress> progress = read_progress_strict(arguments.positional[1]);
  if (!progress.ok()) return report(progress.error());
  const lesson::ProgressSummary summary = lesson::summarize_progress(library.value(), progress.value());
  std::printf("%s: %zu record(s)\n", progress.value().learner.empty() ? "learner not named" : progress.value().learner.c_str(),
              progress.value().records.size());
  for (const lesson::PathProgress& path : summary.paths) {
    std::size_t ticked = 0;
    for (const lesson::ChecklistProgress& item : path.checklist) ticked += item.ticked ? 1 : 0;
    std::printf("   %-12s lessons %zu/%zu, tasks %zu/%zu (%.0f%%), checklist %zu/%zu", path.id.c_str(), path.lessons_done, path.lessons.size(),
                path.tasks_passed, path.tasks_total, path.fraction * 100.0, ticked, path.checklist.size());
    if (path.resume) std::printf(", continue at %s step %zu", path.resume->lesson.c_str(), path.resume->step_index + 1);
    std::printf("\n");
  }
  if (summary.resume_path) std::printf("continue where you left off: the %s path\n", summary.resume_path->c_str());
  return kExitOk;
}

}  // namespace

int run_verify(const std::vector<std::string>& argv) {
  Result<Arguments> arguments = parse_arguments(argv, {"lessons"}, {"json", "csv", "help"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  if (arguments.value().has("help") || arguments.value().positional.empty()) {
    std::fputs(kVerifyHelp, arguments.value().has("help") ? stdout : stderr);
    return arguments.value().has("help") ? kExitOk : kExitUsage;
  }
  Result<lesson::Library> library = load_lesson_folder(arguments.value().value("lessons").value_or("lessons"));
  if (!library.ok()) return report(library.error());
  const bool csv = arguments.value().has("csv"), json = arguments.value().has("json");
  Json out = Json::array();
  bool all_verified = true;
  if (csv) std::puts("file,learner,path,tasks_verified,tasks_total,checklist_ticked,checklist_total,checklist_items,rejected_records,problems");
  for (const std::string& file : arguments.value().positional) {
    Result<std::string> text = read_file(file);
    Result<lesson::Progress> progress = text.ok() ? lesson::parse_progress_text(text.value(), file, lesson::Reading::lenient)
                                                  : Result<lesson::Progress>(text.error());
    if (!progress.ok()) {
      report(progress.error());
      all_verified = false;
      continue;
    }
    const lesson::VerifyReport result = lesson::verify_progress(progress.value(), library.value());
    for (const auto& verdict : result.records) all_verified = all_verified && verdict.verified;
    if (json) out.push_back(report_json(file, result));
    else if (csv) print_csv(file, result);
    else print_table(file, result);
  }
  if (json) std::puts(out.dump(2).c_str());
  return all_verified ? kExitOk : kExitFailure;
}

int run_progress(const std::vector<std::string>& argv) {
  std::vector<std::string> args = argv;
  for (std::string& arg : args)
    if (arg == "-o") arg = "--out";
  Result<Arguments> arguments = parse_arguments(args, {"out", "learner", "lessons"}, {"help"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  if (arguments.value().has("help")) {
    std::fputs(kProgressHelp, stdout);
    return kExitOk;
  }
  const std::string action = arguments.value().positional.empty() ? "" : arguments.value().positional[0];
  if (action == "merge") return progress_merge(arguments.value());
  if (action == "show") return progress_show(arguments.value());
  std::fputs(kProgressHelp, stderr);
  return kExitUsage;
}

}  // namespace coordlab::cli

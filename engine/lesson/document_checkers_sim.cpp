// Document checkers over the simulator: `scenario` (the text is a coordlab.scenario/1 file) and
// `commands` (the text is a JSON command list applied to the step's run). Both run the result for
// `run_ticks` with the step's seed and judge it with a named check and invariants.
#include <charconv>
#include <string>

#include "core/limits.hpp"
#include "lesson/document_checkers.hpp"
#include "lesson/task_runner.hpp"

namespace coordlab::lesson {
namespace {

constexpr std::string_view kLearnerFile = "your text";

// A JSON pointer ("" or "/a/0/b", with ~0 and ~1 escapes) resolved in `document`; nullptr if absent.
const Json* resolve_pointer(const Json& document, std::string_view pointer) {
  const Json* at = &document;
  std::size_t start = 0;
  while (start < pointer.size()) {
    const std::size_t end = std::min(pointer.find('/', start + 1), pointer.size());
    std::string token;
    for (std::size_t i = start + 1; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end) token += pointer[++i] == '1' ? '/' : '~';
      else token += pointer[i];
    }
    if (at->is_object()) {
      auto found = at->find(token);
      if (found == at->end()) return nullptr;
      at = &*found;
    } else if (at->is_array()) {
      if (token.empty() || token.size() > 6 || token.find_first_not_of("0123456789") != std::string::npos) return nullptr;
      std::size_t index = 0;
      std::from_chars(token.data(), token.data() + token.size(), index);
      if (index >= at->size()) return nullptr;
      at = &(*at)[index];
    } else {
      return nullptr;
    }
    start = end;
  }
  return at;
}

bool valid_pointer(std::string_view pointer) {
  if (!pointer.empty() && pointer.front() != '/') return false;
  for (std::size_t i = 0; i < pointer.size(); ++i)
    if (pointer[i] == '~' && (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))) return false;
  return true;
}

Result<Json> read_scenario_args(const Json& args, const std::string& pointer) {
  Result<Json> judged = read_run_judgement_args(args, pointer, {"keep"});
  if (!judged.ok()) return judged;
  Json normalised = judged.value();
  if (!normalised.contains("keep")) normalised["keep"] = Json::array();
  const Json& keep = normalised["keep"];
  const std::string keep_pointer = pointer_append(pointer, "keep");
  if (!keep.is_array() || keep.size() > limits::kMaxLessonCommands) {
    return make_error("json.wrong_type", "\"keep\" is an array of JSON pointers (\"/faults\") the learner must not change.", keep_pointer);
  }
  for (std::size_t i = 0; i < keep.size(); ++i) {
    if (!keep[i].is_string() || !valid_pointer(keep[i].get<std::string>())) {
      return make_error("lesson.bad_pointer", "each entry of \"keep\" is a JSON pointer such as \"/faults\" or \"/params/election_timeout\".",
                        pointer_append(keep_pointer, i));
    }
  }
  return normalised;
}

// The parts the lesson keeps fixed must be as in the starting text (so "keep a leader despite the
// faults" cannot be solved by deleting the faults).
std::optional<DocumentVerdict> changed_kept_part(const DocumentInput& input, const Json& learner) {
  Result<Json> start = parse_json_text(input.start_text, "the starting text");
  for (const Json& entry : input.args["keep"]) {
    const std::string pointer = entry.get<std::string>();
    const Json* original = start.ok() ? resolve_pointer(start.value(), pointer) : nullptr;
    const Json* now = resolve_pointer(learner, pointer);
    if (original != nullptr && now != nullptr && *original == *now) continue;
    DocumentVerdict verdict;
    if (original == nullptr) {
      verdict.reason = "the lesson keeps " + pointer + " fixed but its starting text has no " + pointer + " (a lesson bug: tell the author).";
      return verdict;
    }
    verdict = located_failure(make_error("lesson.kept_part_changed", "keep " + pointer + " as it was: this exercise is about the rest.", pointer), input.text);
    if (now == nullptr) verdict.reason = "put " + pointer + " back as it was: this exercise is about the rest.";
    return verdict;
  }
  return std::nullopt;
}

DocumentVerdict check_scenario_text(const DocumentInput& input) {
  Result<app::Scenario> scenario = app::parse_scenario_text(input.text, kLearnerFile);
  if (!scenario.ok()) return located_failure(scenario.error(), input.text);
  if (std::optional<DocumentVerdict> changed = changed_kept_part(input, scenario.value().source)) return *changed;
  Result<app::Session> session = app::Session::create(std::move(scenario.value()), input.step.seed);
  if (!session.ok()) return located_failure(session.error(), input.text);
  return judge_run(session.value(), input.args);
}

Result<Json> read_commands_args(const Json& args, const std::string& pointer) { return read_run_judgement_args(args, pointer, {}); }

DocumentVerdict check_command_text(const DocumentInput& input) {
  Result<Json> commands = parse_json_text(input.text, kLearnerFile);
  if (!commands.ok()) return located_failure(commands.error(), input.text);
  if (!commands.value().is_array() || commands.value().size() > limits::kMaxLessonCommands) {
    return located_failure(make_error("lesson.bad_commands", "the text must be a JSON array of at most " + std::to_string(limits::kMaxLessonCommands) +
                                                                 " commands, such as [{\"op\": \"crash\", \"node\": \"n1\"}].", ""),
                           input.text);
  }
  Result<app::Session> session = start_step(input.step, Json::object(), input.step.seed);
  if (!session.ok()) {  // the step's own setup: a lesson bug the lint reports, not the learner's
    DocumentVerdict verdict;
    verdict.reason = session.error().message;
    return verdict;
  }
  Status applied = session.value().apply_all(commands.value());
  if (!applied.ok()) return located_failure(applied.error(), input.text);
  return judge_run(session.value(), input.args);
}

}  // namespace

DocumentCheckerSpec scenario_document_checker() {
  return {"scenario", "json",
          "the text is a coordlab.scenario/1 file; it is loaded, run for run_ticks with the step's seed and judged by check and "
          "invariants; \"keep\" lists JSON pointers that must stay as in the starting text",
          &read_scenario_args, &check_scenario_text};
}

DocumentCheckerSpec commands_document_checker() {
  return {"commands", "json",
          "the text is a JSON array of commands applied to the step's run (after its setup), then run for run_ticks and judged by "
          "check and invariants",
          &read_commands_args, &check_command_text};
}

}  // namespace coordlab::lesson

// The document checker catalog and what checkers share: the limits every document has, reading the
// judgement of a run, and locating an error in the learner's text.
#include "lesson/document_checkers.hpp"

#include <algorithm>

#include "check/check.hpp"
#include "core/limits.hpp"
#include "lesson/task_loader.hpp"

namespace coordlab::lesson {

const std::vector<DocumentCheckerSpec>& document_checker_catalog() {
  // One line per checker; keep the list sorted by id (the README lists them in this order).
  static const std::vector<DocumentCheckerSpec> catalog = {commands_document_checker(), htn_domain_document_checker(), scenario_document_checker()};
  return catalog;
}

const DocumentCheckerSpec* find_document_checker(std::string_view id) {
  for (const DocumentCheckerSpec& spec : document_checker_catalog())
    if (spec.id == id) return &spec;
  return nullptr;
}

std::size_t count_lines(std::string_view text) {
  const auto newlines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return newlines + (text.empty() || text.back() == '\n' ? 0 : 1);
}

DocumentVerdict check_document(const Step& step, const Task& task, std::string_view text) {
  DocumentVerdict verdict;
  if (text.size() > kMaxDocumentBytes) {
    verdict.reason = "the text is " + std::to_string(text.size()) + " bytes; keep it under " + std::to_string(kMaxDocumentBytes) + ".";
    return verdict;
  }
  const std::size_t lines = count_lines(text);
  if (lines > kMaxDocumentLines) {
    verdict.reason = "the text has " + std::to_string(lines) + " lines; keep it under " + std::to_string(kMaxDocumentLines) + ".";
    verdict.line = static_cast<int>(kMaxDocumentLines) + 1;
    verdict.column = 1;
    return verdict;
  }
  const DocumentCheckerSpec* spec = find_document_checker(task.checker.id);
  ENGINE_ASSERT(spec != nullptr);  // the loader checked the id
  return spec->check(DocumentInput{text, task.checker.args, task.start_text, step});
}

Result<Json> read_run_judgement_args(const Json& args, const std::string& pointer, const std::vector<std::string_view>& extra_keys) {
  ObjectReader reader(args, pointer, "the checker's args");
  std::vector<std::string_view> keys = {"check", "invariants", "run_ticks"};
  keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
  RETURN_IF_ERROR(reader.check(keys));
  const Json* check = reader.find("check");
  if (check == nullptr) return make_error("lesson.missing_key", "the checker needs \"check\": {\"id\": ..., \"args\": {...}}.", pointer);
  Result<CheckCall> goal = read_check_call(*check, reader.pointer_of("check"));
  if (!goal.ok()) return goal.error();
  Json normalised = args;
  normalised["check"] = Json{{"id", goal.value().id}, {"args", goal.value().args}};
  normalised["invariants"] = Json::array();
  if (const Json* invariants = reader.find("invariants")) {
    if (!invariants->is_array()) return make_error("json.wrong_type", "\"invariants\" is an array of checks.", reader.pointer_of("invariants"));
    for (std::size_t i = 0; i < invariants->size(); ++i) {
      Result<CheckCall> invariant = read_check_call((*invariants)[i], pointer_append(reader.pointer_of("invariants"), i));
      if (!invariant.ok()) return invariant.error();
      normalised["invariants"].push_back(Json{{"id", invariant.value().id}, {"args", invariant.value().args}});
    }
  }
  Result<std::int64_t> ticks = reader.integer("run_ticks", 0, limits::kMaxRunTicks, 0);
  if (!ticks.ok()) return ticks.error();
  normalised["run_ticks"] = ticks.value();
  return normalised;
}

DocumentVerdict judge_run(app::Session& session, const Json& args) {
  DocumentVerdict verdict;
  const std::int64_t ticks = args["run_ticks"].get<std::int64_t>();
  if (ticks > 0 && session.world().mode() == sim::DeliveryMode::automatic) {
    Status ran = session.apply(Json{{"op", "run"}, {"ticks", ticks}});
    if (!ran.ok()) {
      verdict.reason = "the run failed: " + ran.error().message;
      return verdict;
    }
  }
  verdict.ran = true;
  verdict.seed = session.world().seed();
  verdict.trace_hash = session.trace().hash();
  const check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
  std::vector<Json> calls = {args["check"]};
  for (const Json& invariant : args["invariants"]) calls.push_back(invariant);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    Result<check::CheckResult> result = check::run_check(calls[i]["id"].get<std::string>(), calls[i]["args"], input);
    if (!result.ok()) {
      verdict.reason = result.error().message;
      return verdict;
    }
    if (i == 0 || !result.value().passed) verdict.reason = result.value().reason;  // the goal's reason on success
    if (!result.value().passed) return verdict;
  }
  verdict.passed = true;
  return verdict;
}

DocumentVerdict located_failure(const Error& error, std::string_view text) {
  DocumentVerdict verdict;
  verdict.reason = error.message;
  TextPosition position{error.line, error.column};
  if (position.line == 0) position = locate_json_pointer(text, error.pointer);
  verdict.line = position.line;
  verdict.column = position.column;
  return verdict;
}

}  // namespace coordlab::lesson

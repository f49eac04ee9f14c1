// The `htn_domain` document checker: the learner's text is a coordlab.htn.domain/1 file. It is read
// strictly (errors at line and column in that text: "operator `load` uses ?tbl, which is not a
// parameter"), put in place of the step's scenario's "params.domain" (the step's problem stays), run
// for run_ticks with the step's seed, and judged by the check and invariants (htn.goal_reached,
// htn.plan_valid, htn.learner_method_used, ...).
#include "lesson/document_checkers.hpp"
#include "lesson/task_runner.hpp"
#include "planning/domain.hpp"

namespace coordlab::lesson {
namespace {

constexpr std::string_view kLearnerFile = "your domain";

Result<Json> read_htn_domain_args(const Json& args, const std::string& pointer) { return read_run_judgement_args(args, pointer, {}); }

DocumentVerdict lesson_bug(const std::string& message) {
  DocumentVerdict verdict;
  verdict.reason = message + " (a lesson bug: tell the author).";
  return verdict;
}

DocumentVerdict check_htn_domain_text(const DocumentInput& input) {
  Result<Json> json = parse_json_text(input.text, kLearnerFile);
  if (!json.ok()) return located_failure(json.error(), input.text);
  Result<planning::Domain> domain = planning::read_domain(json.value(), "");
  if (!domain.ok()) return located_failure(domain.error(), input.text);
  Result<Json> scenario = step_scenario(input.step, Json::object());
  if (!scenario.ok()) return lesson_bug(scenario.error().message);
  if (scenario.value().value("protocol", "") != "htn") return lesson_bug("the htn_domain checker needs a step whose scenario runs the htn protocol");
  scenario.value()["params"]["domain"] = json.value();
  Result<app::Scenario> parsed = app::parse_scenario(scenario.value());
  if (!parsed.ok()) {  // the domain read cleanly, so the step's problem does not fit it
    DocumentVerdict verdict;
    verdict.reason = "the problem does not fit your domain: " + parsed.error().message;
    return verdict;
  }
  Result<app::Session> session = app::Session::create(std::move(parsed.value()), input.step.seed);
  if (!session.ok()) return lesson_bug(session.error().message);
  Status setup = session.value().apply_all(input.step.setup);
  if (!setup.ok()) return lesson_bug("the step's setup failed: " + setup.error().message);
  return judge_run(session.value(), input.args);
}

}  // namespace

DocumentCheckerSpec htn_domain_document_checker() {
  return {"htn_domain", "json",
          "the text is a coordlab.htn.domain/1 file; it replaces the step's scenario's params.domain (an htn scenario; its problem stays), "
          "which is run for run_ticks with the step's seed and judged by check and invariants",
          &read_htn_domain_args, &check_htn_domain_text};
}

}  // namespace coordlab::lesson

// The decomposition tree and timeline views and the hand-expanded tree: the planner's tree names the
// method that failed before the chosen one with its precondition and the projected state; the FIFO
// plan's timeline marks the first step whose precondition is false; the htn_tree protocol expands only
// the first open task, keeps a failed method as a greyed try, and htn.tree_expanded fails until the
// leaves replay to the goal; the htn_domain document checker locates a learner's domain error at line
// and column and passes the lesson's reference domain.
#include <doctest/doctest.h>

#include "lesson/document_checkers.hpp"
#include "lesson/library.hpp"
#include "lesson/task_runner.hpp"
#include "planning/execution.hpp"
#include "planning/htn_hand_tree.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;

bool check_passes(const app::Session& session, std::string_view id, const Json& args, std::string* reason = nullptr) {
  const sim::World& world = session.world();
  Result<check::CheckResult> result = check::run_check(id, args, check::CheckInput{world.trace(), world, world.trace().event_count()});
  REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().to_string()));
  if (reason != nullptr) *reason = result.value().reason;
  return result.value().passed;
}

// Node 0's table `name` at the current position, as rows of cells.
std::vector<std::vector<std::string>> table_of(const app::Session& session, std::string_view name) {
  sim::StateWriter writer;
  session.world().actor(NodeId{0})->describe(writer);
  for (const sim::StateTable& table : writer.tables())
    if (table.name == name) return table.rows;
  FAIL("no table " << name);
  return {};
}

const std::vector<std::string>* row_with(const std::vector<std::vector<std::string>>& rows, std::size_t column, std::string_view text) {
  for (const std::vector<std::string>& row : rows)
    if (row[column] == text) return &row;
  return nullptr;
}

Json input(std::string text) { return Json{{"op", "input"}, {"node", "planner"}, {"text", std::move(text)}}; }

enum Column : std::size_t { kId, kParent, kTask, kStatus, kNote, kDetails, kChoices };

}  // namespace

TEST_CASE("planning: tree view: the planner's tree shows the failed method with its precondition (htn_pipeline)") {
  app::Session session = test_support::make_builtin_session("htn_pipeline");
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 5}});
  const auto rows = table_of(session, "htn.tree");
  REQUIRE(rows.size() >= 10);
  CHECK(rows[0][kTask] == "etl orders");
  CHECK(rows[0][kNote] == "via m_etl");
  CHECK(rows[0][kParent].empty());
  CHECK(rows[1][kTask] == "extract orders");
  CHECK(rows[1][kNote] == "step 1");
  CHECK(rows[1][kDetails].find("adds: extracted orders") != std::string::npos);
  const auto* failed = row_with(rows, kTask, "m_transform_in_batches");
  REQUIRE(failed != nullptr);
  CHECK((*failed)[kStatus] == "failed");
  CHECK((*failed)[kNote] == "precondition `scale_down` is false");
  const auto* transform = row_with(rows, kTask, "transform_step orders");
  REQUIRE(transform != nullptr);
  CHECK((*failed)[kParent] == (*transform)[kId]);
  CHECK((*transform)[kDetails].find("projected state here: extracted orders") != std::string::npos);
  const auto timeline = table_of(session, "htn.timeline");
  REQUIRE(timeline.size() == 6);
  CHECK(timeline[0][2] == "+extracted orders");
  CHECK(timeline[5][3] == "extracted orders, extracted customers, transformed orders, transformed customers, loaded orders, loaded customers");
}

TEST_CASE("planning: tree view: the FIFO plan's timeline stops at its first false precondition (htn_ordering)") {
  app::Session session = test_support::make_builtin_session("htn_ordering");
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 5}});
  const auto timeline = table_of(session, "htn.timeline");
  REQUIRE(timeline.size() == 5);
  CHECK(timeline[1][1] == "validate orders");
  CHECK(timeline[1][2] == "\u2717 precondition `converted ?s=orders` is false");
  CHECK(timeline[2][2] == "not run: step 2 failed");
  const auto tree = table_of(session, "htn.tree");
  const auto* validate = row_with(tree, kTask, "validate orders");
  REQUIRE(validate != nullptr);
  CHECK((*validate)[kNote] == "step 2");
  CHECK(tree[0][kDetails].find("judged on the initial state (the FIFO planner)") != std::string::npos);
  CHECK_FALSE(check_passes(session, "htn.ordering_respected", Json::object()));
}

TEST_CASE("planning: hand tree: only the first open task expands; a failed method stays as a try (htn_expand)") {
  app::Session session = test_support::make_builtin_session("htn_expand");
  std::string reason;
  CHECK_FALSE(check_passes(session, "htn.tree_expanded", Json::object(), &reason));
  CHECK(reason == "1 task(s) still to expand: process_etl_workflow orders.");
  auto rows = table_of(session, "htn.tree");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][kStatus] == "open");
  CHECK(rows[0][kChoices] == "m_process_etl|expand 0 m_process_etl");

  test_support::apply(session, input("expand 0 m_process_etl"));
  Status out_of_order = session.apply(input("expand 2 m_transform"));
  REQUIRE_FALSE(out_of_order.ok());
  CHECK(out_of_order.error().code == "input.not_leftmost");
  CHECK(session.apply(input("expand 1 m_nope")).error().code == "input.unknown_method");
  CHECK(session.apply(input("expand 9 m_load")).error().code == "input.unknown_node");
  CHECK(session.apply(input("expand one")).error().code == "input.invalid");

  test_support::apply(session, input("expand 1 m_extract_api"));
  rows = table_of(session, "htn.tree");
  const auto* tried = row_with(rows, kTask, "m_extract_api");
  REQUIRE(tried != nullptr);
  CHECK((*tried)[kStatus] == "failed");
  CHECK((*tried)[kNote] == "precondition `api_feed ?s=orders` is false");
  CHECK((*row_with(rows, kTask, "extract orders"))[kStatus] == "open");
  CHECK((*row_with(rows, kTask, "transform orders"))[kStatus] == "waiting");

  for (const char* text : {"expand 1 m_extract_csv", "expand 2 m_transform", "expand 3 m_load"}) test_support::apply(session, input(text));
  const std::string plan = "connect orders, read_csv orders, clean orders, validate orders, stage orders, commit orders";
  CHECK(check_passes(session, "htn.tree_expanded", Json{{"plan", plan}}, &reason));
  CHECK(reason.find("the 6 steps replay") != std::string::npos);
  CHECK_FALSE(check_passes(session, "htn.tree_expanded", Json{{"plan", "connect orders, read_csv orders"}}));
  const auto timeline = table_of(session, "htn.timeline");
  REQUIRE(timeline.size() == 6);
  CHECK(timeline[5][2] == "+loaded orders, -staged orders");
  CHECK(session.apply(input("expand 3 m_load")).error().code == "input.already_expanded");
}

TEST_CASE("planning: hand tree: params are validated (htn_tree)") {
  Result<Json> scenario = parse_json_text(app::builtin_scenario_text("htn_expand"));
  REQUIRE(scenario.ok());
  Json no_problem = scenario.value();
  no_problem["params"].erase("problem");
  Result<app::Scenario> parsed = app::parse_scenario(no_problem);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "params.missing_domain");
  Json extra = scenario.value();
  extra["params"]["planner"] = "shop";
  CHECK_FALSE(app::parse_scenario(extra).ok());
}

TEST_CASE("planning: domain editor: the htn_domain checker locates errors and passes the reference domain (author-an-htn-domain)") {
  const Result<lesson::Library>& library = lesson::builtin_library();
  REQUIRE(library.ok());
  const lesson::Lesson* lesson = library.value().find_lesson("author-an-htn-domain");
  REQUIRE(lesson != nullptr);
  const lesson::Step& step = lesson->steps[0];
  const lesson::Task& task = step.tasks[0];
  const lesson::DocumentVerdict start = lesson::check_document(step, task, task.start_text);
  CHECK_FALSE(start.passed);
  const lesson::DocumentVerdict solved = lesson::check_document(step, task, task.solution.answer.get<std::string>());
  CHECK_MESSAGE(solved.passed, solved.reason);
  std::string typo = task.solution.answer.get<std::string>();
  typo.replace(typo.find("[\"transformed ?s\"], \"add\": [\"validated ?s\"]"), 18, "[\"transformed ?t\"]");
  const lesson::DocumentVerdict located = lesson::check_document(step, task, typo);
  CHECK_FALSE(located.passed);
  CHECK(located.line == 11);
  CHECK(located.column > 1);
  CHECK(located.reason.find("?t") != std::string::npos);
}

// Proves the views-per-domain mechanism and the plot model behind the lab's plot widget: a run offers the
// generic views then its protocol's own; a lesson step's view list is validated (unknown ids with a
// suggestion, duplicates, limits); a table view gathers the actors' described tables at the current
// position, so stepping back shows the earlier table; the activity and Raft term plots are built from
// the trace (counts match the trace, crashes become bands, new leaders markers); min/max decimation keeps
// every peak; value readouts, tick-to-step seeking, axis ticks, and the SVG and CSV exports (escaping,
// hidden series, the size limit).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "support/protocol_session.hpp"
#include "app/domain_views.hpp"
#include "app/plot_export.hpp"
#include "app/plot_model.hpp"

using namespace coordlab;
using app::PlotPoint;
using app::Session;

namespace {

std::int64_t sum_values(const app::PlotSeries& series) {
  std::int64_t sum = 0;
  for (const PlotPoint& point : series.points) sum += point.value;
  return sum;
}

}  // namespace

TEST_CASE("app: domain views: generic views first, then the protocol's own") {
  const std::vector<app::ViewSpec> raft = app::available_views("raft");
  REQUIRE(raft.size() >= 9);
  CHECK(raft[0].id == "topology");
  CHECK(app::find_view(raft, "activity") != nullptr);
  const app::ViewSpec* log = app::find_view(raft, "raft.log");
  REQUIRE(log != nullptr);
  CHECK(log->kind == app::ViewKind::table);
  CHECK(app::find_view(app::available_views("ping_echo"), "raft.log") == nullptr);
  for (const app::ViewSpec& view : raft) {
    if (view.kind != app::ViewKind::plot) continue;
    const std::vector<std::string_view> ids = app::plot_builder_ids();
    CHECK_MESSAGE(std::find(ids.begin(), ids.end(), view.source) != ids.end(), "plot view ", view.id, " names no builder");
  }
}

TEST_CASE("app: domain views: a step's view list is validated with pointers (unknown, duplicate, empty, too many)") {
  Result<std::vector<std::string>> good = app::read_view_ids(Json::array({"raft.log", "sequence"}), "raft", "/steps/0/views");
  REQUIRE(good.ok());
  CHECK(good.value() == std::vector<std::string>{"raft.log", "sequence"});

  Result<std::vector<std::string>> typo = app::read_view_ids(Json::array({"sequence", "raft.logs"}), "raft", "/steps/0/views");
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.error().code == "lesson.unknown_view");
  CHECK(typo.error().pointer == "/steps/0/views/1");
  CHECK(typo.error().message.find("did you mean \"raft.log\"") != std::string::npos);

  Result<std::vector<std::string>> other_protocol = app::read_view_ids(Json::array({"raft.log"}), "voting", "/v");
  REQUIRE_FALSE(other_protocol.ok());
  CHECK(other_protocol.error().code == "lesson.unknown_view");

  Result<std::vector<std::string>> twice = app::read_view_ids(Json::array({"trace", "trace"}), "raft", "/v");
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.error().code == "lesson.duplicate_view");
  CHECK(twice.error().pointer == "/v/1");

  CHECK(app::read_view_ids(Json::array(), "raft", "/v").error().code == "lesson.bad_views");
  CHECK(app::read_view_ids(Json::array({1}), "raft", "/v").error().code == "lesson.bad_views");
  Json many = Json::array();
  for (int i = 0; i < 13; ++i) many.push_back("trace");
  CHECK(app::read_view_ids(many, "raft", "/v").error().code == "lesson.too_many_views");
}

TEST_CASE("app: domain views: the Raft log table follows the current position (write, then step back)") {
  Session session = test_support::run_builtin_session("raft", 600);
  const std::uint16_t leader = [&] {
    for (std::uint16_t node = 0; node < session.world().node_count(); ++node) {
      const sim::Actor* actor = session.world().actor(NodeId{node});
      if (actor != nullptr && actor->role() == "leader") return node;
    }
    return std::uint16_t{UINT16_MAX};
  }();
  REQUIRE(leader != UINT16_MAX);
  const std::uint64_t before_write = session.position();
  test_support::apply(session, Json{{"op", "input"}, {"node", "n" + std::to_string(leader)}, {"text", "cmd=x"}});
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 200}});

  const app::TableModel after = app::table_view(session.world(), "log");
  CHECK(after.columns == std::vector<std::string>{"node", "index", "term", "command", "state"});
  const auto applied = std::count_if(after.rows.begin(), after.rows.end(), [](const auto& row) { return row[3] == "x" && row[4] == "applied"; });
  CHECK(applied == static_cast<long>(session.world().node_count()));  // every replica applied it
  CHECK(after.row_nodes.size() == after.rows.size());

  REQUIRE(session.seek(before_write).ok());
  const app::TableModel before = app::table_view(session.world(), "log");
  CHECK(std::none_of(before.rows.begin(), before.rows.end(), [](const auto& row) { return row[3] == "x"; }));
  CHECK(app::table_view(session.world(), "no such table").rows.empty());
}

TEST_CASE("app: plots: the activity plot counts what the trace holds and shows a crash as a band") {
  Session session = test_support::make_builtin_session("raft");
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 300}});
  test_support::apply(session, Json{{"op", "crash"}, {"node", "n1"}});
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 300}});
  test_support::apply(session, Json{{"op", "restart"}, {"node", "n1"}});
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 100}});
  const sim::Trace& trace = session.trace();
  Result<app::PlotModel> plot = app::build_plot("activity", trace, trace.event_count());
  REQUIRE(plot.ok());
  const app::PlotModel& model = plot.value();
  REQUIRE(model.series.size() == 4);
  CHECK(sum_values(model.series[0]) == static_cast<std::int64_t>(test_support::count_events(trace, sim::EventKind::send)));
  CHECK(sum_values(model.series[1]) == static_cast<std::int64_t>(test_support::count_events(trace, sim::EventKind::deliver)));
  CHECK(sum_values(model.series[2]) == static_cast<std::int64_t>(test_support::count_events(trace, sim::EventKind::drop)));
  CHECK(model.x_max_tick == trace.event(trace.event_count() - 1).tick.value);
  REQUIRE(model.bands.size() == 1);
  CHECK(model.bands[0].label == "n1 down");
  CHECK(model.bands[0].from_tick == 300);
  CHECK(model.bands[0].to_tick == 600);
  CHECK(app::build_plot("nope", trace, trace.event_count()).error().code == "plot.unknown_builder");
}

TEST_CASE("app: plots: Raft terms step up per node with a marker for each new leader") {
  Session session = test_support::run_builtin_session("raft_faults", 3000);
  const sim::Trace& trace = session.trace();
  Result<app::PlotModel> plot = app::build_plot("raft.terms", trace, trace.event_count());
  REQUIRE(plot.ok());
  CHECK(plot.value().series.size() == trace.node_names().size());
  CHECK_FALSE(plot.value().markers.empty());
  for (const app::PlotSeries& series : plot.value().series) {
    CHECK(std::is_sorted(series.points.begin(), series.points.end(), [](const PlotPoint& a, const PlotPoint& b) { return a.tick < b.tick; }));
    for (std::size_t i = 1; i < series.points.size(); ++i) CHECK(series.points[i].value > series.points[i - 1].value);  // terms only rise
  }
  // Built from a prefix: nothing after the cut appears.
  const std::size_t half = trace.event_count() / 2;
  Result<app::PlotModel> early = app::build_plot("raft.terms", trace, half);
  REQUIRE(early.ok());
  CHECK(early.value().x_max_tick <= plot.value().x_max_tick);
  for (const app::PlotMarker& marker : early.value().markers) CHECK(marker.tick <= early.value().x_max_tick);
}

TEST_CASE("app: plots: min/max decimation keeps every peak and at most four points a column (10,000 points, 100 columns)") {
  std::vector<PlotPoint> points;
  for (std::int64_t tick = 0; tick < 10'000; ++tick) points.push_back({tick, (tick % 97 == 0) ? 1000 - tick % 13 : tick % 7});
  const std::vector<PlotPoint> kept = app::decimate_min_max(points, 0, 9'999, 100);
  CHECK(kept.size() <= 400);
  CHECK(std::is_sorted(kept.begin(), kept.end(), [](const PlotPoint& a, const PlotPoint& b) { return a.tick < b.tick; }));
  // Each 100-tick column keeps its highest and lowest value: no spike disappears from the picture.
  for (std::int64_t column = 0; column < 100; ++column) {
    const auto in_column = [&](const PlotPoint& point) { return point.tick / 100 == column; };
    std::int64_t highest = INT64_MIN, lowest = INT64_MAX, kept_highest = INT64_MIN, kept_lowest = INT64_MAX;
    for (const PlotPoint& point : points) {
      if (in_column(point)) highest = std::max(highest, point.value), lowest = std::min(lowest, point.value);
    }
    for (const PlotPoint& point : kept) {
      if (in_column(point)) kept_highest = std::max(kept_highest, point.value), kept_lowest = std::min(kept_lowest, point.value);
    }
    CHECK(kept_highest == highest);
    CHECK(kept_lowest == lowest);
  }
  // A window keeps one neighbour outside on each side so lines reach the edges.
  const std::vector<PlotPoint> window = app::decimate_min_max(points, 5'000, 5'010, 800);
  CHECK(window.front().tick == 4'999);
  CHECK(window.back().tick == 5'011);
  CHECK(app::decimate_min_max({}, 0, 10, 10).empty());
}

TEST_CASE("app: plots: readouts, seeking by tick and axis ticks") {
  const app::PlotSeries step{"s", app::SeriesStyle::step, {{10, 1}, {20, 5}, {30, 2}}};
  const app::PlotSeries line{"l", app::SeriesStyle::line, {{10, 1}, {20, 5}, {30, 2}}};
  CHECK_FALSE(app::value_at(step, 9).has_value());
  CHECK(app::value_at(step, 19) == 1);
  CHECK(app::value_at(step, 99) == 2);
  CHECK(app::value_at(line, 16) == 5);  // nearest point
  CHECK(app::value_at(line, 14) == 1);

  Session session = test_support::run_builtin_session("ping_echo", 200);
  const sim::Trace& trace = session.trace();
  const std::uint64_t step_at_100 = app::step_at_tick(trace, 100, session.head_step());
  REQUIRE(step_at_100 > 0);
  REQUIRE(session.seek(step_at_100).ok());
  CHECK(session.world().now().value <= 100);
  CHECK(app::step_at_tick(trace, -1, session.head_step()) == 0);
  CHECK(app::step_at_tick(trace, 1'000'000, session.head_step()) == session.head_step());

  CHECK(app::axis_ticks(0, 100, 5) == std::vector<std::int64_t>{0, 20, 40, 60, 80, 100});
  CHECK(app::axis_ticks(3, 7, 10) == std::vector<std::int64_t>{3, 4, 5, 6, 7});
  CHECK(app::axis_ticks(0, 1'000'000, 4) == std::vector<std::int64_t>{0, 500'000, 1'000'000});
}

TEST_CASE("app: plots: SVG and CSV exports show what is shown (hidden series, escaping, size limit)") {
  app::PlotModel model;
  model.title = "Load <test> & more";
  model.y_label = "rps";
  model.x_max_tick = 100;
  model.series = {{"a,\"b\"", app::SeriesStyle::line, {{0, 1}, {50, 3}, {100, 2}}}, {"hidden one", app::SeriesStyle::step, {{0, 7}}}};
  model.bands = {{"n1 down", 20, 40}};
  model.markers = {{"leader n2", 60}};
  model.reference_lines = {{"SLO", 5}};
  app::PlotRange range = app::full_range(model);
  range.hidden = {false, true};
  Result<std::string> csv = app::plot_csv(model, range);
  REQUIRE(csv.ok());
  CHECK(csv.value() == "series,tick,value\n\"a,\"\"b\"\"\",0,1\n\"a,\"\"b\"\"\",50,3\n\"a,\"\"b\"\"\",100,2\n");
  Result<std::string> svg = app::plot_svg(model, range);
  REQUIRE(svg.ok());
  CHECK(svg.value().find("Load &lt;test&gt; &amp; more") != std::string::npos);
  CHECK(svg.value().find("<polyline") != std::string::npos);
  CHECK(svg.value().find("hidden one (hidden)") != std::string::npos);
  CHECK(svg.value().find("n1 down") != std::string::npos);
  CHECK(svg.value().find("leader n2") != std::string::npos);
  std::size_t polylines = 0;
  for (std::size_t at = svg.value().find("<polyline"); at != std::string::npos; at = svg.value().find("<polyline", at + 1)) ++polylines;
  CHECK(polylines == 1);

  // A step series holds its value to the end of the run: one point at tick 0 still draws a line to tick 100.
  app::PlotModel held;
  held.x_max_tick = 100;
  held.series = {{"term", app::SeriesStyle::step, {{0, 3}}}};
  Result<std::string> held_svg = app::plot_svg(held, app::full_range(held));
  REQUIRE(held_svg.ok());
  const std::size_t points_at = held_svg.value().find("points=\"");
  REQUIRE(points_at != std::string::npos);
  const std::string points = held_svg.value().substr(points_at, held_svg.value().find('"', points_at + 8) - points_at);
  CHECK(std::count(points.begin(), points.end(), ',') == 2);

  app::PlotModel huge;
  huge.series.push_back({"big", app::SeriesStyle::line, {}});
  for (std::int64_t tick = 0; tick <= static_cast<std::int64_t>(limits::kMaxExportedPlotPoints); ++tick) huge.series[0].points.push_back({tick, tick});
  huge.x_max_tick = huge.series[0].points.back().tick;
  CHECK(app::plot_csv(huge, app::full_range(huge)).error().code == "plot.too_large");
  app::PlotRange zoomed{0, 1000, {}};
  CHECK(app::plot_svg(huge, zoomed).ok());
}

TEST_CASE("app: domain views: the PBFT log table shows each replica's slots with votes by distinct sender") {
  const Session session = test_support::run_builtin_session("pbft", 400);
  const app::TableModel table = app::table_view(session.world(), "log");
  REQUIRE(table.columns == std::vector<std::string>{"node", "seq", "view", "requests", "digest", "prepares", "commits", "state"});
  REQUIRE_FALSE(table.rows.empty());
  for (const std::vector<std::string>& row : table.rows) {
    CHECK(row[0] != "n4");  // the client keeps no log
    if (row[7] == "executed") CHECK(std::stoi(row[6]) >= 3);  // 2f+1 COMMITs with f = 1
  }
  const auto executed = std::count_if(table.rows.begin(), table.rows.end(), [](const auto& row) { return row[7] == "executed"; });
  CHECK(executed > 0);
}

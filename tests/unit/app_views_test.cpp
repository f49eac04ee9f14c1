// Proves the pure helpers behind the lab's simulator views: the sequence diagram pairs every shown send
// with its delivery or drop in trace order and honours node, type and search filters; the SVG export
// draws exactly the shown arrows, escapes payload text and refuses more rows than the limit; a step's
// changed node fields are flagged; in-flight messages carry their progress along the link; node health
// reflects crashes, slowness and Byzantine behaviour; and the invariant lights list only invariants of
// the session's protocol, evaluated at the current position.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "support/protocol_session.hpp"
#include "app/builtin_scenarios.hpp"
#include "app/sequence_svg.hpp"
#include "app/sequence_view.hpp"
#include "app/view_model.hpp"
#include "core/limits.hpp"

using namespace coordlab;
using app::Session;

namespace {

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("app: sequence view: every send has one arrow ending at its delivery or drop row (ping_echo, 200 ticks)") {
  const Session session = test_support::run_builtin_session("ping_echo", 200);
  const sim::Trace& trace = session.trace();
  const app::SequenceDiagram diagram = app::build_sequence_diagram(trace, trace.event_count(), {});
  CHECK(diagram.arrows.size() == test_support::count_events(trace, sim::EventKind::send) + test_support::count_events(trace, sim::EventKind::duplicate));
  CHECK(diagram.lifelines.size() == 4);
  CHECK(std::is_sorted(diagram.row_events.begin(), diagram.row_events.end()));
  for (const app::SequenceArrow& arrow : diagram.arrows) {
    CHECK(diagram.row_events[arrow.start_row] == arrow.start_event);
    CHECK(trace.event(arrow.start_event).subject == arrow.message);
    if (arrow.end == app::ArrowEnd::in_flight) {
      CHECK(arrow.end_row == diagram.row_events.size());
      continue;
    }
    REQUIRE(arrow.end_row < diagram.row_events.size());
    CHECK(diagram.row_events[arrow.end_row] == arrow.end_event);
    CHECK(trace.event(arrow.end_event).subject == arrow.message);
    CHECK(arrow.end_row > arrow.start_row);
    CHECK(arrow.end_row - arrow.start_row <= diagram.longest_arrow_rows);
  }
  // The window search finds every arrow that reaches a row.
  const std::uint32_t row = static_cast<std::uint32_t>(diagram.row_events.size() / 2);
  const std::size_t first = app::first_arrow_reaching(diagram, row);
  for (std::size_t i = 0; i < first; ++i) CHECK(diagram.arrows[i].end_row < row);
}

TEST_CASE("app: sequence view: filters by node, by type and by search text (ping_echo, 200 ticks)") {
  const Session session = test_support::run_builtin_session("ping_echo", 200);
  const sim::Trace& trace = session.trace();
  app::SequenceFilter filter;
  filter.hidden_nodes = {false, true};  // hide n1
  const app::SequenceDiagram without_n1 = app::build_sequence_diagram(trace, trace.event_count(), filter);
  CHECK(without_n1.lifelines == std::vector<std::uint16_t>{0, 2, 3});
  for (const app::SequenceArrow& arrow : without_n1.arrows) CHECK((arrow.from != 1 && arrow.to != 1));
  CHECK(!without_n1.arrows.empty());

  filter = {};
  filter.hidden_types.assign(trace.message_types().size(), true);
  CHECK(app::build_sequence_diagram(trace, trace.event_count(), filter).arrows.empty());

  const std::string type_name(trace.message_type_name(0));
  filter = {};
  filter.search = type_name;
  for (char& c : filter.search) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const app::SequenceDiagram searched = app::build_sequence_diagram(trace, trace.event_count(), filter);
  CHECK(!searched.arrows.empty());
  for (const app::SequenceArrow& arrow : searched.arrows) {
    const bool in_type = trace.message_type_name(arrow.type).find(type_name) != std::string_view::npos;
    const bool in_payload = trace.payload(MessageId{arrow.message}).find(type_name) != std::string_view::npos;
    CHECK((in_type || in_payload));
  }
}

TEST_CASE("app: sequence svg: one line per shown arrow, crash marked, now line, payload escaped (ping_echo, crash n2)") {
  Session session = test_support::run_builtin_session("ping_echo", 60);
  REQUIRE(session.apply(Json{{"op", "crash"}, {"node", "n2"}}).ok());
  REQUIRE(session.apply(Json{{"op", "run"}, {"ticks", 40}}).ok());
  const sim::Trace& trace = session.trace();
  const app::SequenceDiagram diagram = app::build_sequence_diagram(trace, trace.event_count(), {});
  app::SequenceSvgOptions options;
  options.row_count = static_cast<std::uint32_t>(diagram.row_events.size());
  options.now_row = options.row_count / 2;
  options.title = "ping <echo> & co";
  Result<std::string> svg = app::sequence_svg(trace, diagram, options);
  REQUIRE(svg.ok());
  const std::string& text = svg.value();
  CHECK(text.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(text.find("ping &lt;echo&gt; &amp; co") != std::string::npos);
  CHECK(occurrences(text, "<g><title>#") == diagram.arrows.size());
  CHECK(occurrences(text, ">crash</text>") == 1);
  CHECK(occurrences(text, ">now</text>") == 1);
  CHECK(text.find("</svg>") != std::string::npos);

  options.row_count = static_cast<std::uint32_t>(limits::kMaxSequenceSvgRows + 1);
  Result<std::string> too_large = app::sequence_svg(trace, diagram, options);
  REQUIRE(!too_large.ok());
  CHECK(too_large.error().code == "sequence.svg_too_large");
}

TEST_CASE("app: view model: changed fields flag new and different values only") {
  const app::NodeFields before = {{"term", "1"}, {"role", "follower"}, {"log", "3"}};
  const app::NodeFields after = {{"term", "2"}, {"role", "follower"}, {"log", "3"}, {"voted_for", "n1"}};
  CHECK(app::changed_fields(before, after) == std::vector<bool>{true, false, false, true});
  CHECK(app::changed_fields(after, after) == std::vector<bool>{false, false, false, false});
}

TEST_CASE("app: view model: node health and in-flight progress (raft, 400 ticks, crash n0, slow n1; pbft, a Byzantine replica)") {
  Session session = test_support::run_builtin_session("raft", 400);
  const sim::World& world = session.world();
  const std::vector<app::InFlightMessage> messages = app::in_flight_messages(world);
  CHECK(messages.size() == session.world().pending().size() - 5);  // every pending event but the five nodes' timers
  for (const app::InFlightMessage& message : messages) {
    CHECK(message.due >= world.now());
    CHECK(message.sent <= world.now());
    CHECK((message.progress >= 0.0 && message.progress <= 1.0));
  }
  REQUIRE(session.apply(Json{{"op", "crash"}, {"node", "n0"}}).ok());
  REQUIRE(session.apply(Json{{"op", "set_node"}, {"node", "n1"}, {"slow_ticks", 20}}).ok());
  CHECK(app::node_health(session.world(), NodeId{0}) == app::NodeHealth::crashed);
  CHECK(app::node_health(session.world(), NodeId{1}) == app::NodeHealth::slow);
  CHECK(app::node_health(session.world(), NodeId{3}) == app::NodeHealth::up);
  CHECK(app::node_fields(session.world(), NodeId{0}).empty());
  CHECK(!app::node_fields(session.world(), NodeId{3}).empty());

  Session pbft = test_support::run_builtin_session("pbft", 50);
  REQUIRE(!pbft.world().byzantine_kinds().empty());
  const std::string replica = pbft.trace().node_names()[1];
  REQUIRE(pbft.apply(Json{{"op", "byzantine"}, {"node", replica}, {"kind", pbft.world().byzantine_kinds().front()}}).ok());
  CHECK(app::node_health(pbft.world(), NodeId{1}) == app::NodeHealth::byzantine);
}

TEST_CASE("app: view model: invariant lights are the protocol's invariants, passing on a calm run (raft, 600 ticks)") {
  const Session session = test_support::run_builtin_session("raft", 600);
  const std::vector<app::InvariantLight> lights = app::invariant_lights(session);
  REQUIRE(!lights.empty());
  bool has_election_safety = false;
  for (const app::InvariantLight& light : lights) {
    const check::CheckSpec* spec = check::find_check(light.id);
    REQUIRE(spec != nullptr);
    CHECK(spec->kind == check::CheckKind::invariant);
    CHECK((spec->protocol.empty() || spec->protocol == "raft"));
    CHECK(light.passed);
    CHECK(!light.first_violation_step.has_value());
    has_election_safety = has_election_safety || light.id == "raft.election_safety";
  }
  CHECK(has_election_safety);
}

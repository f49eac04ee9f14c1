// The game board protocol: the learner's marks arrive as input commands and replay from the trace;
// game.equilibria_marked passes only when the marks equal the best-response intersection (it fails with
// nothing marked, with the course's greedy cell marked, and with an equilibrium missing); the board's
// note round-trips the game exactly, fractions included; bad params and commands get clear errors.
#include <doctest/doctest.h>

#include <string>

#include "allocation/game_protocol.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using test_support::evaluate;
using test_support::make_session;

Json board_scenario(Json params) {
  return {{"format", "coordlab.scenario/1"}, {"name", "game_test"}, {"protocol", "game"}, {"nodes", Json::array({"board"})},
          {"params", std::move(params)}};
}

// The prisoner's dilemma: the greedy cell Cooperate/Cooperate (3+3) is not an equilibrium; Defect/Defect is the only one.
Json dilemma() {
  return {{"title", "prisoner's dilemma"},
          {"rows", {"Cooperate", "Defect"}},
          {"cols", {"Cooperate", "Defect"}},
          {"A", {{3, 0}, {5, 1}}},
          {"B", {{3, 5}, {0, 1}}}};
}

// Battle of the sexes with fractions: two pure equilibria on the diagonal.
Json battle() {
  return {{"rows", {"Opera", "Match"}}, {"cols", {"Opera", "Match"}}, {"A", {{"3/2", 0}, {0, 1}}}, {"B", {{1, 0}, {0, "3/2"}}}};
}

void input(app::Session& session, const std::string& text) { test_support::apply(session, {{"op", "input"}, {"node", "board"}, {"text", text}}); }

}  // namespace

TEST_CASE("game: protocol: nothing marked and the course's greedy cell both fail; the real equilibrium passes") {
  app::Session session = make_session(board_scenario(dilemma()));
  CHECK_FALSE(evaluate(session, "game.equilibria_marked").passed);
  input(session, "mark row=Cooperate col=Cooperate");
  const check::CheckResult greedy = evaluate(session, "game.equilibria_marked");
  CHECK_FALSE(greedy.passed);
  CHECK(greedy.reason.find("switching to Defect") != std::string::npos);
  input(session, "unmark row=Cooperate col=Cooperate");
  input(session, "mark row=Defect col=Defect");
  const check::CheckResult right = evaluate(session, "game.equilibria_marked");
  CHECK_MESSAGE(right.passed, right.reason);
}

TEST_CASE("game: protocol: every equilibrium must be marked (battle of the sexes, fractional payoffs)") {
  app::Session session = make_session(board_scenario(battle()));
  input(session, "mark row=Opera col=Opera");
  CHECK_FALSE(evaluate(session, "game.equilibria_marked").passed);
  input(session, "mark row=Match col=Match");
  CHECK(evaluate(session, "game.equilibria_marked").passed);
  input(session, "mark row=Opera col=Match");
  CHECK_FALSE(evaluate(session, "game.equilibria_marked").passed);
  input(session, "clear");
  CHECK_FALSE(evaluate(session, "game.equilibria_marked").passed);
}

TEST_CASE("game: protocol: the board's table marks best responses, the learner's marks and the greedy cell") {
  app::Session session = make_session(board_scenario(dilemma()));
  input(session, "mark row=Defect col=Defect");
  sim::StateWriter writer;
  session.world().actor(NodeId{0})->describe(writer);
  REQUIRE(writer.tables().size() == 1);
  const sim::StateTable& table = writer.tables()[0];
  CHECK(table.columns == std::vector<std::string>{"row", "Cooperate", "Defect"});
  CHECK(table.rows[0][1] == "3, 3 (greedy)");
  CHECK(table.rows[1][2] == "1*, 1* [marked]");
  CHECK(table.rows[1][1] == "5*, 0");
}

TEST_CASE("game: note: the board's note reads back as the same game") {
  Result<app::Scenario> scenario = app::parse_scenario(board_scenario(battle()));
  REQUIRE(scenario.ok());
  const Json doc = {{"format", "coordlab.game/1"}, {"rows", battle()["rows"]}, {"cols", battle()["cols"]}, {"A", battle()["A"]}, {"B", battle()["B"]}};
  Result<allocation::Game> game = allocation::read_game(doc);
  REQUIRE(game.ok());
  const std::optional<allocation::Game> back = allocation::game_from_note(allocation::game_note(game.value()));
  REQUIRE(back.has_value());
  CHECK(back->rows == game.value().rows);
  CHECK(allocation::fraction_text(back->a[0][0]) == "3/2");
  CHECK(allocation::find_equilibria(*back).pure == allocation::find_equilibria(game.value()).pure);
  CHECK_FALSE(allocation::game_from_note("game rows=a cols=b a=1;2 b=1").has_value());
}

TEST_CASE("game: protocol: bad params and commands get located errors") {
  Json spaced = dilemma();
  spaced["rows"] = {"Co operate", "Defect"};
  Result<app::Scenario> bad = app::parse_scenario(board_scenario(spaced));
  if (bad.ok()) {
    Result<app::Session> session = app::Session::create(bad.value(), 1);
    REQUIRE_FALSE(session.ok());
    CHECK(session.error().code == "params.bad_action");
  } else {
    CHECK(bad.error().code == "params.bad_action");
  }
  app::Session session = make_session(board_scenario(dilemma()));
  CHECK(session.apply({{"op", "input"}, {"node", "board"}, {"text", "mark row=Up col=Defect"}}).error().code == "input.unknown_action");
  CHECK(session.apply({{"op", "input"}, {"node", "board"}, {"text", "pick Defect"}}).error().code == "input.invalid");
}

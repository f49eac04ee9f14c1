// Checks of the game board (allocation/game_protocol.hpp): the game is read back from the board's first
// note and solved again here, and the learner's marks are replayed from the mark/unmark notes, so the
// check never trusts what the board says about equilibria.
#include <algorithm>

#include "allocation/game_protocol.hpp"
#include "check/check.hpp"
#include "check/notes.hpp"

namespace coordlab::check {
namespace {

using allocation::Cell;
using allocation::Game;

std::string cell_text(const Game& game, const Cell& cell) { return game.rows[cell.row] + "/" + game.cols[cell.col]; }

std::string cells_text(const Game& game, const std::vector<Cell>& cells) {
  std::string text;
  for (const Cell& cell : cells) text += (text.empty() ? "" : ", ") + cell_text(game, cell);
  return text.empty() ? "none" : text;
}

// Why `cell` is not an equilibrium: a player who gains by switching, with the payoffs.
std::string deviation(const Game& game, const Cell& cell) {
  const auto better = [](const allocation::Fraction& x, const allocation::Fraction& y) { return x.num * y.den > y.num * x.den; };
  for (std::size_t i = 0; i < game.rows.size(); ++i) {
    if (better(game.a[i][cell.col], game.a[cell.row][cell.col])) {
      return "the row player gains by switching to " + game.rows[i] + " (" + allocation::fraction_text(game.a[i][cell.col]) + " > " +
             allocation::fraction_text(game.a[cell.row][cell.col]) + ")";
    }
  }
  for (std::size_t j = 0; j < game.cols.size(); ++j) {
    if (better(game.b[cell.row][j], game.b[cell.row][cell.col])) {
      return "the column player gains by switching to " + game.cols[j] + " (" + allocation::fraction_text(game.b[cell.row][j]) + " > " +
             allocation::fraction_text(game.b[cell.row][cell.col]) + ")";
    }
  }
  return "no player gains by switching";
}

CheckResult equilibria_marked(const CheckInput& input, const Json&) {
  std::optional<Game> game;
  std::uint16_t board = 0;
  std::vector<Cell> marks;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t node, const protocols::PayloadReader& note) {
    const std::string_view text = input.trace.text(input.trace.event(event).subject);
    if (!game) {
      game = allocation::game_from_note(text);
      board = node;
      return true;
    }
    if (node != board) return true;
    if (text == "clear") marks.clear();
    const bool mark = text.rfind("mark ", 0) == 0;
    if (!mark && text.rfind("unmark ", 0) != 0) return true;
    const std::string row(note.text("row").value_or("")), col(note.text("col").value_or(""));
    const auto row_at = std::find(game->rows.begin(), game->rows.end(), row);
    const auto col_at = std::find(game->cols.begin(), game->cols.end(), col);
    if (row_at == game->rows.end() || col_at == game->cols.end()) return true;
    const Cell cell{static_cast<std::size_t>(row_at - game->rows.begin()), static_cast<std::size_t>(col_at - game->cols.begin())};
    const auto found = std::find(marks.begin(), marks.end(), cell);
    if (mark && found == marks.end()) marks.push_back(cell);
    if (!mark && found != marks.end()) marks.erase(found);
    return true;
  });
  if (!game) return fail("no game board in this run (the board notes its game when it starts).");
  const std::vector<Cell> truth = allocation::find_equilibria(*game).pure;
  for (const Cell& cell : marks) {
    if (std::find(truth.begin(), truth.end(), cell) == truth.end()) {
      return fail("you marked " + cell_text(*game, cell) + ", but it is not a Nash equilibrium: " + deviation(*game, cell) + ".");
    }
  }
  std::vector<Cell> missing;
  for (const Cell& cell : truth)
    if (std::find(marks.begin(), marks.end(), cell) == marks.end()) missing.push_back(cell);
  if (marks.empty() && !truth.empty()) return fail("no cell is marked; the game has " + std::to_string(truth.size()) + " pure equilibria to find.");
  if (!missing.empty()) return fail("not yet marked: " + std::to_string(missing.size()) + " more pure equilibria (you have " + cells_text(*game, marks) + ").");
  return pass("the marked cells (" + cells_text(*game, marks) + ") are exactly the cells where both players play a best response.");
}

}  // namespace

std::vector<CheckSpec> game_checks() {
  return {
      {"game.equilibria_marked", CheckKind::goal, "game",
       "the cells the learner marked are exactly the pure Nash equilibria (the intersection of both players' best responses)", {}, equilibria_marked},
  };
}

}  // namespace coordlab::check

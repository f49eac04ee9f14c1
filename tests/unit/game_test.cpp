// Normal-form games solved exactly: the pure equilibria are the best-response intersection (checked
// against an exhaustive deviation test on random games), every mixed equilibrium of a 2 x n or n x 2
// game has no profitable deviation (checked in exact fractions), a nondegenerate game has an odd number
// of equilibria, degenerate games are reported, bad files get located errors, and the course's greedy
// "equilibrium" is not one on the prisoner's dilemma.
#include <doctest/doctest.h>

#include "allocation/game.hpp"
#include "core/random.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::allocation;

Game game_of(const Json& a, const Json& b) {
  Json rows = Json::array(), cols = Json::array();
  for (std::size_t i = 0; i < a.size(); ++i) rows.push_back("r" + std::to_string(i));
  for (std::size_t j = 0; j < a[0].size(); ++j) cols.push_back("c" + std::to_string(j));
  Result<Game> game = read_game({{"format", "coordlab.game/1"}, {"rows", rows}, {"cols", cols}, {"A", a}, {"B", b}});
  REQUIRE_MESSAGE(game.ok(), game.error().message);
  return game.value();
}

bool less(const Fraction& x, const Fraction& y) { return x.num * y.den < y.num * x.den; }

Fraction payoff_against(const std::vector<std::vector<Fraction>>& payoffs, std::size_t i, const std::vector<Fraction>& col_mix) {
  Fraction sum{0, 1};
  for (std::size_t j = 0; j < col_mix.size(); ++j) {
    const Fraction term = make_fraction(payoffs[i][j].num * col_mix[j].num, payoffs[i][j].den * col_mix[j].den);
    sum = make_fraction(sum.num * term.den + term.num * sum.den, sum.den * term.den);
  }
  return sum;
}

// No pure deviation of either player gains against the other's mix.
bool is_equilibrium(const Game& game, const MixedEquilibrium& mixed) {
  for (std::size_t i = 0; i < game.rows.size(); ++i)
    if (less(mixed.row_payoff, payoff_against(game.a, i, mixed.col_mix))) return false;
  std::vector<std::vector<Fraction>> b_transposed(game.cols.size(), std::vector<Fraction>(game.rows.size()));
  for (std::size_t i = 0; i < game.rows.size(); ++i)
    for (std::size_t j = 0; j < game.cols.size(); ++j) b_transposed[j][i] = game.b[i][j];
  for (std::size_t j = 0; j < game.cols.size(); ++j)
    if (less(mixed.col_payoff, payoff_against(b_transposed, j, mixed.row_mix))) return false;
  return true;
}

bool pure_by_deviation(const Game& game, std::size_t i, std::size_t j) {
  for (std::size_t r = 0; r < game.rows.size(); ++r)
    if (less(game.a[i][j], game.a[r][j])) return false;
  for (std::size_t c = 0; c < game.cols.size(); ++c)
    if (less(game.b[i][j], game.b[i][c])) return false;
  return true;
}

}  // namespace

TEST_CASE("game: equilibria: battle of the sexes has two pure and one mixed (3/5, 2/5) equilibrium") {
  const Game bos = game_of({{3, 0}, {0, 2}}, {{2, 0}, {0, 3}});
  const Equilibria found = find_equilibria(bos);
  CHECK_FALSE(found.degenerate);
  CHECK(found.pure == std::vector<Cell>{{0, 0}, {1, 1}});
  REQUIRE(found.mixed.size() == 1);
  CHECK(fraction_text(found.mixed[0].row_mix[0]) == "3/5");
  CHECK(fraction_text(found.mixed[0].col_mix[0]) == "2/5");
  CHECK(fraction_text(found.mixed[0].row_payoff) == "6/5");
}

TEST_CASE("game: equilibria: matching pennies has only the mixed one; the prisoner's dilemma only defect-defect, not the greedy cell") {
  const Equilibria pennies = find_equilibria(game_of({{1, -1}, {-1, 1}}, {{-1, 1}, {1, -1}}));
  CHECK(pennies.pure.empty());
  REQUIRE(pennies.mixed.size() == 1);
  CHECK(fraction_text(pennies.mixed[0].row_mix[0]) == "1/2");
  CHECK(fraction_text(pennies.mixed[0].row_payoff) == "0");
  const Game dilemma = game_of({{3, 0}, {5, 1}}, {{3, 5}, {0, 1}});
  const Equilibria found = find_equilibria(dilemma);
  CHECK(found.pure == std::vector<Cell>{{1, 1}});
  CHECK(found.mixed.empty());
  CHECK(course_greedy_cell(dilemma) == Cell{0, 0});  // the highest total, 3 + 3: not an equilibrium
}

TEST_CASE("game: equilibria: degenerate games are reported; fractions and n x 2 games work") {
  const Equilibria tie = find_equilibria(game_of({{1, 1}, {0, 0}}, {{1, 1}, {0, 0}}));
  CHECK(tie.degenerate);
  CHECK_FALSE(tie.mixed_computed);
  const Equilibria tall = find_equilibria(game_of({{"1/2", 0}, {0, "1/3"}, {-1, -1}}, {{"1/3", 0}, {0, "1/2"}, {2, -3}}));
  CHECK_FALSE(tall.degenerate);
  CHECK(tall.mixed_computed);
  CHECK((tall.pure.size() + tall.mixed.size()) % 2 == 1);
}

TEST_CASE("game: equilibria: random games: pure = exhaustive deviation test; mixed ones hold; nondegenerate counts are odd") {
  Random random(7);
  std::size_t nondegenerate = 0, mixed_total = 0;
  for (int round = 0; round < 2000; ++round) {
    const std::size_t rows = round % 3 == 0 ? 2 : static_cast<std::size_t>(random.range(2, 4));
    const std::size_t cols = round % 3 == 1 ? 2 : static_cast<std::size_t>(random.range(2, 4));
    Json a = Json::array(), b = Json::array();
    for (std::size_t i = 0; i < rows; ++i) {
      a.push_back(Json::array());
      b.push_back(Json::array());
      for (std::size_t j = 0; j < cols; ++j) {
        a[i].push_back(random.range(-9, 9));
        b[i].push_back(random.range(-9, 9));
      }
    }
    const Game game = game_of(a, b);
    const Equilibria found = find_equilibria(game);
    std::vector<Cell> expected;
    for (std::size_t i = 0; i < rows; ++i)
      for (std::size_t j = 0; j < cols; ++j)
        if (pure_by_deviation(game, i, j)) expected.push_back({i, j});
    CHECK(found.pure == expected);
    for (const MixedEquilibrium& mixed : found.mixed) CHECK(is_equilibrium(game, mixed));
    if (found.mixed_computed) {
      ++nondegenerate;
      mixed_total += found.mixed.size();
      CHECK((found.pure.size() + found.mixed.size()) % 2 == 1);
    }
  }
  MESSAGE("games: 2000 random, " << nondegenerate << " nondegenerate 2 x n / n x 2 solved, " << mixed_total << " mixed equilibria verified");
  CHECK(nondegenerate > 500);
  CHECK(mixed_total > 100);
}

TEST_CASE("game: file: bad payoffs, shapes and formats get located errors") {
  auto error_of = [](const Json& document) {
    Result<Game> game = read_game(document);
    return game.ok() ? std::string("ok") : game.error().code + " " + game.error().pointer;
  };
  const Json good = {{"format", "coordlab.game/1"}, {"rows", {"u", "d"}}, {"cols", {"l", "r"}}, {"A", {{1, 0}, {0, 1}}}, {"B", {{1, 0}, {0, 1}}}};
  CHECK(error_of(good) == "ok");
  Json bad = good;
  bad["A"][1][0] = "1/0";
  CHECK(error_of(bad) == "game.bad_payoff /A/1/0");
  bad = good;
  bad["B"][0] = {1};
  CHECK(error_of(bad) == "game.bad_matrix /B/0");
  bad = good;
  bad["rows"] = {"u", "u"};
  CHECK(error_of(bad) == "game.bad_actions /rows/1");
  bad = good;
  bad["format"] = "coordlab.game/2";
  CHECK(error_of(bad) == "game.bad_format /format");
}

// Two-player normal-form games, solved exactly: pure Nash equilibria as the intersection of best
// responses, and the mixed equilibria of games with two rows or two columns by support enumeration
// (von Stengel, "Equilibrium computation for two-player games", ch. 3 of Algorithmic Game Theory, 2007).
// Payoffs are integers or fractions "p/q"; each player's payoffs are scaled to integers by the common
// denominator (a positive scale changes no equilibrium), so every comparison is exact. The course's
// "Nash equilibrium" (a greedy allocation: the cell with the highest total payoff) is a labelled variant.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/json_input.hpp"
#include "core/result.hpp"

namespace coordlab::allocation {

// 128-bit integers (a GCC/Clang extension, also in wasm32): products of scaled payoffs need them.
__extension__ typedef __int128 GameInt;

// An exact fraction in lowest terms with a positive denominator.
struct Fraction {
  GameInt num = 0;
  GameInt den = 1;
};
Fraction make_fraction(GameInt num, GameInt den);
std::string fraction_text(const Fraction& value);  // "3", "-2/5"

struct Game {
  std::string title;
  std::vector<std::string> rows, cols;      // action names of the row and the column player
  std::vector<std::vector<Fraction>> a, b;  // a[i][j]: the row player's payoff, b[i][j]: the column player's
};

// Reads {"format": "coordlab.game/1", "title": ..., "rows": [...], "cols": [...], "A": [[...]], "B": [[...]]}.
Result<Game> read_game(const Json& document);
// The fields "title", "rows", "cols", "A" and "B" of an object whose keys the caller has checked (the
// game protocol's params); errors point below the reader's pointer.
Result<Game> read_game_fields(const ObjectReader& reader);

struct Cell {
  std::size_t row = 0, col = 0;
  friend bool operator==(const Cell&, const Cell&) = default;
};

struct MixedEquilibrium {
  std::vector<Fraction> row_mix, col_mix;  // probabilities over rows and over columns
  Fraction row_payoff, col_payoff;         // expected payoffs
};

struct Equilibria {
  std::vector<Cell> pure;                // every pure equilibrium, in row-major order
  std::vector<MixedEquilibrium> mixed;   // every equilibrium with a support of two actions a side
  bool mixed_computed = false;           // the game has two rows or two columns and is nondegenerate
  bool degenerate = false;
  std::string degenerate_reason;         // "row Up has two best responses: Left, Right"
  std::string mixed_note;                // why mixed equilibria are not listed, when they are not
};

// Best responses: for each column, the rows that maximise the row player's payoff, and vice versa.
using BestResponses = std::vector<std::vector<std::size_t>>;
BestResponses row_best_responses(const Game& game);  // indexed by column
BestResponses col_best_responses(const Game& game);  // indexed by row
Equilibria find_equilibria(const Game& game);

// The course's greedy "equilibrium": the cell with the highest total payoff (first in row-major order).
Cell course_greedy_cell(const Game& game);

Json equilibria_json(const Game& game, const Equilibria& found);

}  // namespace coordlab::allocation

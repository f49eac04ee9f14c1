#include "allocation/game.hpp"

#include <algorithm>

#include "core/assert.hpp"
#include "core/limits.hpp"

namespace coordlab::allocation {
namespace {

using Int = GameInt;
using IntMatrix = std::vector<std::vector<Int>>;

Int absolute(Int value) { return value < 0 ? -value : value; }

Int gcd(Int a, Int b) {
  a = absolute(a);
  b = absolute(b);
  while (b != 0) {
    const Int rest = a % b;
    a = b;
    b = rest;
  }
  return a;
}

std::string integer_text(Int value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  std::string digits;
  for (Int rest = absolute(value); rest > 0; rest /= 10) digits.push_back(static_cast<char>('0' + static_cast<int>(rest % 10)));
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// A payoff: a whole number or the text "p/q".
Result<Fraction> read_payoff(const Json& value, const std::string& pointer) {
  const std::string hint = "a payoff is a whole number or a fraction \"p/q\", with |p| <= " + std::to_string(limits::kMaxGamePayoffMagnitude) +
                           " and 1 <= q <= " + std::to_string(limits::kMaxGamePayoffDenominator) + ".";
  std::int64_t num = 0, den = 1;
  if (value.is_number_integer()) {
    num = value.get<std::int64_t>();
  } else if (value.is_string()) {
    const std::string text = value.get<std::string>();
    const std::size_t slash = text.find('/');
    try {
      std::size_t used = 0;
      num = std::stoll(text.substr(0, slash), &used);
      if (used != (slash == std::string::npos ? text.size() : slash)) return make_error("game.bad_payoff", hint, pointer);
      if (slash != std::string::npos) {
        den = std::stoll(text.substr(slash + 1), &used);
        if (used != text.size() - slash - 1) return make_error("game.bad_payoff", hint, pointer);
      }
    } catch (const std::exception&) {
      return make_error("game.bad_payoff", hint, pointer);
    }
  } else {
    return make_error("game.bad_payoff", hint + " This one is " + describe_json_type(value) + ".", pointer);
  }
  if (num < -limits::kMaxGamePayoffMagnitude || num > limits::kMaxGamePayoffMagnitude || den < 1 || den > limits::kMaxGamePayoffDenominator) {
    return make_error("game.bad_payoff", hint, pointer);
  }
  return make_fraction(num, den);
}

Result<std::vector<std::string>> read_actions(const ObjectReader& reader, std::string_view key) {
  const Json* list = reader.find(key);
  const std::string pointer = reader.pointer_of(key);
  if (list == nullptr || !list->is_array() || list->empty() || list->size() > limits::kMaxGameActions) {
    return make_error("game.bad_actions", "\"" + std::string(key) + "\" lists 1 to " + std::to_string(limits::kMaxGameActions) + " action names.", pointer);
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& name = (*list)[i];
    if (!name.is_string() || name.get<std::string>().empty() || name.get<std::string>().size() > limits::kMaxGameActionNameBytes) {
      return make_error("game.bad_actions", "an action name is a text of 1 to 32 characters.", pointer_append(pointer, i));
    }
    if (std::find(names.begin(), names.end(), name.get<std::string>()) != names.end()) {
      return make_error("game.bad_actions", "the action \"" + name.get<std::string>() + "\" is named twice.", pointer_append(pointer, i));
    }
    names.push_back(name.get<std::string>());
  }
  return names;
}

Result<std::vector<std::vector<Fraction>>> read_matrix(const ObjectReader& reader, std::string_view key, std::size_t rows, std::size_t cols) {
  const Json* matrix = reader.find(key);
  const std::string pointer = reader.pointer_of(key);
  const std::string shape = "\"" + std::string(key) + "\" is " + std::to_string(rows) + " rows of " + std::to_string(cols) + " payoffs (one row per action in \"rows\").";
  if (matrix == nullptr || !matrix->is_array() || matrix->size() != rows) return make_error("game.bad_matrix", shape, pointer);
  std::vector<std::vector<Fraction>> payoffs(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const Json& row = (*matrix)[i];
    if (!row.is_array() || row.size() != cols) return make_error("game.bad_matrix", shape, pointer_append(pointer, i));
    for (std::size_t j = 0; j < cols; ++j) {
      Result<Fraction> payoff = read_payoff(row[j], pointer_append(pointer_append(pointer, i), j));
      if (!payoff.ok()) return payoff.error();
      payoffs[i].push_back(payoff.value());
    }
  }
  return payoffs;
}

// One player's payoffs times their common denominator: whole numbers with the same equilibria.
struct Scaled {
  IntMatrix values;
  Int scale = 1;
};

Scaled scale_to_integers(const std::vector<std::vector<Fraction>>& payoffs) {
  Scaled scaled;
  for (const auto& row : payoffs)
    for (const Fraction& value : row) scaled.scale = scaled.scale / gcd(scaled.scale, value.den) * value.den;
  for (const auto& row : payoffs) {
    scaled.values.emplace_back();
    for (const Fraction& value : row) scaled.values.back().push_back(value.num * (scaled.scale / value.den));
  }
  return scaled;
}

bool fits_scale(const std::vector<std::vector<Fraction>>& payoffs) { return scale_to_integers(payoffs).scale <= limits::kMaxGamePayoffScale; }

IntMatrix transposed(const IntMatrix& matrix) {
  IntMatrix result(matrix.front().size(), std::vector<Int>(matrix.size()));
  for (std::size_t i = 0; i < matrix.size(); ++i)
    for (std::size_t j = 0; j < matrix[i].size(); ++j) result[j][i] = matrix[i][j];
  return result;
}

// Mixed equilibria of a game whose first player has two actions, each player mixing two actions. `mine`
// is the two-action player's payoffs, `theirs` the other's, both indexed [my action][their action].
// Returns false (and says why) when the game turns out degenerate.
struct TwoActionMix {
  Fraction my_first;        // probability of my first action
  std::size_t j = 0, k = 0;  // the other player's two actions
  Fraction their_j;         // probability of action j
};

bool mixes_of_two_action_player(const IntMatrix& mine, const IntMatrix& theirs, std::vector<TwoActionMix>& found, std::string& why) {
  const std::size_t n = mine.front().size();
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t k = j + 1; k < n; ++k) {
      // My indifference fixes their mix q on j: mine[0]·(q, 1-q) = mine[1]·(q, 1-q).
      const Int q_den = mine[0][j] - mine[1][j] - mine[0][k] + mine[1][k];
      const Int q_num = mine[1][k] - mine[0][k];
      // Their indifference between j and k fixes my mix p on my first action.
      const Int p_den = theirs[0][j] - theirs[1][j] - theirs[0][k] + theirs[1][k];
      const Int p_num = theirs[1][k] - theirs[1][j];
      if (p_den == 0 && p_num == 0) {
        why = "two actions of one player pay it the same against everything: there are infinitely many equilibria or none";
        return false;
      }
      if (q_den == 0 || p_den == 0) continue;
      const Fraction q = make_fraction(q_num, q_den), p = make_fraction(p_num, p_den);
      if (q.num <= 0 || q.num >= q.den || p.num <= 0 || p.num >= p.den) continue;
      // Against p, j and k must be their best replies: value(l) = theirs[0][l]·p + theirs[1][l]·(1-p).
      auto value = [&](std::size_t l) { return theirs[0][l] * p.num + theirs[1][l] * (p.den - p.num); };
      bool best = true;
      for (std::size_t l = 0; l < n && best; ++l) {
        if (l == j || l == k) continue;
        if (value(l) == value(j)) {
          why = "a mixed strategy has three best responses";
          return false;
        }
        best = value(l) < value(j);
      }
      if (best) found.push_back({p, j, k, q});
    }
  }
  return true;
}

Fraction expected(const std::vector<std::vector<Fraction>>& payoffs, const std::vector<Fraction>& row_mix, const std::vector<Fraction>& col_mix) {
  Int num = 0, den = 1;
  for (std::size_t i = 0; i < row_mix.size(); ++i) {
    for (std::size_t j = 0; j < col_mix.size(); ++j) {
      const Fraction term = make_fraction(payoffs[i][j].num * row_mix[i].num * col_mix[j].num, payoffs[i][j].den * row_mix[i].den * col_mix[j].den);
      num = num * term.den + term.num * den;
      den *= term.den;
      const Fraction reduced = make_fraction(num, den);
      num = reduced.num;
      den = reduced.den;
    }
  }
  return make_fraction(num, den);
}

MixedEquilibrium to_equilibrium(const Game& game, const TwoActionMix& mix, bool row_player_mixes_first) {
  MixedEquilibrium equilibrium;
  std::vector<Fraction> two = {mix.my_first, make_fraction(mix.my_first.den - mix.my_first.num, mix.my_first.den)};
  std::vector<Fraction> other(row_player_mixes_first ? game.cols.size() : game.rows.size(), Fraction{0, 1});
  other[mix.j] = mix.their_j;
  other[mix.k] = make_fraction(mix.their_j.den - mix.their_j.num, mix.their_j.den);
  equilibrium.row_mix = row_player_mixes_first ? two : other;
  equilibrium.col_mix = row_player_mixes_first ? other : two;
  equilibrium.row_payoff = expected(game.a, equilibrium.row_mix, equilibrium.col_mix);
  equilibrium.col_payoff = expected(game.b, equilibrium.row_mix, equilibrium.col_mix);
  return equilibrium;
}

std::string list_names(const std::vector<std::string>& names, const std::vector<std::size_t>& indices) {
  std::string text;
  for (std::size_t index : indices) text += (text.empty() ? "" : ", ") + names[index];
  return text;
}

// Pure degeneracy: a pure strategy with two or more best responses (`by_col`, `by_row` as computed by
// row_best_responses and col_best_responses).
std::string pure_degeneracy(const Game& game, const BestResponses& by_col, const BestResponses& by_row) {
  for (std::size_t j = 0; j < by_col.size(); ++j)
    if (by_col[j].size() > 1) return "against column " + game.cols[j] + " the row player has several best responses: " + list_names(game.rows, by_col[j]);
  for (std::size_t i = 0; i < by_row.size(); ++i)
    if (by_row[i].size() > 1) return "against row " + game.rows[i] + " the column player has several best responses: " + list_names(game.cols, by_row[i]);
  return "";
}

}  // namespace

Fraction make_fraction(Int num, Int den) {
  ENGINE_ASSERT(den != 0);  // a fraction needs a nonzero denominator
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const Int divisor = gcd(num, den);
  return divisor > 1 ? Fraction{num / divisor, den / divisor} : Fraction{num, den};
}

std::string fraction_text(const Fraction& value) { return value.den == 1 ? integer_text(value.num) : integer_text(value.num) + "/" + integer_text(value.den); }

Result<Game> read_game(const Json& document) {
  ObjectReader reader(document, "", "a game");
  RETURN_IF_ERROR(reader.check({"format", "title", "rows", "cols", "A", "B"}));
  Result<std::string> format = reader.string("format");
  if (!format.ok()) return format.error();
  if (format.value() != "coordlab.game/1") return make_error("game.bad_format", "\"format\" must be \"coordlab.game/1\".", "/format");
  return read_game_fields(reader);
}

Result<Game> read_game_fields(const ObjectReader& reader) {
  Game game;
  Result<std::string> title = reader.string("title", "");
  if (!title.ok()) return title.error();
  game.title = title.value();
  Result<std::vector<std::string>> rows = read_actions(reader, "rows");
  if (!rows.ok()) return rows.error();
  Result<std::vector<std::string>> cols = read_actions(reader, "cols");
  if (!cols.ok()) return cols.error();
  game.rows = rows.value();
  game.cols = cols.value();
  for (const char* key : {"A", "B"}) {
    Result<std::vector<std::vector<Fraction>>> matrix = read_matrix(reader, key, game.rows.size(), game.cols.size());
    if (!matrix.ok()) return matrix.error();
    if (!fits_scale(matrix.value())) {
      return make_error("game.bad_payoff", std::string("the denominators in \"") + key + "\" have a common multiple above " +
                                               std::to_string(limits::kMaxGamePayoffScale) + "; use fewer different denominators.", reader.pointer_of(key));
    }
    (key[0] == 'A' ? game.a : game.b) = matrix.value();
  }
  return game;
}

BestResponses row_best_responses(const Game& game) {
  const Scaled a = scale_to_integers(game.a);
  BestResponses best(game.cols.size());
  for (std::size_t j = 0; j < game.cols.size(); ++j) {
    Int top = a.values[0][j];
    for (std::size_t i = 1; i < game.rows.size(); ++i) top = std::max(top, a.values[i][j]);
    for (std::size_t i = 0; i < game.rows.size(); ++i)
      if (a.values[i][j] == top) best[j].push_back(i);
  }
  return best;
}

BestResponses col_best_responses(const Game& game) {
  const Scaled b = scale_to_integers(game.b);
  BestResponses best(game.rows.size());
  for (std::size_t i = 0; i < game.rows.size(); ++i) {
    const Int top = *std::max_element(b.values[i].begin(), b.values[i].end());
    for (std::size_t j = 0; j < game.cols.size(); ++j)
      if (b.values[i][j] == top) best[i].push_back(j);
  }
  return best;
}

Equilibria find_equilibria(const Game& game) {
  Equilibria found;
  const auto by_col = row_best_responses(game);
  const auto by_row = col_best_responses(game);
  for (std::size_t i = 0; i < game.rows.size(); ++i)
    for (std::size_t j = 0; j < game.cols.size(); ++j)
      if (std::count(by_col[j].begin(), by_col[j].end(), i) > 0 && std::count(by_row[i].begin(), by_row[i].end(), j) > 0) found.pure.push_back({i, j});
  found.degenerate_reason = pure_degeneracy(game, by_col, by_row);
  const bool two_rows = game.rows.size() == 2, two_cols = game.cols.size() == 2;
  if (found.degenerate_reason.empty() && (two_rows || two_cols)) {
    const Scaled a = scale_to_integers(game.a), b = scale_to_integers(game.b);
    std::vector<TwoActionMix> mixes;
    const bool fine = two_rows ? mixes_of_two_action_player(a.values, b.values, mixes, found.degenerate_reason)
                               : mixes_of_two_action_player(transposed(b.values), transposed(a.values), mixes, found.degenerate_reason);
    if (fine) {
      for (const TwoActionMix& mix : mixes) found.mixed.push_back(to_equilibrium(game, mix, two_rows));
      found.mixed_computed = true;
    }
  }
  found.degenerate = !found.degenerate_reason.empty();
  if (found.degenerate) {
    found.mixed.clear();
    found.mixed_note = "the game is degenerate (" + found.degenerate_reason + "), so it can have infinitely many mixed equilibria; they are not listed";
  } else if (!found.mixed_computed) {
    found.mixed_note = "mixed equilibria are listed for games with two rows or two columns";
  }
  return found;
}

Cell course_greedy_cell(const Game& game) {
  Cell best;
  Fraction best_total{0, 1};
  for (std::size_t i = 0; i < game.rows.size(); ++i) {
    for (std::size_t j = 0; j < game.cols.size(); ++j) {
      const Fraction& a = game.a[i][j];
      const Fraction& b = game.b[i][j];
      const Fraction total = make_fraction(a.num * b.den + b.num * a.den, a.den * b.den);
      if ((i == 0 && j == 0) || total.num * best_total.den > best_total.num * total.den) {
        best = {i, j};
        best_total = total;
      }
    }
  }
  return best;
}

Json equilibria_json(const Game& game, const Equilibria& found) {
  auto mix_json = [](const std::vector<std::string>& names, const std::vector<Fraction>& mix) {
    Json list = Json::object();
    for (std::size_t i = 0; i < mix.size(); ++i)
      if (mix[i].num != 0) list[names[i]] = fraction_text(mix[i]);
    return list;
  };
  Json pure = Json::array();
  for (const Cell& cell : found.pure) {
    pure.push_back({{"row", game.rows[cell.row]}, {"col", game.cols[cell.col]},
                    {"payoffs", {fraction_text(game.a[cell.row][cell.col]), fraction_text(game.b[cell.row][cell.col])}}});
  }
  Json mixed = Json::array();
  for (const MixedEquilibrium& equilibrium : found.mixed) {
    mixed.push_back({{"row", mix_json(game.rows, equilibrium.row_mix)}, {"col", mix_json(game.cols, equilibrium.col_mix)},
                     {"payoffs", {fraction_text(equilibrium.row_payoff), fraction_text(equilibrium.col_payoff)}}});
  }
  return {{"format", "coordlab.game-equilibria/1"}, {"title", game.title}, {"rows", game.rows}, {"cols", game.cols},
          {"degenerate", found.degenerate}, {"degenerate_reason", found.degenerate_reason}, {"pure", pure},
          {"mixed_computed", found.mixed_computed}, {"mixed", mixed}, {"mixed_note", found.mixed_note}};
}

}  // namespace coordlab::allocation

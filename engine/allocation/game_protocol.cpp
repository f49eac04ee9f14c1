// The game board actor and the game protocol's spec (see game_protocol.hpp).
#include "allocation/game_protocol.hpp"

#include <algorithm>
#include <memory>

#include "protocols/payload.hpp"

namespace coordlab::allocation {
namespace {

using protocols::PayloadReader;
using protocols::parse_decimal;

bool valid_action_name(std::string_view name) {
  return !name.empty() && name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) {
    if (!text.empty()) text += ",";
    text += name;
  }
  return text;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

std::string matrix_text(const std::vector<std::vector<Fraction>>& matrix) {
  std::string text;
  for (std::size_t i = 0; i < matrix.size(); ++i) {
    if (i > 0) text += ";";
    for (std::size_t j = 0; j < matrix[i].size(); ++j) {
      if (j > 0) text += ",";
      text += fraction_text(matrix[i][j]);
    }
  }
  return text;
}

std::optional<Fraction> fraction_from_text(std::string_view text) {
  const std::vector<std::string_view> parts = split(text, '/');
  if (parts.size() > 2) return std::nullopt;
  const auto num = parse_decimal(parts[0]);
  const auto den = parts.size() == 2 ? parse_decimal(parts[1]) : std::optional<std::int64_t>(1);
  if (!num || !den || *den < 1) return std::nullopt;
  return make_fraction(*num, *den);
}

std::optional<std::vector<std::vector<Fraction>>> matrix_from_text(std::string_view text, std::size_t rows, std::size_t cols) {
  const std::vector<std::string_view> lines = split(text, ';');
  if (lines.size() != rows) return std::nullopt;
  std::vector<std::vector<Fraction>> matrix;
  for (std::string_view line : lines) {
    const std::vector<std::string_view> cells = split(line, ',');
    if (cells.size() != cols) return std::nullopt;
    matrix.emplace_back();
    for (std::string_view cell : cells) {
      const auto value = fraction_from_text(cell);
      if (!value) return std::nullopt;
      matrix.back().push_back(*value);
    }
  }
  return matrix;
}

std::string cell_name(const Game& game, const Cell& cell) { return game.rows[cell.row] + "/" + game.cols[cell.col]; }

bool contains(const std::vector<std::size_t>& list, std::size_t value) { return std::find(list.begin(), list.end(), value) != list.end(); }

class GameBoardActor final : public sim::Actor {
 public:
  explicit GameBoardActor(const Game& game) : game_(game), by_col_(row_best_responses(game)), by_row_(col_best_responses(game)) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<GameBoardActor>(*this); }
  void start(sim::Context& context) override {
    marks_.clear();
    context.out.note(game_note(game_));
  }
  void handle_message(const sim::Message&, sim::Context&) override {}
  void handle_timer(std::uint16_t, sim::Context&) override {}

  Status handle_input(std::string_view text, sim::Context& context) override {
    if (text == "clear") {
      marks_.clear();
      context.out.note("clear");
      return {};
    }
    const bool mark = text.rfind("mark ", 0) == 0;
    if (!mark && text.rfind("unmark ", 0) != 0) {
      return make_error("input.invalid", "the board accepts \"mark row=NAME col=NAME\", \"unmark row=NAME col=NAME\" or \"clear\".");
    }
    const PayloadReader reader(text);
    const std::string row(reader.text("row").value_or("")), col(reader.text("col").value_or(""));
    const auto row_at = std::find(game_.rows.begin(), game_.rows.end(), row);
    const auto col_at = std::find(game_.cols.begin(), game_.cols.end(), col);
    if (row_at == game_.rows.end() || col_at == game_.cols.end()) {
      return make_error("input.unknown_action", "no cell row=" + row + " col=" + col + "; the rows are " + join(game_.rows) + " and the columns " +
                                                    join(game_.cols) + ".");
    }
    const Cell cell{static_cast<std::size_t>(row_at - game_.rows.begin()), static_cast<std::size_t>(col_at - game_.cols.begin())};
    const auto found = std::find(marks_.begin(), marks_.end(), cell);
    if (mark && found == marks_.end()) marks_.push_back(cell);
    if (!mark && found != marks_.end()) marks_.erase(found);
    context.out.note(std::string(mark ? "mark" : "unmark") + " row=" + row + " col=" + col);
    return {};
  }

  std::string role() const override { return "board"; }
  void describe(sim::StateWriter& writer) const override {
    const Cell greedy = course_greedy_cell(game_);
    const bool greedy_stable = contains(by_col_[greedy.col], greedy.row) && contains(by_row_[greedy.row], greedy.col);
    writer.field("game", game_.title);
    writer.field("marked", static_cast<std::int64_t>(marks_.size()));
    writer.field("course_greedy_cell", cell_name(game_, greedy) + (greedy_stable ? " (an equilibrium)" : " (not an equilibrium)"));
    writer.field("legend", "A, B: the row and column player's payoffs; * after a payoff: that player's best response; [marked]: your mark; "
                           "(greedy): the course's pick, the highest total");
    std::vector<std::string> columns{"row"};
    columns.insert(columns.end(), game_.cols.begin(), game_.cols.end());
    writer.table("payoffs", columns);
    for (std::size_t i = 0; i < game_.rows.size(); ++i) {
      std::vector<std::string> cells{game_.rows[i]};
      for (std::size_t j = 0; j < game_.cols.size(); ++j) {
        std::string cell = fraction_text(game_.a[i][j]);
        if (contains(by_col_[j], i)) cell += "*";
        cell += ", ";
        cell += fraction_text(game_.b[i][j]);
        if (contains(by_row_[i], j)) cell += "*";
        if (std::find(marks_.begin(), marks_.end(), Cell{i, j}) != marks_.end()) cell += " [marked]";
        if (greedy == Cell{i, j}) cell += " (greedy)";
        cells.push_back(std::move(cell));
      }
      writer.row(std::move(cells));
    }
  }

 private:
  Game game_;
  BestResponses by_col_, by_row_;
  std::vector<Cell> marks_;
};

Result<Game> parse_params(const Json& params, const std::string& pointer) {
  if (params.is_null()) return make_error("params.missing", "the game protocol needs params: \"rows\", \"cols\", \"A\" and \"B\".", pointer);
  ObjectReader reader(params, pointer, "game params");
  RETURN_IF_ERROR(reader.check({"title", "rows", "cols", "A", "B"}));
  Result<Game> game = read_game_fields(reader);
  if (!game.ok()) return game.error();
  for (const char* key : {"rows", "cols"}) {
    const std::vector<std::string>& names = key[0] == 'r' ? game.value().rows : game.value().cols;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (!valid_action_name(names[i])) {
        return make_error("params.bad_action", "an action name in the game protocol is 1 to 32 letters, digits, _ or - (it is typed in commands).",
                          pointer_append(reader.pointer_of(key), i));
      }
    }
  }
  return game;
}

}  // namespace

std::string game_note(const Game& game) {
  std::string text = "game rows=" + join(game.rows);
  text += " cols=" + join(game.cols);
  text += " a=" + matrix_text(game.a);
  text += " b=" + matrix_text(game.b);
  text += " greedy=" + cell_name(game, course_greedy_cell(game));
  return text;
}

std::optional<Game> game_from_note(std::string_view text) {
  if (text.rfind("game ", 0) != 0) return std::nullopt;
  const PayloadReader reader(text);
  Game game;
  for (std::string_view name : split(reader.text("rows").value_or(""), ',')) game.rows.emplace_back(name);
  for (std::string_view name : split(reader.text("cols").value_or(""), ',')) game.cols.emplace_back(name);
  auto a = matrix_from_text(reader.text("a").value_or(""), game.rows.size(), game.cols.size());
  auto b = matrix_from_text(reader.text("b").value_or(""), game.rows.size(), game.cols.size());
  if (!a || !b) return std::nullopt;
  game.a = std::move(*a);
  game.b = std::move(*b);
  return game;
}

protocols::ProtocolSpec game_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "game";
  spec.summary = "a two-player normal-form game on a board: mark the pure Nash equilibria (cells where both play a best response)";
  spec.views = {{"game.payoffs", "Payoff matrix", protocols::ViewKind::table, "payoffs",
                 "the payoff matrix: A, B per cell, * on each player's best responses, your marks and the course's greedy cell"}};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<Game> parsed = parse_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    Game game = parsed.value();
    return sim::ActorFactory([game](NodeId, std::size_t, std::string_view) { return std::make_unique<GameBoardActor>(game); });
  };
  return spec;
}

}  // namespace coordlab::allocation

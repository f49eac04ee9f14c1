// coordlab game equilibria FILE [--json]: every pure Nash equilibrium of a two-player normal-form game
// (the intersection of best responses) and, for nondegenerate games with two rows or two columns, every
// mixed one, as exact fractions. Degenerate games are reported as such. The file:
//   {"format": "coordlab.game/1", "title": "Battle of the sexes", "rows": ["Opera", "Football"],
//    "cols": ["Opera", "Football"], "A": [[3, 0], [0, 2]], "B": [[2, 0], [0, 3]]}
#include <cstdio>

#include "allocation/game.hpp"
#include "cli/cli.hpp"

namespace coordlab::cli {
namespace {

std::string mix_text(const std::vector<std::string>& names, const std::vector<allocation::Fraction>& mix) {
  std::string text;
  for (std::size_t i = 0; i < mix.size(); ++i)
    if (mix[i].num != 0) text += (text.empty() ? "" : ", ") + names[i] + " " + allocation::fraction_text(mix[i]);
  return text;
}

void print_equilibria(const allocation::Game& game, const allocation::Equilibria& found) {
  std::string heading = game.title.empty() ? "game" : game.title;
  heading += " (" + std::to_string(game.rows.size()) + " x " + std::to_string(game.cols.size()) + "): ";
  heading += found.degenerate ? "degenerate: " + found.degenerate_reason : "nondegenerate";
  std::puts(heading.c_str());
  std::puts("pure equilibria (row, column: payoffs):");
  if (found.pure.empty()) std::puts("  none");
  for (const allocation::Cell& cell : found.pure) {
    const std::string line = "  " + game.rows[cell.row] + ", " + game.cols[cell.col] + ": " + allocation::fraction_text(game.a[cell.row][cell.col]) +
                             ", " + allocation::fraction_text(game.b[cell.row][cell.col]);
    std::puts(line.c_str());
  }
  if (!found.mixed_computed) {
    std::printf("mixed equilibria: not listed: %s.\n", found.mixed_note.c_str());
    return;
  }
  std::puts("mixed equilibria (row mix; column mix: expected payoffs):");
  if (found.mixed.empty()) std::puts("  none");
  for (const allocation::MixedEquilibrium& mixed : found.mixed) {
    const std::string line = "  " + mix_text(game.rows, mixed.row_mix) + "; " + mix_text(game.cols, mixed.col_mix) + ": " +
                             allocation::fraction_text(mixed.row_payoff) + ", " + allocation::fraction_text(mixed.col_payoff);
    std::puts(line.c_str());
  }
  std::printf("%zu equilibria in all (a nondegenerate game always has an odd number).\n", found.pure.size() + found.mixed.size());
}

}  // namespace

int run_game_command(const std::vector<std::string>& argv) {
  Result<Arguments> arguments = parse_arguments(argv, {}, {"json"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  const Arguments& parsed = arguments.value();
  if (parsed.positional.size() != 2 || parsed.positional[0] != "equilibria") {
    std::fputs("usage: coordlab game equilibria FILE [--json]\n", stderr);
    return kExitUsage;
  }
  Result<std::string> text = read_file(parsed.positional[1]);
  if (!text.ok()) return report(text.error());
  Result<Json> document = parse_json_text(text.value(), parsed.positional[1]);
  if (!document.ok()) return report(document.error());
  Result<allocation::Game> game = allocation::read_game(document.value());
  if (!game.ok()) return report(locate_error(game.error(), text.value(), parsed.positional[1]));
  const allocation::Equilibria found = allocation::find_equilibria(game.value());
  if (parsed.has("json")) {
    std::puts(allocation::equilibria_json(game.value(), found).dump().c_str());
  } else {
    print_equilibria(game.value(), found);
  }
  return kExitOk;
}

}  // namespace coordlab::cli

// The game protocol: one node, the board, holds a two-player normal-form game (game.hpp) and the
// learner's marks. The learner marks the cells it believes are pure Nash equilibria by input commands,
// so a run with the same commands replays exactly; the check game.equilibria_marked compares the marks
// with the best-response intersection recomputed from the board's first note.
//
// Params: {"title": ..., "rows": [...], "cols": [...], "A": [[...]], "B": [[...]]} as in a
// coordlab.game/1 file, but action names are 1 to 32 letters, digits, _ or - (they appear in commands).
// Input to the board: "mark row=NAME col=NAME", "unmark row=NAME col=NAME", "clear".
// Trace notes (read by game.* checks):
//   "game rows=Up,Down cols=Left,Right a=3,0;5,1 b=3,5;0,1 greedy=Up/Left"   (at start; a, b row by row)
//   "mark row=Up col=Left", "unmark row=Up col=Left", "clear"
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "allocation/game.hpp"
#include "protocols/protocol_spec.hpp"

namespace coordlab::allocation {

protocols::ProtocolSpec game_protocol();

// The board's "game ..." note, and the game read back from it (nothing when the note is malformed).
std::string game_note(const Game& game);
std::optional<Game> game_from_note(std::string_view text);

}  // namespace coordlab::allocation

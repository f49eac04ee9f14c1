// S-expressions, as HDDL (and PDDL) files are written: lists in parentheses, atoms, `;` comments to the
// end of the line. Case-insensitive like PDDL: atoms are lowercased. Every node keeps its line and
// column, so the importer's errors point into the file. Size, depth and node count are limited.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace coordlab::planning {

struct SExpr {
  bool is_list = false;
  std::string atom;           // for an atom
  std::vector<SExpr> items;   // for a list
  int line = 0, column = 0;   // 1-based, where it starts

  bool is_atom(std::string_view text) const { return !is_list && atom == text; }
  // The head atom of a list ("and" in "(and ...)"), or "" when it has none.
  std::string_view head() const { return is_list && !items.empty() && !items[0].is_list ? std::string_view(items[0].atom) : std::string_view(); }
};

// The one top-level list of `text` (a domain or problem file).
Result<SExpr> parse_sexpr(std::string_view text, std::string_view file);

// An error at `node` in `file`: code "hddl.<what>".
Error sexpr_error(std::string_view code, std::string message, const SExpr& node, std::string_view file);

}  // namespace coordlab::planning

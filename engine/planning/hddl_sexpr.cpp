// The S-expression reader for HDDL files (an iterative parser: deep nesting is a located error, never
// a stack overflow).
#include "planning/hddl_sexpr.hpp"

#include "core/limits.hpp"

namespace coordlab::planning {

Error sexpr_error(std::string_view code, std::string message, const SExpr& node, std::string_view file) {
  Error error = make_error(std::string(code), std::move(message));
  error.file = std::string(file);
  error.line = node.line;
  error.column = node.column;
  return error;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool ends_atom(char c) { return is_space(c) || c == '(' || c == ')' || c == ';'; }

Error located(std::string_view code, std::string message, int line, int column, std::string_view file) {
  SExpr at;
  at.line = line;
  at.column = column;
  return sexpr_error(code, std::move(message), at, file);
}

}  // namespace

Result<SExpr> parse_sexpr(std::string_view text, std::string_view file) {
  if (text.size() > limits::kMaxHddlBytes) {
    return located("hddl.too_large", "the file has more than " + std::to_string(limits::kMaxHddlBytes) + " bytes.", 1, 1, file);
  }
  std::vector<SExpr> open;  // the lists being read, outermost first
  SExpr top;
  bool have_top = false;
  std::size_t nodes = 0;
  int line = 1, column = 1;
  for (std::size_t at = 0; at < text.size();) {
    const char c = text[at];
    if (c == '\n') {
      ++line, column = 1, ++at;
      continue;
    }
    if (is_space(c)) {
      ++column, ++at;
      continue;
    }
    if (c == ';') {
      while (at < text.size() && text[at] != '\n') ++at;
      continue;
    }
    if (++nodes > limits::kMaxHddlNodes) return located("hddl.too_large", "more than " + std::to_string(limits::kMaxHddlNodes) + " atoms and lists.", line, column, file);
    if (have_top && open.empty()) return located("hddl.trailing_text", "text after the closing parenthesis of the definition; a file holds one (define ...).", line, column, file);
    if (c == '(') {
      if (open.size() >= limits::kMaxHddlDepth) return located("hddl.too_deep", "lists nest deeper than " + std::to_string(limits::kMaxHddlDepth) + " levels.", line, column, file);
      SExpr list;
      list.is_list = true;
      list.line = line;
      list.column = column;
      open.push_back(std::move(list));
      ++column, ++at;
      continue;
    }
    if (c == ')') {
      if (open.empty()) return located("hddl.unbalanced", "a `)` closes nothing; remove it or add the `(` it belongs to.", line, column, file);
      SExpr done = std::move(open.back());
      open.pop_back();
      if (open.empty()) {
        top = std::move(done);
        have_top = true;
      } else {
        open.back().items.push_back(std::move(done));
      }
      ++column, ++at;
      continue;
    }
    SExpr atom;
    atom.line = line;
    atom.column = column;
    while (at < text.size() && !ends_atom(text[at])) {
      const char ch = text[at];
      atom.atom.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
      ++at, ++column;
    }
    if (open.empty()) return sexpr_error("hddl.not_a_list", "the file starts with `" + atom.atom + "`; it should be one list, (define ...).", atom, file);
    open.back().items.push_back(std::move(atom));
  }
  if (!open.empty()) {
    return sexpr_error("hddl.unbalanced", "this `(` is never closed; add the missing `)`.", open.back(), file);
  }
  if (!have_top) return located("hddl.empty", "the file is empty; it should hold one (define ...).", 1, 1, file);
  return top;
}

}  // namespace coordlab::planning

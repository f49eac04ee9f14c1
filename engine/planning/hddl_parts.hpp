// Pieces the HDDL importer's files share (hddl_import.cpp: the domain; hddl_problem.cpp: the problem).
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "planning/domain.hpp"
#include "planning/hddl_sexpr.hpp"

namespace coordlab::planning::hddl {

// The file being converted and, per JSON pointer of the output, the line it came from (so errors the
// strict reader finds in the output point back into the HDDL file).
struct Source {
  std::string_view file;
  std::map<std::string, SExpr> origin;
  Error error(std::string_view what, std::string message, const SExpr& node) const;
  Error outside_subset(std::string_view construct, const SExpr& node) const;
  Error relocate(Error error) const;
};

struct TypedName {
  std::string name;
  std::string type;  // "object" when untyped
};
// `a b - t c` from list.items[from] on.
Result<std::vector<TypedName>> typed_list(const SExpr& list, std::size_t from, const Source& source);
std::string typed_text(const std::vector<TypedName>& names);  // "?a - t ?b - u"

// The values of `:key value` pairs of `list` from item `from`; a key outside `allowed` is an error.
Result<std::map<std::string, const SExpr*>> keyword_values(const SExpr& list, std::size_t from, const std::vector<std::string_view>& allowed, const Source& source);

// A precondition or goal formula as our literal strings ("on ?x ?y", "not = ?x ?y", "forall ?x - t | ...").
Status formula_literals(const SExpr& formula, const Source& source, std::vector<std::string>& out);
// An atom "(p a ?b)" as "p a ?b".
Result<std::string> atom_text(const SExpr& atom, const Source& source);

// The subtasks of a method or the problem's :htn, in their total order: `ordered` is :ordered-subtasks
// (or :ordered-tasks), else `unordered` (:subtasks / :tasks) with `ordering`. Each is "name args".
Result<std::vector<std::string>> ordered_subtasks(const std::map<std::string, const SExpr*>& keys, const SExpr& owner, const Source& source);

}  // namespace coordlab::planning::hddl

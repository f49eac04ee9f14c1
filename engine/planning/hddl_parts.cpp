// Shared HDDL conversions: typed lists, keyword pairs, formulas and the total order of subtasks.
#include <algorithm>

#include "planning/hddl_parts.hpp"

namespace coordlab::planning::hddl {

Error Source::error(std::string_view what, std::string message, const SExpr& node) const {
  return sexpr_error("hddl." + std::string(what), std::move(message), node, file);
}

Error Source::outside_subset(std::string_view construct, const SExpr& node) const {
  std::string message = "`";
  message.append(construct).append("` is outside the totally ordered HDDL subset this importer reads (typing, constants, ordered subtasks, ")
      .append("method preconditions, negation, equality, forall in preconditions, goals); rewrite it without `").append(construct).append("`.");
  return error("unsupported", message, node);
}

// The output's pointer with the longest recorded prefix names the HDDL node it came from.
Error Source::relocate(Error error) const {
  const SExpr* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& [pointer, node] : origin) {
    const bool prefix = error.pointer.compare(0, pointer.size(), pointer) == 0 && (error.pointer.size() == pointer.size() || error.pointer[pointer.size()] == '/');
    if (prefix && pointer.size() >= best_length) best = &node, best_length = pointer.size();
  }
  error.file = std::string(file);
  if (best != nullptr) error.line = best->line, error.column = best->column;
  error.message.append(" (in the imported JSON at ").append(error.pointer.empty() ? "/" : error.pointer).append(")");
  error.pointer.clear();
  return error;
}

Result<std::vector<TypedName>> typed_list(const SExpr& list, std::size_t from, const Source& source) {
  std::vector<TypedName> names;
  std::size_t untyped_from = 0;
  for (std::size_t i = from; i < list.items.size(); ++i) {
    const SExpr& item = list.items[i];
    if (item.is_list) {
      if (item.head() == "either") return source.outside_subset("either", item);
      return source.error("bad_typed_list", "a typed list holds names and `- type`, not a list.", item);
    }
    if (item.atom != "-") {
      names.push_back(TypedName{item.atom, "object"});
      continue;
    }
    if (i + 1 >= list.items.size() || untyped_from == names.size()) return source.error("bad_typed_list", "a `-` needs names before it and a type after it.", item);
    const SExpr& type = list.items[++i];
    if (type.is_list) return type.head() == "either" ? source.outside_subset("either", type) : source.error("bad_typed_list", "a type is a name.", type);
    for (std::size_t n = untyped_from; n < names.size(); ++n) names[n].type = type.atom;
    untyped_from = names.size();
  }
  return names;
}

std::string typed_text(const std::vector<TypedName>& names) {
  std::string text;
  for (const TypedName& name : names) {
    if (!text.empty()) text.append(" ");
    text.append(name.name).append(" - ").append(name.type);
  }
  return text;
}

Result<std::map<std::string, const SExpr*>> keyword_values(const SExpr& list, std::size_t from, const std::vector<std::string_view>& allowed, const Source& source) {
  std::map<std::string, const SExpr*> values;
  for (std::size_t i = from; i < list.items.size(); i += 2) {
    const SExpr& key = list.items[i];
    if (key.is_list || key.atom.empty() || key.atom[0] != ':') return source.error("bad_keyword", "expected a `:keyword` followed by its value here.", key);
    if (std::find(allowed.begin(), allowed.end(), key.atom) == allowed.end()) return source.outside_subset(key.atom, key);
    if (i + 1 >= list.items.size()) return source.error("missing_value", "`" + key.atom + "` needs a value after it.", key);
    if (values.count(key.atom) != 0) return source.error("duplicate_keyword", "`" + key.atom + "` is given twice.", key);
    values[key.atom] = &list.items[i + 1];
  }
  return values;
}

Result<std::string> atom_text(const SExpr& atom, const Source& source) {
  if (!atom.is_list || atom.items.empty()) return source.error("bad_atom", "expected an atom such as (at ?t ?l).", atom);
  std::string text;
  for (const SExpr& item : atom.items) {
    if (item.is_list) return source.error("bad_atom", "an atom's arguments are names and ?variables, not lists.", item);
    if (!text.empty()) text.append(" ");
    text.append(item.atom);
  }
  return text;
}

namespace {

constexpr std::string_view kConnectives[] = {"or", "imply", "exists", "when", "increase", "decrease", "assign", "preference"};

Result<std::string> literal_text(const SExpr& node, const Source& source) {
  for (std::string_view connective : kConnectives)
    if (node.head() == connective) return source.outside_subset(connective, node);
  if (node.head() == "not") {
    if (node.items.size() != 2) return source.error("bad_not", "(not ...) takes one atom.", node);
    Result<std::string> inner = literal_text(node.items[1], source);
    if (!inner.ok()) return inner;
    if (inner.value().rfind("not ", 0) == 0) return source.outside_subset("not (not ...)", node);
    return "not " + inner.value();
  }
  if (node.head() == "and" || node.head() == "forall") return source.outside_subset(std::string("nested ") + std::string(node.head()), node);
  return atom_text(node, source);
}

Status forall_literal(const SExpr& node, const Source& source, std::vector<std::string>& out) {
  if (node.items.size() != 3 || !node.items[1].is_list) return source.error("bad_forall", "write (forall (?x - type) formula).", node);
  Result<std::vector<TypedName>> variables = typed_list(node.items[1], 0, source);
  if (!variables.ok()) return variables.error();
  if (variables.value().size() != 1) return source.outside_subset("forall over more than one variable", node);
  std::string text = "forall " + typed_text(variables.value());
  const SExpr& body = node.items[2];
  const bool conjunction = body.head() == "and";
  for (std::size_t i = conjunction ? 1 : 0; i < (conjunction ? body.items.size() : 1); ++i) {
    Result<std::string> literal = literal_text(conjunction ? body.items[i] : body, source);
    if (!literal.ok()) return literal.error();
    text.append(" | ").append(literal.value());
  }
  if (text.find('|') == std::string::npos) return source.error("bad_forall", "the forall's formula is empty.", node);
  out.push_back(text);
  return {};
}

}  // namespace

Status formula_literals(const SExpr& formula, const Source& source, std::vector<std::string>& out) {
  if (formula.is_list && formula.items.empty()) return {};
  if (formula.head() == "and") {
    for (std::size_t i = 1; i < formula.items.size(); ++i) RETURN_IF_ERROR(formula_literals(formula.items[i], source, out));
    return {};
  }
  if (formula.head() == "forall") return forall_literal(formula, source, out);
  Result<std::string> literal = literal_text(formula, source);
  if (!literal.ok()) return literal.error();
  out.push_back(literal.value());
  return {};
}

namespace {

struct Labelled {
  std::string label;
  const SExpr* task = nullptr;
};

// (and (t1 (drive ?a ?b)) (pick ?p)) or one subtask or ().
Result<std::vector<Labelled>> subtask_list(const SExpr& value, const Source& source) {
  std::vector<Labelled> out;
  if (!value.is_list) return source.error("bad_subtasks", "subtasks are a list: (and (task1 (name ?args)) ...).", value);
  std::vector<const SExpr*> entries;
  if (value.head() == "and") {
    for (std::size_t i = 1; i < value.items.size(); ++i) entries.push_back(&value.items[i]);
  } else if (!value.items.empty()) {
    entries.push_back(&value);
  }
  for (const SExpr* entry : entries) {
    if (!entry->is_list || entry->items.empty() || entry->items[0].is_list) return source.error("bad_subtasks", "a subtask is (name ?args) or (label (name ?args)).", *entry);
    if (entry->items.size() == 2 && entry->items[1].is_list) out.push_back(Labelled{entry->items[0].atom, &entry->items[1]});
    else out.push_back(Labelled{"", entry});
  }
  return out;
}

// Kahn's algorithm that must never have a choice: a total order, else an error naming two unordered subtasks.
Result<std::vector<std::size_t>> total_order(const std::vector<Labelled>& subtasks, const SExpr* ordering, const SExpr& owner, const Source& source) {
  const std::size_t count = subtasks.size();
  std::vector<std::vector<bool>> before(count, std::vector<bool>(count, false));
  std::vector<const SExpr*> constraints;
  if (ordering != nullptr && ordering->head() == "and") {
    for (std::size_t i = 1; i < ordering->items.size(); ++i) constraints.push_back(&ordering->items[i]);
  } else if (ordering != nullptr && !(ordering->is_list && ordering->items.empty())) {
    constraints.push_back(ordering);
  }
  auto index_of = [&](const SExpr& label) -> std::size_t {
    for (std::size_t i = 0; i < count; ++i)
      if (!label.is_list && subtasks[i].label == label.atom) return i;
    return count;
  };
  for (const SExpr* constraint : constraints) {
    if (constraint->items.size() != 3 || (constraint->head() != "<" && constraint->head() != ">")) return source.error("bad_ordering", "an ordering constraint is (< label1 label2).", *constraint);
    std::size_t a = index_of(constraint->items[1]), b = index_of(constraint->items[2]);
    if (a == count || b == count) return source.error("bad_ordering", "the ordering names a label no subtask has.", *constraint);
    if (constraint->head() == ">") std::swap(a, b);
    before[a][b] = true;
  }
  std::vector<std::size_t> order;
  std::vector<bool> placed(count, false);
  while (order.size() < count) {
    std::vector<std::size_t> ready;
    for (std::size_t i = 0; i < count; ++i) {
      bool free = !placed[i];
      for (std::size_t j = 0; j < count && free; ++j) free = placed[j] || !before[j][i];
      if (free) ready.push_back(i);
    }
    if (ready.empty()) return source.error("cyclic_ordering", "the :ordering has a cycle; a total order needs a chain.", owner);
    if (ready.size() > 1) {
      return source.error("partial_order", "the :ordering does not totally order the subtasks (`" + subtasks[ready[0]].label + "` and `" + subtasks[ready[1]].label +
                                               "` are unordered); the total-order subset needs a chain, or use :ordered-subtasks.", owner);
    }
    placed[ready[0]] = true;
    order.push_back(ready[0]);
  }
  return order;
}

}  // namespace

Result<std::vector<std::string>> ordered_subtasks(const std::map<std::string, const SExpr*>& keys, const SExpr& owner, const Source& source) {
  const SExpr* ordered = nullptr;
  const SExpr* unordered = nullptr;
  for (const char* key : {":ordered-subtasks", ":ordered-tasks"})
    if (keys.count(key) != 0) ordered = keys.at(key);
  for (const char* key : {":subtasks", ":tasks"})
    if (keys.count(key) != 0) unordered = keys.at(key);
  const SExpr* ordering = keys.count(":ordering") != 0 ? keys.at(":ordering") : nullptr;
  if (ordered != nullptr && (unordered != nullptr || ordering != nullptr)) return source.error("bad_subtasks", "give either :ordered-subtasks or :subtasks with :ordering, not both.", owner);
  std::vector<std::string> out;
  if (ordered == nullptr && unordered == nullptr) return out;  // an empty method
  Result<std::vector<Labelled>> subtasks = subtask_list(ordered != nullptr ? *ordered : *unordered, source);
  if (!subtasks.ok()) return subtasks.error();
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < subtasks.value().size(); ++i) order.push_back(i);
  if (unordered != nullptr && subtasks.value().size() > 1) {
    Result<std::vector<std::size_t>> total = total_order(subtasks.value(), ordering, owner, source);
    if (!total.ok()) return total.error();
    order = total.value();
  }
  for (std::size_t index : order) {
    Result<std::string> call = atom_text(*subtasks.value()[index].task, source);
    if (!call.ok()) return call.error();
    out.push_back(call.value());
  }
  return out;
}

}  // namespace coordlab::planning::hddl

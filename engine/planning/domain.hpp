// An HTN planning domain and problem, as the planner uses them: names interned to small integers,
// ground atoms packed into a 128-bit key (predicate, up to kMaxHtnArity objects), literals over
// variables or objects. Read from the strict JSON format `coordlab.htn.domain/1` and
// `coordlab.htn.problem/1` (domain_reader.cpp; README "Planning" documents it).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/json_input.hpp"
#include "core/limits.hpp"

namespace coordlab::planning {

// A term is an object (>= 0, index into Problem::objects, whose first entries are Domain::constants) or a variable (< 0:
// variable v is -(v + 1), indexing the operator's or method's variables).
using Term = std::int32_t;
inline bool is_variable(Term term) { return term < 0; }
inline std::int32_t variable_index(Term term) { return -term - 1; }
inline Term variable_term(std::int32_t index) { return -index - 1; }

// A ground atom, packed into two 64-bit words: the predicate in the top 16 bits of `head`, then arguments
// 1-4 as object + 1 in 12 bits each; arguments 5-8 the same way in `tail` (zero below five arguments).
// Atoms order by (head, tail), so the atoms of one predicate with the same leading arguments are one
// range of a sorted state (the matcher's scans), and atoms of at most four arguments order by `head`.
struct AtomKey {
  std::uint64_t head = 0;
  std::uint64_t tail = 0;
  friend bool operator==(const AtomKey& a, const AtomKey& b) { return a.head == b.head && a.tail == b.tail; }
  friend bool operator!=(const AtomKey& a, const AtomKey& b) { return !(a == b); }
  friend bool operator<(const AtomKey& a, const AtomKey& b) { return a.head < b.head || (a.head == b.head && a.tail < b.tail); }
};
inline constexpr std::size_t kAtomArgsPerWord = 4;
inline constexpr std::uint64_t kAtomObjectMask = 0xfff;
inline unsigned atom_arg_shift(std::size_t index) { return static_cast<unsigned>(36 - 12 * (index % kAtomArgsPerWord)); }
// Sets argument `index` (object + 1, 0 for none) in `key`.
inline void set_atom_arg(AtomKey& key, std::size_t index, std::uint64_t object_plus_one) {
  std::uint64_t& word = index < kAtomArgsPerWord ? key.head : key.tail;
  word |= object_plus_one << atom_arg_shift(index);
}
// Inline: the planner's matcher builds one per literal it tests.
inline AtomKey make_atom_key(std::uint32_t predicate, const std::int32_t* objects, std::size_t count) {
  AtomKey key{static_cast<std::uint64_t>(predicate) << 48, 0};
  const std::size_t in_head = count < kAtomArgsPerWord ? count : kAtomArgsPerWord;
  for (std::size_t i = 0; i < in_head; ++i) key.head |= static_cast<std::uint64_t>(objects[i] + 1) << (36 - 12 * i);
  for (std::size_t i = kAtomArgsPerWord; i < count; ++i) key.tail |= static_cast<std::uint64_t>(objects[i] + 1) << (36 - 12 * (i - kAtomArgsPerWord));
  return key;
}
inline std::uint32_t atom_predicate(AtomKey key) { return static_cast<std::uint32_t>(key.head >> 48); }
// The object at argument `index` (-1 past the atom's arguments).
inline std::int32_t atom_object(AtomKey key, std::size_t index) {
  const std::uint64_t word = index < kAtomArgsPerWord ? key.head : key.tail;
  return static_cast<std::int32_t>((word >> atom_arg_shift(index)) & kAtomObjectMask) - 1;
}

// A forall (HDDL's universal precondition) holds when its body holds for every object of its type,
// bound to variable slot `forall_slot` (one past the owner's variables).
enum class LiteralKind : std::uint8_t { atom, equal, forall };
struct Literal {
  LiteralKind kind = LiteralKind::atom;
  bool negated = false;
  std::uint32_t predicate = 0;  // for atoms
  std::vector<Term> args;       // atoms: the predicate's arity; equality: two terms
  std::uint32_t forall_type = 0;
  std::int32_t forall_slot = -1;
  std::string forall_name;      // the variable's name, for printing
  std::vector<Literal> body;    // forall: a conjunction of atoms and equalities
};

struct TypedVariable {
  std::string name;  // without the "?"
  std::uint32_t type = 0;
};

struct Operator {
  std::string name;
  std::vector<TypedVariable> variables;  // the parameters, in order
  std::vector<Literal> preconditions;
  std::vector<Literal> add_effects;
  std::vector<Literal> delete_effects;
  std::int64_t cost = 1;
  std::int64_t duration_ticks = 1;
  std::int64_t risk_permille = 0;  // chance that one execution fails (the predictor's p_fail)
  std::int64_t streams = 1;        // parallel streams the step occupies
};

struct TaskCall {
  std::uint32_t task = 0;  // index into Domain::tasks
  std::vector<Term> args;
};

struct Method {
  std::string name;
  std::uint32_t task = 0;                // the compound task it decomposes
  std::vector<TypedVariable> variables;  // the task's parameters first, then the method's own
  std::size_t task_arity = 0;
  std::vector<Literal> preconditions;
  std::vector<TaskCall> subtasks;  // totally ordered, left to right
  std::int64_t success_permille = 1000;
  bool learner_written = false;    // marked "author": "learner" (lessons check that one was used)
};

struct TaskSignature {
  std::string name;
  std::vector<std::uint32_t> parameter_types;
  bool primitive = false;  // names an operator (then `op` is its index)
  std::uint32_t op = 0;
  std::vector<std::uint32_t> methods;  // in the order they are tried
};

struct Domain {
  std::string name;
  std::vector<std::string> types;  // 0 is "object", the supertype of every type
  std::vector<std::uint32_t> type_parent;
  std::vector<std::string> constants;  // objects every problem has (HDDL's :constants), objects 0..n-1
  std::vector<std::uint32_t> constant_types;
  std::vector<std::string> predicates;
  std::vector<std::vector<std::uint32_t>> predicate_types;
  std::vector<Operator> operators;
  std::vector<Method> methods;
  std::vector<TaskSignature> tasks;  // operators first (task i < operators.size() is operator i)

  bool is_subtype(std::uint32_t type, std::uint32_t of) const;
  const TaskSignature* find_task(std::string_view name) const;
};

struct Constraints {
  std::int64_t deadline_ticks = 0;  // 0 = none
  std::int64_t budget = 0;          // 0 = none
  std::int64_t max_streams = 0;     // 0 = none
};

struct Problem {
  std::string name;
  std::vector<std::string> objects;
  std::vector<std::uint32_t> object_types;
  std::vector<AtomKey> initial_state;  // sorted, unique
  std::vector<TaskCall> tasks;         // ground, in order
  std::vector<Literal> goal;           // ground; must hold after the last step
  Constraints constraints;
  std::vector<std::vector<std::int32_t>> objects_of_type;  // by type, including subtypes
};

// Reads `coordlab.htn.domain/1`; errors carry a JSON pointer below `pointer`.
Result<Domain> read_domain(const Json& json, const std::string& pointer);
// Reads `coordlab.htn.problem/1` against `domain`.
Result<Problem> read_problem(const Json& json, const std::string& pointer, const Domain& domain);
// Parses text (a file) and locates errors at line:column.
Result<Domain> parse_domain_text(std::string_view text, std::string_view file);
Result<Problem> parse_problem_text(std::string_view text, std::string_view file, const Domain& domain);

// Printing, for notes, tables and the CLI: "on a b", "move_one a b".
std::string atom_text(const Domain& domain, const Problem& problem, AtomKey key);
std::string task_text(const Domain& domain, const Problem& problem, const TaskCall& call);
std::string literal_text(const Domain& domain, const Problem& problem, const Literal& literal, const std::vector<std::int32_t>& binding,
                         const std::vector<TypedVariable>& variables);

}  // namespace coordlab::planning

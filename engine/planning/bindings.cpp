// Binding method variables against the state, as SHOP's satisfier search does: literals left to right,
// a positive atom with unbound variables binds them to each matching atom in the state's order, a
// negated literal holds when no atom matches (negation as failure), equality binds an unbound side.
// Variables no precondition binds but a subtask uses range over the objects of their type.
#include <algorithm>
#include <array>

#include "core/assert.hpp"

#include "planning/search_state.hpp"

namespace coordlab::planning {

void apply_step(const Domain& domain, const GroundTask& step, std::vector<AtomKey>& state) {
  const Operator& op = domain.operators[domain.tasks[step.task].op];
  for (const Literal& effect : op.delete_effects) {
    auto it = std::lower_bound(state.begin(), state.end(), ground_atom(effect, step.args));
    if (it != state.end() && *it == ground_atom(effect, step.args)) state.erase(it);
  }
  for (const Literal& effect : op.add_effects) {
    const AtomKey key = ground_atom(effect, step.args);
    auto it = std::lower_bound(state.begin(), state.end(), key);
    if (it == state.end() || *it != key) state.insert(it, key);
  }
}

bool literal_holds(const Problem& problem, StateView state, const Literal& literal, const std::int32_t* binding) {
  auto value = [&](Term term) { return is_variable(term) ? binding[variable_index(term)] : term; };
  switch (literal.kind) {
    case LiteralKind::atom: return holds(state, ground_atom(literal, binding)) != literal.negated;
    case LiteralKind::equal: return (value(literal.args[0]) == value(literal.args[1])) != literal.negated;
    case LiteralKind::forall: break;
  }
  std::array<std::int32_t, limits::kMaxHtnVariables> extended{};
  const auto slot = static_cast<std::size_t>(literal.forall_slot);
  ENGINE_ASSERT(slot < extended.size());
  std::copy(binding, binding + slot, extended.begin());
  for (std::int32_t object : problem.objects_of_type[literal.forall_type]) {
    extended[slot] = object;
    for (const Literal& part : literal.body)
      if (!literal_holds(problem, state, part, extended.data())) return literal.negated;
  }
  return !literal.negated;
}

GroundTask bind_call(const TaskCall& call, const std::vector<std::int32_t>& binding) {
  GroundTask task;
  task.task = call.task;
  task.arity = static_cast<std::uint8_t>(call.args.size());
  for (std::size_t i = 0; i < call.args.size(); ++i) task.args[i] = is_variable(call.args[i]) ? binding[static_cast<std::size_t>(variable_index(call.args[i]))] : call.args[i];
  return task;
}

namespace {
std::uint64_t mix64(std::uint64_t value) {  // splitmix64's finaliser
  std::uint64_t z = value + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

std::uint64_t atom_hash(AtomKey key) { return key.tail == 0 ? mix64(key.head) : mix64(key.head ^ mix64(key.tail)); }

namespace {

class Matcher {
 public:
  // `failure` (may be null) receives the deepest literal no binding passed and the binding that
  // reached it, for the decomposition tree; without it the matcher records nothing.
  Matcher(const Domain& domain, const Problem& problem, StateView state, const Method& method, std::vector<std::int32_t>& out,
          BindingFailure* failure)
      : domain_(domain), problem_(problem), state_(state), method_(method), out_(out), failure_(failure), variable_count_(method.variables.size()) {
    ENGINE_ASSERT(variable_count_ <= limits::kMaxHtnVariables);
    binding_.fill(-1);
    in_subtasks_.fill(false);
    for (const TaskCall& call : method.subtasks)
      for (Term arg : call.args)
        if (is_variable(arg)) in_subtasks_[static_cast<std::size_t>(variable_index(arg))] = true;
  }
  void set(std::size_t variable, std::int32_t object) { binding_[variable] = object; }
  // Outputs the bindings after the first `skip`, at most `limit` of them, then stops searching.
  void run(std::size_t skip, std::size_t limit) {
    skip_ = skip;
    limit_ = limit;
    match(0);
  }
  std::size_t emitted = 0;

 private:
  std::int32_t value(Term term) const { return is_variable(term) ? binding_[static_cast<std::size_t>(variable_index(term))] : term; }
  bool type_fits(std::size_t variable, std::int32_t object) const {
    const std::uint32_t type = problem_.object_types[static_cast<std::size_t>(object)];
    const std::uint32_t wanted = method_.variables[variable].type;
    return type == wanted || domain_.is_subtype(type, wanted);  // the common case without the call
  }

  void match(std::size_t index) {
    if (failure_ != nullptr && (index > failure_->literal || failure_->binding.empty())) {
      failure_->literal = std::max(failure_->literal, index);
      failure_->binding.assign(binding_.begin(), binding_.begin() + static_cast<std::ptrdiff_t>(variable_count_));
    }
    if (index == method_.preconditions.size()) return bind_free(0);
    const Literal& literal = method_.preconditions[index];
    if (literal.kind == LiteralKind::equal) return match_equality(literal, index);
    if (literal.kind == LiteralKind::forall) {
      // Its variables are bound by earlier literals (or the task); unbound ones make it fail.
      if (forall_ready(literal) && literal_holds(problem_, state_, literal, binding_.data())) match(index + 1);
      return;
    }
    bool all_bound = true;
    for (Term arg : literal.args) all_bound = all_bound && value(arg) >= 0;
    if (all_bound) {
      if (holds(state_, ground_atom(literal, binding_.data())) != literal.negated) match(index + 1);
      return;
    }
    if (literal.negated) {
      if (!any_match(literal)) match(index + 1);
      return;
    }
    scan(literal, [&] { match(index + 1); });
  }

  bool forall_ready(const Literal& literal) const {
    for (const Literal& part : literal.body)
      for (Term arg : part.args)
        if (is_variable(arg) && variable_index(arg) != literal.forall_slot && value(arg) < 0) return false;
    return true;
  }

  void match_equality(const Literal& literal, std::size_t index) {
    const std::int32_t a = value(literal.args[0]);
    const std::int32_t b = value(literal.args[1]);
    if (a >= 0 && b >= 0) {
      if ((a == b) != literal.negated) match(index + 1);
      return;
    }
    if (literal.negated || (a < 0 && b < 0)) return;  // needs a bound side (bind it with an earlier literal)
    const Term unbound = a < 0 ? literal.args[0] : literal.args[1];
    const auto variable = static_cast<std::size_t>(variable_index(unbound));
    if (!type_fits(variable, a < 0 ? b : a)) return;
    binding_[variable] = a < 0 ? b : a;
    match(index + 1);
    binding_[variable] = -1;
  }

  // Calls `next` once per state atom matching `literal` under the current binding, with its unbound
  // variables bound to that atom's objects.
  template <typename Next>
  void scan(const Literal& literal, Next&& next) {
    // The atoms of the predicate whose leading bound arguments match: [low, end).
    AtomKey low{static_cast<std::uint64_t>(literal.predicate) << 48, 0};
    AtomKey end{static_cast<std::uint64_t>(literal.predicate + 1) << 48, 0};
    for (std::size_t i = 0; i < literal.args.size() && value(literal.args[i]) >= 0; ++i) {
      const auto object_plus_one = static_cast<std::uint64_t>(value(literal.args[i]) + 1);
      end = low;
      set_atom_arg(end, i, object_plus_one + 1);
      set_atom_arg(low, i, object_plus_one);
    }
    const auto [first, last] = state_.atoms_of(literal.predicate);
    for (const AtomKey* it = std::lower_bound(first, last, low); it != last && *it < end && emitted < limit_; ++it) {
      std::size_t bound_here[limits::kMaxHtnArity];
      std::size_t bound_count = 0;
      bool fits = true;
      for (std::size_t i = 0; i < literal.args.size() && fits; ++i) {
        const std::int32_t object = atom_object(*it, i);
        const std::int32_t current = value(literal.args[i]);
        if (current >= 0) {
          fits = current == object;
          continue;
        }
        const auto variable = static_cast<std::size_t>(variable_index(literal.args[i]));
        fits = type_fits(variable, object);
        if (fits) {
          binding_[variable] = object;
          bound_here[bound_count++] = variable;
        }
      }
      if (fits) next();
      for (std::size_t b = 0; b < bound_count; ++b) binding_[bound_here[b]] = -1;
    }
  }

  bool any_match(const Literal& literal) {
    bool any = false;
    scan(literal, [&] { any = true; });
    return any;
  }

  void bind_free(std::size_t variable) {
    while (variable < variable_count_ && !(binding_[variable] < 0 && in_subtasks_[variable])) ++variable;
    if (variable == variable_count_) {
      if (seen_++ < skip_) return;
      ++emitted;
      out_.insert(out_.end(), binding_.begin(), binding_.begin() + static_cast<std::ptrdiff_t>(variable_count_));
      return;
    }
    for (std::int32_t object : problem_.objects_of_type[method_.variables[variable].type]) {
      binding_[variable] = object;
      bind_free(variable + 1);
      if (emitted == limit_) break;
    }
    binding_[variable] = -1;
  }

  const Domain& domain_;
  const Problem& problem_;
  StateView state_;
  const Method& method_;
  std::vector<std::int32_t>& out_;
  BindingFailure* failure_;
  std::size_t variable_count_;
  std::size_t skip_ = 0, limit_ = 0, seen_ = 0;
  std::array<std::int32_t, limits::kMaxHtnVariables> binding_;  // fixed size: no allocation per call
  std::array<bool, limits::kMaxHtnVariables> in_subtasks_;
};

}  // namespace

bool method_bindings(const Domain& domain, const Problem& problem, StateView state, const Method& method, const GroundTask& task,
                     std::vector<std::int32_t>& out, BindingFailure* failure, std::size_t skip, std::size_t limit) {
  Matcher matcher(domain, problem, state, method, out, failure);
  for (std::size_t i = 0; i < method.task_arity; ++i) matcher.set(i, task.args[i]);
  matcher.run(skip, limit);
  return matcher.emitted > 0;
}

std::int32_t first_applicable_method(const Domain& domain, const Problem& problem, const std::vector<AtomKey>& state, const GroundTask& task,
                                     std::vector<std::int32_t>& binding) {
  for (std::uint32_t method : domain.tasks[task.task].methods) {
    std::vector<std::int32_t> all;
    if (!method_bindings(domain, problem, state, domain.methods[method], task, all, nullptr, 0, 1)) continue;
    binding.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(domain.methods[method].variables.size()));
    return static_cast<std::int32_t>(method);
  }
  return -1;
}

}  // namespace coordlab::planning

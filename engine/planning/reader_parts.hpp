// Pieces of the domain reader shared by its files (domain_reader.cpp, method_reader.cpp,
// problem_reader.cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "planning/domain.hpp"

namespace coordlab::planning {

// "?a ?b - block ?c - truck" appended to `out` (PDDL style: a type names every variable since the last one).
Status read_typed_variables(const Domain& domain, std::string_view text, const std::string& pointer, std::vector<TypedVariable>& out);
// "on ?x ?y", "not on ?x ?y", "= ?x ?y", "not = ?x ?y" over `variables` of `owner` ("operator `load`").
Result<Literal> read_literal(const Domain& domain, const Json& json, const std::string& pointer, const std::vector<TypedVariable>& variables,
                             std::string_view owner, bool allow_negation);
Result<std::uint32_t> predicate_index(const Domain& domain, std::string_view name, const std::string& pointer);
Result<Literal> read_forall(const Domain& domain, std::string_view text, const std::string& pointer, const std::vector<TypedVariable>& variables,
                            std::string_view owner);
Result<Term> constant_term(const Domain& domain, std::string_view token, std::uint32_t expected_type, const std::string& pointer);
Status read_methods(Domain& domain, const ObjectReader& reader);

}  // namespace coordlab::planning

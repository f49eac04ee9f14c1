// The `calculate` tool's arithmetic: a small recursive-descent parser over whole numbers (+ - * / %
// ** and parentheses), never an evaluator of code. Every input is bounded (length, nesting, the size of
// every intermediate value), so `9**9**9`, deep nesting or a non-ASCII byte get a clear error with a
// stable code instead of a hang or a crash. The course's calculator handed the text to Python's eval.
#pragma once
#include <cstdint>
#include <string_view>

#include "core/result.hpp"

namespace coordlab::reasoning {

// Errors: calc.empty, calc.too_long, calc.too_deep, calc.bad_character, calc.syntax, calc.too_large,
// calc.division_by_zero, calc.negative_exponent.
Result<std::int64_t> safe_calculate(std::string_view expression);

}  // namespace coordlab::reasoning

#include "reasoning/safe_calc.hpp"

#include <string>

#include "core/limits.hpp"

namespace coordlab::reasoning {
namespace {

using limits::kMaxCalcExpressionBytes;
using limits::kMaxCalcMagnitude;
using limits::kMaxCalcNesting;

// Grammar (** binds tighter than unary minus and is right-associative, as in Python):
//   sum := product (('+' | '-') product)*      product := unary (('*' | '/' | '%') unary)*
//   unary := '-' unary | power                  power := atom ('**' unary)?
//   atom := digits | '(' sum ')'
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<std::int64_t> parse() {
    Result<std::int64_t> value = sum();
    if (!value.ok()) return value;
    skip_spaces();
    if (position_ != text_.size()) return syntax("unexpected '" + std::string(1, text_[position_]) + "'");
    return value;
  }

 private:
  Result<std::int64_t> sum() {
    Result<std::int64_t> left = product();
    if (!left.ok()) return left;
    std::int64_t value = left.value();
    while (true) {
      skip_spaces();
      if (!peek('+') && !peek('-')) return value;
      const char op = text_[position_++];
      Result<std::int64_t> right = product();
      if (!right.ok()) return right;
      value = op == '+' ? value + right.value() : value - right.value();  // both bounded, cannot overflow
      if (auto error = check_magnitude(value)) return *error;
    }
  }

  Result<std::int64_t> product() {
    Result<std::int64_t> left = unary();
    if (!left.ok()) return left;
    std::int64_t value = left.value();
    while (true) {
      skip_spaces();
      if (!(peek('*') && !peek_at(1, '*')) && !peek('/') && !peek('%')) return value;
      const char op = text_[position_++];
      Result<std::int64_t> right = unary();
      if (!right.ok()) return right;
      const std::int64_t divisor = right.value();
      if (op == '*') {
        if (divisor != 0 && (value > kMaxCalcMagnitude / abs(divisor) || value < -kMaxCalcMagnitude / abs(divisor))) return too_large();
        value *= divisor;
      } else {
        if (divisor == 0) return make_error("calc.division_by_zero", "division by zero; the divisor must not be 0.");
        value = op == '/' ? value / divisor : value % divisor;  // truncates toward zero
      }
    }
  }

  Result<std::int64_t> unary() {
    skip_spaces();
    if (!peek('-')) return power();
    ++position_;
    if (++depth_ > kMaxCalcNesting) return too_deep();
    Result<std::int64_t> inner = unary();
    --depth_;
    if (!inner.ok()) return inner;
    return -inner.value();
  }

  Result<std::int64_t> power() {
    Result<std::int64_t> base = atom();
    if (!base.ok()) return base;
    skip_spaces();
    if (!(peek('*') && peek_at(1, '*'))) return base;
    position_ += 2;
    if (++depth_ > kMaxCalcNesting) return too_deep();
    Result<std::int64_t> exponent = unary();  // right-associative: 9**9**9 is 9**(9**9)
    --depth_;
    if (!exponent.ok()) return exponent;
    if (exponent.value() < 0) return make_error("calc.negative_exponent", "a negative exponent gives a fraction; only whole numbers are supported.");
    std::int64_t result = 1;
    for (std::int64_t i = 0; i < exponent.value(); ++i) {  // stops as soon as the bound is passed
      if (base.value() == 0 || base.value() == 1) return base.value() == 0 && exponent.value() > 0 ? 0 : 1;
      if (base.value() == -1) return exponent.value() % 2 == 0 ? 1 : -1;
      if (abs(result) > kMaxCalcMagnitude / abs(base.value())) return too_large();
      result *= base.value();
    }
    return result;
  }

  Result<std::int64_t> atom() {
    skip_spaces();
    if (position_ == text_.size()) return syntax("the expression ends where a number or '(' was expected");
    if (peek('(')) {
      ++position_;
      if (++depth_ > kMaxCalcNesting) return too_deep();
      Result<std::int64_t> inner = sum();
      --depth_;
      if (!inner.ok()) return inner;
      skip_spaces();
      if (!peek(')')) return syntax("a '(' is never closed");
      ++position_;
      return inner;
    }
    if (text_[position_] < '0' || text_[position_] > '9') return syntax("expected a number or '(' but found '" + std::string(1, text_[position_]) + "'");
    std::int64_t value = 0;
    while (position_ < text_.size() && text_[position_] >= '0' && text_[position_] <= '9') {
      value = value * 10 + (text_[position_++] - '0');
      if (value > kMaxCalcMagnitude) return too_large();
    }
    return value;
  }

  static std::int64_t abs(std::int64_t value) { return value < 0 ? -value : value; }
  bool peek(char c) const { return position_ < text_.size() && text_[position_] == c; }
  bool peek_at(std::size_t offset, char c) const { return position_ + offset < text_.size() && text_[position_ + offset] == c; }
  void skip_spaces() {
    while (position_ < text_.size() && text_[position_] == ' ') ++position_;
  }
  static std::optional<Error> check_magnitude(std::int64_t value) {
    if (value > kMaxCalcMagnitude || value < -kMaxCalcMagnitude) return too_large();
    return std::nullopt;
  }
  static Error too_large() {
    std::string message = "a value would exceed ";
    message += std::to_string(kMaxCalcMagnitude);
    message += " in magnitude; the calculator refuses it instead of computing a huge number (use smaller numbers).";
    return make_error("calc.too_large", message);
  }
  static Error too_deep() {
    std::string message = "more than ";
    message += std::to_string(kMaxCalcNesting);
    message += " nested parentheses, signs or powers; simplify the expression.";
    return make_error("calc.too_deep", message);
  }
  Error syntax(const std::string& what) const {
    std::string message = what;
    message += " at character ";
    message += std::to_string(position_ + 1);
    message += "; write whole numbers with + - * / % ** and parentheses.";
    return make_error("calc.syntax", message);
  }

  std::string_view text_;
  std::size_t position_ = 0;
  std::int64_t depth_ = 0;
};

}  // namespace

Result<std::int64_t> safe_calculate(std::string_view expression) {
  if (expression.size() > kMaxCalcExpressionBytes) {
    std::string message = "the expression is longer than ";
    message += std::to_string(kMaxCalcExpressionBytes);
    message += " characters; shorten it.";
    return make_error("calc.too_long", message);
  }
  bool blank = true;
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(expression[i]);
    const bool allowed = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '*' || c == '/' || c == '%' || c == '(' || c == ')' || c == ' ';
    if (!allowed) {
      std::string message = "character ";
      message += std::to_string(i + 1);
      message += c >= 0x80 ? " is not ASCII" : " is not part of arithmetic";
      message += "; only digits, + - * / % ** ( ) and spaces are accepted (this is a calculator, not a code evaluator).";
      return make_error("calc.bad_character", message);
    }
    if (c != ' ') blank = false;
  }
  if (blank) return make_error("calc.empty", "the expression is empty; give one such as (120 - 8) * 3.");
  return Parser(expression).parse();
}

}  // namespace coordlab::reasoning

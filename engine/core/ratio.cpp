#include "core/ratio.hpp"

#include "core/limits.hpp"

namespace coordlab {
namespace {

bool parse_digits(std::string_view text, std::uint64_t& value) {
  if (text.empty() || text.size() > 12) return false;
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

Error ratio_error(std::string_view text, const char* why) {
  return make_error("ratio.invalid", "'" + std::string(text) + "' is not a valid ratio: " + why +
                                         " (write it as \"a/b\" like \"1/20\", or as a percentage like \"5%\")");
}

Result<Ratio> checked(std::string_view text, std::uint64_t numerator, std::uint64_t denominator) {
  if (denominator == 0) return ratio_error(text, "the denominator is 0");
  if (denominator > limits::kMaxRatioDenominator) return ratio_error(text, "the denominator is above 1000000");
  if (numerator > denominator) return ratio_error(text, "it is greater than 1");
  return Ratio{static_cast<std::uint32_t>(numerator), static_cast<std::uint32_t>(denominator)};
}

}  // namespace

std::string Ratio::to_string() const {
  if (numerator == 0) return "0";
  if (numerator == denominator) return "1";
  return std::to_string(numerator) + "/" + std::to_string(denominator);
}

Result<Ratio> parse_ratio(std::string_view text) {
  if (text.empty()) return ratio_error(text, "it is empty");
  if (text.back() == '%') {
    std::string_view number = text.substr(0, text.size() - 1);
    std::size_t dot = number.find('.');
    std::string_view whole = number.substr(0, dot);
    std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : number.substr(dot + 1);
    if (dot != std::string_view::npos && (fraction.empty() || fraction.size() > 4))
      return ratio_error(text, "use at most 4 decimals in a percentage");
    std::uint64_t whole_value = 0, fraction_value = 0;
    if (!parse_digits(whole, whole_value)) return ratio_error(text, "the percentage is not a number");
    if (!fraction.empty() && !parse_digits(fraction, fraction_value))
      return ratio_error(text, "the percentage is not a number");
    std::uint64_t scale = 1;
    for (std::size_t i = 0; i < fraction.size(); ++i) scale *= 10;
    return checked(text, whole_value * scale + fraction_value, 100 * scale);
  }
  std::size_t slash = text.find('/');
  std::uint64_t numerator = 0, denominator = 1;
  if (slash == std::string_view::npos) {
    if (!parse_digits(text, numerator)) return ratio_error(text, "it is not a fraction");
    return checked(text, numerator, 1);
  }
  if (!parse_digits(text.substr(0, slash), numerator) || !parse_digits(text.substr(slash + 1), denominator))
    return ratio_error(text, "both sides of '/' must be whole numbers");
  return checked(text, numerator, denominator);
}

}  // namespace coordlab

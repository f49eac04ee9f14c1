#include "protocols/payload.hpp"

#include <algorithm>
#include <charconv>

#include "core/assert.hpp"

namespace coordlab::protocols {

std::optional<std::int64_t> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  const bool negative = text[0] == '-';
  std::string_view digits = negative ? text.substr(1) : text;
  if (digits.empty()) return std::nullopt;
  std::int64_t number = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + (c - '0');
  }
  return negative ? -number : number;
}

PayloadWriter& PayloadWriter::add(std::string_view key, std::string_view value) {
  ENGINE_ASSERT(value.find(' ') == std::string_view::npos && key.find('=') == std::string_view::npos);
  if (!text_.empty()) text_ += ' ';
  text_.append(key);
  text_ += '=';
  text_.append(value);
  return *this;
}

PayloadWriter& PayloadWriter::add(std::string_view key, std::int64_t value) {
  char digits[24];
  const std::to_chars_result written = std::to_chars(digits, digits + sizeof digits, value);
  ENGINE_ASSERT(written.ec == std::errc{});
  return add(key, std::string_view(digits, static_cast<std::size_t>(written.ptr - digits)));
}

PayloadReader::PayloadReader(std::string_view text) {
  fields_.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), ' ')) + 1);  // one allocation per message
  while (!text.empty()) {
    std::size_t space = text.find(' ');
    std::string_view field = text.substr(0, space);
    std::size_t equals = field.find('=');
    if (equals != std::string_view::npos) fields_.emplace_back(field.substr(0, equals), field.substr(equals + 1));
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
  }
}

std::optional<std::string_view> PayloadReader::text(std::string_view key) const {
  for (const auto& [name, value] : fields_)
    if (name == key) return value;
  return std::nullopt;
}

std::optional<std::int64_t> PayloadReader::integer(std::string_view key) const {
  std::optional<std::string_view> value = text(key);
  return value ? parse_decimal(*value) : std::nullopt;
}

}  // namespace coordlab::protocols

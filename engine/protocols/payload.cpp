#include "protocols/payload.hpp"

#include "core/assert.hpp"

namespace coordlab::protocols {

PayloadWriter& PayloadWriter::add(std::string_view key, std::string_view value) {
  ENGINE_ASSERT(value.find(' ') == std::string_view::npos && key.find('=') == std::string_view::npos);
  if (!text_.empty()) text_ += ' ';
  text_.append(key);
  text_ += '=';
  text_.append(value);
  return *this;
}

PayloadWriter& PayloadWriter::add(std::string_view key, std::int64_t value) { return add(key, std::to_string(value)); }

PayloadReader::PayloadReader(std::string_view text) {
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
  if (!value || value->empty() || value->size() > 18) return std::nullopt;
  std::int64_t number = 0;
  bool negative = (*value)[0] == '-';
  std::string_view digits = negative ? value->substr(1) : *value;
  if (digits.empty()) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + (c - '0');
  }
  return negative ? -number : number;
}

}  // namespace coordlab::protocols

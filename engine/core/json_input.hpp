// Reading JSON documents that come from outside (scenarios, commands, lessons, progress files):
// strict parsing (duplicate keys are errors), errors located by JSON pointer and line:column, and
// typed field readers that reject unknown keys with a "did you mean" suggestion.
#pragma once
#include <cstdint>
#include <vector>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/ratio.hpp"
#include "core/result.hpp"

namespace coordlab {

using Json = nlohmann::json;

// Parses `text`; a syntax error or a duplicate key gives an error with line and column.
Result<Json> parse_json_text(std::string_view text, std::string_view file = {});

// 1-based line and column of the value at `pointer` in `text` (the closest enclosing value that exists).
struct TextPosition {
  int line = 0;
  int column = 0;
};
TextPosition locate_json_pointer(std::string_view text, std::string_view pointer);
TextPosition position_of_offset(std::string_view text, std::size_t offset);

// Fills in file, line and column of `error` from its pointer.
Error locate_error(Error error, std::string_view text, std::string_view file);

// Escapes a key for use in a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view key);
std::string pointer_append(std::string_view pointer, std::string_view key);
std::string pointer_append(std::string_view pointer, std::size_t index);

// The closest of `candidates` to `word` by edit distance, if it is close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

// Readers for one JSON object at `pointer`. Each check names the field and the expected type or range.
class ObjectReader {
 public:
  ObjectReader(const Json& object, std::string pointer, std::string what);

  // Fails if the value is not an object or has keys outside `known`.
  Status check(const std::vector<std::string_view>& known) const;
  bool has(std::string_view key) const;
  const Json* find(std::string_view key) const;
  std::string pointer_of(std::string_view key) const { return pointer_append(pointer_, key); }
  const std::string& pointer() const { return pointer_; }

  Result<std::int64_t> integer(std::string_view key, std::int64_t low, std::int64_t high,
                               std::optional<std::int64_t> fallback = std::nullopt) const;
  Result<std::string> string(std::string_view key, std::optional<std::string> fallback = std::nullopt) const;
  Result<bool> boolean(std::string_view key, std::optional<bool> fallback = std::nullopt) const;
  Result<Ratio> ratio(std::string_view key, std::optional<Ratio> fallback = std::nullopt) const;

 private:
  Error missing(std::string_view key, std::string_view type) const;
  Error wrong_type(std::string_view key, std::string_view type) const;

  const Json& object_;
  std::string pointer_;
  std::string what_;
};

// A short description of a JSON value's type for error messages ("a string", "an array", ...).
std::string describe_json_type(const Json& value);

}  // namespace coordlab

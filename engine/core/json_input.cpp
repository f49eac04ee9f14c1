#include "core/json_input.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "core/limits.hpp"

namespace coordlab {
namespace {

// A SAX pass that only validates: syntax (via nlohmann) and duplicate keys (which nlohmann accepts).
class StrictnessChecker {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  bool null() { return value(); }
  bool boolean(bool) { return value(); }
  bool number_integer(number_integer_t) { return value(); }
  bool number_unsigned(number_unsigned_t) { return value(); }
  bool number_float(number_float_t, const string_t&) { return value(); }
  bool string(string_t&) { return value(); }
  bool binary(binary_t&) { return value(); }
  bool start_object(std::size_t) {
    value();
    frames_.push_back(Frame{false, 0, {}, {}});
    return true;
  }
  bool key(string_t& key) {
    Frame& frame = frames_.back();
    frame.key = key;
    if (!frame.keys.insert(key).second) {
      duplicate_pointer_ = current_pointer();
      duplicate_key_ = key;
      return false;
    }
    return true;
  }
  bool end_object() { frames_.pop_back(); return true; }
  bool start_array(std::size_t) {
    value();
    frames_.push_back(Frame{true, 0, {}, {}});
    return true;
  }
  bool end_array() { frames_.pop_back(); return true; }
  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& error) {
    syntax_error_ = true;
    error_position_ = position;
    last_token_ = last_token;
    std::string what = error.what();
    std::size_t at = what.find("syntax error");
    explanation_ = at == std::string::npos ? what : what.substr(at);
    return false;
  }

  bool syntax_error_ = false;
  std::size_t error_position_ = 0;
  std::string last_token_;
  std::string explanation_;
  std::string duplicate_pointer_;
  std::string duplicate_key_;

 private:
  struct Frame {
    bool is_array;
    std::size_t index;
    std::string key;
    std::set<std::string> keys;
  };
  bool value() {
    if (!frames_.empty() && frames_.back().is_array) frames_.back().index++;
    return true;
  }
  std::string current_pointer() const {
    std::string pointer;
    for (const Frame& frame : frames_) {
      pointer = frame.is_array ? pointer_append(pointer, frame.index - 1) : pointer_append(pointer, frame.key);
    }
    return pointer;
  }
  std::vector<Frame> frames_;
};

// Minimal scanner over text already known to be valid JSON, used to find where a pointer's value starts.
class PointerLocator {
 public:
  explicit PointerLocator(std::string_view text) : text_(text) {}

  std::size_t locate(std::string_view pointer) {
    std::size_t at = skip_space(0);
    std::size_t found = at;
    while (!pointer.empty() && at < text_.size()) {
      pointer.remove_prefix(1);  // the leading '/'
      std::size_t slash = pointer.find('/');
      std::string token = unescape_pointer_token(pointer.substr(0, slash));
      pointer = slash == std::string_view::npos ? std::string_view{} : pointer.substr(slash);
      std::size_t child = text_[at] == '{' ? find_member(at, token) : text_[at] == '[' ? find_element(at, token)
                                                                                      : std::string_view::npos;
      if (child == std::string_view::npos) break;
      at = found = child;
    }
    return found;
  }

 private:
  static std::string unescape_pointer_token(std::string_view token) {
    std::string result;
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size()) {
        result += token[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        result += token[i];
      }
    }
    return result;
  }
  std::size_t skip_space(std::size_t at) const {
    while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\n' || text_[at] == '\r' || text_[at] == '\t')) ++at;
    return at;
  }
  // Reads a string starting at the quote; returns its raw contents (escapes kept) and moves past it.
  std::string_view read_string(std::size_t& at) const {
    std::size_t start = ++at;
    while (at < text_.size() && text_[at] != '"') at += text_[at] == '\\' ? 2 : 1;
    std::string_view raw = text_.substr(start, std::min(at, text_.size()) - start);
    ++at;
    return raw;
  }
  std::size_t skip_value(std::size_t at) const {
    if (at >= text_.size()) return at;
    if (text_[at] == '"') { read_string(at); return at; }
    if (text_[at] == '{' || text_[at] == '[') {
      int depth = 0;
      while (at < text_.size()) {
        char c = text_[at];
        if (c == '"') { read_string(at); continue; }
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') { --depth; if (depth == 0) return at + 1; }
        ++at;
      }
      return at;
    }
    while (at < text_.size() && text_[at] != ',' && text_[at] != '}' && text_[at] != ']') ++at;
    return at;
  }
  // The value of the last member named `key` (the one a JSON library keeps).
  std::size_t find_member(std::size_t at, const std::string& key) const {
    std::size_t found = std::string_view::npos;
    at = skip_space(at + 1);
    while (at < text_.size() && text_[at] == '"') {
      std::string_view raw = read_string(at);
      at = skip_space(skip_space(at) + 1);  // past ':'
      if (raw == key) found = at;
      at = skip_space(skip_value(at));
      if (at < text_.size() && text_[at] == ',') at = skip_space(at + 1);
    }
    return found;
  }
  std::size_t find_element(std::size_t at, const std::string& token) const {
    if (token.empty() || token.size() > 9 || !std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::string_view::npos;
    std::size_t index = std::stoul(token);
    at = skip_space(at + 1);
    for (std::size_t i = 0; at < text_.size() && text_[at] != ']'; ++i) {
      if (i == index) return at;
      at = skip_space(skip_value(at));
      if (at < text_.size() && text_[at] == ',') at = skip_space(at + 1);
    }
    return std::string_view::npos;
  }

  std::string_view text_;
};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

Result<Json> parse_json_text(std::string_view text, std::string_view file) {
  if (text.size() > limits::kMaxScenarioBytes * 8) {
    Error error = make_error("json.too_large", "the document is " + std::to_string(text.size()) +
                                                   " bytes; the limit is 8000000 bytes. Split it into smaller files.");
    error.file = std::string(file);
    return error;
  }
  StrictnessChecker checker;
  const bool valid = Json::sax_parse(text.begin(), text.end(), &checker, nlohmann::detail::input_format_t::json, true);
  if (!valid && checker.syntax_error_) {
    std::size_t offset = checker.error_position_ == 0 ? 0 : checker.error_position_ - 1;
    Error error = make_error("json.syntax", "invalid JSON: " + checker.explanation_ +
                                                ". Check for a missing comma, quote or bracket near this point.");
    error.file = std::string(file);
    TextPosition position = position_of_offset(text, std::min(offset, text.size()));
    error.line = position.line;
    error.column = position.column;
    return error;
  }
  if (!valid) {
    Error error = make_error("json.duplicate_key", "the key \"" + checker.duplicate_key_ +
                                                       "\" appears twice in the same object; keep only one.",
                             checker.duplicate_pointer_);
    return locate_error(std::move(error), text, file);
  }
  Json document = Json::parse(text.begin(), text.end(), nullptr, false);
  ENGINE_ASSERT(!document.is_discarded());
  return document;
}

TextPosition position_of_offset(std::string_view text, std::size_t offset) {
  TextPosition position{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++position.column;  // count characters, not UTF-8 continuation bytes
    }
  }
  return position;
}

TextPosition locate_json_pointer(std::string_view text, std::string_view pointer) {
  return position_of_offset(text, PointerLocator(text).locate(pointer));
}

Error locate_error(Error error, std::string_view text, std::string_view file) {
  if (error.file.empty()) error.file = std::string(file);
  if (error.line == 0) {
    TextPosition position = locate_json_pointer(text, error.pointer);
    error.line = position.line;
    error.column = position.column;
  }
  return error;
}

std::string pointer_token(std::string_view key) {
  std::string token;
  for (char c : key) {
    if (c == '~') token += "~0";
    else if (c == '/') token += "~1";
    else token += c;
  }
  return token;
}

std::string pointer_append(std::string_view pointer, std::string_view key) {
  return std::string(pointer) + "/" + pointer_token(key);
}

std::string pointer_append(std::string_view pointer, std::size_t index) {
  return std::string(pointer) + "/" + std::to_string(index);
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (std::string_view candidate : candidates) {
    std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

std::string describe_json_type(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_float: return "a decimal number";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "a whole number";
    default: return "an unsupported value";
  }
}

}  // namespace coordlab

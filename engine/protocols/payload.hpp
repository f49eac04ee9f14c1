// Message payloads are short, human-readable "key=value key=value" text: what a learner sees when
// hovering a message, and exact across platforms. Readers treat anything malformed as absent, so a
// Byzantine node's garbage can never crash an honest one.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coordlab::protocols {

// A decimal integer of at most 18 characters ("-" allowed first); nothing for anything else.
std::optional<std::int64_t> parse_decimal(std::string_view text);

class PayloadWriter {
 public:
  PayloadWriter& add(std::string_view key, std::string_view value);
  PayloadWriter& add(std::string_view key, std::int64_t value);
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

class PayloadReader {
 public:
  explicit PayloadReader(std::string_view text);
  std::optional<std::string_view> text(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;

 private:
  std::vector<std::pair<std::string_view, std::string_view>> fields_;
};

}  // namespace coordlab::protocols

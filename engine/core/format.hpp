// Small text formatting shared by the CLI, the engine's messages and the web lab.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace coordlab {

// 1234567 -> "1,234,567": counts that learners read in messages and readouts.
inline std::string with_thousands(std::uint64_t value) {
  // Built by appending: GCC 12 warns falsely (-Wstringop-overflow) on std::string::insert here at -O2.
  const std::string digits = std::to_string(value);
  std::string grouped;
  grouped.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

// Text for XML (SVG) content and attributes: markup characters escaped, control bytes (not allowed in
// XML 1.0) replaced by spaces.
inline void append_xml_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += ' ';
        else out += c;
    }
  }
}

}  // namespace coordlab

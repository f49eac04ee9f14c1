// Splitting the format's short texts ("on ?x ?y", "?a ?b - block") into tokens, and the shapes of
// names and variables.
#pragma once
#include <string_view>
#include <vector>

namespace coordlab::planning {

inline std::vector<std::string_view> split_tokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
    std::size_t end = at;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
    if (end > at) tokens.push_back(text.substr(at, end - at));
    at = end;
  }
  return tokens;
}

inline bool is_name_token(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  if (!((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z'))) return false;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

inline bool is_variable_token(std::string_view text) { return text.size() > 1 && text[0] == '?' && is_name_token(text.substr(1)); }

}  // namespace coordlab::planning

#include <initializer_list>
#include <string>

namespace coordlab::planning {

// Joins by appending (GCC 12 warns falsely on chains of std::string rvalue `+`).
inline std::string cat(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (std::string_view part : parts) text.append(part);
  return text;
}

}  // namespace coordlab::planning

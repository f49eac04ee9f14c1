// Helpers for reading protocol params from a scenario.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_input.hpp"

namespace coordlab::protocols {

// One of a fixed set of named choices (the first is the default when the key is absent), e.g. a course
// variant: "majority": "correct" | "course".
template <typename Enum>
Result<Enum> read_choice(const ObjectReader& reader, std::string_view key, const std::vector<std::pair<std::string_view, Enum>>& choices) {
  Result<std::string> text = reader.string(key, std::string(choices.front().first));
  if (!text.ok()) return text.error();
  std::string allowed;
  for (const auto& choice : choices) {
    if (choice.first == text.value()) return choice.second;
    allowed += (allowed.empty() ? "\"" : ", \"") + std::string(choice.first) + "\"";
  }
  return make_error("params.bad_choice", "\"" + std::string(key) + "\" must be one of " + allowed + ".", reader.pointer_of(key));
}

}  // namespace coordlab::protocols

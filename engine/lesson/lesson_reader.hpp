// Shared helpers for reading lesson files: string lists, texts and id checks with located errors.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "core/json_input.hpp"

namespace coordlab::lesson {

// A non-empty array of non-empty strings (at most `max_items`), or the fallback when absent and optional.
Result<std::vector<std::string>> read_strings(const ObjectReader& reader, std::string_view key, std::size_t max_items, bool required);
// A text: one string, or an array of strings joined with newlines (easier to write in JSON).
Result<std::string> read_text(const ObjectReader& reader, std::string_view key, bool required);
// Ids are 1-48 characters of a-z, 0-9, '-' and '_'.
bool valid_id(std::string_view id);
Result<std::string> read_id(const ObjectReader& reader, std::string_view key, std::set<std::string>* seen, std::string_view what);
// "unknown <what> "<name>". Did you mean "<closest>"?" followed by `then`, or by every known name when
// `then` is empty ("The <what>s are: a b c."). One wording for checks, measures and document checkers.
std::string unknown_name_message(std::string_view what, const std::string& name, const std::vector<std::string_view>& known,
                                 std::string_view then = {});

}  // namespace coordlab::lesson

#include "lesson/lesson_reader.hpp"

#include <algorithm>

#include "core/limits.hpp"

namespace coordlab::lesson {

Result<std::vector<std::string>> read_strings(const ObjectReader& reader, std::string_view key, std::size_t max_items, bool required) {
  const Json* value = reader.find(key);
  if (value == nullptr) {
    if (!required) return std::vector<std::string>{};
    return make_error("lesson.missing_key", "\"" + std::string(key) + "\" is required (an array of strings).", reader.pointer());
  }
  const std::string pointer = reader.pointer_of(key);
  if (!value->is_array() || value->size() > max_items) {
    return make_error("json.wrong_type", "\"" + std::string(key) + "\" must be an array of at most " + std::to_string(max_items) + " strings.", pointer);
  }
  std::vector<std::string> items;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const Json& item = (*value)[i];
    if (!item.is_string() || item.get<std::string>().empty()) {
      return make_error("json.wrong_type", "each entry must be a non-empty string.", pointer_append(pointer, i));
    }
    items.push_back(item.get<std::string>());
  }
  if (required && items.empty()) return make_error("lesson.empty_list", "\"" + std::string(key) + "\" must not be empty.", pointer);
  return items;
}

Result<std::string> read_text(const ObjectReader& reader, std::string_view key, bool required) {
  const Json* value = reader.find(key);
  if (value == nullptr) {
    if (!required) return std::string();
    return make_error("lesson.missing_key", "\"" + std::string(key) + "\" is required (a string, or an array of lines).", reader.pointer());
  }
  std::string text;
  if (value->is_string()) {
    text = value->get<std::string>();
  } else {
    Result<std::vector<std::string>> lines = read_strings(reader, key, 2000, required);
    if (!value->is_array()) return make_error("json.wrong_type", "\"" + std::string(key) + "\" must be a string or an array of lines.", reader.pointer_of(key));
    for (std::size_t i = 0; i < value->size(); ++i) {
      if (!(*value)[i].is_string()) return make_error("json.wrong_type", "each line must be a string.", pointer_append(reader.pointer_of(key), i));
      text += (i ? "\n" : "") + (*value)[i].get<std::string>();
    }
  }
  if (text.size() > limits::kMaxLessonTextBytes) {
    return make_error("lesson.text_too_long", "this text is " + std::to_string(text.size()) + " bytes; keep it under " +
                                                  std::to_string(limits::kMaxLessonTextBytes) + " (split the step).", reader.pointer_of(key));
  }
  if (required && text.empty()) return make_error("lesson.empty_text", "\"" + std::string(key) + "\" must not be empty.", reader.pointer_of(key));
  return text;
}

bool valid_id(std::string_view id) {
  return !id.empty() && id.size() <= 48 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

Result<std::string> read_id(const ObjectReader& reader, std::string_view key, std::set<std::string>* seen, std::string_view what) {
  Result<std::string> id = reader.string(key);
  if (!id.ok()) return id.error();
  if (!valid_id(id.value())) {
    return make_error("lesson.bad_id", std::string(what) + " ids are 1-48 characters of a-z, 0-9, '-' and '_'.", reader.pointer_of(key));
  }
  if (seen != nullptr && !seen->insert(id.value()).second) {
    return make_error("lesson.duplicate_id", "another " + std::string(what) + " already has the id \"" + id.value() + "\"; ids must be unique.",
                      reader.pointer_of(key));
  }
  return id.value();
}

std::string unknown_name_message(std::string_view what, const std::string& name, const std::vector<std::string_view>& known,
                                 std::string_view then) {
  std::string message = "unknown ";
  message.append(what).append(" \"").append(name).append("\".");
  if (auto suggestion = closest_match(name, known)) message.append(" Did you mean \"").append(*suggestion).append("\"?");
  if (!then.empty()) return message.append(" ").append(then);
  message.append(" The ").append(what).append("s are:");
  for (std::string_view candidate : known) message.append(" ").append(candidate);
  return message.append(".");
}

}  // namespace coordlab::lesson

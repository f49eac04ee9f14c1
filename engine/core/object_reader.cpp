#include <string>

#include "core/json_input.hpp"

namespace coordlab {

ObjectReader::ObjectReader(const Json& object, std::string pointer, std::string what)
    : object_(object), pointer_(std::move(pointer)), what_(std::move(what)) {}

Status ObjectReader::check(const std::vector<std::string_view>& known) const {
  if (!object_.is_object()) {
    return make_error("json.wrong_type", what_ + " must be an object, but it is " + describe_json_type(object_) + ".",
                      pointer_);
  }
  for (const auto& item : object_.items()) {
    bool is_known = false;
    for (std::string_view key : known) is_known = is_known || key == item.key();
    if (is_known) continue;
    std::string message = "unknown key \"" + item.key() + "\" in " + what_ + ".";
    if (auto suggestion = closest_match(item.key(), known)) message += " Did you mean \"" + *suggestion + "\"?";
    std::string allowed;
    for (std::string_view key : known) allowed += (allowed.empty() ? "" : ", ") + std::string(key);
    message += " Allowed keys: " + allowed + ".";
    return make_error("json.unknown_key", message, pointer_append(pointer_, item.key()));
  }
  return {};
}

bool ObjectReader::has(std::string_view key) const { return find(key) != nullptr; }

const Json* ObjectReader::find(std::string_view key) const {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(std::string(key));
  return it == object_.end() ? nullptr : &*it;
}

Error ObjectReader::missing(std::string_view key, std::string_view type) const {
  return make_error("json.missing_key",
                    what_ + " needs \"" + std::string(key) + "\" (" + std::string(type) + ").", pointer_);
}

Error ObjectReader::wrong_type(std::string_view key, std::string_view type) const {
  return make_error("json.wrong_type",
                    "\"" + std::string(key) + "\" must be " + std::string(type) + ", but it is " +
                        describe_json_type(*find(key)) + ".",
                    pointer_of(key));
}

Result<std::int64_t> ObjectReader::integer(std::string_view key, std::int64_t low, std::int64_t high,
                                           std::optional<std::int64_t> fallback) const {
  const Json* value = find(key);
  if (value == nullptr) {
    if (fallback) return *fallback;
    return missing(key, "a whole number");
  }
  if (!value->is_number_integer()) return wrong_type(key, "a whole number");
  if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    return make_error("json.out_of_range", "\"" + std::string(key) + "\" is too large.", pointer_of(key));
  }
  std::int64_t number = value->get<std::int64_t>();
  if (number < low || number > high) {
    return make_error("json.out_of_range",
                      "\"" + std::string(key) + "\" is " + std::to_string(number) + "; it must be between " +
                          std::to_string(low) + " and " + std::to_string(high) + ".",
                      pointer_of(key));
  }
  return number;
}

Result<std::string> ObjectReader::string(std::string_view key, std::optional<std::string> fallback) const {
  const Json* value = find(key);
  if (value == nullptr) {
    if (fallback) return *fallback;
    return missing(key, "a string");
  }
  if (!value->is_string()) return wrong_type(key, "a string");
  return value->get<std::string>();
}

Result<bool> ObjectReader::boolean(std::string_view key, std::optional<bool> fallback) const {
  const Json* value = find(key);
  if (value == nullptr) {
    if (fallback) return *fallback;
    return missing(key, "true or false");
  }
  if (!value->is_boolean()) return wrong_type(key, "true or false");
  return value->get<bool>();
}

Result<Ratio> ObjectReader::ratio(std::string_view key, std::optional<Ratio> fallback) const {
  const Json* value = find(key);
  if (value == nullptr) {
    if (fallback) return *fallback;
    return missing(key, "a ratio such as \"1/20\" or \"5%\"");
  }
  if (value->is_number_integer()) {
    std::int64_t number = value->get<std::int64_t>();
    if (number == 0) return Ratio::zero();
    if (number == 1) return Ratio::one();
  }
  if (!value->is_string()) {
    return make_error("json.wrong_type",
                      "\"" + std::string(key) + "\" must be a ratio written as a string such as \"1/20\" or \"5%\" " +
                          "(decimals like 0.05 are not allowed, so results are exact on every platform).",
                      pointer_of(key));
  }
  Result<Ratio> parsed = parse_ratio(value->get<std::string>());
  if (!parsed.ok()) {
    Error error = parsed.error();
    error.pointer = pointer_of(key);
    return error;
  }
  return parsed.value();
}

}  // namespace coordlab

// Result<T>: a value or an Error. The engine never throws (the web build has exceptions off), so every
// operation on outside input returns one of these.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "core/assert.hpp"

namespace coordlab {

// What is wrong with some input, where, and what to do about it.
struct Error {
  std::string code;     // stable id, "area.what", e.g. "scenario.bad_node_count"
  std::string message;  // a sentence that says what is wrong and what to do
  std::string pointer;  // JSON pointer into the offending document ("" when not a document)
  std::string file;     // file name when the input came from a file
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based; 0 when unknown

  // "file:line:column: pointer: message [code]", omitting parts that are unknown.
  std::string to_string() const;
};

Error make_error(std::string code, std::string message, std::string pointer = {});

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { ENGINE_ASSERT(ok()); return std::get<0>(state_); }
  const T& value() const& { ENGINE_ASSERT(ok()); return std::get<0>(state_); }
  T&& value() && { ENGINE_ASSERT(ok()); return std::get<0>(std::move(state_)); }
  const Error& error() const { ENGINE_ASSERT(!ok()); return std::get<1>(state_); }
  Error& error() { ENGINE_ASSERT(!ok()); return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { ENGINE_ASSERT(!ok()); return *error_; }
  Error& error() { ENGINE_ASSERT(!ok()); return *error_; }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace coordlab

// Propagates an error from an expression returning Result<...>.
#define RETURN_IF_ERROR(expression)                 \
  do {                                              \
    auto&& coordlab_status_ = (expression);         \
    if (!coordlab_status_.ok()) return coordlab_status_.error(); \
  } while (false)

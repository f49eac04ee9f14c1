#include "core/result.hpp"

namespace coordlab {

std::string Error::to_string() const {
  std::string text;
  if (!file.empty()) {
    text += file;
    if (line > 0) text += ":" + std::to_string(line) + ":" + std::to_string(column);
    text += ": ";
  } else if (line > 0) {
    text += std::to_string(line) + ":" + std::to_string(column) + ": ";
  }
  if (!pointer.empty()) text += pointer + ": ";
  text += message;
  text += " [" + code + "]";
  return text;
}

Error make_error(std::string code, std::string message, std::string pointer) {
  Error error;
  error.code = std::move(code);
  error.message = std::move(message);
  error.pointer = std::move(pointer);
  return error;
}

}  // namespace coordlab

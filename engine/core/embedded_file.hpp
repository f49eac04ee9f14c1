// Text files compiled into the binary (scenarios, lessons): see cmake/embed_files.cmake.
#pragma once
#include <string_view>
#include <vector>

namespace coordlab {

struct EmbeddedFile {
  std::string_view name;      // path relative to its folder, e.g. "ping_echo.json"
  std::string_view contents;
};

}  // namespace coordlab

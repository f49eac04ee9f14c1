// Helpers shared by the lesson and progress tests: read a file, and load a lesson folder (its *.json
// lessons and paths/*.json) into a library the way `coordlab --lessons DIR` does.
#pragma once
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lesson/library.hpp"

namespace coordlab::test_support {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline lesson::Library load_lesson_folder(const std::filesystem::path& folder) {
  std::vector<std::string> texts;
  std::vector<lesson::LibraryFile> files;
  for (const char* sub : {"", "paths/"}) {
    for (const auto& entry : std::filesystem::directory_iterator(folder / sub)) {
      if (entry.path().extension() != ".json") continue;
      texts.push_back(read_text(entry.path()));
      files.push_back({sub + entry.path().filename().string(), entry.path().string(), {}});
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) files[i].text = texts[i];
  Result<lesson::Library> library = lesson::load_library(files);
  REQUIRE_MESSAGE(library.ok(), (library.ok() ? "" : library.error().to_string()));
  return library.value();
}

}  // namespace coordlab::test_support

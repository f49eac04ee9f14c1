// Shared by the lesson commands (lesson_commands.cpp) and the progress commands (progress_commands.cpp).
#pragma once
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "lesson/library.hpp"

namespace coordlab::cli {

// Lesson files named on the command line; a directory contributes its *.json files (sorted).
Result<std::vector<std::string>> lesson_files(const std::vector<std::string>& paths);
// The lessons of a folder and its paths/*.json, validated together (the library the UI has built in).
Result<lesson::Library> load_lesson_folder(const std::string& folder);

int run_verify(const std::vector<std::string>& argv);
int run_progress(const std::vector<std::string>& argv);

}  // namespace coordlab::cli

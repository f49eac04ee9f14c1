#include "lesson/library.hpp"

#include <algorithm>

#include "core/embedded_file.hpp"

namespace coordlab {
const std::vector<EmbeddedFile>& embedded_lesson_files();
}

namespace coordlab::lesson {
namespace {

constexpr std::string_view kJsonSuffix = ".json";
constexpr std::string_view kPathFolder = "paths/";

bool is_json(std::string_view name) {
  return name.size() > kJsonSuffix.size() && name.substr(name.size() - kJsonSuffix.size()) == kJsonSuffix;
}

std::string_view without_json(std::string_view name) { return name.substr(0, name.size() - kJsonSuffix.size()); }

const LibraryFile* find_path_file(const std::vector<LibraryFile>& files, std::string_view path_id) {
  for (const LibraryFile& file : files)
    if (file.name.size() == kPathFolder.size() + path_id.size() + kJsonSuffix.size() && file.name.rfind(kPathFolder, 0) == 0 &&
        without_json(file.name).substr(kPathFolder.size()) == path_id)
      return &file;
  return nullptr;
}

}  // namespace

const Lesson* Library::find_lesson(std::string_view id) const {
  for (const Lesson& lesson : lessons)
    if (lesson.id == id) return &lesson;
  return nullptr;
}

const LearningPath* Library::find_path(std::string_view id) const {
  for (const LearningPath& path : paths)
    if (path.id == id) return &path;
  return nullptr;
}

const Task* Library::find_task(std::string_view reference, const Step** step) const {
  return lesson::find_task(lessons, reference, step);
}

Result<Library> load_library(const std::vector<LibraryFile>& files) {
  Library library;
  for (const LibraryFile& file : files) {
    if (!is_json(file.name) || file.name.find('/') != std::string::npos) continue;  // paths/ and other folders
    Result<Lesson> lesson = parse_lesson_text(file.text, file.label, without_json(file.name));
    if (!lesson.ok()) return lesson.error();
    library.lessons.push_back(std::move(lesson.value()));
  }
  std::sort(library.lessons.begin(), library.lessons.end(), [](const Lesson& a, const Lesson& b) { return a.id < b.id; });
  for (std::string_view id : learning_paths()) {
    const LibraryFile* file = find_path_file(files, id);
    if (file == nullptr) {
      return make_error("library.missing_path", "the lesson folder has no paths/" + std::string(id) +
                                                    ".json; every learning path needs its file (see README: learning paths).");
    }
    Result<LearningPath> path = parse_path_text(file->text, file->label, id, library.lessons);
    if (!path.ok()) return path.error();
    library.paths.push_back(std::move(path.value()));
  }
  return library;
}

const Result<Library>& builtin_library() {
  static const Result<Library> library = [] {
    std::vector<LibraryFile> files;
    for (const EmbeddedFile& embedded : embedded_lesson_files()) {
      files.push_back(LibraryFile{std::string(embedded.name), "builtin:lessons/" + std::string(embedded.name), embedded.contents});
    }
    return load_library(files);
  }();
  return library;
}

}  // namespace coordlab::lesson

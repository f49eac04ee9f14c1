#include "platform/storage.hpp"

#include <cstdlib>
#include <string>

#include <imgui.h>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#else
#include <filesystem>
#include <fstream>
#include <sstream>
#endif

namespace coordlab::ui {

#ifdef __EMSCRIPTEN__
namespace {

// localStorage can be missing or refuse (private mode, quota): every call reports instead of throwing.
EM_JS(char*, storage_get, (const char* key), {
  try {
    const value = window.localStorage.getItem(UTF8ToString(key));
    return value === null ? 0 : stringToNewUTF8(value);
  } catch (error) { return 0; }
});
EM_JS(int, storage_set, (const char* key, const char* value), {
  try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); return 1; } catch (error) { return 0; }
});
EM_JS(int, storage_remove, (const char* key), {
  try { window.localStorage.removeItem(UTF8ToString(key)); return 1; } catch (error) { return 0; }
});
EM_JS(void, browser_download, (const char* name, const char* text), {
  const fileName = UTF8ToString(name);
  // The type follows the extension, so the browser offers to open an .svg as a picture.
  const type = fileName.endsWith('.svg') ? 'image/svg+xml' : fileName.endsWith('.txt') ? 'text/plain' : 'application/json';
  const blob = new Blob([UTF8ToString(text)], {type});
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
});
EM_JS(void, open_import_picker, (), {
  const input = document.getElementById('import-file');
  if (input) { input.value = null; input.click(); }
});
EM_JS(char*, browser_page_address, (), { return stringToNewUTF8(window.location.origin + window.location.pathname); });
EM_JS(void, browser_copy, (const char* text), {
  const value = UTF8ToString(text);
  if (navigator.clipboard) navigator.clipboard.writeText(value).catch(() => {});
});

// What Ctrl+V inserts in a Dear ImGui field. Emscripten's GLFW keeps a clipboard of its own that never
// sees text copied outside the page, so a learner could not paste a domain written in their editor.
// index.html forwards the page's paste events (each carries the system clipboard's text, once per
// Ctrl+V) to lab_paste_text; Ctrl+V then inserts that text once: ImGui repeats a held key, and a slow
// frame looks held. Where no paste event ever arrives, Ctrl+V inserts the lab's own last copy.
struct BrowserClipboard {
  std::string pasted;     // the last paste event's text, until Ctrl+V takes it
  std::string copied;     // what the lab copied last
  std::string handed_out; // what the last Ctrl+V received (ImGui reads it after the call)
  bool paste_events_arrive = false;
};
BrowserClipboard& browser_clipboard() {
  static BrowserClipboard clipboard;
  return clipboard;
}
void imgui_set_clipboard(void*, const char* text) {
  browser_clipboard().copied = text;
  browser_copy(text);
}
const char* imgui_get_clipboard(void*) {
  BrowserClipboard& clipboard = browser_clipboard();
  if (clipboard.paste_events_arrive) {
    clipboard.handed_out = std::move(clipboard.pasted);
    clipboard.pasted.clear();
  } else {
    clipboard.handed_out = clipboard.copied;
  }
  return clipboard.handed_out.c_str();
}

}  // namespace

void use_browser_clipboard() {
  ImGuiIO& io = ImGui::GetIO();
  io.SetClipboardTextFn = imgui_set_clipboard;
  io.GetClipboardTextFn = imgui_get_clipboard;
  io.ClipboardUserData = nullptr;
}

std::optional<std::string> Storage::read(std::string_view key) const {
  if (!enabled_) return std::nullopt;
  char* value = storage_get(std::string(key).c_str());
  if (value == nullptr) return std::nullopt;
  std::string text(value);
  std::free(value);
  return text;
}

Status Storage::write(std::string_view key, std::string_view text) const {
  if (!enabled_) return Status{};
  if (text.size() > kMaxStoredBytes) return make_error("storage.too_large", "the progress is too large to save in the browser; export it to a file.");
  if (!storage_set(std::string(key).c_str(), std::string(text).c_str())) {
    return make_error("storage.refused", "the browser refused to save (private mode or storage full); export your progress to keep it.");
  }
  return Status{};
}

Status Storage::erase(std::string_view key) const {
  if (enabled_ && !storage_remove(std::string(key).c_str())) {
    return make_error("storage.refused", "the browser refused to erase the saved data.");
  }
  return Status{};
}

Result<std::string> Storage::export_file(std::string_view file_name, std::string_view text) const {
  browser_download(std::string(file_name).c_str(), std::string(text).c_str());
  return std::string("your downloads (") + std::string(file_name) + ")";
}

void copy_to_clipboard(std::string_view text) {
  browser_copy(std::string(text).c_str());
}

std::string page_address() {
  char* text = browser_page_address();
  std::string address(text);
  std::free(text);
  return address;
}

bool open_file_picker() {
  open_import_picker();
  return true;
}

Result<std::string> read_exported_file(std::string_view file_name) {
  return make_error("storage.no_file", "in the browser, choose the file with the picker (" + std::string(file_name) + ").");
}

#else
namespace {

namespace fs = std::filesystem;

fs::path data_folder() {
  if (const char* chosen = std::getenv("COORDLAB_DATA_DIR"); chosen && *chosen) return fs::path(chosen);
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return fs::path(xdg) / "coordlab";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".local" / "share" / "coordlab";
  return fs::path("coordlab-data");
}

fs::path file_of(std::string_view key) { return data_folder() / (std::string(key) + ".json"); }

Status write_file(const fs::path& path, std::string_view text) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  // Write beside, then rename: a crash mid-write never leaves half a progress file.
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) return make_error("storage.write_failed", "could not write " + temporary.string() + "; check the folder's permissions.");
  }
  fs::rename(temporary, path, error);
  if (error) return make_error("storage.write_failed", "could not replace " + path.string() + ": " + error.message());
  return Status{};
}

}  // namespace

std::optional<std::string> Storage::read(std::string_view key) const {
  if (!enabled_) return std::nullopt;
  std::ifstream in(file_of(key), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Status Storage::write(std::string_view key, std::string_view text) const {
  if (!enabled_) return Status{};
  if (text.size() > kMaxStoredBytes) return make_error("storage.too_large", "the progress is too large to save; export it to a file.");
  return write_file(file_of(key), text);
}

Status Storage::erase(std::string_view key) const {
  if (!enabled_) return Status{};
  std::error_code error;
  fs::remove(file_of(key), error);
  if (error) return make_error("storage.refused", "could not delete " + file_of(key).string() + ": " + error.message());
  return Status{};
}

Result<std::string> Storage::export_file(std::string_view file_name, std::string_view text) const {
  const fs::path path = data_folder() / std::string(file_name);
  Status written = write_file(path, text);
  if (!written.ok()) return written.error();
  return path.string();
}

void use_browser_clipboard() {}  // GLFW uses the system clipboard natively

void copy_to_clipboard(std::string_view text) { ImGui::SetClipboardText(std::string(text).c_str()); }

bool open_file_picker() { return false; }

std::string page_address() { return ""; }

Result<std::string> read_exported_file(std::string_view file_name) {
  const fs::path path = data_folder() / std::string(file_name);
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("storage.no_file", "there is no " + path.string() + " to import; export first or copy a progress file there.");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

#endif

}  // namespace coordlab::ui

#ifdef __EMSCRIPTEN__
// index.html calls this with the text of every paste event on the page; Ctrl+V then inserts it.
extern "C" EMSCRIPTEN_KEEPALIVE void lab_paste_text(const char* text) {
  if (text == nullptr || *text == '\0') return;
  coordlab::ui::browser_clipboard().pasted = text;
  coordlab::ui::browser_clipboard().paste_events_arrive = true;
}
#endif

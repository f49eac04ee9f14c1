// Where the lab keeps the learner's progress and settings between visits: the browser's localStorage
// on the web (per origin, so per port), a folder natively ($COORDLAB_DATA_DIR, else
// $XDG_DATA_HOME/coordlab, else ~/.local/share/coordlab). Also the file hand-offs: exporting a file
// (a download in the browser, a file in the data folder natively) and copying text to the clipboard.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace coordlab::ui {

inline constexpr std::string_view kProgressKey = "coordlab.progress";
inline constexpr std::string_view kSettingsKey = "coordlab.settings";
// localStorage gives an origin about 5 MB; a progress file is capped well below (lesson::kMaxProgressBytes).
inline constexpr std::size_t kMaxStoredBytes = 4'000'000;

class Storage {
 public:
  // A disabled storage reads nothing and writes nothing (the desktop smoke test must not touch files).
  explicit Storage(bool enabled) : enabled_(enabled) {}

  std::optional<std::string> read(std::string_view key) const;
  Status write(std::string_view key, std::string_view text) const;
  Status erase(std::string_view key) const;
  // Offers `text` as a downloaded file (web) or writes it into the data folder (native); returns where.
  Result<std::string> export_file(std::string_view file_name, std::string_view text) const;
  bool enabled() const { return enabled_; }

 private:
  bool enabled_;
};

inline constexpr std::string_view kProgressExportName = "coordlab-progress.json";

// Web: opens the page's file picker (index.html hands the chosen file to lab_import_progress) and
// returns true. Native: returns false (there is no picker).
bool open_file_picker();
// Native: the text of a file in the data folder (what export_file wrote).
Result<std::string> read_exported_file(std::string_view file_name);

// The page's address without the hash (web: origin + path), so links can be complete; "" natively.
std::string page_address();

// Copies text to the system clipboard (the browser's clipboard API on the web).
void copy_to_clipboard(std::string_view text);
// Web: Dear ImGui's copy goes to the browser's clipboard too and Ctrl+V inserts the text of the page's
// last paste event (index.html forwards them to lab_paste_text). Native: nothing (GLFW already does).
void use_browser_clipboard();

}  // namespace coordlab::ui

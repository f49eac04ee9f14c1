// A multi-line text editor for document tasks: line numbers in a gutter, the line an error points at
// marked in the gutter and across the text, and the text growing with its content (the surrounding
// child window scrolls, so numbers and text always line up).
#pragma once
#include <string>

namespace coordlab::ui {

struct EditorMark {
  int line = 0;    // 1-based; 0 = no mark
  int column = 0;  // 1-based
};

// Draws the editor `id` over the available width, `visible_lines` tall; returns true when the text
// changed this frame. The editor's frame is where a test clicks to focus it.
bool draw_text_editor(const char* id, std::string& text, const EditorMark& mark, int visible_lines);

}  // namespace coordlab::ui

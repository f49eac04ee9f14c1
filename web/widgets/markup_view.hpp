// Draws lesson markup (lesson/markup.hpp blocks) with the UI fonts: headings in the larger font, wrapped
// paragraphs and list items whose bold, italic and `code` spans keep their style across line breaks,
// code blocks on a tinted panel (a long line wraps and continues indented), and "Course pitfall" /
// "Note" callouts as coloured boxes.
#pragma once
#include <string_view>
#include <vector>

#include "lesson/markup.hpp"
#include "ui_state.hpp"

namespace coordlab::ui {

// Parses and draws `text`; a markup error (lint should have caught it) is shown in place of the text.
void draw_markup(std::string_view text, const UiState& ui);
void draw_markup_blocks(const std::vector<lesson::Block>& blocks, const UiState& ui);
// A short text (a task's prompt, an answer option) wrapped to the space left on the line, with its
// `code`, **bold** and *italic* spans styled; text that is not valid markup is drawn as it is.
void draw_inline_markup(std::string_view text, const UiState& ui);

}  // namespace coordlab::ui

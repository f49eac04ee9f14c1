// The lesson text markup, a small and strict subset of Markdown:
//   # Heading / ## Subheading          paragraphs separated by blank lines
//   - list item                         **bold**, *italic*, `inline code`
//   ```                                 code block (until the closing ```)
//   > [!pitfall] text                   a "Course pitfall" callout; > [!note] a note callout;
//   > more callout text                 following "> " lines continue the callout
// Unclosed markers, unknown callout kinds and empty headings are errors, so the lab never shows
// stray asterisks.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace coordlab::lesson {

enum class SpanStyle : std::uint8_t { plain, bold, italic, code };
struct Span {
  SpanStyle style = SpanStyle::plain;
  std::string text;
};

enum class BlockKind : std::uint8_t { heading, subheading, paragraph, list_item, code, pitfall, note };
struct Block {
  BlockKind kind = BlockKind::paragraph;
  std::vector<Span> spans;  // for code blocks: one plain span with the raw text
};

// Parses markup; an error names the 1-based line within the text.
Result<std::vector<Block>> parse_markup(std::string_view text);

}  // namespace coordlab::lesson

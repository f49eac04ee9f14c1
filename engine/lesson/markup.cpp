#include "lesson/markup.hpp"

namespace coordlab::lesson {
namespace {

Error markup_error(int line, const std::string& message) {
  Error error = make_error("lesson.bad_markup", "text line " + std::to_string(line) + ": " + message);
  return error;
}

// Splits inline text into styled spans; markers must close on the same line.
Result<std::vector<Span>> parse_spans(std::string_view text, int line) {
  std::vector<Span> spans;
  std::string plain;
  auto flush = [&] {
    if (!plain.empty()) spans.push_back(Span{SpanStyle::plain, plain});
    plain.clear();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\\' && i + 1 < text.size()) {  // \* \` \\ are literal characters
      plain += text[i + 1];
      i += 2;
      continue;
    }
    std::string_view marker;
    SpanStyle style = SpanStyle::plain;
    if (text.substr(i, 2) == "**") marker = "**", style = SpanStyle::bold;
    else if (text[i] == '*') marker = "*", style = SpanStyle::italic;
    else if (text[i] == '`') marker = "`", style = SpanStyle::code;
    if (marker.empty()) {
      plain += text[i++];
      continue;
    }
    std::size_t close = text.find(marker, i + marker.size());
    if (style == SpanStyle::italic) {
      while (close != std::string_view::npos && text.substr(close, 2) == "**") close = text.find('*', close + 2);
    }
    if (close == std::string_view::npos || close == i + marker.size()) {
      return markup_error(line, "\"" + std::string(marker) + "\" is not closed on the same line (write \\" +
                                    std::string(marker.substr(0, 1)) + " for a literal character).");
    }
    flush();
    spans.push_back(Span{style, std::string(text.substr(i + marker.size(), close - i - marker.size()))});
    i = close + marker.size();
  }
  flush();
  return spans;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (true) {
    std::size_t newline = text.find('\n');
    lines.push_back(text.substr(0, newline));
    if (newline == std::string_view::npos) break;
    text = text.substr(newline + 1);
  }
  return lines;
}

}  // namespace

Result<std::vector<Block>> parse_markup(std::string_view text) {
  std::vector<Block> blocks;
  std::vector<std::string_view> lines = split_lines(text);
  std::string paragraph;
  int paragraph_line = 0;
  auto flush_paragraph = [&]() -> Status {
    if (paragraph.empty()) return {};
    Result<std::vector<Span>> spans = parse_spans(paragraph, paragraph_line);
    if (!spans.ok()) return spans.error();
    blocks.push_back(Block{BlockKind::paragraph, spans.value()});
    paragraph.clear();
    return {};
  };
  for (std::size_t index = 0; index < lines.size(); ++index) {
    const int line_number = static_cast<int>(index) + 1;
    std::string_view line = lines[index];
    if (line.substr(0, 3) == "```") {
      RETURN_IF_ERROR(flush_paragraph());
      std::string code;
      std::size_t end = index + 1;
      while (end < lines.size() && lines[end].substr(0, 3) != "```") code += std::string(lines[end++]) + "\n";
      if (end == lines.size()) return markup_error(line_number, "the code block is not closed with ```.");
      if (!code.empty()) code.pop_back();
      blocks.push_back(Block{BlockKind::code, {Span{SpanStyle::plain, code}}});
      index = end;
      continue;
    }
    if (line.empty()) {
      RETURN_IF_ERROR(flush_paragraph());
      continue;
    }
    BlockKind kind = BlockKind::paragraph;
    std::string_view content = line;
    if (line.substr(0, 3) == "## ") kind = BlockKind::subheading, content = line.substr(3);
    else if (line.substr(0, 2) == "# ") kind = BlockKind::heading, content = line.substr(2);
    else if (line.substr(0, 2) == "- ") kind = BlockKind::list_item, content = line.substr(2);
    else if (line.substr(0, 12) == "> [!pitfall]") kind = BlockKind::pitfall, content = line.substr(12);
    else if (line.substr(0, 9) == "> [!note]") kind = BlockKind::note, content = line.substr(9);
    else if (line.substr(0, 3) == "> [") {
      return markup_error(line_number, "unknown callout; use \"> [!pitfall]\" or \"> [!note]\".");
    } else if (line.substr(0, 2) == "> ") {
      if (blocks.empty() || !paragraph.empty() || (blocks.back().kind != BlockKind::pitfall && blocks.back().kind != BlockKind::note)) {
        return markup_error(line_number, "a \"> \" line must follow a \"> [!pitfall]\" or \"> [!note]\" callout line.");
      }
      Result<std::vector<Span>> spans = parse_spans(" " + std::string(line.substr(2)), line_number);
      if (!spans.ok()) return spans.error();
      for (Span& span : spans.value()) blocks.back().spans.push_back(std::move(span));
      continue;
    }
    if (kind == BlockKind::paragraph) {
      if (paragraph.empty()) paragraph_line = line_number;
      paragraph += (paragraph.empty() ? "" : " ") + std::string(line);
      continue;
    }
    RETURN_IF_ERROR(flush_paragraph());
    while (!content.empty() && content.front() == ' ') content.remove_prefix(1);
    if (content.empty()) return markup_error(line_number, "this heading, list item or callout is empty.");
    Result<std::vector<Span>> spans = parse_spans(content, line_number);
    if (!spans.ok()) return spans.error();
    blocks.push_back(Block{kind, spans.value()});
  }
  RETURN_IF_ERROR(flush_paragraph());
  if (blocks.empty()) return markup_error(1, "the text is empty.");
  return blocks;
}

}  // namespace coordlab::lesson

#include "widgets/markup_view.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include <imgui.h>

#include "platform/ui_theme.hpp"

namespace coordlab::ui {
namespace {

struct SpanLook {
  ImU32 colour = 0;
  bool faux_bold = false;  // one regular font is embedded; bold is the glyphs drawn twice, 1 px apart
  bool code_background = false;
};

SpanLook look_of(lesson::SpanStyle style, const UiState& ui) {
  const bool dark = ui.theme == Theme::dark;
  SpanLook look;
  look.colour = ImGui::GetColorU32(ImGuiCol_Text);
  switch (style) {
    case lesson::SpanStyle::plain:
      break;
    case lesson::SpanStyle::bold:
      look.faux_bold = true;
      break;
    case lesson::SpanStyle::italic:
      look.colour = dark ? IM_COL32(150, 200, 255, 255) : IM_COL32(30, 90, 170, 255);
      break;
    case lesson::SpanStyle::code:
      look.colour = dark ? IM_COL32(255, 200, 140, 255) : IM_COL32(150, 60, 0, 255);
      look.code_background = true;
      break;
  }
  return look;
}

// Lays out spans word by word inside [x_start, x_end], wrapping at spaces, and reserves the height used.
void draw_wrapped_spans(const std::vector<lesson::Span>& spans, float indent, const UiState& ui) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float x_start = origin.x + indent;
  const float x_end = origin.x + std::max(ImGui::GetContentRegionAvail().x, 50.0f);
  const float line_height = ImGui::GetTextLineHeightWithSpacing();
  const float space_width = ImGui::CalcTextSize(" ").x;
  float x = x_start;
  float y = origin.y;
  for (const lesson::Span& span : spans) {
    const SpanLook look = look_of(span.style, ui);
    std::size_t begin = 0;
    while (begin < span.text.size()) {
      std::size_t end = span.text.find(' ', begin);
      if (end == std::string::npos) end = span.text.size();
      const char* word_begin = span.text.data() + begin;
      const char* word_end = span.text.data() + end;
      const float width = ImGui::CalcTextSize(word_begin, word_end).x;
      if (x > x_start && x + width > x_end) {
        x = x_start;
        y += line_height;
      }
      if (look.code_background && width > 0) {
        draw->AddRectFilled(ImVec2(x - 2, y), ImVec2(x + width + 2, y + ImGui::GetTextLineHeight()),
                            ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
      }
      draw->AddText(ImVec2(x, y), look.colour, word_begin, word_end);
      if (look.faux_bold) draw->AddText(ImVec2(x + 1, y), look.colour, word_begin, word_end);
      x += width;
      if (end < span.text.size()) x += space_width;  // the space belongs to this span's style
      begin = end + 1;
    }
  }
  ImGui::Dummy(ImVec2(x_end - origin.x, y + line_height - origin.y));
}

void draw_heading(const lesson::Block& block, bool major) {
  std::string text;
  for (const lesson::Span& span : block.spans) text += span.text;
  if (major) ImGui::PushFont(heading_font());
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  if (major) ImGui::PopFont();
  ImGui::Spacing();
}

// Draws one line of code from `at`, wrapped to `width`: a line too long for the panel continues on the
// next line, indented, so nothing is cut off at the panel's edge and a continuation does not look like
// a line of its own. Returns the height used.
float draw_wrapped_code_line(ImDrawList* draw, ImVec2 at, float width, std::string_view line, ImU32 colour) {
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  const float indent = ImGui::GetFontSize() * 1.5f;
  const float line_height = ImGui::GetTextLineHeight();
  const char* begin = line.data();
  const char* const end = line.data() + line.size();
  float y = at.y;
  float x = at.x;
  do {
    const float room = std::max(width - (x - at.x), ImGui::GetFontSize());
    const char* cut = font->CalcWordWrapPositionA(scale, begin, end, room);
    if (cut == begin && begin < end) cut = begin + 1;  // always make progress
    draw->AddText(ImVec2(x, y), colour, begin, cut);
    y += line_height;
    x = at.x + indent;
    begin = cut;
    while (begin < end && *begin == ' ') ++begin;  // the break eats the spaces, as ImGui's wrapped text does
  } while (begin < end);
  return y - at.y;
}

void draw_code_block(const lesson::Block& block) {
  const std::string& code = block.spans.empty() ? std::string() : block.spans.front().text;
  const ImVec2 padding = ImGui::GetStyle().FramePadding;
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 50.0f);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->ChannelsSplit(2);  // the text goes on top, the panel (sized after the text) underneath
  draw->ChannelsSetCurrent(1);
  float y = start.y + padding.y;
  std::string_view rest = code;
  while (true) {
    const std::size_t newline = rest.find('\n');
    y += draw_wrapped_code_line(draw, ImVec2(start.x + padding.x, y), width - padding.x * 2, rest.substr(0, newline),
                                ImGui::GetColorU32(ImGuiCol_Text));
    if (newline == std::string_view::npos) break;
    rest.remove_prefix(newline + 1);
  }
  const float bottom = y + padding.y;
  draw->ChannelsSetCurrent(0);
  draw->AddRectFilled(start, ImVec2(start.x + width, bottom), ImGui::GetColorU32(ImGuiCol_FrameBg), 4.0f);
  draw->ChannelsMerge();
  ImGui::Dummy(ImVec2(width, bottom - start.y + ImGui::GetStyle().ItemSpacing.y));
}

// A callout: a tinted box with a coloured bar on the left, a title, and the wrapped text.
void draw_callout(const lesson::Block& block, const UiState& ui) {
  const bool pitfall = block.kind == lesson::BlockKind::pitfall;
  const bool dark = ui.theme == Theme::dark;
  const ImU32 bar = pitfall ? IM_COL32(230, 120, 40, 255) : IM_COL32(70, 140, 230, 255);
  const ImU32 fill = pitfall ? (dark ? IM_COL32(70, 45, 25, 255) : IM_COL32(255, 238, 220, 255))
                             : (dark ? IM_COL32(30, 45, 70, 255) : IM_COL32(225, 236, 252, 255));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->ChannelsSplit(2);  // the text goes on top, the box (sized after the text) underneath
  draw->ChannelsSetCurrent(1);
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float pad = ImGui::GetStyle().FramePadding.x;
  ImGui::SetCursorScreenPos(ImVec2(start.x + pad * 2, start.y + pad));
  ImGui::BeginGroup();
  ImGui::PushStyleColor(ImGuiCol_Text, bar);
  ImGui::TextUnformatted(pitfall ? "Course pitfall" : "Note");
  ImGui::PopStyleColor();
  ImGui::PushItemWidth(-pad);
  draw_wrapped_spans(block.spans, 0, ui);
  ImGui::PopItemWidth();
  ImGui::EndGroup();
  const float bottom = ImGui::GetItemRectMax().y;
  draw->ChannelsSetCurrent(0);
  const float right = start.x + ImGui::GetContentRegionAvail().x;
  draw->AddRectFilled(start, ImVec2(right, bottom + pad), fill, 4.0f);
  draw->AddRectFilled(start, ImVec2(start.x + 4, bottom + pad), bar);
  draw->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(start.x, bottom + pad));
  ImGui::Dummy(ImVec2(1, ImGui::GetStyle().ItemSpacing.y));
}

}  // namespace

void draw_markup_blocks(const std::vector<lesson::Block>& blocks, const UiState& ui) {
  const float bullet_indent = ImGui::GetFontSize() * 1.3f;
  for (const lesson::Block& block : blocks) {
    switch (block.kind) {
      case lesson::BlockKind::heading:
        draw_heading(block, true);
        break;
      case lesson::BlockKind::subheading:
        draw_heading(block, false);
        break;
      case lesson::BlockKind::paragraph:
        draw_wrapped_spans(block.spans, 0, ui);
        ImGui::Spacing();
        break;
      case lesson::BlockKind::list_item: {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float radius = ImGui::GetFontSize() * 0.15f;
        ImGui::GetWindowDrawList()->AddCircleFilled(
            ImVec2(at.x + bullet_indent * 0.4f, at.y + ImGui::GetTextLineHeight() * 0.55f), radius,
            ImGui::GetColorU32(ImGuiCol_Text));
        draw_wrapped_spans(block.spans, bullet_indent, ui);
        break;
      }
      case lesson::BlockKind::code:
        draw_code_block(block);
        break;
      case lesson::BlockKind::pitfall:
      case lesson::BlockKind::note:
        draw_callout(block, ui);
        break;
    }
  }
}

void draw_markup(std::string_view text, const UiState& ui) {
  Result<std::vector<lesson::Block>> blocks = lesson::parse_markup(text);
  if (!blocks.ok()) {
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "This step's text has a markup error: %s",
                       blocks.error().message.c_str());
    return;
  }
  draw_markup_blocks(blocks.value(), ui);
}

void draw_inline_markup(std::string_view text, const UiState& ui) {
  Result<std::vector<lesson::Block>> blocks = lesson::parse_markup(text);
  if (!blocks.ok()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
  } else if (blocks.value().size() == 1 && blocks.value().front().kind == lesson::BlockKind::paragraph) {
    draw_wrapped_spans(blocks.value().front().spans, 0, ui);
  } else {
    draw_markup_blocks(blocks.value(), ui);
  }
}

}  // namespace coordlab::ui

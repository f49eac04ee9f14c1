#include "widgets/text_editor.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

namespace coordlab::ui {
namespace {

const ImU32 kMarkFill = IM_COL32(230, 80, 70, 60);
const ImVec4 kMarkText(0.95f, 0.42f, 0.36f, 1.0f);

// ImGui edits a fixed buffer; this grows the std::string under it as the learner types.
int grow_string(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* text = static_cast<std::string*>(data->UserData);
    text->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = text->data();
  }
  return 0;
}

int line_count(const std::string& text) {
  const auto newlines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  return newlines + 1;  // the editor always shows the line after a final newline
}

void draw_gutter(int lines, const EditorMark& mark, float line_height, float gutter_width) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float pad_y = ImGui::GetStyle().FramePadding.y;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 number_color = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  char number[16];
  for (int line = 1; line <= lines; ++line) {
    std::snprintf(number, sizeof number, "%d", line);
    const float width = ImGui::CalcTextSize(number).x;
    const ImVec2 at(origin.x + gutter_width - width - ImGui::GetStyle().ItemSpacing.x, origin.y + pad_y + (line - 1) * line_height);
    draw->AddText(at, line == mark.line ? ImGui::GetColorU32(kMarkText) : number_color, number);
  }
  ImGui::Dummy(ImVec2(gutter_width, pad_y * 2 + lines * line_height));
}

}  // namespace

bool draw_text_editor(const char* id, std::string& text, const EditorMark& mark, int visible_lines) {
  const float line_height = ImGui::GetTextLineHeight();
  const int lines = line_count(text);
  const float gutter_width = ImGui::CalcTextSize("0000").x;
  const float pad_y = ImGui::GetStyle().FramePadding.y;
  const float view_height = pad_y * 2 + static_cast<float>(std::min(lines, visible_lines) + 1) * line_height;
  ImGui::PushID(id);
  ImGui::BeginChild("##scroll", ImVec2(0, view_height + ImGui::GetStyle().ScrollbarSize), true, ImGuiWindowFlags_HorizontalScrollbar);
  draw_gutter(lines, mark, line_height, gutter_width);
  ImGui::SameLine(0, 0);
  const ImVec2 text_origin = ImGui::GetCursorScreenPos();
  // Wide and tall enough for the whole text, so the child scrolls it and the gutter together.
  float widest = ImGui::GetContentRegionAvail().x;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    widest = std::max(widest, ImGui::CalcTextSize(text.data() + start, text.data() + end).x + ImGui::GetFontSize() * 2);
    start = end + 1;
  }
  const ImVec2 size(widest, pad_y * 2 + static_cast<float>(lines + 1) * line_height);
  const bool changed = ImGui::InputTextMultiline("##text", text.data(), text.capacity() + 1, size,
                                                 ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackResize, grow_string, &text);
  if (mark.line > 0 && mark.line <= lines) {
    const float top = text_origin.y + pad_y + static_cast<float>(mark.line - 1) * line_height;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(text_origin.x, top), ImVec2(text_origin.x + size.x, top + line_height), kMarkFill);
  }
  ImGui::EndChild();
  ImGui::PopID();
  return changed;
}

}  // namespace coordlab::ui

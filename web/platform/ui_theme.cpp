#include "platform/ui_theme.hpp"

#include <imgui.h>

#include <type_traits>

namespace coordlab::ui {
namespace {

// The atlas rasterises every glyph the embedded subset holds (web/font/glyphs.txt); the table is static
// data, as ImGui keeps a pointer to it until the atlas is built.
static_assert(std::is_same_v<ImWchar, unsigned short>, "ui_font_glyph_ranges() is generated for 16-bit ImWchar");
// Headings are drawn with a second, larger copy of the font (scaling the regular one would blur it).
constexpr float kHeadingScale = 1.3f;
ImFont* heading = nullptr;  // owned by ImGui's atlas; rebuilt with it

void soften_shapes(ImGuiStyle& style) {
  style.WindowRounding = 0.0f;
  style.ChildRounding = 4.0f;
  style.FrameRounding = 4.0f;
  style.GrabRounding = 4.0f;
  style.PopupRounding = 4.0f;
  style.ScrollbarRounding = 6.0f;
  style.FramePadding = ImVec2(8.0f, 4.0f);
  style.ItemSpacing = ImVec2(8.0f, 6.0f);
  style.WindowPadding = ImVec2(10.0f, 10.0f);
}

void dark_colours(ImGuiStyle& style) {
  ImGui::StyleColorsDark(&style);
  ImVec4* colours = style.Colors;
  colours[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.00f);
  colours[ImGuiCol_ChildBg] = ImVec4(0.12f, 0.13f, 0.15f, 1.00f);
  // Secondary text at 5.1:1 on panels and 5.4:1 on the window (WCAG AA asks 4.5:1).
  colours[ImGuiCol_TextDisabled] = ImVec4(0.55f, 0.57f, 0.60f, 1.00f);
}

void light_colours(ImGuiStyle& style) {
  ImGui::StyleColorsLight(&style);
  ImVec4* colours = style.Colors;
  colours[ImGuiCol_WindowBg] = ImVec4(0.96f, 0.96f, 0.97f, 1.00f);
  colours[ImGuiCol_ChildBg] = ImVec4(1.00f, 1.00f, 1.00f, 1.00f);
  // ImGui's light fields are white on near-white; give inputs and sliders a visible well.
  colours[ImGuiCol_FrameBg] = ImVec4(0.87f, 0.88f, 0.91f, 1.00f);
  colours[ImGuiCol_FrameBgHovered] = ImVec4(0.80f, 0.85f, 0.94f, 1.00f);
  // Secondary text at 5.7:1 on panels and 5.2:1 on the window (WCAG AA asks 4.5:1).
  colours[ImGuiCol_TextDisabled] = ImVec4(0.40f, 0.40f, 0.42f, 1.00f);
}

}  // namespace

void apply_style(Theme theme, float scale) {
  ImGuiStyle style;
  soften_shapes(style);
  if (theme == Theme::dark) dark_colours(style);
  else light_colours(style);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

bool load_ui_font(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const std::span<const unsigned char> bytes = ui_font_bytes();
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes are static data, not the atlas's to free
  config.OversampleH = 2;
  config.OversampleV = 1;
  // ImGui's API takes a non-const pointer but only reads the data when the atlas does not own it.
  void* data = const_cast<unsigned char*>(bytes.data());
  ImFont* font = io.Fonts->AddFontFromMemoryTTF(data, static_cast<int>(bytes.size()), kFontSizeCssPixels * scale, &config,
                                                ui_font_glyph_ranges());
  if (font == nullptr) {
    io.Fonts->AddFontDefault();
    heading = nullptr;
    return false;
  }
  heading = io.Fonts->AddFontFromMemoryTTF(data, static_cast<int>(bytes.size()), kFontSizeCssPixels * kHeadingScale * scale,
                                           &config, ui_font_glyph_ranges());
  return true;
}

ImFont* heading_font() { return heading != nullptr ? heading : ImGui::GetFont(); }

}  // namespace coordlab::ui

// coordlab_ui_shot: renders the lab in a real (hidden) OpenGL window and saves one frame as a PNG, so
// the views can be looked at from a headless machine (run it under xvfb-run). Not shipped; a tool for
// whoever works on the UI.
//   coordlab_ui_shot OUT.png [--scenario NAME] [--size WxH] [--light] [--select NODE] [--tab NAME]
//                    [--commands JSON_ARRAY]   (session commands, e.g. '[{"op":"run","ticks":300}]')
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "lab_app.hpp"
#include "platform/ui_theme.hpp"
#include "views/view_standalone.hpp"

namespace {

std::uint32_t crc32(const unsigned char* data, std::size_t size, std::uint32_t crc = 0) {
  crc = ~crc;
  for (std::size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void put32(std::vector<unsigned char>& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(value >> shift));
}

void chunk(std::vector<unsigned char>& out, const char* type, const std::vector<unsigned char>& data) {
  put32(out, static_cast<std::uint32_t>(data.size()));
  std::vector<unsigned char> body(type, type + 4);
  body.insert(body.end(), data.begin(), data.end());
  out.insert(out.end(), body.begin(), body.end());
  put32(out, crc32(body.data(), body.size()));
}

// An RGB PNG with uncompressed (stored) deflate blocks: large but needs no zlib.
bool write_png(const char* path, int width, int height, const std::vector<unsigned char>& rgba_bottom_up) {
  std::vector<unsigned char> raw;
  for (int y = height - 1; y >= 0; --y) {
    raw.push_back(0);
    for (int x = 0; x < width; ++x) {
      const unsigned char* pixel = &rgba_bottom_up[(static_cast<std::size_t>(y) * width + x) * 4];
      raw.insert(raw.end(), pixel, pixel + 3);
    }
  }
  std::vector<unsigned char> zlib = {0x78, 0x01};
  std::uint32_t a = 1, b = 0;
  for (const unsigned char byte : raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  for (std::size_t at = 0; at < raw.size(); at += 65535) {
    const std::size_t length = std::min<std::size_t>(65535, raw.size() - at);
    zlib.push_back(at + length == raw.size() ? 1 : 0);
    zlib.push_back(static_cast<unsigned char>(length & 0xff));
    zlib.push_back(static_cast<unsigned char>(length >> 8));
    zlib.push_back(static_cast<unsigned char>(~length & 0xff));
    zlib.push_back(static_cast<unsigned char>((~length >> 8) & 0xff));
    zlib.insert(zlib.end(), raw.begin() + static_cast<std::ptrdiff_t>(at), raw.begin() + static_cast<std::ptrdiff_t>(at + length));
  }
  put32(zlib, (b << 16) | a);
  std::vector<unsigned char> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<unsigned char> header;
  put32(header, static_cast<std::uint32_t>(width));
  put32(header, static_cast<std::uint32_t>(height));
  header.insert(header.end(), {8, 2, 0, 0, 0});
  chunk(png, "IHDR", header);
  chunk(png, "IDAT", zlib);
  chunk(png, "IEND", {});
  FILE* file = std::fopen(path, "wb");
  if (file == nullptr) return false;
  const bool written = std::fwrite(png.data(), 1, png.size(), file) == png.size();
  return std::fclose(file) == 0 && written;
}

struct ShotOptions {
  std::string out;
  std::string scenario = "raft";
  int width = 1280;
  int height = 720;
  bool light = false;
  int select = -1;
  std::string tab;
  std::string commands = "[]";
};

bool parse(int argc, char** argv, ShotOptions& options) {
  if (argc < 2) return false;
  options.out = argv[1];
  for (int i = 2; i + 1 < argc || (i < argc && std::strcmp(argv[i], "--light") == 0); ++i) {
    const std::string flag = argv[i];
    if (flag == "--light") { options.light = true; continue; }
    const std::string value = argv[++i];
    if (flag == "--scenario") options.scenario = value;
    else if (flag == "--size") std::sscanf(value.c_str(), "%dx%d", &options.width, &options.height);
    else if (flag == "--select") options.select = std::atoi(value.c_str());
    else if (flag == "--tab") options.tab = value;
    else if (flag == "--commands") options.commands = value;
    else return false;
  }
  return true;
}

void frame(GLFWwindow* window, coordlab::ui::LabApp& app) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  app.frame(1.0f / 60.0f);
  coordlab::ui::draw_simulator_views_if_hidden(app);
  ImGui::Render();
  int width = 0, height = 0;
  glfwGetFramebufferSize(window, &width, &height);
  glViewport(0, 0, width, height);
  const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(background.x, background.y, background.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace

int main(int argc, char** argv) {
  ShotOptions options;
  if (!parse(argc, argv, options)) {
    std::fputs("usage: coordlab_ui_shot OUT.png [--scenario NAME] [--size WxH] [--light] [--select NODE] [--tab NAME] [--commands JSON]\n", stderr);
    return 2;
  }
  char data_dir[] = "/tmp/coordlab_ui_shot.XXXXXX";
  if (mkdtemp(data_dir) != nullptr) setenv("COORDLAB_DATA_DIR", data_dir, 1);
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, "coordlab_ui_shot", nullptr, nullptr);
  if (window == nullptr) return 1;
  glfwMakeContextCurrent(window);
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(window, false);
  ImGui_ImplOpenGL3_Init("#version 130");
  coordlab::ui::load_ui_font(1.0f);
  {
    coordlab::ui::LabApp app;
    if (!app.load(options.scenario)) {
      std::fprintf(stderr, "coordlab_ui_shot: %s\n", app.ui().status_text.c_str());
      return 1;
    }
    app.ui().theme = options.light ? coordlab::ui::Theme::light : coordlab::ui::Theme::dark;
    coordlab::ui::apply_style(app.ui().theme, 1.0f);
    for (const coordlab::Json& command : coordlab::Json::parse(options.commands)) app.queue(coordlab::ui::UiCommand::session_command(command));
    if (options.select >= 0) app.ui().sim.selected_node = static_cast<std::uint16_t>(options.select);
    // The first frame brings the run's first view forward; ask for the tab after it.
    frame(window, app);
    app.ui().sim.open_tab = options.tab;
    for (int i = 0; i < 6; ++i) frame(window, app);
    std::vector<unsigned char> pixels(static_cast<std::size_t>(options.width) * options.height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, options.width, options.height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    if (!write_png(options.out.c_str(), options.width, options.height, pixels)) return 1;
    std::printf("%s: %s\n", options.out.c_str(), app.ui().status_text.c_str());
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}

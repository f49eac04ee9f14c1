// main() for both front ends. In the browser (emscripten) the canvas is kept at CSS size x
// devicePixelRatio, so ImGui works in device pixels with a font rasterised at that density (crisp at
// any DPR), and emscripten_set_main_loop drives frames. Natively it is a GLFW window with an OpenGL 3
// context, the desktop options (--frames, --smoke, --scenario, --lessons) and a plain loop.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#define GLFW_INCLUDE_ES3
#else
#include "platform/desktop_options.hpp"
#include "platform/desktop_smoke.hpp"
#endif
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "platform/automation.hpp"
#include "platform/storage.hpp"
#include "lab_app.hpp"
#include "platform/ui_theme.hpp"

namespace coordlab::ui {
namespace {

#ifdef __EMSCRIPTEN__
// Emscripten 3.1.6's GLFW passes the browser's raw wheel deltas (pixels, positive = down) where GLFW
// means notches (positive = up), so the wheel scrolled the wrong way by ~100 lines. One notch is about
// 100 pixels in Chromium and Firefox.
constexpr double kBrowserWheelPixelsPerNotch = 100.0;

void browser_scroll_callback(GLFWwindow* window, double x_pixels, double y_pixels) {
  ImGui_ImplGlfw_ScrollCallback(window, -x_pixels / kBrowserWheelPixelsPerNotch, -y_pixels / kBrowserWheelPixelsPerNotch);
}
#endif

// Shortcut keys go to the app as they happen, not only as ImGui's once-per-frame key state: a press and
// release within one frame (fast tapping, or a test's quick presses) would otherwise be lost.
void key_callback(GLFWwindow* window, int key, int scancode, int action, int mods) {
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
  auto* app = static_cast<LabApp*>(glfwGetWindowUserPointer(window));
  if (app == nullptr || action == GLFW_RELEASE) return;
  const bool repeat = action == GLFW_REPEAT;
  switch (key) {
    case GLFW_KEY_SPACE: if (!repeat) app->press_key(ShortcutKey::play_pause); break;
    case GLFW_KEY_RIGHT: app->press_key(ShortcutKey::step); break;
    case GLFW_KEY_LEFT: app->press_key(ShortcutKey::step_back); break;
    case GLFW_KEY_HOME: if (!repeat) app->press_key(ShortcutKey::start); break;
    case GLFW_KEY_END: if (!repeat) app->press_key(ShortcutKey::end); break;
    case GLFW_KEY_ESCAPE: if (!repeat) app->press_key(ShortcutKey::escape); break;
    default: break;
  }
}

struct Platform {
  GLFWwindow* window = nullptr;
  std::unique_ptr<LabApp> app;
  float applied_scale = 0;  // the scale fonts and style were built for (0 = not yet)
  Theme applied_theme = Theme::dark;
  bool font_texture_uploaded = false;  // the renderer builds it lazily on its first frame
  std::uint64_t gl_error_count = 0;
};

#ifdef __EMSCRIPTEN__
constexpr const char* kCanvasSelector = "#canvas";

// Browser.setCanvasSize resizes the canvas backing store and tells the GLFW emulation (so
// glfwGetWindowSize and glfwGetFramebufferSize follow). glfwSetWindowSize is avoided on purpose: it
// requests fullscreen whenever the size happens to equal the screen's.
// Start-up marks on the page's performance timeline: bench.mjs measures web_lab_start_ms from them
// (the wasm instantiated to the first frame drawn, less the WebGL context creation, which is the browser's).
EM_JS(void, mark_startup, (const char* name), { performance.mark(UTF8ToString(name)); });

EM_JS(void, set_canvas_pixel_size, (int width, int height), { Browser.setCanvasSize(width, height); });

// Keeps the canvas backing store at its CSS size x devicePixelRatio; returns the ratio.
float sync_canvas_to_page() {
  double css_width = 0;
  double css_height = 0;
  emscripten_get_element_css_size(kCanvasSelector, &css_width, &css_height);
  const double ratio = emscripten_get_device_pixel_ratio();
  const int width = std::max(1, static_cast<int>(std::lround(css_width * ratio)));
  const int height = std::max(1, static_cast<int>(std::lround(css_height * ratio)));
  int current_width = 0;
  int current_height = 0;
  emscripten_get_canvas_element_size(kCanvasSelector, &current_width, &current_height);
  if (width != current_width || height != current_height) set_canvas_pixel_size(width, height);
  return static_cast<float>(ratio);
}
#endif

// Web: ImGui works in canvas pixels, so everything scales by devicePixelRatio and widget rectangles
// divide by it to get CSS pixels. Linux desktop: window coordinates are pixels; scale fonts by the
// monitor's content scale (1 under Xvfb) and report rectangles in window coordinates.
void update_scale(Platform& platform) {
  UiState& ui = platform.app->ui();
#ifdef __EMSCRIPTEN__
  const float scale = sync_canvas_to_page();
  ui.pixels_per_css_pixel = scale;
#else
  float scale = 1;
  float unused_y_scale = 1;
  glfwGetWindowContentScale(platform.window, &scale, &unused_y_scale);
  ui.pixels_per_css_pixel = 1;
#endif
  ui.ui_scale = scale;
  if (scale != platform.applied_scale) {
    load_ui_font(scale);
    if (platform.font_texture_uploaded) {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    apply_style(ui.theme, scale);
    platform.applied_scale = scale;
    platform.applied_theme = ui.theme;
  } else if (ui.theme != platform.applied_theme) {
    apply_style(ui.theme, scale);
    platform.applied_theme = ui.theme;
  }
}

void render_frame(Platform& platform, float elapsed_seconds) {
  glfwPollEvents();
  update_scale(platform);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  platform.app->frame(elapsed_seconds);
  ImGui::Render();
  int width = 0;
  int height = 0;
  glfwGetFramebufferSize(platform.window, &width, &height);
  glViewport(0, 0, width, height);
  const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(background.x, background.y, background.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  platform.font_texture_uploaded = true;
  while (glGetError() != GL_NO_ERROR) ++platform.gl_error_count;
  glfwSwapBuffers(platform.window);
}

void on_glfw_error(int code, const char* description) { std::fprintf(stderr, "GLFW error %d: %s\n", code, description); }

// Creates the window, the GL context and ImGui; nullptr window on failure (already reported).
bool open_window(Platform& platform, int width, int height) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) return false;
#ifdef __EMSCRIPTEN__
  const char* glsl_version = "#version 300 es";
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#else
  const char* glsl_version = "#version 130";
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#endif
#ifdef __EMSCRIPTEN__
  mark_startup("lab-context-start");
#endif
  platform.window = glfwCreateWindow(width, height, "Coordination Lab", nullptr, nullptr);
#ifdef __EMSCRIPTEN__
  mark_startup("lab-context-end");
#endif
  if (!platform.window) return false;
  glfwMakeContextCurrent(platform.window);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing to remember between sessions
  ImGui_ImplGlfw_InitForOpenGL(platform.window, true);
#ifdef __EMSCRIPTEN__
  glfwSetScrollCallback(platform.window, browser_scroll_callback);  // replaces the backend's own
  coordlab::ui::use_browser_clipboard();  // replaces the backend's GLFW clipboard
#endif
  ImGui_ImplOpenGL3_Init(glsl_version);
  return true;
}

// The app the window's frames, keys and the automation hook go to.
void attach_app(Platform& platform, std::unique_ptr<LabApp> app) {
  platform.app = std::move(app);
  glfwSetWindowUserPointer(platform.window, platform.app.get());
  glfwSetKeyCallback(platform.window, key_callback);  // replaces the backend's own, which it calls
  set_automation_target(platform.app.get());
}

#ifndef __EMSCRIPTEN__
void close_window(Platform& platform) {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(platform.window);
  glfwTerminate();
}
#endif

#ifdef __EMSCRIPTEN__
void browser_frame(void* argument) {
  Platform& platform = *static_cast<Platform*>(argument);
  render_frame(platform, ImGui::GetIO().DeltaTime);
  if (platform.app->ui().frame == 1) mark_startup("lab-first-frame");
}

int run_in_browser() {
  // Never freed: the main loop outlives main() in the browser.
  auto* platform = new Platform();
  double css_width = 1280;
  double css_height = 720;
  emscripten_get_element_css_size(kCanvasSelector, &css_width, &css_height);
  const double ratio = emscripten_get_device_pixel_ratio();
  if (!open_window(*platform, std::max(1, static_cast<int>(std::lround(css_width * ratio))),
                   std::max(1, static_cast<int>(std::lround(css_height * ratio))))) {
    std::fprintf(stderr, "Coordination Lab: could not create a WebGL 2 context\n");
    return 1;
  }
  attach_app(*platform, std::make_unique<LabApp>());
  // Saved settings may choose the light theme: build the style for it before the first frame.
  emscripten_set_main_loop_arg(browser_frame, platform, 0, 1);
  return 0;
}
#else
int run_on_desktop(const DesktopOptions& options) {
  Platform platform;
  if (!open_window(platform, 1280, 720)) {
    std::fprintf(stderr, "coordlab_desktop: could not open a window with OpenGL 3 (is DISPLAY set? try xvfb-run)\n");
    return 1;
  }
  LabOptions lab_options;
  lab_options.persist = !options.smoke;  // the smoke test must neither read nor change a user's saved progress
  lab_options.start_route = options.smoke || !options.scenario.empty() ? "#/playground" : options.route;
  attach_app(platform, std::make_unique<LabApp>(lab_options));
  if (!options.scenario.empty() && !platform.app->load(options.scenario)) {
    std::fprintf(stderr, "coordlab_desktop: %s\n", platform.app->ui().status_text.c_str());
    close_window(platform);
    return 2;
  }
  SmokeCheck smoke;
  while (!glfwWindowShouldClose(platform.window)) {
    const bool smoke_running = options.smoke && !smoke.finished() && platform.app->ui().frame < kSmokeMaxFrames;
    if (options.frame_limit && platform.app->ui().frame >= *options.frame_limit && !smoke_running) break;
    render_frame(platform, options.smoke ? kSmokeFrameSeconds : ImGui::GetIO().DeltaTime);
    if (options.smoke) smoke.after_frame(*platform.app);
  }
  int status = 0;
  if (options.smoke) {
    smoke.finish(*platform.app, platform.gl_error_count);
    for (const std::string& failure : smoke.failures()) std::fprintf(stderr, "smoke: %s\n", failure.c_str());
    const UiState& ui = platform.app->ui();
    const app::Session* session = platform.app->session();
    std::printf("smoke: %s after %llu frames (scenario %s, step %llu, tick %lld)\n", smoke.passed() ? "passed" : "FAILED",
                static_cast<unsigned long long>(ui.frame), ui.loaded_scenario.c_str(),
                static_cast<unsigned long long>(session ? session->position() : 0),
                static_cast<long long>(session ? session->world().now().value : 0));
    status = smoke.passed() ? 0 : 1;
  }
  set_automation_target(nullptr);
  close_window(platform);
  return status;
}
#endif

}  // namespace
}  // namespace coordlab::ui

int main(int argc, char** argv) {
#ifdef __EMSCRIPTEN__
  (void)argc;
  (void)argv;
  return coordlab::ui::run_in_browser();
#else
  using namespace coordlab::ui;
  coordlab::Result<DesktopOptions> options = parse_desktop_options(argc, argv);
  if (!options.ok()) {
    std::fprintf(stderr, "coordlab_desktop: %s\n%s", options.error().message.c_str(), desktop_usage().c_str());
    return 2;
  }
  if (options.value().help) {
    std::printf("%s", desktop_usage().c_str());
    return 0;
  }
  return run_on_desktop(options.value());
#endif
}

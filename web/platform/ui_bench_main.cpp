// coordlab_ui_bench: the CPU time to build one frame of the lab's UI (ImGui::NewFrame .. ImGui::Render,
// no GPU backend) with a 100-node run and a trace of at least 20,000 events, every simulator view on
// screen (topology, inspector, sequence diagram, invariant lights). Prints a table line, or JSON with
// --json ({"ui_frame_build_ms.trace20k": median}). Target (issue 5): < 4 ms.
#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <ctime>
#include <vector>

#include <imgui.h>

#include "lab_app.hpp"
#include "views/view_standalone.hpp"
#include "platform/ui_theme.hpp"

namespace {

constexpr const char* kScenario = "gossip_100";
constexpr std::size_t kTraceEvents = 20'000;
constexpr int kWarmupFrames = 30;
constexpr int kMeasuredFrames = 300;
constexpr float kFrameSeconds = 1.0f / 60.0f;

double cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// One frame of the app, with the simulator views drawn even if the app's screen leaves them out.
void build_frame(coordlab::ui::LabApp& app) {
  ImGui::NewFrame();
  app.frame(kFrameSeconds);
  coordlab::ui::draw_simulator_views_if_hidden(app);
  ImGui::Render();
}

int measure(bool json) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 720);
  io.DeltaTime = kFrameSeconds;
  coordlab::ui::load_ui_font(1.0f);
  coordlab::ui::apply_style(coordlab::ui::Theme::dark, 1.0f);
  unsigned char* pixels = nullptr;
  int width = 0;
  int height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);  // builds the atlas, as a backend would

  coordlab::ui::LabApp app;
  if (!app.load(kScenario)) {
    std::fprintf(stderr, "coordlab_ui_bench: cannot load %s: %s\n", kScenario, app.ui().status_text.c_str());
    return 1;
  }
  // Grow the run to the trace size by frames, as a learner pressing Step would.
  while (app.session()->trace().event_count() < kTraceEvents) {
    const std::size_t missing = kTraceEvents - app.session()->trace().event_count();
    app.queue(coordlab::ui::UiCommand::session_command(coordlab::Json{{"op", "step"}, {"count", std::max<std::size_t>(missing / 3, 1)}}));
    build_frame(app);
    if (!app.ui().errors.empty()) {
      std::fprintf(stderr, "coordlab_ui_bench: %s\n", app.ui().errors.back().c_str());
      return 1;
    }
  }
  app.ui().sim.selected_node = 0;  // the inspector shows a node
  for (int i = 0; i < kWarmupFrames; ++i) build_frame(app);
  std::vector<double> frame_ms;
  for (int i = 0; i < kMeasuredFrames; ++i) {
    const double start = cpu_ms();
    build_frame(app);
    frame_ms.push_back(cpu_ms() - start);
  }
  std::sort(frame_ms.begin(), frame_ms.end());
  const double median = frame_ms[frame_ms.size() / 2];
  const double p95 = frame_ms[frame_ms.size() * 95 / 100];
  const std::size_t events = app.session()->trace().event_count();
  if (json) {
    std::printf("{\"ui_frame_build_ms.trace20k\": %.4f, \"ui_frame_build_ms_p95.trace20k\": %.4f}\n", median, p95);
  } else {
    std::printf("ui_frame_build_ms.trace20k  median %.3f ms, p95 %.3f ms over %d frames (%s, %zu nodes, %zu events, 1280x720)  target < 4\n",
                median, p95, kMeasuredFrames, kScenario, app.session()->world().node_count(), events);
  }
  ImGui::DestroyContext();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool json = argc > 1 && std::strcmp(argv[1], "--json") == 0;
  // The lab may keep progress on disk: give it a scratch directory so the bench never touches a user's.
  char data_dir[] = "/tmp/coordlab_ui_bench.XXXXXX";
  if (mkdtemp(data_dir) != nullptr) setenv("COORDLAB_DATA_DIR", data_dir, 1);
  const int status = measure(json);
  std::error_code ignored;
  std::filesystem::remove_all(data_dir, ignored);
  return status;
}

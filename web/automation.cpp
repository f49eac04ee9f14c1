// Automation hook. `lab_automation_state()` (a C function, exported from the wasm module and callable
// as Module.ccall('lab_automation_state', 'string', [], [])) returns the lab's state as JSON text:
//   {"frame": 42, "position": 3, "head": 3, "tick": 40, "playing": false, "event_count": 17,
//    "scenario": "ping_echo", "seed": 1, "at_head": true, "hash": "...", "scale": 2,
//    "status": "...", "errors": ["...", ...],
//    "widgets": {"Play": {"x": 10, "y": 48, "w": 52, "h": 26}, "Step": {...}, ...}}
// "frame" counts rendered frames, so a test can wait for rendering to start and for N more frames.
// Widget rectangles are in CSS pixels of the canvas (natively, window coordinates), measured when the
// widget was last drawn, so a test clicks the real centre of "Step" instead of a hard-coded pixel.
// Labels: Scenario, Seed, Load, Theme, Play (also when it reads "Pause"), Step back, Step, Speed,
// Readout, timeline, Fork here, Nodes, Trace, Status. "errors" lists every error shown so far (capped).
// The returned pointer stays valid until the next call. The hook only reads; it never changes the run.
#include "automation.hpp"
#include "view_automation.hpp"

#include <nlohmann/json.hpp>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define COORDLAB_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define COORDLAB_EXPORT
#endif

namespace coordlab::ui {
namespace {

// A C caller needs a pointer that outlives the call, and the main loop owns the app: both are
// process-wide by nature, so they live here rather than in any function.
const LabApp* automation_target = nullptr;
std::string automation_text;

Json widgets_json(const UiState& ui) {
  Json widgets = Json::object();
  for (const auto& [label, rect] : ui.widgets) {
    widgets[label] = Json{{"x", rect.x}, {"y", rect.y}, {"w", rect.width}, {"h", rect.height}};
  }
  return widgets;
}

}  // namespace

std::string automation_state_json(const LabApp& app) {
  const UiState& ui = app.ui();
  Json state = Json::object();
  state["frame"] = ui.frame;
  state["playing"] = ui.playing;
  state["scenario"] = ui.loaded_scenario;
  state["seed"] = ui.seed;
  state["scale"] = ui.pixels_per_css_pixel;
  state["status"] = ui.status_text;
  state["errors"] = ui.errors;
  state["widgets"] = widgets_json(ui);
  state["sim"] = sim_view_state_json(ui);  // the simulator views: selection, lights, sequence size
  if (const app::Session* session = app.session()) {
    state["position"] = session->position();
    state["head"] = session->head_step();
    state["at_head"] = session->at_head();
    state["tick"] = session->world().now().value;
    state["event_count"] = session->trace().event_count();
    state["hash"] = sim::format_hash(session->trace().hash());
  }
  // Texts come from scenarios and engine messages; never let a stray byte abort the dump.
  return state.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void set_automation_target(const LabApp* app) { automation_target = app; }

}  // namespace coordlab::ui

extern "C" COORDLAB_EXPORT const char* lab_automation_state() {
  using namespace coordlab::ui;
  automation_text = automation_target ? automation_state_json(*automation_target) : std::string(R"({"frame":0})");
  return automation_text.c_str();
}

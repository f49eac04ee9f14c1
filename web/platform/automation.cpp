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
// Readout, timeline, Fork here, Nodes, Trace, Status; Home, Playground tab, Shortcuts, Share this run;
// on home: Continue, Playground, path:<id>, lesson:<id>, progress:<id>, Export progress, Import
// progress, Reset all, Erase my data; in a lesson: <task>:state, <task>:check, <task>:option:<i>,
// <task>:number, <task>:hint, <task>:goal, <task>:solution, Previous step, Next step, Next lesson,
// Reset lesson, Splitter, Lesson column, <task>:jump, <task>:retry, <task>:apply; in dialogs: Confirm yes, Confirm cancel. Simulator views: Tab <name>, Node <name>
// and Message <id> (right-click for their menus: "Menu <type> #<id>: <from> → <to>" (a message menu's
// title), Crash <node>, Restart <node>, Isolate <node>, Deliver
// message <id>, Drop message <id>, ...), Sequence search, Nodes..., Types..., Show node <name>, Show type
// <type>, Copy SVG, Download SVG, Export trace JSON, Copy trace, Scenario <name> (the playground's scenario
// list); domain views: Plot <view> (a plot's area), Plot whole run <view>, Plot SVG <view>, Plot CSV
// <view>, Plot legend <view> <i> (series i's legend checkbox). "errors" lists every error shown so
// far (capped). Also: "screen" (home, lesson, playground), "route" (the address), "lesson" {path, id,
// step, step_id, scroll_y (the text column's), tasks: [{id, kind, passed (recorded), checked, check_passed, reason, recorded (the outcome shown is
// the saved one), passed_at {step, tick} (a passing simulator check: where its goal first held in the run of
// the seed on screen)}]}, "progress"
// {records, paths: {id: {passed, total, checklist_done, checklist_total}}}, "enabled_controls" (null in
// the playground), "shortcuts_open", "share_link", "theme", "sim" (view_automation.hpp) and "nodes"
// [{name, up, role}] (the first kMaxReportedNodes nodes at the current position).
// lab_import_progress(text) (exported) hands a chosen file's text to the lab (index.html's picker).
// lab_open_lesson(text) (exported) opens a lesson file's text as a draft at #/draft/<id>. Classify tasks
// report "bins" (the bin chosen per item, null = not placed) and have widgets <task>:item:<i>:bin:<b>;
// document tasks report "text" (the editor's text) and "text_line"/"text_column" (where the last check
// points, 0 = nowhere) and have widgets <task>:editor and <task>:start_over.
// The returned pointer stays valid until the next call. The hook only reads; it never changes the run.
#include "platform/automation.hpp"
#include "views/view_automation.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "sim/actor.hpp"

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
LabApp* automation_target = nullptr;
std::string automation_text;

Json widgets_json(const UiState& ui) {
  Json widgets = Json::object();
  for (const auto& [label, rect] : ui.widgets) {
    widgets[label] = Json{{"x", rect.x}, {"y", rect.y}, {"w", rect.width}, {"h", rect.height}};
  }
  return widgets;
}

const char* screen_name(Screen screen) {
  switch (screen) {
    case Screen::home:
      return "home";
    case Screen::lesson:
      return "lesson";
    case Screen::playground:
      return "playground";
  }
  return "home";
}

Json lesson_json(const LabApp& app) {
  const lesson::Lesson* lesson = app.open_lesson();
  const lesson::Step* step = app.open_step();
  if (lesson == nullptr || step == nullptr) return nullptr;
  const UiState& ui = app.ui();
  Json tasks = Json::array();
  for (const lesson::Task& task : step->tasks) {
    Json entry = {{"id", task.id}, {"kind", std::string(lesson::task_kind_name(task.kind))},
                  {"passed", task_passed(app.summary(), lesson->id, step->id, task.id)}, {"checked", false}};
    const auto found = ui.lesson.tasks.find(task.id);
    if (found != ui.lesson.tasks.end() && found->second.outcome) {
      entry["checked"] = true;
      entry["check_passed"] = found->second.outcome->passed;
      entry["reason"] = found->second.outcome->reason;
      entry["text_line"] = found->second.outcome->text_line;
      entry["text_column"] = found->second.outcome->text_column;
      entry["recorded"] = found->second.outcome_recorded;
      for (const lesson::SeedRun& run : found->second.outcome->runs) {
        if (app.session() != nullptr && run.seed == app.session()->seed() && run.passed_at_step) {
          entry["passed_at"] = {{"step", *run.passed_at_step}, {"tick", *run.passed_at_tick}};
        }
      }
    }
    if (found != ui.lesson.tasks.end() && task.kind == lesson::TaskKind::classify) {
      entry["bins"] = Json::array();
      for (int bin : found->second.bins) entry["bins"].push_back(bin < 0 ? Json() : Json(bin));
    }
    if (found != ui.lesson.tasks.end() && found->second.text) entry["text"] = *found->second.text;
    tasks.push_back(entry);
  }
  return {{"path", ui.lesson.path}, {"id", lesson->id}, {"step", ui.lesson.step}, {"step_id", step->id}, {"tasks", tasks},
          {"scroll_y", ui.lesson.scroll_y}, {"complete", lesson_complete(app.summary(), lesson->id)}};
}

// Enough for every lesson's cluster; the hook stays small for the 1,000-node benchmarks.
constexpr std::size_t kMaxReportedNodes = 64;

Json nodes_json(const app::Session& session) {
  const sim::World& world = session.world();
  Json nodes = Json::array();
  for (std::uint16_t node = 0; node < world.node_count() && node < kMaxReportedNodes; ++node) {
    const sim::Actor* actor = world.actor(NodeId{node});
    nodes.push_back({{"name", std::string(session.trace().node_name(node))}, {"up", world.node_up(NodeId{node})},
                     {"role", actor ? actor->role() : std::string("crashed")}});
  }
  return nodes;
}

Json progress_json(const LabApp& app) {
  Json paths = Json::object();
  for (const lesson::PathProgress& path : app.summary().paths) {
    const auto ticked = std::count_if(path.checklist.begin(), path.checklist.end(), [](const lesson::ChecklistProgress& item) { return item.ticked; });
    paths[path.id] = {{"passed", path.tasks_passed}, {"total", path.tasks_total}, {"lessons_done", path.lessons_done},
                      {"checklist_done", ticked}, {"checklist_total", path.checklist.size()}};
  }
  return {{"records", app.progress().records.size()}, {"paths", paths}};
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
  state["screen"] = screen_name(ui.screen);
  state["route"] = ui.route;
  state["lesson"] = lesson_json(app);
  state["progress"] = progress_json(app);
  state["enabled_controls"] = ui.enabled_controls ? Json(*ui.enabled_controls) : Json();
  state["shortcuts_open"] = ui.show_shortcuts;
  state["share_link"] = ui.share_link;
  state["theme"] = ui.theme == Theme::dark ? "dark" : "light";
  if (const app::Session* session = app.session()) {
    state["position"] = session->position();
    state["head"] = session->head_step();
    state["at_head"] = session->at_head();
    state["tick"] = session->world().now().value;
    state["event_count"] = session->trace().event_count();
    state["hash"] = sim::format_hash(session->trace().hash());
    state["nodes"] = nodes_json(*session);
  }
  // Texts come from scenarios and engine messages; never let a stray byte abort the dump.
  return state.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void set_automation_target(LabApp* app) { automation_target = app; }

}  // namespace coordlab::ui

extern "C" COORDLAB_EXPORT const char* lab_automation_state() {
  using namespace coordlab::ui;
  automation_text = automation_target ? automation_state_json(*automation_target) : std::string(R"({"frame":0})");
  return automation_text.c_str();
}

extern "C" COORDLAB_EXPORT void lab_open_lesson(const char* text) {
  using namespace coordlab::ui;
  if (automation_target != nullptr && text != nullptr) automation_target->open_draft_lesson(text);
}

extern "C" COORDLAB_EXPORT void lab_import_progress(const char* text) {
  using namespace coordlab::ui;
  if (automation_target != nullptr && text != nullptr) automation_target->import_progress(text);
}

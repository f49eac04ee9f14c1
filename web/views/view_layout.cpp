// The layout of the simulator views: the invariant lights across the top; below, the topology over the
// inspector on the left and the other views as tabs on the right. Which views show comes from the run
// (app::available_views: the generic ones, then the protocol's own) and, in a lesson, from the step's
// "views" list, whose first view is brought to the front when the step opens. A narrow region (the lesson
// text beside it on a small screen) puts every view in one row of tabs instead.
#include <algorithm>

#include "screens/panels.hpp"
#include "views/sim_views.hpp"
#include "views/view_domain.hpp"
#include "views/view_inspector.hpp"
#include "views/view_sequence.hpp"
#include "views/view_topology.hpp"

namespace coordlab::ui {
namespace {

constexpr float kSplitMinWidth = 760.0f;  // narrower than this (in unscaled pixels): tabs only
constexpr float kTopologyShare = 0.74f;   // of the left column's height (the inspector needs less)

bool tab(UiState& ui, const char* label) {
  const bool requested = ui.sim.open_tab == label;
  const bool open = ImGui::BeginTabItem(label, nullptr, requested ? ImGuiTabItemFlags_SetSelected : 0);
  if (requested && open) ui.sim.open_tab.clear();
  remember_widget(ui, std::string("Tab ") + label);
  // Many tabs shrink to "Decom...": the whole name on hover.
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", label);
  return open;
}

// The views to show, in order: the step's list, or everything the run offers.
std::vector<app::ViewSpec> shown_views(const ViewContext& view) {
  const std::vector<app::ViewSpec> offered = app::available_views(view.session.scenario().protocol);
  if (view.ui.step_views.empty()) return offered;
  std::vector<app::ViewSpec> chosen;
  for (const std::string& id : view.ui.step_views) {
    if (const app::ViewSpec* spec = app::find_view(offered, id)) chosen.push_back(*spec);
  }
  return chosen.empty() ? offered : chosen;
}

void draw_view(const ViewContext& view, const app::ViewSpec& spec) {
  switch (spec.kind) {
    case app::ViewKind::topology: draw_topology_view(view, ImVec2(0, 0)); break;
    case app::ViewKind::inspector: draw_inspector(view); break;
    case app::ViewKind::sequence: draw_sequence_view(view); break;
    case app::ViewKind::trace: draw_trace_panel(view.session, view.ui, view.commands); break;
    case app::ViewKind::nodes: draw_nodes_panel(view.session, view.ui); break;
    case app::ViewKind::next_events: draw_next_events(view); break;
    case app::ViewKind::table: draw_table_view(view, spec); break;
    case app::ViewKind::plot: draw_plot_view(view, spec); break;
    case app::ViewKind::tree: draw_tree_view(view, spec); break;
  }
}

void draw_tabs(const ViewContext& view, const std::vector<const app::ViewSpec*>& tabs) {
  // When the tabs do not fit, ImGui cuts their names ("Decom..."): a list button at the bar's left then
  // names them all.
  const ImGuiStyle& style = ImGui::GetStyle();
  float tabs_width = 0;
  for (const app::ViewSpec* spec : tabs) tabs_width += ImGui::CalcTextSize(spec->title.c_str()).x + 2 * style.FramePadding.x + style.ItemInnerSpacing.x;
  const bool cut = tabs_width > ImGui::GetContentRegionAvail().x;
  const ImGuiTabBarFlags flags = cut ? ImGuiTabBarFlags_TabListPopupButton : ImGuiTabBarFlags_None;
  if (!ImGui::BeginTabBar("simulator_tabs", flags)) return;
  for (const app::ViewSpec* spec : tabs) {
    if (!tab(view.ui, spec->title.c_str())) continue;
    ImGui::BeginChild(("view_" + spec->id).c_str());
    draw_view(view, *spec);
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

void draw_left_column(const ViewContext& view, const app::ViewSpec* topology, const app::ViewSpec* inspector, float width, float height) {
  ImGui::BeginChild("left_column", ImVec2(width, height), false);
  if (topology != nullptr) {
    ImGui::BeginChild("topology", ImVec2(0, inspector != nullptr ? std::max(height * kTopologyShare, 1.0f) : 0), true);
    draw_topology_view(view, ImVec2(0, 0));
    ImGui::EndChild();
  }
  if (inspector != nullptr) {
    ImGui::BeginChild("inspector", ImVec2(0, 0), true);
    draw_inspector(view);
    ImGui::EndChild();
  }
  ImGui::EndChild();
}

// Brings the step's first view to the front once per step (or per playground run).
void bring_first_forward(const ViewContext& view, const std::vector<app::ViewSpec>& views) {
  const UiState& ui = view.ui;
  const std::string place = ui.screen == Screen::lesson ? ui.lesson.lesson + "/" + std::to_string(ui.lesson.step) : "playground/" + ui.loaded_scenario;
  const std::string key = place + "@" + std::to_string(ui.run_generation);
  if (view.ui.sim.front_view_for == key || views.empty()) return;
  view.ui.sim.front_view_for = key;
  view.ui.sim.open_tab = views.front().title;
}

}  // namespace

void draw_simulator_views(const app::Session& session, UiState& ui, UiCommands& commands, ImVec2 size) {
  const ViewContext view{session, ui, commands};
  ui.sim.drawn_frame = ui.frame;
  const float width = size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x;
  const float height = size.y > 0 ? size.y : std::max(ImGui::GetContentRegionAvail().y, 1.0f);
  const std::vector<app::ViewSpec> views = shown_views(view);
  bring_first_forward(view, views);
  ui.sim.shown_views.clear();
  for (const app::ViewSpec& spec : views) ui.sim.shown_views.push_back(spec.id);

  ImGui::BeginChild("simulator_views", ImVec2(width, height), false);
  draw_invariant_lights(view);
  const float body_height = std::max(ImGui::GetContentRegionAvail().y, 1.0f);
  const app::ViewSpec* topology = app::find_view(views, "topology");
  const app::ViewSpec* inspector = app::find_view(views, "inspector");
  const bool split = width >= kSplitMinWidth * ui.ui_scale && (topology != nullptr || inspector != nullptr) && views.size() > 1 +
                     (topology != nullptr && inspector != nullptr ? 1 : 0);
  std::vector<const app::ViewSpec*> tabs;
  for (const app::ViewSpec& spec : views) {
    if (split && (&spec == topology || &spec == inspector)) continue;
    tabs.push_back(&spec);
  }
  if (split) {
    draw_left_column(view, topology, inspector, std::max(ImGui::GetContentRegionAvail().x * 0.42f, 1.0f), body_height);
    ImGui::SameLine();
    ImGui::BeginChild("right_column", ImVec2(0, body_height), true);
    draw_tabs(view, tabs);
    ImGui::EndChild();
  } else {
    ImGui::BeginChild("simulator_tabs_only", ImVec2(0, body_height), true);
    draw_tabs(view, tabs);
    ImGui::EndChild();
  }
  ImGui::EndChild();
}

}  // namespace coordlab::ui

// Invariant lights, the node inspector and the next-events list (see view_inspector.hpp).
#include "views/view_inspector.hpp"

#include <algorithm>

namespace coordlab::ui {
namespace {

constexpr std::size_t kMaxListedNextEvents = 200;

const std::vector<app::InvariantLight>& lights(const ViewContext& view) {
  SimViewState& sim = view.ui.sim;
  const RunStamp stamp = run_stamp(view);
  if (!(sim.lights_stamp == stamp)) {
    sim.lights = app::invariant_lights(view.session);
    sim.lights_stamp = stamp;
  }
  return sim.lights;
}

// Keeps the inspector's "changed" flags: when the position moves, the selected node's fields at the
// previous position are compared with the new ones. So after a step the highlight is what that step
// changed (after a seek, what changed between the two positions).
void update_inspector(const ViewContext& view, std::uint16_t node) {
  SimViewState& sim = view.ui.sim;
  const RunStamp stamp = run_stamp(view);
  if (sim.inspector_stamp == stamp && sim.inspector_node == node) return;
  app::NodeFields fields = app::node_fields(view.session.world(), NodeId{node});
  const bool same_node_and_run = sim.inspector_node == node && sim.inspector_stamp.run == stamp.run;
  sim.inspector_changed = same_node_and_run ? app::changed_fields(sim.inspector_fields, fields) : std::vector<bool>(fields.size(), false);
  sim.inspector_fields = std::move(fields);
  sim.inspector_stamp = stamp;
  sim.inspector_node = node;
}

}  // namespace

void draw_invariant_lights(const ViewContext& view) {
  const std::vector<app::InvariantLight>& all = lights(view);
  if (all.empty()) {
    ImGui::TextDisabled("No invariants are defined for this protocol.");
    return;
  }
  ImGui::TextUnformatted("Invariants:");
  const float radius = ImGui::GetTextLineHeight() * 0.35f;
  for (const app::InvariantLight& light : all) {
    ImGui::SameLine();
    // Wrap before a light that would not fit.
    const float width = radius * 2 + 6 + ImGui::CalcTextSize(light.id.c_str()).x + 12;
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
    ImGui::PushID(light.id.c_str());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("light", ImVec2(width, ImGui::GetTextLineHeight()));
    remember_widget(view.ui, "Light " + light.id);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddCircleFilled(ImVec2(at.x + radius, at.y + ImGui::GetTextLineHeight() / 2), radius, pass_colour(view.ui, light.passed));
    draw->AddText(ImVec2(at.x + radius * 2 + 6, at.y), ImGui::GetColorU32(ImGuiCol_Text), light.id.c_str());
    if (ImGui::IsItemHovered()) {
      std::string tip = light.summary + "\n" + (light.passed ? "Holds: " : "Violated: ") + light.reason;
      if (light.first_violation_step) tip += "\nClick to jump to the first violation (step " + std::to_string(*light.first_violation_step) + ").";
      ImGui::SetTooltip("%s", tip.c_str());
    }
    if (ImGui::IsItemClicked() && light.first_violation_step) view.commands.push_back(UiCommand::seek_to(*light.first_violation_step));
    ImGui::PopID();
  }
  const auto violated = std::find_if(all.begin(), all.end(), [](const app::InvariantLight& light) { return light.first_violation_step.has_value(); });
  if (violated == all.end()) return;
  ImGui::SameLine();
  if (ImGui::SmallButton("Jump to first violation")) view.commands.push_back(UiCommand::seek_to(*violated->first_violation_step));
  remember_widget(view.ui, "Jump to first violation");
}

void draw_inspector(const ViewContext& view) {
  const sim::World& world = view.session.world();
  const std::uint16_t node = view.ui.sim.selected_node;
  if (node >= world.node_count()) {
    ImGui::TextDisabled("Click a node in the topology to inspect it.");
    return;
  }
  update_inspector(view, node);
  const sim::Actor* actor = world.actor(NodeId{node});
  const std::string name = node_name(view.session, node);
  ImGui::Text("%s: %s", name.c_str(), actor ? actor->role().c_str() : "crashed");
  remember_widget(view.ui, "Inspector");
  const std::string& byzantine = world.byzantine_kind(NodeId{node});
  if (!byzantine.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(health_colour(view.ui, app::NodeHealth::byzantine)), "Byzantine: %s", byzantine.c_str());
  }
  if (!actor) {
    ImGui::TextDisabled("A crashed node has no state to show; restart it from its right-click menu.");
    return;
  }
  const SimViewState& sim = view.ui.sim;
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("inspector_table", 2, flags)) return;
  ImGui::TableSetupColumn("Field");
  ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch);
  const ImU32 highlight = ImGui::GetColorU32(ImGuiCol_PlotHistogram, 0.35f);
  for (std::size_t i = 0; i < sim.inspector_fields.size(); ++i) {
    ImGui::TableNextRow();
    if (i < sim.inspector_changed.size() && sim.inspector_changed[i]) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, highlight);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(sim.inspector_fields[i].first.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", sim.inspector_fields[i].second.c_str());
  }
  ImGui::EndTable();
}

void draw_next_events(const ViewContext& view) {
  const sim::World& world = view.session.world();
  if (world.mode() != sim::DeliveryMode::manual) {
    ImGui::TextWrapped("Time runs by itself. Tick \"Manual delivery\" above the topology to choose which message or timer fires next.");
    return;
  }
  const std::vector<sim::PendingEvent> pending = world.pending();
  ImGui::Text("%zu events can happen next, earliest first:", pending.size());
  const sim::Trace& trace = world.trace();
  const std::size_t listed = std::min(pending.size(), kMaxListedNextEvents);
  for (std::size_t i = 0; i < listed; ++i) {
    const sim::PendingEvent& event = pending[i];
    const std::uint32_t subject = event.queued.subject;
    const std::string id = std::to_string(subject);
    ImGui::PushID(static_cast<int>(i));
    if (event.queued.kind == sim::QueuedKind::message) {
      const sim::MessageRecord& record = trace.message(MessageId{subject});
      command_button(view, "Deliver", "Deliver message " + id, "deliver", Json{{"op", "deliver"}, {"message", subject}});
      ImGui::SameLine();
      command_button(view, "Drop", "Drop message " + id, "drop", Json{{"op", "drop"}, {"message", subject}});
      ImGui::SameLine();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(message_text_colour(record.type)), "#%s %s", id.c_str(),
                         std::string(trace.message_type_name(record.type)).c_str());
      ImGui::SameLine();
      ImGui::Text("%s \u2192 %s, due t=%lld", node_name(view.session, record.from).c_str(), node_name(view.session, record.to).c_str(),
                  static_cast<long long>(event.queued.tick.value));
    } else if (event.queued.kind == sim::QueuedKind::timer) {
      command_button(view, "Fire", "Fire timer " + id, "deliver", Json{{"op", "fire"}, {"timer", subject}});
      ImGui::SameLine();
      ImGui::Text("timer %s on %s, due t=%lld", std::string(trace.timer_kind_name(event.label)).c_str(),
                  node_name(view.session, event.node.value).c_str(), static_cast<long long>(event.queued.tick.value));
    } else {
      ImGui::TextDisabled("a scheduled fault, due t=%lld", static_cast<long long>(event.queued.tick.value));
    }
    ImGui::PopID();
  }
  if (pending.size() > listed) ImGui::TextDisabled("and %zu more.", pending.size() - listed);
}

}  // namespace coordlab::ui

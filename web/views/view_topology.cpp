// The topology view (see view_topology.hpp). Drawn with ImGui's draw list; every node and (up to a cap)
// every message in flight also gets an invisible button, so it can be clicked, right-clicked and found
// by the automation hook.
#include "views/view_topology.hpp"

#include <algorithm>
#include <cmath>

namespace coordlab::ui {
namespace {

constexpr std::size_t kMaxNamedNodes = 24;             // above this, names show on hover only
constexpr std::size_t kMaxLinkedNodes = 16;            // up to this many nodes, every link is drawn
constexpr std::size_t kMaxClickableMessages = 300;     // more messages are drawn but not clickable
constexpr std::size_t kMaxDrawnMessages = 5000;        // beyond this the view says how many are hidden
constexpr std::size_t kMaxLabelledMessages = 40;       // with more in flight, types show on hover only
constexpr float kPi = 3.14159265f;

struct CircleLayout {
  float node_radius = 0;
  std::vector<ImVec2> at;  // node centres
};

CircleLayout circle_layout(ImVec2 min, ImVec2 size, std::size_t nodes, bool named) {
  CircleLayout layout;
  // Names and roles hang below each node, so the room for them is kept below the ring (and at the
  // sides, half a label's width), not on every side: a short canvas still gets a readable ring.
  const float label_room = named ? ImGui::GetTextLineHeight() * 2.2f : 4.0f;
  const float label_half_width = named ? ImGui::GetFontSize() * 2.0f : 4.0f;
  const float margin = 8.0f;
  const float node_room = std::min(22.0f, std::min(size.x, size.y) * 0.08f);  // about the radius the nodes get
  const float ring = std::max(std::min(size.x / 2 - label_half_width - margin, (size.y - label_room) / 2 - node_room - margin), 10.0f);
  const ImVec2 centre(min.x + size.x / 2, min.y + margin + node_room + ring);
  const float spacing = nodes > 1 ? 2 * kPi * ring / static_cast<float>(nodes) : ring;
  layout.node_radius = std::clamp(spacing * 0.32f, 4.0f, std::max(node_room, 4.0f));
  for (std::size_t i = 0; i < nodes; ++i) {
    // n0 at the top, then clockwise.
    const float angle = -kPi / 2 + 2 * kPi * static_cast<float>(i) / static_cast<float>(std::max<std::size_t>(nodes, 1));
    layout.at.emplace_back(centre.x + ring * std::cos(angle), centre.y + ring * std::sin(angle));
  }
  return layout;
}

const std::vector<app::InFlightMessage>& in_flight(const ViewContext& view) {
  SimViewState& sim = view.ui.sim;
  const RunStamp stamp = run_stamp(view);
  if (!(sim.in_flight_stamp == stamp)) {
    sim.in_flight = app::in_flight_messages(view.session.world());
    sim.in_flight_stamp = stamp;
  }
  return sim.in_flight;
}

ImU32 partition_colour(std::uint32_t group) {
  static constexpr std::uint32_t palette[] = {0x3498db, 0xe67e22, 0x9b59b6, 0x1abc9c, 0xe74c3c, 0xf1c40f};
  const std::uint32_t value = palette[group % (sizeof palette / sizeof palette[0])];
  return ImGui::GetColorU32(ImVec4(static_cast<float>((value >> 16) & 0xff) / 255, static_cast<float>((value >> 8) & 0xff) / 255,
                                   static_cast<float>(value & 0xff) / 255, 0.35f));
}

void draw_links(const ViewContext& view, const CircleLayout& layout, ImDrawList* draw) {
  const sim::World& world = view.session.world();
  if (world.node_count() > kMaxLinkedNodes) return;
  const ImU32 link = ImGui::GetColorU32(ImGuiCol_Border, 0.6f);
  for (std::uint16_t a = 0; a < world.node_count(); ++a) {
    for (std::uint16_t b = a + 1; b < world.node_count(); ++b) {
      // A partition cuts the links between groups: they are simply not drawn.
      if (world.network().connected(NodeId{a}, NodeId{b})) draw->AddLine(layout.at[a], layout.at[b], link, 1.0f);
    }
  }
}

// "RequestVote #6: n1 -> n3": what a learner needs to pick the right message from a menu.
std::string message_title(const ViewContext& view, const app::InFlightMessage& message) {
  return std::string(view.session.trace().message_type_name(message.type)) + " #" + std::to_string(message.message.value) + ": " +
         node_name(view.session, message.from) + " \u2192 " + node_name(view.session, message.to);
}

void message_menu(const ViewContext& view, const app::InFlightMessage& message) {
  const std::string id = std::to_string(message.message.value);
  const Json subject = message.message.value;
  const std::string title = message_title(view, message);
  ImGui::TextDisabled("%s", title.c_str());
  remember_widget(view.ui, "Menu " + title);  // the automation hook's label carries the title, for tests
  command_menu_item(view, "Deliver now", "Deliver message " + id, "deliver", Json{{"op", "deliver"}, {"message", subject}});
  command_menu_item(view, "Drop", "Drop message " + id, "drop", Json{{"op", "drop"}, {"message", subject}});
  command_menu_item(view, "Duplicate", "Duplicate message " + id, "duplicate", Json{{"op", "duplicate"}, {"message", subject}});
  const std::string delay_text = "Delay by " + std::to_string(kDelayMessageTicks) + " ticks";
  command_menu_item(view, delay_text.c_str(), "Delay message " + id, "delay",
                    Json{{"op", "delay"}, {"message", subject}, {"ticks", kDelayMessageTicks}});
}

std::string message_summary(const ViewContext& view, const app::InFlightMessage& message) {
  const sim::Trace& trace = view.session.trace();
  std::string text = message_title(view, message) + ", sent at tick " + std::to_string(message.sent.value) + ", due at tick " +
                     std::to_string(message.due.value);
  if (message.doomed) text += " (the network will lose it)";
  const std::string_view payload = trace.payload(message.message);
  if (!payload.empty()) text += "\n" + std::string(payload.substr(0, 300));
  return text + "\nRight-click: deliver now, drop, duplicate or delay.";
}

// Where each message's dot goes: along its link by its progress, but never on the nodes themselves,
// never on another dot of the same link (a dot that would overlap the one before it moves on by a dot's
// width), and the two directions of a link side by side rather than on one line.
std::vector<ImVec2> message_positions(const std::vector<app::InFlightMessage>& messages, std::size_t count, const CircleLayout& layout,
                                      float dot) {
  std::vector<std::size_t> order(count);
  for (std::size_t i = 0; i < count; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const app::InFlightMessage& x = messages[a];
    const app::InFlightMessage& y = messages[b];
    if (x.from != y.from || x.to != y.to) return x.from != y.from ? x.from < y.from : x.to < y.to;
    return x.progress < y.progress;
  });
  std::vector<ImVec2> positions(count);
  const float gap = 2 * dot + 3;
  float previous = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const app::InFlightMessage& message = messages[order[k]];
    const bool same_link = k > 0 && messages[order[k - 1]].from == message.from && messages[order[k - 1]].to == message.to;
    const ImVec2 from = layout.at[message.from];
    const ImVec2 to = layout.at[message.to];
    const float length = std::hypot(to.x - from.x, to.y - from.y);
    if (length < 1.0f) {  // a message to itself waits beside its node
      positions[order[k]] = ImVec2(from.x + layout.node_radius + gap * static_cast<float>(k + 1), from.y);
      continue;
    }
    const ImVec2 along((to.x - from.x) / length, (to.y - from.y) / length);
    const float start = layout.node_radius * 1.42f + dot + 2;  // clear of the node's square click area
    const float usable = std::max(length - 2 * start, 0.0f);
    float distance = start + usable * static_cast<float>(message.progress);
    if (same_link) distance = std::max(distance, previous + gap);
    previous = distance;
    const float side = dot + 2;  // to the right of the direction of travel
    positions[order[k]] = ImVec2(from.x + along.x * distance - along.y * side, from.y + along.y * distance + along.x * side);
  }
  return positions;
}

// The type name beside a dot, unless it would cover another label (labels are placed in list order).
void label_message(const ViewContext& view, const app::InFlightMessage& message, ImVec2 at, float dot, std::vector<ImVec4>& taken,
                   ImDrawList* draw) {
  const std::string_view type = view.session.trace().message_type_name(message.type);
  const ImVec2 size = ImGui::CalcTextSize(type.data(), type.data() + type.size());
  const ImVec4 box(at.x + dot + 2, at.y - size.y / 2, at.x + dot + 2 + size.x, at.y + size.y / 2);
  for (const ImVec4& other : taken)
    if (box.x < other.z && other.x < box.z && box.y < other.w && other.y < box.w) return;
  taken.push_back(box);
  draw->AddRectFilled(ImVec2(box.x - 1, box.y), ImVec2(box.z + 1, box.w), ImGui::GetColorU32(ImGuiCol_WindowBg, 0.8f), 2.0f);
  draw->AddText(ImVec2(box.x, box.y), message_text_colour(message.type), type.data(), type.data() + type.size());
}

// `labels` holds the nodes and their labels already drawn: a message's label never covers them.
void draw_messages(const ViewContext& view, const CircleLayout& layout, ImDrawList* draw, std::vector<ImVec4>& labels) {
  const std::vector<app::InFlightMessage>& messages = in_flight(view);
  const float dot = std::clamp(layout.node_radius * 0.35f, 3.0f, 6.0f);
  const std::size_t drawn = std::min(messages.size(), kMaxDrawnMessages);
  const std::vector<ImVec2> positions = message_positions(messages, drawn, layout, dot);
  for (std::size_t i = 0; i < drawn; ++i) {
    const app::InFlightMessage& message = messages[i];
    const ImVec2 at = positions[i];
    draw->AddLine(layout.at[message.from], layout.at[message.to], message_type_colour(message.type, 0.25f), 1.0f);
    draw->AddCircleFilled(at, dot, message_type_colour(message.type));
    if (message.doomed) draw->AddCircle(at, dot + 1.5f, ImGui::GetColorU32(ImGuiCol_Text), 0, 1.0f);
    if (drawn <= kMaxLabelledMessages) label_message(view, message, at, dot, labels, draw);
    if (i >= kMaxClickableMessages) continue;
    const std::string id = std::to_string(message.message.value);
    ImGui::SetCursorScreenPos(ImVec2(at.x - dot - 1, at.y - dot - 1));
    ImGui::PushID(static_cast<int>(message.message.value));
    ImGui::InvisibleButton("message", ImVec2(2 * dot + 2, 2 * dot + 2));
    remember_widget(view.ui, "Message " + id);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", message_summary(view, message).c_str());
    if (ImGui::BeginPopupContextItem("message_menu")) {
      message_menu(view, message);
      ImGui::EndPopup();
    }
    ImGui::PopID();
  }
  if (messages.size() > drawn) {
    ImGui::TextDisabled("%zu more messages in flight are not drawn.", messages.size() - drawn);
  }
}

void byzantine_menu(const ViewContext& view, const std::string& name) {
  const std::vector<std::string>& kinds = view.session.world().byzantine_kinds();
  if (kinds.empty()) {
    ImGui::MenuItem("Byzantine: this protocol has none", nullptr, false, false);
    return;
  }
  if (!ImGui::BeginMenu("Make Byzantine")) return;
  for (const std::string& kind : kinds) {
    command_menu_item(view, kind.c_str(), "Byzantine " + name + " " + kind, "byzantine",
                      Json{{"op", "byzantine"}, {"node", name}, {"kind", kind}});
  }
  command_menu_item(view, "honest again", "Honest " + name, "byzantine", Json{{"op", "byzantine"}, {"node", name}, {"kind", "none"}});
  ImGui::EndMenu();
}

void node_menu(const ViewContext& view, std::uint16_t node) {
  const sim::World& world = view.session.world();
  const std::string name = node_name(view.session, node);
  ImGui::TextDisabled("Node %s", name.c_str());
  if (world.node_up(NodeId{node})) command_menu_item(view, "Crash", "Crash " + name, "crash", Json{{"op", "crash"}, {"node", name}});
  else command_menu_item(view, "Restart", "Restart " + name, "restart", Json{{"op", "restart"}, {"node", name}});
  command_menu_item(view, "Isolate (partition it off)", "Isolate " + name, "partition",
                    Json{{"op", "partition"}, {"groups", Json::array({Json::array({name})})}});
  if (world.network().partitioned()) command_menu_item(view, "Heal all partitions", "Heal", "heal", Json{{"op", "heal"}});
  const sim::NodeSettings& settings = world.network().node(NodeId{node});
  const bool slow = settings.slow_ticks > 0;
  const std::string slow_text = slow ? "Make fast again" : "Make slow (+" + std::to_string(kSlowNodeTicks) + " ticks per message)";
  command_menu_item(view, slow_text.c_str(), "Slow " + name, "slow",
                    Json{{"op", "set_node"}, {"node", name}, {"slow_ticks", slow ? 0 : kSlowNodeTicks},
                         {"clock_offset_ticks", settings.clock_offset_ticks}, {"clock_drift_percent", settings.clock_drift_percent}});
  byzantine_menu(view, name);
}

std::string node_summary(const ViewContext& view, std::uint16_t node) {
  const sim::World& world = view.session.world();
  const sim::Actor* actor = world.actor(NodeId{node});
  std::string text = node_name(view.session, node) + ": " + (actor ? actor->role() : std::string("crashed"));
  const std::string& byzantine = world.byzantine_kind(NodeId{node});
  if (!byzantine.empty()) text += ", Byzantine (" + byzantine + ")";
  if (world.network().node(NodeId{node}).slow_ticks > 0) text += ", slow";
  return text + "\nClick to inspect; right-click for faults.";
}

// A slow node's ring is dashed as well as coloured, so it reads apart from every role's fill.
void draw_dashed_ring(ImDrawList* draw, ImVec2 at, float radius, ImU32 colour) {
  constexpr int kDashes = 10;
  for (int i = 0; i < kDashes; ++i) {
    const float from = 2 * kPi * static_cast<float>(i) / kDashes;
    draw->PathArcTo(at, radius, from, from + kPi / kDashes, 4);
    draw->PathStroke(colour, 0, 3.0f);
  }
}

// Draws `text` centred on `top_centre` unless it overlaps a rectangle in `taken`; returns whether it did.
bool place_label(ImDrawList* draw, std::vector<ImVec4>& taken, const std::string& text, ImVec2 top_centre, ImU32 colour) {
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const ImVec4 box(top_centre.x - size.x / 2 - 2, top_centre.y, top_centre.x + size.x / 2 + 2, top_centre.y + size.y);
  for (const ImVec4& other : taken)
    if (box.x < other.z && other.x < box.z && box.y < other.w && other.y < box.w) return false;
  taken.push_back(box);
  draw->AddText(ImVec2(box.x + 2, box.y), colour, text.c_str());
  return true;
}

void draw_node(const ViewContext& view, const CircleLayout& layout, ImDrawList* draw, std::uint16_t node, bool named,
               std::vector<ImVec4>& labels) {
  const sim::World& world = view.session.world();
  const ImVec2 at = layout.at[node];
  const float radius = layout.node_radius;
  const app::NodeHealth health = app::node_health(world, NodeId{node});
  const sim::Actor* actor = world.actor(NodeId{node});
  if (world.network().partitioned()) draw->AddCircleFilled(at, radius + 7, partition_colour(world.network().group_of(NodeId{node})));
  const ImU32 fill = actor ? role_colour(view.ui, actor->role()) : health_colour(view.ui, health);
  draw->AddCircleFilled(at, radius, fill);
  if (health == app::NodeHealth::slow) draw_dashed_ring(draw, at, radius + 2.5f, health_colour(view.ui, health));
  else if (health != app::NodeHealth::up) draw->AddCircle(at, radius + 1.5f, health_colour(view.ui, health), 0, 3.0f);
  if (health == app::NodeHealth::crashed) {
    const float d = radius * 0.5f;
    const ImU32 cross = health_colour(view.ui, app::NodeHealth::byzantine);
    draw->AddLine(ImVec2(at.x - d, at.y - d), ImVec2(at.x + d, at.y + d), cross, 2.5f);
    draw->AddLine(ImVec2(at.x - d, at.y + d), ImVec2(at.x + d, at.y - d), cross, 2.5f);
  }
  if (view.ui.sim.selected_node == node) draw->AddCircle(at, radius + 4, ImGui::GetColorU32(ImGuiCol_Text), 0, 2.0f);
  const std::string name = node_name(view.session, node);
  if (named) {
    // Name, then role, below the node; a line that would cover another label or node is left out (a
    // small window then shows the names, and the roles on hover, instead of a knot of text).
    const std::string role = actor ? actor->role() : "crashed";
    const float below = at.y + radius + 3;
    if (place_label(draw, labels, name, ImVec2(at.x, below), ImGui::GetColorU32(ImGuiCol_Text))) {
      place_label(draw, labels, role, ImVec2(at.x, below + ImGui::GetTextLineHeight()), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    }
  }
  ImGui::SetCursorScreenPos(ImVec2(at.x - radius, at.y - radius));
  ImGui::PushID(node);
  if (ImGui::InvisibleButton("node", ImVec2(2 * radius, 2 * radius))) view.ui.sim.selected_node = node;
  remember_widget(view.ui, "Node " + name);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", node_summary(view, node).c_str());
  if (ImGui::BeginPopupContextItem("node_menu")) {
    view.ui.sim.selected_node = node;
    node_menu(view, node);
    ImGui::EndPopup();
  }
  ImGui::PopID();
}

void draw_toolbar(const ViewContext& view) {
  const sim::World& world = view.session.world();
  const bool manual = world.mode() == sim::DeliveryMode::manual;
  bool toggled = manual;
  const std::string reason = command_blocked_reason(view, "manual_delivery");
  ImGui::BeginDisabled(!reason.empty());
  if (ImGui::Checkbox("Manual delivery", &toggled)) {
    view.commands.push_back(UiCommand::session_command(Json{{"op", "mode"}, {"delivery", toggled ? "manual" : "automatic"}}));
  }
  ImGui::EndDisabled();
  remember_widget(view.ui, "Manual delivery");
  item_tooltip(reason.empty() ? "You choose which message or timer fires next (see the Next events tab)." : reason);
  if (world.network().partitioned()) {
    ImGui::SameLine();
    command_button(view, "Heal partition", "Heal partition", "heal", Json{{"op", "heal"}});
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%zu in flight", in_flight(view).size());
}

// How many lines the legend takes at this width (its items wrap; see legend_item).
float legend_lines(const ViewContext& view, float width) {
  const float item_extra = ImGui::GetTextLineHeight() + 16;
  float roles = 0;
  for (const char* text : {"leader/primary", "candidate", "follower/backup", "other", "crashed", "slow (ring)", "Byzantine (ring)"})
    roles += ImGui::CalcTextSize(text).x + item_extra;
  float types = ImGui::CalcTextSize("halo = partition group").x + item_extra;
  for (const std::string& type : view.session.trace().message_types()) types += ImGui::CalcTextSize(type.c_str()).x + item_extra;
  const float usable = std::max(width, 1.0f);
  return std::ceil(roles / usable) + std::ceil(types / usable);
}

void draw_legend(const ViewContext& view) {
  const UiState& ui = view.ui;
  legend_item(role_colour(ui, "leader"), "leader/primary");
  legend_item(role_colour(ui, "candidate"), "candidate");
  legend_item(role_colour(ui, "follower"), "follower/backup");
  legend_item(role_colour(ui, "other"), "other");
  legend_item(health_colour(ui, app::NodeHealth::crashed), "crashed");
  legend_item(health_colour(ui, app::NodeHealth::slow), "slow (ring)");
  legend_item(health_colour(ui, app::NodeHealth::byzantine), "Byzantine (ring)");
  ImGui::NewLine();
  const std::vector<std::string>& types = view.session.trace().message_types();
  for (std::size_t type = 0; type < types.size(); ++type) legend_item(message_type_colour(static_cast<std::uint16_t>(type)), types[type].c_str(), false);
  if (view.session.world().network().partitioned()) legend_item(partition_colour(0), "halo = partition group");
  ImGui::NewLine();
}

}  // namespace

void draw_topology_view(const ViewContext& view, ImVec2 size) {
  draw_toolbar(view);
  const float legend_height = legend_lines(view, ImGui::GetContentRegionAvail().x) * ImGui::GetTextLineHeightWithSpacing() + 4;
  const ImVec2 available = ImGui::GetContentRegionAvail();
  const ImVec2 canvas_size(size.x > 0 ? size.x : available.x, std::max((size.y > 0 ? size.y : available.y) - legend_height, 60.0f));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const std::size_t nodes = view.session.world().node_count();
  const bool named = nodes <= kMaxNamedNodes;
  const CircleLayout layout = circle_layout(origin, canvas_size, nodes, named);
  draw->PushClipRect(origin, ImVec2(origin.x + canvas_size.x, origin.y + canvas_size.y), true);
  draw_links(view, layout, draw);
  std::vector<ImVec4> labels;  // the nodes themselves first, so no label covers a node
  for (const ImVec2& at : layout.at) {
    const float r = layout.node_radius + 2;
    labels.emplace_back(at.x - r, at.y - r, at.x + r, at.y + r);
  }
  for (std::uint16_t node = 0; node < nodes; ++node) draw_node(view, layout, draw, node, named, labels);
  draw_messages(view, layout, draw, labels);  // on top of the nodes, so messages just leaving stay clickable
  draw->PopClipRect();
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + canvas_size.y));
  draw_legend(view);
}

}  // namespace coordlab::ui

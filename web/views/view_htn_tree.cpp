// The tree view (view_domain.hpp): a table in the tree shape (planning/htn_tree.hpp writes it: id,
// parent, task, status, note, details, choices) drawn as an expandable tree. Compound tasks show the
// method that decomposed them, steps their number, failed tries are greyed with the precondition that
// failed; hovering a node shows its bindings and the projected state there. A node with choices (the
// open task of a hand-expanded tree) opens a menu on click, and each choice is an input line sent to
// the row's node, so what the learner does is a command: it replays, seeks and can be checked.
// Rows come in preorder, so the tree is drawn in one pass without recursion (deep plans stay cheap).
#include <algorithm>
#include <map>

#include "views/view_domain.hpp"

namespace coordlab::ui {
namespace {

struct TreeColumns {
  int id = -1, parent = -1, task = -1, status = -1, note = -1, details = -1, choices = -1;
  bool complete() const { return id >= 0 && parent >= 0 && task >= 0 && status >= 0 && note >= 0 && details >= 0 && choices >= 0; }
};

TreeColumns tree_columns(const app::TableModel& model) {
  TreeColumns columns;
  const std::pair<const char*, int*> wanted[] = {{"id", &columns.id},         {"parent", &columns.parent},   {"task", &columns.task},
                                                 {"status", &columns.status}, {"note", &columns.note},       {"details", &columns.details},
                                                 {"choices", &columns.choices}};
  for (std::size_t c = 0; c < model.columns.size(); ++c)
    for (const auto& [name, index] : wanted)
      if (model.columns[c] == name) *index = static_cast<int>(c);
  return columns;
}

// Each row's depth and whether it has children, from the parent ids (per node: ids are the node's own).
struct TreeShape {
  std::vector<int> depth;
  std::vector<bool> has_children;
};

TreeShape tree_shape(const app::TableModel& model, const TreeColumns& columns) {
  TreeShape shape{std::vector<int>(model.rows.size(), 0), std::vector<bool>(model.rows.size(), false)};
  std::map<std::pair<std::uint16_t, std::string>, std::size_t> row_of;
  for (std::size_t r = 0; r < model.rows.size(); ++r) {
    const std::vector<std::string>& row = model.rows[r];
    const auto parent = row_of.find({model.row_nodes[r], row[static_cast<std::size_t>(columns.parent)]});
    if (!row[static_cast<std::size_t>(columns.parent)].empty() && parent != row_of.end()) {
      shape.depth[r] = shape.depth[parent->second] + 1;
      shape.has_children[parent->second] = true;
    }
    row_of[{model.row_nodes[r], row[static_cast<std::size_t>(columns.id)]}] = r;
  }
  return shape;
}

void wrapped_tooltip(const std::string& text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 38.0F);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// The open node's menu: one input line per choice, sent to the row's node.
void draw_choices_menu(const ViewContext& view, const std::string& popup, const std::string& node, const std::string& id, const std::string& choices) {
  if (!ImGui::BeginPopup(popup.c_str())) return;
  ImGui::TextDisabled("Expand with:");
  std::size_t start = 0;
  while (start < choices.size()) {
    const std::size_t end = std::min(choices.find('\n', start), choices.size());
    const std::string line = choices.substr(start, end - start);
    const std::size_t bar = line.find('|');
    if (bar != std::string::npos) {
      const std::string label = line.substr(0, bar);
      command_menu_item(view, label.c_str(), "Expand " + id + " with " + label, "input", Json{{"op", "input"}, {"node", node}, {"text", line.substr(bar + 1)}});
    }
    start = end + 1;
  }
  ImGui::EndPopup();
}

// Returns whether the node is expanded (then the caller pops it after its children).
bool draw_node(const ViewContext& view, const app::TableModel& model, const TreeColumns& columns, std::size_t r, bool has_children) {
  const std::vector<std::string>& row = model.rows[r];
  const auto cell = [&](int column) -> const std::string& { return row[static_cast<std::size_t>(column)]; };
  const std::string& status = cell(columns.status);
  const bool failed = status == "failed";
  const bool open = status == "open";
  ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_DefaultOpen;
  if (!has_children) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
  if (failed) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  else if (open) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(message_text_colour(2)));
  const std::string id = cell(columns.id);
  const std::string key = std::to_string(model.row_nodes[r]) + "_" + id;  // stable while the tree grows
  const std::string label = (failed ? "\u2717 " : open ? "\u25b8 " : "") + cell(columns.task) + "##tree" + key;
  const bool expanded = ImGui::TreeNodeEx(label.c_str(), flags);
  if (failed || open) ImGui::PopStyleColor();
  remember_widget(view.ui, "Tree node " + id);
  const std::string popup = "tree_choices_" + key;
  const bool clickable = !cell(columns.choices).empty();
  if (clickable && ImGui::IsItemClicked(ImGuiMouseButton_Left) && !ImGui::IsItemToggledOpen()) ImGui::OpenPopup(popup.c_str());
  if (ImGui::IsItemHovered() && !cell(columns.details).empty()) wrapped_tooltip(cell(columns.details));
  if (!cell(columns.note).empty()) {
    ImGui::SameLine();
    if (open) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(message_text_colour(2)), "%s", cell(columns.note).c_str());
    else ImGui::TextDisabled("%s", cell(columns.note).c_str());
    if (ImGui::IsItemHovered() && !cell(columns.details).empty()) wrapped_tooltip(cell(columns.details));
  }
  if (clickable) draw_choices_menu(view, popup, node_name(view.session, model.row_nodes[r]), id, cell(columns.choices));
  return expanded && has_children;
}

}  // namespace

void draw_tree_view(const ViewContext& view, const app::ViewSpec& spec) {
  const app::TableModel& model = cached_table_model(view, spec);
  view_summary(spec.summary);
  const TreeColumns columns = tree_columns(model);
  if (!model.problem.empty() || (!model.rows.empty() && !columns.complete())) {
    ImGui::TextWrapped("This tree cannot be shown: %s.", model.problem.empty() ? "its table lacks the tree columns" : model.problem.c_str());
    return;
  }
  if (model.rows.empty()) {
    ImGui::TextWrapped("Nothing yet: no plan at this point of the run.");
    return;
  }
  int force_open = -1;  // -1: leave each node as the learner left it
  if (ImGui::SmallButton("Expand all")) force_open = 1;
  remember_widget(view.ui, "Tree expand all");
  ImGui::SameLine();
  if (ImGui::SmallButton("Collapse all")) force_open = 0;
  remember_widget(view.ui, "Tree collapse all");
  ImGui::SameLine();
  ImGui::TextDisabled("Hover a node for its bindings and projected state.");
  if (model.rows_omitted > 0) ImGui::Text("Showing %zu nodes; %zu more are over the limit.", model.rows.size(), model.rows_omitted);
  ImGui::BeginChild("tree_rows", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  const TreeShape shape = tree_shape(model, columns);
  int open_depth = 0;  // rows deeper than this sit inside a collapsed node
  for (std::size_t r = 0; r < model.rows.size(); ++r) {
    const int depth = shape.depth[r];
    if (depth > open_depth) continue;
    for (; open_depth > depth; --open_depth) ImGui::TreePop();
    if (force_open >= 0 && shape.has_children[r]) ImGui::SetNextItemOpen(force_open == 1);
    if (draw_node(view, model, columns, r, shape.has_children[r])) ++open_depth;
  }
  for (; open_depth > 0; --open_depth) ImGui::TreePop();
  ImGui::EndChild();
}

}  // namespace coordlab::ui

// A table view (see view_domain.hpp): what every running node describes under the view's table name at
// the current position, one block of rows per node; the selected node's rows are highlighted, a click on
// a row selects its node. Virtualised, so a long log costs only the visible rows.
#include <string>

#include "views/view_domain.hpp"

namespace coordlab::ui {

void draw_table_view(const ViewContext& view, const app::ViewSpec& spec) {
  SimViewState::TableView& table = view.ui.sim.tables[spec.id];
  const RunStamp stamp = run_stamp(view);
  if (table.stamp != stamp) {
    table.stamp = stamp;
    table.model = app::table_view(view.session.world(), spec.source);
  }
  const app::TableModel& model = table.model;
  ImGui::TextDisabled("%s", spec.summary.c_str());
  if (!model.problem.empty()) {
    ImGui::TextWrapped("This table cannot be shown: %s.", model.problem.c_str());
    return;
  }
  if (model.rows.empty()) {
    ImGui::TextWrapped("Nothing yet: no running node has rows in this table at this point of the run.");
    return;
  }
  if (model.rows_omitted > 0) ImGui::Text("Showing %zu rows; %zu more are over the limit.", model.rows.size(), model.rows_omitted);
  const int columns = static_cast<int>(model.columns.size());
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable(("table_" + spec.id).c_str(), columns, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const std::string& column : model.columns) ImGui::TableSetupColumn(column.c_str());
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(model.rows.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const std::uint16_t node = model.row_nodes[static_cast<std::size_t>(row)];
      ImGui::TableNextRow();
      if (node == view.ui.sim.selected_node) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_Header));
      for (int column = 0; column < columns; ++column) {
        ImGui::TableSetColumnIndex(column);
        const std::string& cell = model.rows[static_cast<std::size_t>(row)][static_cast<std::size_t>(column)];
        if (column == 0) {
          const std::string label = cell + "##row" + std::to_string(row);
          if (ImGui::Selectable(label.c_str(), node == view.ui.sim.selected_node, ImGuiSelectableFlags_SpanAllColumns)) {
            view.ui.sim.selected_node = node;
          }
        } else {
          ImGui::TextUnformatted(cell.c_str());
        }
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace coordlab::ui

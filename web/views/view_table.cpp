// A table view (see view_domain.hpp): what every running node describes under the view's table name at
// the current position, one block of rows per node; the selected node's rows are highlighted, a click on
// a row selects its node. Virtualised, so a long log costs only the visible rows. Two conventions an
// actor can use without a view of its own: a column named "... (permille)" draws its whole numbers as
// bars, and a "breakdown" column's cell is that bar's hover text; any cell cut off by its column's
// width shows its whole text on hover. A "mark" column styles its row: "picked" highlights it,
// "excluded" greys it out (the word stays in the cell, so the table reads the same without colour).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "views/view_domain.hpp"

namespace coordlab::ui {
namespace {

constexpr std::string_view kBarColumnSuffix = "(permille)";

bool is_bar_column(const std::string& name) { return name.ends_with(kBarColumnSuffix); }

int column_named(const app::TableModel& model, std::string_view name) {
  for (std::size_t i = 0; i < model.columns.size(); ++i)
    if (model.columns[i] == name) return static_cast<int>(i);
  return -1;
}

// A permille value as a bar with the number on it; its hover text is the row's breakdown, if any.
void draw_bar_cell(const std::string& cell, const std::string& hover) {
  char* end = nullptr;
  const long permille = std::strtol(cell.c_str(), &end, 10);
  if (cell.empty() || end == nullptr || *end != '\0') {
    ImGui::TextUnformatted(cell.c_str());
    return;
  }
  const float fraction = static_cast<float>(std::clamp(permille, 0L, 1000L)) / 1000.0F;
  // No vertical frame padding: the bar stays on the row's text line, so the cells after it line up. The
  // fill is the selection colour, which the theme keeps readable under text (the plot colour is not).
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 0.0F));
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
  ImGui::ProgressBar(fraction, ImVec2(-1.0F, ImGui::GetTextLineHeight()), cell.c_str());
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  if (!hover.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", hover.c_str());
}

void draw_text_cell(const std::string& cell) {
  const bool cut_off = ImGui::CalcTextSize(cell.c_str()).x > ImGui::GetContentRegionAvail().x;
  ImGui::TextUnformatted(cell.c_str());
  if (cut_off && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 35.0F);
    ImGui::TextUnformatted(cell.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

// Each column's starting width, from its widest text among the header and the first rows: short
// columns (ids, numbers, states) get exactly their text's width, and the long ones ("why", proposals,
// breakdowns) share what is left in proportion to theirs (cut text shows whole on hover), so nothing
// short is cut to make room. Only when that would leave a long column less than kStretchAtLeastChars does
// every column share in proportion instead. ImGui applies these when
// the table first appears; after that the learner's resizing rules.
struct ColumnWidth {
  bool fixed;
  float width_or_weight;
};

std::vector<ColumnWidth> measure_column_widths(const app::TableModel& model, float available) {
  constexpr std::size_t kRowsMeasured = 64;
  constexpr float kNarrowestChars = 3, kFixedUpToChars = 16, kBarChars = 12, kStretchAtLeastChars = 8;
  const float char_width = ImGui::CalcTextSize("m").x;
  const float cell_padding = 2 * ImGui::GetStyle().CellPadding.x;
  std::vector<ColumnWidth> widths;
  float fixed_total = 0;  // with the long columns at their least
  for (std::size_t column = 0; column < model.columns.size(); ++column) {
    float widest = ImGui::CalcTextSize(model.columns[column].c_str()).x;
    if (is_bar_column(model.columns[column])) {
      widest = std::max(widest, kBarChars * char_width);
    } else {
      for (std::size_t row = 0; row < std::min(model.rows.size(), kRowsMeasured); ++row) {
        widest = std::max(widest, ImGui::CalcTextSize(model.rows[row][column].c_str()).x);
      }
    }
    widest = std::max(widest, kNarrowestChars * char_width);
    const bool fixed = widest <= kFixedUpToChars * char_width;
    fixed_total += fixed ? widest + cell_padding : kStretchAtLeastChars * char_width;
    widths.push_back({fixed, widest});
  }
  if (fixed_total > available) {
    for (ColumnWidth& width : widths) width.fixed = false;
  }
  return widths;
}

const std::vector<float>& column_widths(const ViewContext& view, const app::ViewSpec& spec, const app::TableModel& model) {
  SimViewState::TableView& table = view.ui.sim.tables[spec.id];
  if (table.widths_stamp != table.stamp || table.column_widths.size() != model.columns.size()) {
    table.widths_stamp = table.stamp;
    table.column_widths.clear();
    for (const ColumnWidth& width : measure_column_widths(model, ImGui::GetContentRegionAvail().x)) {
      table.column_widths.push_back(width.fixed ? width.width_or_weight : -width.width_or_weight);
    }
  }
  return table.column_widths;
}

}  // namespace

const app::TableModel& cached_table_model(const ViewContext& view, const app::ViewSpec& spec) {
  SimViewState::TableView& table = view.ui.sim.tables[spec.id];
  const RunStamp stamp = run_stamp(view);
  if (table.stamp != stamp) {
    table.stamp = stamp;
    table.model = app::table_view(view.session.world(), spec.source);
  }
  return table.model;
}

void draw_table_view(const ViewContext& view, const app::ViewSpec& spec) {
  const app::TableModel& model = cached_table_model(view, spec);
  view_summary(spec.summary);
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
  const std::vector<float>& widths = column_widths(view, spec, model);  // > 0 fixed width, < 0 stretch weight
  for (std::size_t column = 0; column < model.columns.size(); ++column) {
    const float width = widths[column];
    ImGui::TableSetupColumn(model.columns[column].c_str(), width > 0 ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch, std::abs(width));
  }
  ImGui::TableHeadersRow();
  const int breakdown_column = column_named(model, "breakdown");
  const int mark_column = column_named(model, "mark");
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(model.rows.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const std::uint16_t node = model.row_nodes[static_cast<std::size_t>(row)];
      ImGui::TableNextRow();
      if (node == view.ui.sim.selected_node) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_Header));
      const std::string_view mark = mark_column < 0 ? std::string_view() : model.rows[static_cast<std::size_t>(row)][static_cast<std::size_t>(mark_column)];
      if (mark == "picked") ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_HeaderActive));
      if (mark == "excluded") ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      for (int column = 0; column < columns; ++column) {
        ImGui::TableSetColumnIndex(column);
        const std::string& cell = model.rows[static_cast<std::size_t>(row)][static_cast<std::size_t>(column)];
        if (column == 0) {
          const std::string label = cell + "##row" + std::to_string(row);
          if (ImGui::Selectable(label.c_str(), node == view.ui.sim.selected_node, ImGuiSelectableFlags_SpanAllColumns)) {
            view.ui.sim.selected_node = node;
          }
        } else if (is_bar_column(model.columns[static_cast<std::size_t>(column)])) {
          const auto& cells = model.rows[static_cast<std::size_t>(row)];
          draw_bar_cell(cell, breakdown_column < 0 ? std::string() : cells[static_cast<std::size_t>(breakdown_column)]);
        } else {
          draw_text_cell(cell);
        }
      }
      if (mark == "excluded") ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

}  // namespace coordlab::ui

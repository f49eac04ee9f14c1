// The views a protocol declares (app/domain_views.hpp), drawn by kind: a table of what every running
// node describes at the current position (view_table.cpp), and a plot of the whole recorded run with
// the current position as a cursor (view_plot.cpp). A domain that needs a drawing of its own (a
// decomposition tree, a bid table with score bars) adds its file here and one case in view_layout.cpp.
#pragma once
#include "app/domain_views.hpp"
#include "views/view_common.hpp"

namespace coordlab::ui {

// The table a view reads, rebuilt only when the run has moved (shared by the table and tree views).
const app::TableModel& cached_table_model(const ViewContext& view, const app::ViewSpec& spec);
void draw_table_view(const ViewContext& view, const app::ViewSpec& spec);
void draw_plot_view(const ViewContext& view, const app::ViewSpec& spec);
// A tree (view_htn_tree.cpp): a table with id/parent/task/status/note/details/choices columns.
void draw_tree_view(const ViewContext& view, const app::ViewSpec& spec);

}  // namespace coordlab::ui

// What the simulator views show, for the automation hook (browser tests read it as "sim").
#pragma once
#include "core/json_input.hpp"
#include "ui_state.hpp"

namespace coordlab::ui {

// {"selected_node": index or null, "in_flight": N, "sequence_rows": N, "sequence_arrows": N,
//  "lights": [{"id", "passed", "first_violation_step" (or null)}],
//  "views": [{"id", and for domain views "plot": {title, series: [{name, points, hidden, last}], bands,
//             markers, zoomed, from_tick, to_tick, readout} or "table": {columns, row_count, rows (first
//             50), problem}}]} as of the last drawn frame (views in display order).
Json sim_view_state_json(const UiState& ui);

}  // namespace coordlab::ui

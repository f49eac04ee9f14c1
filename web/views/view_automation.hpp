// What the simulator views show, for the automation hook (browser tests read it as "sim").
#pragma once
#include "core/json_input.hpp"
#include "ui_state.hpp"

namespace coordlab::ui {

// {"selected_node": index or null, "in_flight": N, "sequence_rows": N, "sequence_arrows": N,
//  "lights": [{"id", "passed", "first_violation_step" (or null)}]} as of the last drawn frame.
Json sim_view_state_json(const UiState& ui);

}  // namespace coordlab::ui

#include "views/view_automation.hpp"

namespace coordlab::ui {

Json sim_view_state_json(const UiState& ui) {
  const SimViewState& sim = ui.sim;
  Json lights = Json::array();
  for (const app::InvariantLight& light : sim.lights) {
    Json entry = {{"id", light.id}, {"passed", light.passed}, {"first_violation_step", nullptr}};
    if (light.first_violation_step) entry["first_violation_step"] = *light.first_violation_step;
    lights.push_back(entry);
  }
  Json state = {{"selected_node", nullptr}, {"in_flight", sim.in_flight.size()}, {"sequence_rows", sim.diagram.row_events.size()},
                {"sequence_arrows", sim.diagram.arrows.size()}, {"lights", lights}};
  if (sim.selected_node != UINT16_MAX) state["selected_node"] = sim.selected_node;
  return state;
}

}  // namespace coordlab::ui

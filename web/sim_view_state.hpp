// What the simulator views remember between frames: the selected node and message, the sequence
// diagram's filters, and cached check results for the invariant lights.
#pragma once
#include <cstdint>
#include <string>

namespace coordlab::ui {

struct SimViewState {
  std::uint16_t selected_node = UINT16_MAX;  // UINT16_MAX = none
};

}  // namespace coordlab::ui

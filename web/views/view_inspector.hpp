// The smaller simulator views: the invariant lights (one per invariant of the protocol, at the current
// position, with a jump to the first violation), the inspector of the selected node (fields the last
// move changed are highlighted), and the list of what can happen next for manual delivery.
#pragma once
#include "views/view_common.hpp"

namespace coordlab::ui {

void draw_invariant_lights(const ViewContext& view);
void draw_inspector(const ViewContext& view);
void draw_next_events(const ViewContext& view);

}  // namespace coordlab::ui

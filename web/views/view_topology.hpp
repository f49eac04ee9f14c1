// The topology view: nodes on a circle coloured by role with a health ring, messages in flight moving
// along their links coloured by type, partition groups as halos, and right-click menus that crash,
// restart, isolate, slow or corrupt a node and deliver, drop, duplicate or delay a message.
#pragma once
#include "views/view_common.hpp"

namespace coordlab::ui {

void draw_topology_view(const ViewContext& view, ImVec2 size);

}  // namespace coordlab::ui

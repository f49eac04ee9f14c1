// The sequence (Lamport) diagram view: one lifeline per node, one arrow per message from its send to
// its delivery (or a cross where it was dropped), coloured and labelled by type, with filters by node
// and type, a search box, a "now" line that the view follows, and only the rows on screen drawn.
#pragma once
#include "core/result.hpp"
#include "views/view_common.hpp"

namespace coordlab::ui {

void draw_sequence_view(const ViewContext& view);

// The diagram as the view shows it (same filters), as an SVG document: the rows up to the current
// position, at most limits::kMaxSequenceSvgRows of them (the latest). For a download or copy button.
Result<std::string> sequence_svg_for_view(const app::Session& session, const SimViewState& sim);

}  // namespace coordlab::ui

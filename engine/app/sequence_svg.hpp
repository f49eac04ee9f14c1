// The sequence diagram as a standalone SVG document (for a learner to save or paste into notes): one
// lifeline per shown node, one arrow per message coloured by type with its type as the label and its
// payload as the hover title, drops crossed out, crashes and restarts marked, and an optional "now"
// line. A pure function of the trace and the diagram, so it is tested without a browser.
#pragma once
#include <cstdint>
#include <string>

#include "app/sequence_view.hpp"
#include "core/result.hpp"

namespace coordlab::app {

struct SequenceSvgOptions {
  std::uint32_t first_row = 0;
  std::uint32_t row_count = 0;            // at most limits::kMaxSequenceSvgRows
  std::uint32_t now_row = UINT32_MAX;     // a horizontal line above this row; UINT32_MAX = none
  std::string title;                      // shown at the top, e.g. "raft, seed 1"
};

// Rows [first_row, first_row + row_count) of `diagram` (clamped to its rows). Fails when more rows are
// asked for than the limit.
Result<std::string> sequence_svg(const sim::Trace& trace, const SequenceDiagram& diagram, const SequenceSvgOptions& options);

}  // namespace coordlab::app

#include "app/sequence_view.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace coordlab::app {
namespace {

bool hidden(const std::vector<bool>& flags, std::size_t index) { return index < flags.size() && flags[index]; }

bool contains_ignoring_case(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  auto found = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                           [&](char a, char b) { return lower(a) == lower(b); });
  return found != text.end();
}

bool arrow_shown(const sim::Trace& trace, const SequenceFilter& filter, const sim::MessageRecord& record, std::uint32_t message) {
  if (hidden(filter.hidden_nodes, record.from) || hidden(filter.hidden_nodes, record.to)) return false;
  if (hidden(filter.hidden_types, record.type)) return false;
  if (filter.search.empty()) return true;
  return contains_ignoring_case(trace.message_type_name(record.type), filter.search) ||
         contains_ignoring_case(trace.payload(MessageId{message}), filter.search);
}

constexpr std::uint32_t kNotShown = UINT32_MAX;

}  // namespace

SequenceDiagram build_sequence_diagram(const sim::Trace& trace, std::size_t event_count, const SequenceFilter& filter) {
  SequenceDiagram diagram;
  const std::size_t node_count = trace.node_names().size();
  for (std::size_t node = 0; node < node_count; ++node)
    if (!hidden(filter.hidden_nodes, node)) diagram.lifelines.push_back(static_cast<std::uint16_t>(node));
  // Message ids are dense, so the arrow of each message is found by index.
  std::vector<std::uint32_t> arrow_of_message(trace.message_count(), kNotShown);
  const std::size_t count = std::min(event_count, trace.event_count());
  for (std::size_t index = 0; index < count; ++index) {
    const sim::TraceEvent& event = trace.event(index);
    const auto row = static_cast<std::uint32_t>(diagram.row_events.size());
    switch (event.kind) {
      case sim::EventKind::send:
      case sim::EventKind::duplicate: {
        const sim::MessageRecord& record = trace.message(MessageId{event.subject});
        if (!arrow_shown(trace, filter, record, event.subject)) break;
        arrow_of_message[event.subject] = static_cast<std::uint32_t>(diagram.arrows.size());
        SequenceArrow arrow{event.subject, record.from, record.to, record.type, ArrowEnd::in_flight,
                            event.kind == sim::EventKind::duplicate, index, kNoEvent, row, 0};
        diagram.arrows.push_back(arrow);
        diagram.row_events.push_back(index);
        break;
      }
      case sim::EventKind::deliver:
      case sim::EventKind::drop: {
        const std::uint32_t arrow_index = arrow_of_message[event.subject];
        if (arrow_index == kNotShown) break;
        SequenceArrow& arrow = diagram.arrows[arrow_index];
        arrow.end = event.kind == sim::EventKind::deliver ? ArrowEnd::delivered : ArrowEnd::dropped;
        arrow.end_event = index;
        arrow.end_row = row;
        diagram.longest_arrow_rows = std::max(diagram.longest_arrow_rows, row - arrow.start_row);
        diagram.row_events.push_back(index);
        break;
      }
      case sim::EventKind::crash:
      case sim::EventKind::restart:
        if (hidden(filter.hidden_nodes, event.node)) break;
        diagram.markers.push_back(SequenceMarker{row, event.node, event.kind});
        diagram.row_events.push_back(index);
        break;
      default: break;
    }
  }
  const auto rows = static_cast<std::uint32_t>(diagram.row_events.size());
  for (SequenceArrow& arrow : diagram.arrows) {
    if (arrow.end != ArrowEnd::in_flight) continue;
    arrow.end_row = rows;
    diagram.longest_arrow_rows = std::max(diagram.longest_arrow_rows, rows - arrow.start_row);
  }
  return diagram;
}

std::uint32_t first_row_at_or_after(const SequenceDiagram& diagram, std::size_t event) {
  const auto found = std::lower_bound(diagram.row_events.begin(), diagram.row_events.end(), event);
  return static_cast<std::uint32_t>(found - diagram.row_events.begin());
}

std::size_t first_arrow_reaching(const SequenceDiagram& diagram, std::uint32_t row) {
  const std::uint32_t earliest_start = row > diagram.longest_arrow_rows ? row - diagram.longest_arrow_rows : 0;
  const auto found = std::lower_bound(diagram.arrows.begin(), diagram.arrows.end(), earliest_start,
                                      [](const SequenceArrow& arrow, std::uint32_t start) { return arrow.start_row < start; });
  return static_cast<std::size_t>(found - diagram.arrows.begin());
}

std::uint32_t message_type_rgb(std::uint16_t type) {
  // Mid-tone hues (Tableau 10 order) that keep their contrast on both themes.
  static constexpr std::array<std::uint32_t, 10> palette = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xb07aa1, 0x76b7b2,
                                                            0xedc948, 0xe15759, 0x9c755f, 0xff9da7, 0xbab0ac};
  return palette[type % palette.size()];
}

}  // namespace coordlab::app

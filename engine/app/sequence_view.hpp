// The sequence (Lamport) diagram of a trace as data: one row per shown event, one arrow per message
// from its send row to its delivery or drop row. Built once per trace length and filter, then drawn by
// the lab (only the rows on screen) and written out as SVG; both read the same rows and arrows.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/trace.hpp"

namespace coordlab::app {

inline constexpr std::size_t kNoEvent = SIZE_MAX;

struct SequenceFilter {
  std::vector<bool> hidden_nodes;  // by node index; missing entries are shown
  std::vector<bool> hidden_types;  // by message type index; missing entries are shown
  std::string search;              // case-insensitive, in the type name or the payload; "" = all
  friend bool operator==(const SequenceFilter&, const SequenceFilter&) = default;
};

enum class ArrowEnd : std::uint8_t { delivered, dropped, in_flight };

struct SequenceArrow {
  std::uint32_t message = 0;
  std::uint16_t from = 0;
  std::uint16_t to = 0;
  std::uint16_t type = 0;
  ArrowEnd end = ArrowEnd::in_flight;
  bool duplicate = false;           // a copy the network (or a learner) made
  std::size_t start_event = 0;      // trace event index of the send (or duplicate)
  std::size_t end_event = kNoEvent; // of the delivery or drop, kNoEvent while in flight
  std::uint32_t start_row = 0;
  std::uint32_t end_row = 0;        // rows.size() while in flight
};

// A crash or restart, drawn across its node's lifeline.
struct SequenceMarker {
  std::uint32_t row = 0;
  std::uint16_t node = 0;
  sim::EventKind kind = sim::EventKind::crash;
};

struct SequenceDiagram {
  std::vector<std::size_t> row_events;   // trace event index of each row, ascending
  std::vector<SequenceArrow> arrows;     // ascending by start_row
  std::vector<SequenceMarker> markers;   // ascending by row
  std::vector<std::uint16_t> lifelines;  // the shown nodes, left to right
  std::uint32_t longest_arrow_rows = 0;  // the largest end_row - start_row (to find arrows crossing a window)
};

// The diagram of trace events [0, event_count).
SequenceDiagram build_sequence_diagram(const sim::Trace& trace, std::size_t event_count, const SequenceFilter& filter);
// The first row showing event `event` or a later one (row_events.size() if none).
std::uint32_t first_row_at_or_after(const SequenceDiagram& diagram, std::size_t event);
// The index of the first arrow that may reach row `row` (arrows before it end above the row).
std::size_t first_arrow_reaching(const SequenceDiagram& diagram, std::uint32_t row);

// A stable colour per message type (0xRRGGBB), readable on dark and light backgrounds alike.
std::uint32_t message_type_rgb(std::uint16_t type);

}  // namespace coordlab::app

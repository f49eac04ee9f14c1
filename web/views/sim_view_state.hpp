// What the simulator views remember between frames: the selected node and message, the open tab, the
// sequence diagram's filters and cached layout, the inspector's previous fields, and cached check
// results for the invariant lights. Caches are keyed by the run's generation (UiState::run_generation),
// position and head, so a view recomputes only when the run moved or was replaced. (Not by the
// Session's address: a new Session is built in the same place and, at step 0, repeats the counters.)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <map>

#include "app/domain_views.hpp"
#include "app/plot_model.hpp"
#include "app/sequence_view.hpp"
#include "app/view_model.hpp"
#include "widgets/plot.hpp"

namespace coordlab::ui {

// Where a run stands; caches compare it to know they are stale.
struct RunStamp {
  std::uint64_t run = UINT64_MAX;  // UiState::run_generation: a new Session invalidates everything
  std::uint64_t position = UINT64_MAX;
  std::uint64_t head = UINT64_MAX;
  std::size_t events = SIZE_MAX;
  friend bool operator==(const RunStamp&, const RunStamp&) = default;
};

struct SimViewState {
  std::uint16_t selected_node = UINT16_MAX;  // UINT16_MAX = none
  std::uint64_t drawn_frame = UINT64_MAX;    // UiState::frame when the views were last drawn
  std::string open_tab;                      // a tab to bring forward next frame ("Sequence", ...), then cleared

  // Topology: messages in flight at the current position.
  RunStamp in_flight_stamp;
  std::vector<app::InFlightMessage> in_flight;

  // Sequence diagram.
  app::SequenceFilter filter;           // what the user chose
  char search_text[96] = {};            // the search box's buffer (copied into filter.search)
  app::SequenceFilter diagram_filter;   // what `diagram` was built with
  std::size_t diagram_events = SIZE_MAX;
  std::uint64_t diagram_run = UINT64_MAX;  // the run generation `diagram` was built from
  app::SequenceDiagram diagram;
  std::uint64_t sequence_followed_position = UINT64_MAX;
  bool sequence_follow = true;          // scroll to the current position when it moves
  bool sequence_compact = true;         // a broadcast's arrows share one label ("Prepare ×3")

  // Inspector: the selected node's fields at the previously shown position, to flag what changed.
  RunStamp inspector_stamp;
  std::uint16_t inspector_node = UINT16_MAX;
  app::NodeFields inspector_fields;
  std::vector<bool> inspector_changed;

  // Invariant lights.
  RunStamp lights_stamp;
  std::vector<app::InvariantLight> lights;

  // Domain views (view_plot.cpp, view_table.cpp), by view id. A plot covers the whole recorded run
  // (rebuilt when the run grows); a table shows the current position.
  struct PlotView {
    RunStamp stamp;
    app::PlotModel model;
    std::string error;
    PlotWidgetState widget;
  };
  struct TableView {
    RunStamp stamp;
    app::TableModel model;
    RunStamp widths_stamp;             // when column_widths was measured
    std::vector<float> column_widths;  // each column's starting width (> 0, fixed) or stretch weight (< 0)
  };
  std::map<std::string, PlotView> plots;
  std::map<std::string, TableView> tables;
  std::vector<std::string> shown_views;  // the views drawn this frame, in order (for the automation hook)
  std::string front_view_for;            // the lesson step whose first view was last brought to the front
};

}  // namespace coordlab::ui

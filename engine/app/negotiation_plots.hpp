// The negotiation's plot (registered in plot_model.cpp): each offer's utility to both agents, by round.
#pragma once
#include "app/plot_model.hpp"

namespace coordlab::app {

// x: the round (not ticks); y: utility in permille under each agent's original preferences, from the
// agents' "offer" notes; a marker at the agreement or at the end without one; a line at 0 (no deal).
PlotModel negotiation_utilities_plot(const sim::Trace& trace, std::size_t event_count);

}  // namespace coordlab::app

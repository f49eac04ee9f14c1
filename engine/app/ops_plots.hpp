// Plot builders for the operations sandboxes (registered in plot_model.cpp): latency percentiles with
// the SLO, replicas with a marker per scale action, traffic, the alert timeline (with notifications), and the breaker strip per replica. They read only the
// actors' notes ("fleet", "sample", "decide", "rules", "metric", "alert", "inhibit", "notify", "breaker").
#pragma once
#include "app/plot_model.hpp"

namespace coordlab::app {

PlotModel ops_latency_plot(const sim::Trace& trace, std::size_t event_count);
PlotModel ops_replicas_plot(const sim::Trace& trace, std::size_t event_count);
PlotModel ops_traffic_plot(const sim::Trace& trace, std::size_t event_count);
PlotModel ops_alerts_plot(const sim::Trace& trace, std::size_t event_count);
PlotModel ops_breakers_plot(const sim::Trace& trace, std::size_t event_count);

}  // namespace coordlab::app

#include "app/plot_model.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "allocation/shade_curve.hpp"
#include "app/ops_plots.hpp"
#include "app/negotiation_plots.hpp"
#include "core/assert.hpp"
#include "core/limits.hpp"
#include "protocols/payload.hpp"

namespace coordlab::app {
namespace {

constexpr std::int64_t kActivityBuckets = 120;  // rate buckets across the run: wide enough to read, fine enough to see a burst

std::int64_t last_tick(const sim::Trace& trace, std::size_t event_count) {
  return event_count == 0 ? 0 : trace.event(event_count - 1).tick.value;
}

std::string node_label(const sim::Trace& trace, std::uint16_t node) { return std::string(trace.node_name(node)); }

// Open intervals (a node down, a partition) closed by a later event, or by the plot's end.
class BandTracker {
 public:
  void open(const std::string& key, std::string label, std::int64_t tick) {
    if (open_.count(key) == 0) open_.emplace(key, PlotBand{std::move(label), tick, tick});
  }
  void close(const std::string& key, std::int64_t tick, std::vector<PlotBand>& bands) {
    const auto found = open_.find(key);
    if (found == open_.end()) return;
    found->second.to_tick = tick;
    bands.push_back(std::move(found->second));
    open_.erase(found);
  }
  void close_all(std::int64_t tick, std::vector<PlotBand>& bands) {
    for (auto& [key, band] : open_) {  // std::map: in key order, so deterministic
      band.to_tick = tick;
      bands.push_back(std::move(band));
    }
    open_.clear();
  }

 private:
  std::map<std::string, PlotBand> open_;
};

// Faults as bands and the learner's hand as markers: the same for every protocol.
void add_fault_bands_and_markers(const sim::Trace& trace, std::size_t event_count, PlotModel& model) {
  BandTracker tracker;
  for (std::size_t i = 0; i < event_count; ++i) {
    const sim::TraceEvent& event = trace.event(i);
    const std::int64_t tick = event.tick.value;
    switch (event.kind) {
      case sim::EventKind::crash: tracker.open("down " + node_label(trace, event.node), node_label(trace, event.node) + " down", tick); break;
      case sim::EventKind::restart: tracker.close("down " + node_label(trace, event.node), tick, model.bands); break;
      case sim::EventKind::partition:
        tracker.close("partition", tick, model.bands);
        tracker.open("partition", "partition " + std::string(trace.text(event.subject)), tick);
        break;
      case sim::EventKind::heal: tracker.close("partition", tick, model.bands); break;
      case sim::EventKind::input:
        model.markers.push_back({"input " + node_label(trace, event.node) + ": " + std::string(trace.text(event.subject)), tick});
        break;
      case sim::EventKind::byzantine:
        model.markers.push_back({node_label(trace, event.node) + " byzantine: " + std::string(trace.text(event.subject)), tick});
        break;
      default: break;
    }
  }
  tracker.close_all(model.x_max_tick, model.bands);
  std::stable_sort(model.bands.begin(), model.bands.end(), [](const PlotBand& a, const PlotBand& b) { return a.from_tick < b.from_tick; });
}

// Messages sent, delivered and dropped per time bucket, and how many are in flight at each bucket's end.
PlotModel activity_plot(const sim::Trace& trace, std::size_t event_count) {
  PlotModel model;
  model.x_max_tick = last_tick(trace, event_count);
  const std::int64_t bucket_ticks = std::max<std::int64_t>(1, (model.x_max_tick + kActivityBuckets) / kActivityBuckets);
  model.title = "Messages over time";
  model.y_label = "messages per " + std::to_string(bucket_ticks) + (bucket_ticks == 1 ? " tick" : " ticks");
  PlotSeries sent{"sent", SeriesStyle::step, {}};
  PlotSeries delivered{"delivered", SeriesStyle::step, {}};
  PlotSeries dropped{"dropped", SeriesStyle::step, {}};
  PlotSeries in_flight{"in flight (at bucket end)", SeriesStyle::line, {}};
  std::int64_t flying = 0;
  std::size_t next = 0;
  for (std::int64_t start = 0; start <= model.x_max_tick; start += bucket_ticks) {
    std::int64_t sent_count = 0, delivered_count = 0, dropped_count = 0;
    for (; next < event_count && trace.event(next).tick.value < start + bucket_ticks; ++next) {
      switch (trace.event(next).kind) {
        case sim::EventKind::send: ++sent_count; ++flying; break;
        case sim::EventKind::duplicate: ++flying; break;
        case sim::EventKind::deliver: ++delivered_count; --flying; break;
        case sim::EventKind::drop: ++dropped_count; --flying; break;
        default: break;
      }
    }
    sent.points.push_back({start, sent_count});
    delivered.points.push_back({start, delivered_count});
    dropped.points.push_back({start, dropped_count});
    in_flight.points.push_back({std::min(start + bucket_ticks - 1, model.x_max_tick), flying});
  }
  model.series = {std::move(sent), std::move(delivered), std::move(dropped), std::move(in_flight)};
  add_fault_bands_and_markers(trace, event_count, model);
  return model;
}

// Raft: each node's term as a step line (from its "role=... term=N" notes), a marker per new leader.
PlotModel raft_terms_plot(const sim::Trace& trace, std::size_t event_count) {
  PlotModel model;
  model.title = "Raft terms per node";
  model.y_label = "term";
  model.x_max_tick = last_tick(trace, event_count);
  std::vector<PlotSeries> per_node(trace.node_names().size());
  for (std::size_t node = 0; node < per_node.size(); ++node) {
    per_node[node] = PlotSeries{node_label(trace, static_cast<std::uint16_t>(node)), SeriesStyle::step, {{0, 0}}};
  }
  for (std::size_t i = 0; i < event_count; ++i) {
    const sim::TraceEvent& event = trace.event(i);
    if (event.kind != sim::EventKind::note || event.node >= per_node.size()) continue;
    const std::string_view text = trace.text(event.subject);
    if (text.substr(0, 5) != "role=") continue;
    const protocols::PayloadReader note(text);
    const std::optional<std::int64_t> term = note.integer("term");
    if (!term) continue;
    std::vector<PlotPoint>& points = per_node[event.node].points;
    if (points.back().value != *term) points.push_back({event.tick.value, *term});
    if (note.text("role") == std::optional<std::string_view>("leader")) model.markers.push_back({node_label(trace, event.node) + " leader, term " + std::to_string(*term), event.tick.value});
  }
  model.series = std::move(per_node);
  add_fault_bands_and_markers(trace, event_count, model);
  return model;
}

// Reasoning (issue 14): the learning curve from the reflection engine's "curve" notes. The x axis is
// the number of training episodes (not ticks); y is success in permille, training vs held-out.
PlotModel reflection_learning_curve_plot(const sim::Trace& trace, std::size_t event_count) {
  PlotModel model;
  model.title = "Learning curve (x: training episodes)";
  model.y_label = "success, permille";
  PlotSeries training{"training success so far", SeriesStyle::line, {}}, heldout{"held-out success of what was learned", SeriesStyle::line, {}};
  for (std::size_t i = 0; i < event_count; ++i) {
    const sim::TraceEvent& event = trace.event(i);
    if (event.kind != sim::EventKind::note) continue;
    const std::string_view text = trace.text(event.subject);
    if (text.substr(0, 6) != "curve ") continue;
    const protocols::PayloadReader note(text);
    const std::int64_t x = note.integer("training").value_or(0);
    if (x > 0) training.points.push_back({x, note.integer("training_success").value_or(0)});
    heldout.points.push_back({x, note.integer("heldout_success").value_or(0)});
    model.x_max_tick = std::max(model.x_max_tick, x);
  }
  model.series = {training, heldout};
  return model;
}

// Auctions (issue 17, h17c). I8: the learner's total utility had it quoted cost x shade in every
// auction it took part in (x: shade in permille of its cost, not ticks), with its own shade marked.
PlotModel auction_shade_utility_plot(const sim::Trace& trace, std::size_t event_count) {
  PlotModel model{"Utility by shade (x: quote as permille of cost)", "total utility, cents", 0, 0, {}, {}, {}, {}};
  const allocation::ShadeCurve curve = allocation::shade_utility_curve(trace, event_count);
  PlotSeries utility{"utility over " + std::to_string(curve.auctions) + " auctions", SeriesStyle::line, {}};
  for (const allocation::ShadePoint& point : curve.points) utility.points.push_back({point.shade_permille, point.utility_cents});
  if (!curve.points.empty()) {
    model.x_min_tick = curve.points.front().shade_permille;
    model.x_max_tick = curve.points.back().shade_permille;
    model.markers.push_back({"your shade " + std::to_string(curve.chosen_shade_permille), curve.chosen_shade_permille});
  }
  model.reference_lines.push_back({"no profit", 0});
  model.series = {utility};
  return model;
}

// The clock auctions' called price per round, one step series per auction (at most kMaxPlotSeries).
PlotModel auction_clock_price_plot(const sim::Trace& trace, std::size_t event_count) {
  PlotModel model{"Clock price", "price called, cents", 0, last_tick(trace, event_count), {}, {}, {}, {}};
  std::map<std::string, std::size_t> series_of;
  for (std::size_t i = 0; i < event_count; ++i) {
    const sim::TraceEvent& event = trace.event(i);
    if (event.kind != sim::EventKind::note || trace.text(event.subject).substr(0, 6) != "round ") continue;
    const protocols::PayloadReader note(trace.text(event.subject));
    const std::string id(note.text("id").value_or(""));
    if (series_of.count(id) == 0) {
      if (model.series.size() >= limits::kMaxPlotSeries) continue;
      series_of[id] = model.series.size();
      model.series.push_back({"auction " + id, SeriesStyle::step, {}});
    }
    std::vector<PlotPoint>& points = model.series[series_of[id]].points;
    if (points.size() < limits::kMaxPlotPointsPerSeries) points.push_back({event.tick.value, note.integer("price").value_or(0)});
  }
  return model;
}

using PlotBuilder = std::function<PlotModel(const sim::Trace&, std::size_t)>;

// The one registry: a domain's plot is one line here (and its ViewSpec in the protocol's spec).
const std::vector<std::pair<std::string_view, PlotBuilder>>& builders() {
  static const std::vector<std::pair<std::string_view, PlotBuilder>> table = {
      {"activity", activity_plot},
      {"raft.terms", raft_terms_plot},
      {"ops.latency", ops_latency_plot}, {"ops.replicas", ops_replicas_plot}, {"ops.traffic", ops_traffic_plot}, {"ops.alerts", ops_alerts_plot}, {"ops.breakers", ops_breakers_plot},
      {"reflection.learning_curve", reflection_learning_curve_plot},
      {"auction.shade_utility", auction_shade_utility_plot}, {"auction.clock_price", auction_clock_price_plot},  // issue 17, h17c
      {"negotiation.utilities", negotiation_utilities_plot},  // h18c
  };
  return table;
}

}  // namespace

std::vector<std::string_view> plot_builder_ids() {
  std::vector<std::string_view> ids;
  for (const auto& entry : builders()) ids.push_back(entry.first);
  return ids;
}

Result<PlotModel> build_plot(std::string_view builder, const sim::Trace& trace, std::size_t event_count) {
  ENGINE_ASSERT(event_count <= trace.event_count());
  for (const auto& [id, build] : builders()) {
    if (id != builder) continue;
    PlotModel model = build(trace, event_count);
    ENGINE_ASSERT_MSG(model.series.size() <= limits::kMaxPlotSeries, "a plot builder made more than kMaxPlotSeries series");
    for (const PlotSeries& series : model.series) {
      ENGINE_ASSERT_MSG(series.points.size() <= limits::kMaxPlotPointsPerSeries, "a plot builder made more than kMaxPlotPointsPerSeries points");
    }
    return model;
  }
  return make_error("plot.unknown_builder", "no plot builder \"" + std::string(builder) + "\"; register it in app/plot_model.cpp.");
}

std::vector<PlotPoint> decimate_min_max(const std::vector<PlotPoint>& points, std::int64_t x_from_tick, std::int64_t x_to_tick,
                                        std::size_t columns) {
  std::vector<PlotPoint> kept;
  if (points.empty() || columns == 0 || x_to_tick < x_from_tick) return kept;
  const auto first_inside = std::lower_bound(points.begin(), points.end(), x_from_tick,
                                             [](const PlotPoint& point, std::int64_t tick) { return point.tick < tick; });
  const auto past_inside = std::upper_bound(first_inside, points.end(), x_to_tick,
                                            [](std::int64_t tick, const PlotPoint& point) { return tick < point.tick; });
  kept.reserve(std::min<std::size_t>(static_cast<std::size_t>(past_inside - first_inside), columns * 4) + 2);
  if (first_inside != points.begin()) kept.push_back(*(first_inside - 1));
  const std::int64_t span = x_to_tick - x_from_tick + 1;
  const auto width = static_cast<std::int64_t>(columns);
  // Column c holds ticks t with (t - from) * columns / span == c; its end is the first tick of column c + 1.
  // One division per column, not per point: a 10,000-point series costs about its width in divisions.
  const auto column_end = [&](std::int64_t column) { return x_from_tick + ((column + 1) * span + width - 1) / width; };
  for (auto it = first_inside; it != past_inside;) {
    const std::int64_t column = (it->tick - x_from_tick) * width / span;
    const std::int64_t end_tick = column_end(column);
    auto low = it, high = it, last = it;
    for (auto scan = it; scan != past_inside && scan->tick < end_tick; ++scan) {
      if (scan->value < low->value) low = scan;
      if (scan->value > high->value) high = scan;
      last = scan;
    }
    // The column's first, minimum, maximum and last points, each once, in tick order.
    const auto first_extreme = std::min(low, high), second_extreme = std::max(low, high);
    kept.push_back(*it);
    if (first_extreme != it) kept.push_back(*first_extreme);
    if (second_extreme != first_extreme && second_extreme != it) kept.push_back(*second_extreme);
    if (last != second_extreme && last != it) kept.push_back(*last);
    it = last + 1;
  }
  if (past_inside != points.end()) kept.push_back(*past_inside);
  return kept;
}

std::optional<std::int64_t> value_at(const PlotSeries& series, std::int64_t tick) {
  const std::vector<PlotPoint>& points = series.points;
  if (points.empty() || tick < points.front().tick) return std::nullopt;
  const auto after = std::upper_bound(points.begin(), points.end(), tick,
                                      [](std::int64_t t, const PlotPoint& point) { return t < point.tick; });
  const PlotPoint& before = *(after - 1);
  if (series.style == SeriesStyle::step || after == points.end()) return before.value;
  return (tick - before.tick <= after->tick - tick) ? before.value : after->value;
}

std::uint64_t step_at_tick(const sim::Trace& trace, std::int64_t tick, std::uint64_t max_step) {
  std::size_t low = 0, high = trace.event_count();  // first event with a later tick, by binary search
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (trace.event(middle).tick.value <= tick) low = middle + 1;
    else high = middle;
  }
  if (low == 0) return 0;
  return std::min(trace.step_of_event(low - 1), max_step);
}

}  // namespace coordlab::app

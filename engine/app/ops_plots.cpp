#include "app/ops_plots.hpp"

#include <functional>
#include <map>

#include "protocols/payload.hpp"

namespace coordlab::app {
namespace {

// Calls `visit(tick, text, reader)` for each note among the first `event_count` events that starts with `prefix`.
void for_each_note(const sim::Trace& trace, std::size_t event_count, std::string_view prefix,
                   const std::function<void(std::int64_t, const protocols::PayloadReader&)>& visit) {
  for (std::size_t i = 0; i < event_count; ++i) {
    const sim::TraceEvent& event = trace.event(i);
    if (event.kind != sim::EventKind::note) continue;
    const std::string_view text = trace.text(event.subject);
    if (text.substr(0, prefix.size()) == prefix) visit(event.tick.value, protocols::PayloadReader(text));
  }
}

PlotModel empty_model(const sim::Trace& trace, std::size_t event_count, std::string title, std::string y_label) {
  PlotModel model;
  model.title = std::move(title);
  model.y_label = std::move(y_label);
  model.x_max_tick = event_count == 0 ? 0 : trace.event(event_count - 1).tick.value;
  return model;
}

// One series per sample field, in the given order.
PlotModel sample_plot(const sim::Trace& trace, std::size_t event_count, std::string title, std::string y_label,
                      const std::vector<std::pair<std::string, std::string>>& fields, SeriesStyle style) {
  PlotModel model = empty_model(trace, event_count, std::move(title), std::move(y_label));
  for (const auto& [key, name] : fields) model.series.push_back(PlotSeries{name, style, {}});
  for_each_note(trace, event_count, "sample ", [&](std::int64_t tick, const protocols::PayloadReader& note) {
    for (std::size_t i = 0; i < fields.size(); ++i) model.series[i].points.push_back({tick, note.integer(fields[i].first).value_or(0)});
  });
  return model;
}

}  // namespace

PlotModel ops_latency_plot(const sim::Trace& trace, std::size_t event_count) {
  PlotModel model = sample_plot(trace, event_count, "Latency per interval", "ms",
                                {{"p50_ms", "p50"}, {"p95_ms", "p95"}, {"p99_ms", "p99"}}, SeriesStyle::line);
  for_each_note(trace, event_count, "fleet ", [&](std::int64_t, const protocols::PayloadReader& note) {
    model.reference_lines.push_back({"SLO p95", note.integer("slo_ms").value_or(0)});
  });
  return model;
}

PlotModel ops_replicas_plot(const sim::Trace& trace, std::size_t event_count) {
  PlotModel model = sample_plot(trace, event_count, "Replicas", "replicas", {{"replicas", "replicas"}, {"ready", "ready"}}, SeriesStyle::step);
  for_each_note(trace, event_count, "decide ", [&](std::int64_t tick, const protocols::PayloadReader& note) {
    const std::int64_t from = note.integer("from").value_or(0), to = note.integer("to").value_or(0);
    if (from == to) return;
    model.markers.push_back({"scale " + std::to_string(from) + " -> " + std::to_string(to) + " (" + std::string(note.text("signal").value_or("")) + ")", tick});
  });
  for_each_note(trace, event_count, "fleet ", [&](std::int64_t, const protocols::PayloadReader& note) {
    model.reference_lines.push_back({"min", note.integer("min").value_or(0)});
    model.reference_lines.push_back({"max", note.integer("max").value_or(0)});
  });
  return model;
}

PlotModel ops_traffic_plot(const sim::Trace& trace, std::size_t event_count) {
  PlotModel model = sample_plot(trace, event_count, "Traffic per interval", "requests",
                                {{"rps", "requests/s"}, {"errors", "errors"}, {"retries", "retries"}, {"rejected", "rejected by breakers"}}, SeriesStyle::step);
  for_each_note(trace, event_count, "fault ", [&](std::int64_t tick, const protocols::PayloadReader& note) {
    model.markers.push_back({"r" + std::string(note.text("replica").value_or("?")).substr(1) + " failing " + std::to_string(note.integer("failing_percent").value_or(0)) + "%", tick});
  });
  return model;
}

PlotModel ops_alerts_plot(const sim::Trace& trace, std::size_t event_count) {
  PlotModel model = empty_model(trace, event_count, "Latency and alerts", "ms");
  PlotSeries metric{"latency", SeriesStyle::line, {}};
  for_each_note(trace, event_count, "metric ", [&](std::int64_t tick, const protocols::PayloadReader& note) {
    metric.points.push_back({tick, note.integer("value_ms").value_or(0)});
  });
  model.series.push_back(std::move(metric));
  for_each_note(trace, event_count, "rules ", [&](std::int64_t, const protocols::PayloadReader& note) {
    model.reference_lines.push_back({"warning", note.integer("warning_ms").value_or(0)});
    model.reference_lines.push_back({"critical", note.integer("critical_ms").value_or(0)});
  });
  std::map<std::string, PlotBand> open;  // by label; std::map keeps the closing order deterministic
  const auto set_band = [&](const std::string& label, bool active, std::int64_t tick) {
    const auto found = open.find(label);
    if (active && found == open.end()) open.emplace(label, PlotBand{label, tick, tick});
    if (!active && found != open.end()) {
      found->second.to_tick = tick;
      model.bands.push_back(found->second);
      open.erase(found);
    }
  };
  for (std::size_t i = 0; i < event_count; ++i) {
    const sim::TraceEvent& event = trace.event(i);
    if (event.kind != sim::EventKind::note) continue;
    const std::string_view text = trace.text(event.subject);
    const protocols::PayloadReader note(text);
    if (text.substr(0, 6) == "alert ") {
      const std::string severity(note.text("severity").value_or("?"));
      const std::string_view state = note.text("state").value_or("");
      set_band(severity + " pending", state == "pending", event.tick.value);
      set_band(severity + " firing", state == "firing", event.tick.value);
    } else if (text.substr(0, 8) == "inhibit ") {
      set_band("warning muted", note.integer("muted").value_or(0) == 1, event.tick.value);
    }
  }
  for (auto& [label, band] : open) {
    band.to_tick = model.x_max_tick;
    model.bands.push_back(band);
  }
  for_each_note(trace, event_count, "notify ", [&](std::int64_t tick, const protocols::PayloadReader& note) {
    std::string label = "notify ";
    label.append(note.text("reason").value_or("?")).append(": firing ").append(note.text("firing").value_or("-"));
    if (note.integer("delivered").value_or(1) == 0) label.append(" (logged only)");
    model.markers.push_back({label, tick});
  });
  return model;
}

// The breaker state strip: per replica a band while its breaker is open and one while half-open (from
// the fleet's "breaker replica=rN from=A to=B" notes), and the number of open breakers as a step line.
PlotModel ops_breakers_plot(const sim::Trace& trace, std::size_t event_count) {
  PlotModel model = empty_model(trace, event_count, "Breaker state per replica", "open breakers");
  PlotSeries open_count{"open breakers", SeriesStyle::step, {{0, 0}}};
  std::map<std::string, PlotBand> open;  // "r1 open" -> its band since it began
  std::int64_t opened = 0;
  for_each_note(trace, event_count, "breaker replica=", [&](std::int64_t tick, const protocols::PayloadReader& note) {
    const std::string replica(note.text("replica").value_or("?"));
    const std::string from(note.text("from").value_or("")), to(note.text("to").value_or(""));
    if (from == "open" || from == "half_open") {
      const auto found = open.find(replica + " " + from);
      if (found != open.end()) {
        found->second.to_tick = tick;
        model.bands.push_back(found->second);
        open.erase(found);
      }
    }
    if (to == "open" || to == "half_open") open.emplace(replica + " " + to, PlotBand{replica + " " + to, tick, tick});
    opened += (to == "open") - (from == "open");
    open_count.points.push_back({tick, opened});
  });
  for (auto& [label, band] : open) {
    band.to_tick = model.x_max_tick;
    model.bands.push_back(band);
  }
  model.series.push_back(std::move(open_count));
  return model;
}

}  // namespace coordlab::app

// coordlab ops autoscale FILE [--json]: replays a Kubernetes HPA (autoscaling/v2, in its own field names)
// on a metric series with the same code the sandbox runs, and prints the replica count after each sync
// with the decision's intermediate values. The file:
//   {"hpa": {...}, "controller": {...}, "replicas": 4, "readiness_seconds": 30, "pod_request_milli": 1000,
//    "series": [{"t": 0, "value": 3200}, {"t": 600, "values": [1200, 40000]}]}
// A series value is the metric's total over all pods (cpu: milli-cores used; a Pods metric: the sum of
// its milli-values), split evenly over the ready pods; the latest point at or before a sync applies.
#include <cstdio>

#include "cli/cli.hpp"
#include "core/limits.hpp"
#include "ops/fleet_params.hpp"
#include "ops/hpa_spec.hpp"

namespace coordlab::cli {
namespace {

struct SeriesPoint {
  std::int64_t t = 0;
  std::vector<std::int64_t> totals;
};

Result<std::vector<SeriesPoint>> read_series(const Json& series, std::size_t metrics) {
  if (!series.is_array() || series.empty() || series.size() > limits::kMaxOpsMetricPoints) {
    return make_error("ops.bad_series", "\"series\" is a list of 1 to 100000 points {\"t\": 0, \"value\": 3200}.", "/series");
  }
  std::vector<SeriesPoint> points;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::string pointer = pointer_append("/series", i);
    ObjectReader reader(series[i], pointer, "a series point");
    RETURN_IF_ERROR(reader.check({"t", "value", "values"}));
    SeriesPoint point;
    Result<std::int64_t> t = reader.integer("t", points.empty() ? 0 : points.back().t, 7 * 86'400);
    if (!t.ok()) return t.error();
    point.t = t.value();
    const Json* values = reader.find("values");
    Json list = values != nullptr ? *values : Json::array({reader.find("value") ? *reader.find("value") : Json()});
    if (!list.is_array() || list.size() != metrics) return make_error("ops.bad_series", "give \"value\" (one metric) or \"values\" with one number per metric.", pointer);
    for (const Json& value : list) {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > 1'000'000'000'000) {
        return make_error("ops.bad_series", "a value is a whole number from 0 to 1e12 (milli-units).", pointer);
      }
      point.totals.push_back(value.get<std::int64_t>());
    }
    points.push_back(point);
  }
  return points;
}

Json decision_json(const ops::HpaDecision& decision) {
  Json metrics = Json::array();
  for (const ops::MetricProposal& metric : decision.metrics) {
    metrics.push_back({{"name", metric.name}, {"current", metric.current}, {"replicas", metric.replicas}, {"ready", metric.ready}, {"unready", metric.unready}});
  }
  return {{"t", decision.at_seconds}, {"current", decision.current}, {"proposal", decision.proposal}, {"stabilized", decision.stabilized},
          {"rate_limited", decision.limited}, {"desired", decision.desired}, {"skipped", decision.skipped}, {"reason", decision.reason}, {"metrics", metrics}};
}

Result<Json> replay(const Json& document) {
  ObjectReader reader(document, "", "the autoscale file");
  RETURN_IF_ERROR(reader.check({"hpa", "controller", "replicas", "readiness_seconds", "pod_request_milli", "series"}));
  const Json* hpa_json = reader.find("hpa");
  if (hpa_json == nullptr) return make_error("ops.missing_hpa", "give the HorizontalPodAutoscaler as \"hpa\".", "/hpa");
  Result<ops::HpaSpec> spec = ops::read_hpa_spec(*hpa_json, "/hpa");
  if (!spec.ok()) return spec.error();
  Result<ops::ControllerSettings> settings = ops::read_controller_settings(reader.find("controller") ? *reader.find("controller") : Json(), "/controller");
  if (!settings.ok()) return settings.error();
  std::int64_t replicas = 1, readiness = 30, request = 1000;
  RETURN_IF_ERROR(ops::read_int_field(reader, "replicas", 0, limits::kMaxOpsReplicas, replicas));
  RETURN_IF_ERROR(ops::read_int_field(reader, "readiness_seconds", 0, 3600, readiness));
  RETURN_IF_ERROR(ops::read_int_field(reader, "pod_request_milli", 1, 1'000'000, request));
  Result<std::vector<SeriesPoint>> series = read_series(reader.find("series") ? *reader.find("series") : Json(), spec.value().metrics.size());
  if (!series.ok()) return series.error();
  ops::HpaSpec hpa_spec = spec.value();
  if (hpa_spec.behavior) hpa_spec.behavior = ops::behavior_with_defaults(*hpa_spec.behavior, settings.value());
  ops::Hpa hpa(hpa_spec, settings.value());
  std::vector<std::int64_t> started(static_cast<std::size_t>(replicas), -readiness);
  Json decisions = Json::array();
  std::size_t point = 0;
  for (std::int64_t t = series.value().front().t; t <= series.value().back().t; t += settings.value().sync_period_seconds) {
    while (point + 1 < series.value().size() && series.value()[point + 1].t <= t) ++point;
    std::int64_t ready = 0;
    for (std::int64_t start : started) ready += start + readiness <= t;
    std::vector<std::vector<ops::PodSample>> pods(hpa_spec.metrics.size());
    for (std::size_t m = 0; m < pods.size(); ++m) {
      for (std::int64_t start : started) {
        ops::PodSample pod;
        pod.ready = start + readiness <= t;
        pod.start_seconds = start;
        pod.ready_change_seconds = pod.ready ? start + readiness : start;
        pod.request_milli = request;
        pod.value_milli = pod.ready && ready > 0 ? series.value()[point].totals[m] / ready : 0;
        pods[m].push_back(pod);
      }
    }
    const ops::HpaDecision decision = hpa.reconcile(t, static_cast<std::int64_t>(started.size()), pods);
    started.resize(static_cast<std::size_t>(decision.desired), t);
    decisions.push_back(decision_json(decision));
  }
  return decisions;
}

}  // namespace

int run_ops_command(const std::vector<std::string>& argv) {
  Result<Arguments> arguments = parse_arguments(argv, {}, {"json"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  const Arguments& parsed = arguments.value();
  if (parsed.positional.size() != 2 || parsed.positional[0] != "autoscale") {
    std::fputs("usage: coordlab ops autoscale FILE [--json]\n", stderr);
    return kExitUsage;
  }
  Result<std::string> text = read_file(parsed.positional[1]);
  if (!text.ok()) return report(text.error());
  Result<Json> document = parse_json_text(text.value(), parsed.positional[1]);
  if (!document.ok()) return report(document.error());
  Result<Json> decisions = replay(document.value());
  if (!decisions.ok()) return report(locate_error(decisions.error(), text.value(), parsed.positional[1]));
  if (parsed.has("json")) {
    std::puts(decisions.value().dump().c_str());
    return kExitOk;
  }
  for (const Json& decision : decisions.value()) {
    std::string line = "t=" + std::to_string(decision["t"].get<std::int64_t>()) + " replicas " + std::to_string(decision["current"].get<std::int64_t>());
    line += " -> " + std::to_string(decision["desired"].get<std::int64_t>());
    line += "  proposal=" + std::to_string(decision["proposal"].get<std::int64_t>());
    line += " stabilized=" + std::to_string(decision["stabilized"].get<std::int64_t>());
    line += " rate-limited=" + std::to_string(decision["rate_limited"].get<std::int64_t>());
    line += " " + decision["reason"].get<std::string>();
    for (const Json& metric : decision["metrics"]) line += " " + metric["name"].get<std::string>() + "=" + std::to_string(metric["current"].get<std::int64_t>());
    std::puts(line.c_str());
  }
  return kExitOk;
}

}  // namespace coordlab::cli

#include "ops/hpa_spec.hpp"

#include "core/limits.hpp"

namespace coordlab::ops {
namespace {

Error bad(const std::string& pointer, const std::string& message) { return make_error("hpa.bad_field", message, pointer); }

Result<std::vector<const Json*>> array_at(const ObjectReader& reader, std::string_view key, std::size_t max_items) {
  std::vector<const Json*> items;
  const Json* array = reader.find(key);
  if (array == nullptr) return items;
  if (!array->is_array() || array->size() > max_items) {
    return bad(reader.pointer_of(key), "\"" + std::string(key) + "\" is an array of at most " + std::to_string(max_items) + " items.");
  }
  for (const Json& item : *array) items.push_back(&item);
  return items;
}

Result<ScalingRules> read_rules(const Json& object, const std::string& pointer) {
  ScalingRules rules;
  ObjectReader reader(object, pointer, "HPAScalingRules");
  RETURN_IF_ERROR(reader.check({"stabilizationWindowSeconds", "selectPolicy", "policies", "tolerance"}));
  if (reader.has("stabilizationWindowSeconds")) {
    Result<std::int64_t> window = reader.integer("stabilizationWindowSeconds", 0, 3600);
    if (!window.ok()) return window.error();
    rules.stabilization_window_seconds = window.value();
  }
  Result<std::string> select = reader.string("selectPolicy", "Max");
  if (!select.ok()) return select.error();
  if (select.value() == "Max") rules.select = SelectPolicy::max;
  else if (select.value() == "Min") rules.select = SelectPolicy::min;
  else if (select.value() == "Disabled") rules.select = SelectPolicy::disabled;
  else return bad(reader.pointer_of("selectPolicy"), "selectPolicy is \"Max\", \"Min\" or \"Disabled\".");
  Result<std::vector<const Json*>> policies = array_at(reader, "policies", limits::kMaxHpaPolicies);
  if (!policies.ok()) return policies.error();
  for (std::size_t i = 0; i < policies.value().size(); ++i) {
    const std::string at = pointer_append(reader.pointer_of("policies"), i);
    ObjectReader policy(*policies.value()[i], at, "HPAScalingPolicy");
    RETURN_IF_ERROR(policy.check({"type", "value", "periodSeconds"}));
    Result<std::string> type = policy.string("type");
    if (!type.ok()) return type.error();
    if (type.value() != "Pods" && type.value() != "Percent") return bad(policy.pointer_of("type"), "a policy's type is \"Pods\" or \"Percent\".");
    Result<std::int64_t> value = policy.integer("value", 1, 100'000);
    if (!value.ok()) return value.error();
    Result<std::int64_t> period = policy.integer("periodSeconds", 1, 1800);
    if (!period.ok()) return period.error();
    rules.policies.push_back({type.value() == "Pods" ? PolicyType::pods : PolicyType::percent, value.value(), period.value()});
  }
  if (const Json* tolerance = reader.find("tolerance")) {
    Result<std::int64_t> milli = read_quantity_milli(*tolerance, reader.pointer_of("tolerance"));
    if (!milli.ok()) return milli.error();
    if (milli.value() > 1000) return bad(reader.pointer_of("tolerance"), "tolerance is a fraction from 0 to 1, such as \"0.05\".");
    rules.tolerance_permille = milli.value();
  }
  return rules;
}

Result<MetricSpec> read_metric(const Json& object, const std::string& pointer) {
  ObjectReader reader(object, pointer, "MetricSpec");
  RETURN_IF_ERROR(reader.check({"type", "resource", "pods"}));
  Result<std::string> type = reader.string("type");
  if (!type.ok()) return type.error();
  MetricSpec metric;
  const bool resource = type.value() == "Resource";
  if (!resource && type.value() != "Pods") return bad(reader.pointer_of("type"), "the lab's metrics are of type \"Resource\" (cpu) or \"Pods\".");
  const std::string key = resource ? "resource" : "pods";
  const Json* body = reader.find(key);
  if (body == nullptr) return bad(reader.pointer_of(key), "a " + type.value() + " metric needs its \"" + key + "\" object.");
  ObjectReader inner(*body, reader.pointer_of(key), key);
  RETURN_IF_ERROR(inner.check(resource ? std::vector<std::string_view>{"name", "target"} : std::vector<std::string_view>{"metric", "target"}));
  if (resource) {
    Result<std::string> name = inner.string("name");
    if (!name.ok()) return name.error();
    if (name.value() != "cpu") return bad(inner.pointer_of("name"), "the sandbox measures the Resource \"cpu\".");
    metric.name = "cpu";
  } else {
    const Json* described = inner.find("metric");
    if (described == nullptr || !described->is_object() || !described->contains("name") || !(*described)["name"].is_string()) {
      return bad(inner.pointer_of("metric"), "a Pods metric names its metric: {\"name\": \"requests_per_second\"}.");
    }
    metric.name = (*described)["name"].get<std::string>();
    if (metric.name != "requests_per_second") return bad(pointer_append(inner.pointer_of("metric"), "name"), "the sandbox's Pods metric is \"requests_per_second\".");
  }
  const Json* target = inner.find("target");
  if (target == nullptr) return bad(inner.pointer_of("target"), "a metric needs a target.");
  ObjectReader goal(*target, inner.pointer_of("target"), "MetricTarget");
  RETURN_IF_ERROR(goal.check({"type", "averageUtilization", "averageValue"}));
  Result<std::string> goal_type = goal.string("type");
  if (!goal_type.ok()) return goal_type.error();
  if (resource && goal_type.value() == "Utilization") {
    Result<std::int64_t> percent = goal.integer("averageUtilization", 1, 1000);
    if (!percent.ok()) return percent.error();
    metric.target = MetricTarget::utilization;
    metric.target_value = percent.value();
    return metric;
  }
  if (goal_type.value() != "AverageValue") {
    return bad(goal.pointer_of("type"), resource ? "a cpu target is {\"type\": \"Utilization\", \"averageUtilization\": 60}."
                                                 : "a Pods target is {\"type\": \"AverageValue\", \"averageValue\": \"30\"}.");
  }
  const Json* value = goal.find("averageValue");
  if (value == nullptr) return bad(goal.pointer_of("averageValue"), "an AverageValue target needs \"averageValue\".");
  Result<std::int64_t> milli = read_quantity_milli(*value, goal.pointer_of("averageValue"));
  if (!milli.ok()) return milli.error();
  if (milli.value() <= 0) return bad(goal.pointer_of("averageValue"), "averageValue is above zero.");
  metric.target = MetricTarget::average_value;
  metric.target_value = milli.value();
  return metric;
}

}  // namespace

Result<std::int64_t> read_quantity_milli(const Json& value, const std::string& pointer) {
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0 && value.get<std::int64_t>() <= 1'000'000'000) return value.get<std::int64_t>() * 1000;
  const Error error = bad(pointer, "a quantity is a string such as \"30\", \"500m\", \"0.05\" or \"2k\" (at most 1e9).");
  if (!value.is_string()) return error;
  std::string text = value.get<std::string>();
  std::int64_t scale = 1000;
  if (!text.empty() && text.back() == 'm') scale = 1, text.pop_back();
  else if (!text.empty() && text.back() == 'k') scale = 1'000'000, text.pop_back();
  const std::size_t dot = text.find('.');
  std::string whole = text.substr(0, dot), fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 9 || fraction.size() > 3 || whole.find_first_not_of("0123456789") != std::string::npos ||
      fraction.find_first_not_of("0123456789") != std::string::npos || (scale == 1 && !fraction.empty())) {
    return error;
  }
  while (fraction.size() < 3) fraction += '0';
  const std::int64_t thousandths = std::stoll(whole) * 1000 + std::stoll(fraction);
  return thousandths * scale / 1000;
}

Result<HpaSpec> read_hpa_spec(const Json& document, const std::string& pointer) {
  const bool whole_object = document.is_object() && document.contains("spec");
  const Json& spec_json = whole_object ? document["spec"] : document;
  const std::string at = whole_object ? pointer_append(pointer, "spec") : pointer;
  if (whole_object) {
    ObjectReader outer(document, pointer, "HorizontalPodAutoscaler");
    RETURN_IF_ERROR(outer.check({"apiVersion", "kind", "metadata", "spec"}));
    if (document.contains("apiVersion") && document["apiVersion"] != "autoscaling/v2") {
      return bad(outer.pointer_of("apiVersion"), "the lab reads \"autoscaling/v2\".");
    }
  }
  ObjectReader reader(spec_json, at, "HorizontalPodAutoscalerSpec");
  RETURN_IF_ERROR(reader.check({"scaleTargetRef", "minReplicas", "maxReplicas", "metrics", "behavior"}));
  HpaSpec spec;
  Result<std::int64_t> minimum = reader.integer("minReplicas", 1, limits::kMaxOpsReplicas, 1);
  if (!minimum.ok()) return minimum.error();
  Result<std::int64_t> maximum = reader.integer("maxReplicas", 1, limits::kMaxOpsReplicas);
  if (!maximum.ok()) return maximum.error();
  if (maximum.value() < minimum.value()) return bad(reader.pointer_of("maxReplicas"), "maxReplicas must be at least minReplicas.");
  spec.min_replicas = minimum.value();
  spec.max_replicas = maximum.value();
  Result<std::vector<const Json*>> metrics = array_at(reader, "metrics", limits::kMaxHpaMetrics);
  if (!metrics.ok()) return metrics.error();
  for (std::size_t i = 0; i < metrics.value().size(); ++i) {
    Result<MetricSpec> metric = read_metric(*metrics.value()[i], pointer_append(reader.pointer_of("metrics"), i));
    if (!metric.ok()) return metric.error();
    spec.metrics.push_back(metric.value());
  }
  if (spec.metrics.empty()) spec.metrics.push_back(MetricSpec{"cpu", MetricTarget::utilization, 80});  // the v1 default: 80% cpu
  if (const Json* behavior = reader.find("behavior")) {
    ObjectReader rules(*behavior, reader.pointer_of("behavior"), "HorizontalPodAutoscalerBehavior");
    RETURN_IF_ERROR(rules.check({"scaleUp", "scaleDown"}));
    Behavior parsed;
    if (const Json* up = rules.find("scaleUp")) {
      Result<ScalingRules> read = read_rules(*up, rules.pointer_of("scaleUp"));
      if (!read.ok()) return read.error();
      parsed.scale_up = read.value();
    }
    if (const Json* down = rules.find("scaleDown")) {
      Result<ScalingRules> read = read_rules(*down, rules.pointer_of("scaleDown"));
      if (!read.ok()) return read.error();
      parsed.scale_down = read.value();
    }
    spec.behavior = parsed;
  }
  return spec;
}

Result<ControllerSettings> read_controller_settings(const Json& document, const std::string& pointer) {
  ControllerSettings settings;
  if (document.is_null()) return settings;
  ObjectReader reader(document, pointer, "controller settings");
  RETURN_IF_ERROR(reader.check({"syncPeriodSeconds", "tolerance", "downscaleStabilizationSeconds", "cpuInitializationPeriodSeconds",
                                "initialReadinessDelaySeconds"}));
  Result<std::int64_t> sync = reader.integer("syncPeriodSeconds", 1, 600, 15);
  if (!sync.ok()) return sync.error();
  settings.sync_period_seconds = sync.value();
  if (const Json* tolerance = reader.find("tolerance")) {
    Result<std::int64_t> milli = read_quantity_milli(*tolerance, reader.pointer_of("tolerance"));
    if (!milli.ok()) return milli.error();
    if (milli.value() > 1000) return bad(reader.pointer_of("tolerance"), "tolerance is a fraction from 0 to 1, such as \"0.1\".");
    settings.tolerance_permille = milli.value();
  }
  Result<std::int64_t> window = reader.integer("downscaleStabilizationSeconds", 0, 3600, 300);
  if (!window.ok()) return window.error();
  settings.downscale_stabilization_seconds = window.value();
  Result<std::int64_t> cpu_init = reader.integer("cpuInitializationPeriodSeconds", 0, 3600, 300);
  if (!cpu_init.ok()) return cpu_init.error();
  settings.cpu_initialization_seconds = cpu_init.value();
  Result<std::int64_t> readiness = reader.integer("initialReadinessDelaySeconds", 0, 3600, 30);
  if (!readiness.ok()) return readiness.error();
  settings.initial_readiness_delay_seconds = readiness.value();
  return settings;
}

}  // namespace coordlab::ops

// Reading a Kubernetes autoscaling/v2 HorizontalPodAutoscaler in its own field names (a whole object
// with apiVersion/kind/spec, or just the spec): minReplicas, maxReplicas, metrics (Resource cpu with a
// Utilization target, or Pods with an AverageValue target), behavior (scaleUp/scaleDown with
// stabilizationWindowSeconds, selectPolicy, policies, tolerance). Validation follows
// pkg/apis/autoscaling/validation (periodSeconds 1..1800, windows 0..3600); errors point at the field.
#pragma once
#include "core/json_input.hpp"
#include "ops/hpa.hpp"

namespace coordlab::ops {

Result<HpaSpec> read_hpa_spec(const Json& document, const std::string& pointer);
// The controller flags: {"syncPeriodSeconds", "tolerance", "downscaleStabilizationSeconds",
// "cpuInitializationPeriodSeconds", "initialReadinessDelaySeconds"}; absent keys keep the defaults.
Result<ControllerSettings> read_controller_settings(const Json& document, const std::string& pointer);
// A Kubernetes quantity as milli-units: "30", "500m", "1.5", "2k"; a plain number is accepted too.
Result<std::int64_t> read_quantity_milli(const Json& value, const std::string& pointer);

}  // namespace coordlab::ops

#include "ops/fleet_params.hpp"

#include "core/limits.hpp"
#include "ops/hpa_spec.hpp"
#include "protocols/params_reader.hpp"

namespace coordlab::ops {

Status read_int_field(const ObjectReader& reader, std::string_view key, std::int64_t low, std::int64_t high, std::int64_t& out) {
  Result<std::int64_t> value = reader.integer(key, low, high, out);
  if (!value.ok()) return value.error();
  out = value.value();
  return {};
}

Status read_flag_field(const ObjectReader& reader, std::string_view key, bool& out) {
  Result<bool> value = reader.boolean(key, out);
  if (!value.ok()) return value.error();
  out = value.value();
  return {};
}

namespace {

using protocols::read_choice;

Result<RetryPolicy> read_retry(const Json& json, const std::string& pointer) {
  RetryPolicy retry;
  ObjectReader reader(json, pointer, "retry");
  RETURN_IF_ERROR(reader.check({"backoff", "max_attempts", "base_ms", "cap_ms"}));
  Result<Backoff> backoff = read_choice<Backoff>(reader, "backoff", {{"none", Backoff::none}, {"fixed", Backoff::fixed}, {"exponential", Backoff::exponential},
                                                                     {"full_jitter", Backoff::full_jitter}, {"equal_jitter", Backoff::equal_jitter},
                                                                     {"decorrelated", Backoff::decorrelated}});
  if (!backoff.ok()) return backoff.error();
  retry.backoff = backoff.value();
  retry.max_attempts = retry.backoff == Backoff::none ? 1 : 3;
  RETURN_IF_ERROR(read_int_field(reader, "max_attempts", 1, limits::kMaxOpsRetryAttempts, retry.max_attempts));
  RETURN_IF_ERROR(read_int_field(reader, "base_ms", 1, 60'000, retry.base_ms));
  RETURN_IF_ERROR(read_int_field(reader, "cap_ms", 1, 600'000, retry.cap_ms));
  return retry;
}

Result<CourseScalerSettings> read_course(const Json& json, const std::string& pointer) {
  CourseScalerSettings course;
  if (json.is_null()) return course;
  ObjectReader reader(json, pointer, "course_scaler");
  RETURN_IF_ERROR(reader.check({"up_percent", "down_percent", "step", "cooldown_seconds", "min_replicas", "max_replicas", "count_headroom", "record_cooldown"}));
  RETURN_IF_ERROR(read_int_field(reader, "up_percent", 1, 1000, course.up_percent));
  RETURN_IF_ERROR(read_int_field(reader, "down_percent", 0, 1000, course.down_percent));
  RETURN_IF_ERROR(read_int_field(reader, "step", 1, limits::kMaxOpsReplicas, course.step));
  RETURN_IF_ERROR(read_int_field(reader, "cooldown_seconds", 0, 86'400, course.cooldown_seconds));
  RETURN_IF_ERROR(read_int_field(reader, "min_replicas", 1, limits::kMaxOpsReplicas, course.min_replicas));
  RETURN_IF_ERROR(read_int_field(reader, "max_replicas", 1, limits::kMaxOpsReplicas, course.max_replicas));
  RETURN_IF_ERROR(read_flag_field(reader, "count_headroom", course.count_headroom));
  RETURN_IF_ERROR(read_flag_field(reader, "record_cooldown", course.record_cooldown));
  if (course.max_replicas < course.min_replicas) return make_error("params.bad_bounds", "max_replicas must be at least min_replicas.", reader.pointer_of("max_replicas"));
  return course;
}

Result<std::vector<std::string>> read_names(const Json& json, const std::string& pointer, std::string_view what) {
  std::vector<std::string> names;
  if (!json.is_array() || json.size() > limits::kMaxOpsCapabilities) {
    return make_error("params.bad_list", std::string(what) + " is a list of at most 32 names such as [\"gpu\", \"cpu\"].", pointer);
  }
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (!json[i].is_string() || json[i].get<std::string>().empty() || json[i].get<std::string>().size() > 40) {
      return make_error("params.bad_name", std::string(what) + " entries are names of 1 to 40 characters.", pointer_append(pointer, i));
    }
    names.push_back(json[i].get<std::string>());
  }
  return names;
}

// The balancer's knobs: Envoy's panic threshold and ring sizes, the request keys, and the capability
// sets of capability_based (replica rN offers capabilities[N % size]; key k needs request_kinds[k % size]).
Status read_balancer_fields(const ObjectReader& reader, FleetParams& fleet) {
  RETURN_IF_ERROR(read_int_field(reader, "panic_threshold_percent", 0, 100, fleet.panic_threshold_percent));
  RETURN_IF_ERROR(read_int_field(reader, "hash_keys", 1, limits::kMaxOpsHashKeys, fleet.hash_keys));
  RETURN_IF_ERROR(read_int_field(reader, "ring_min_size", 1, limits::kMaxOpsRingEntries, fleet.ring_min_size));
  fleet.ring_max_size = limits::kMaxOpsRingEntries;
  RETURN_IF_ERROR(read_int_field(reader, "ring_max_size", 1, limits::kMaxOpsRingEntries, fleet.ring_max_size));
  if (const Json* sets = reader.find("capabilities")) {
    if (!sets->is_array() || sets->empty() || sets->size() > limits::kMaxOpsCapabilities) {
      return make_error("params.bad_list", "\"capabilities\" is a list of 1 to 32 capability lists, one per replica in turn: [[\"gpu\"], [\"cpu\"]].",
                        reader.pointer_of("capabilities"));
    }
    for (std::size_t i = 0; i < sets->size(); ++i) {
      Result<std::vector<std::string>> names = read_names((*sets)[i], pointer_append(reader.pointer_of("capabilities"), i), "a replica's capabilities");
      if (!names.ok()) return names.error();
      fleet.capabilities.push_back(names.value());
    }
  }
  if (const Json* kinds = reader.find("request_kinds")) {
    Result<std::vector<std::string>> names = read_names(*kinds, reader.pointer_of("request_kinds"), "\"request_kinds\"");
    if (!names.ok()) return names.error();
    fleet.request_kinds = names.value();
  }
  if (fleet.balancer == Balancer::capability_based && (fleet.capabilities.empty() || fleet.request_kinds.empty())) {
    return make_error("params.missing", "capability_based needs \"capabilities\" (per replica) and \"request_kinds\" (what requests need).",
                      reader.pointer_of("balancer"));
  }
  return {};
}

}  // namespace

Result<BreakerConfig> read_breaker_config(const Json& json, const std::string& pointer) {
  BreakerConfig config;
  ObjectReader reader(json, pointer, "breaker");
  RETURN_IF_ERROR(reader.check({"kind", "window_type", "window_size", "minimum_calls", "failure_rate_percent", "slow_rate_percent", "slow_call_ms",
                                "wait_open_ms", "half_open_calls", "automatic_transition", "failure_threshold", "max_wait_half_open_ms"}));
  Result<BreakerKind> kind = read_choice<BreakerKind>(reader, "kind", {{"resilience4j", BreakerKind::resilience4j}, {"consecutive", BreakerKind::consecutive},
                                                                       {"course_lifetime", BreakerKind::course_lifetime}});
  if (!kind.ok()) return kind.error();
  config.kind = kind.value();
  Result<WindowType> window = read_choice<WindowType>(reader, "window_type", {{"count_based", WindowType::count_based}, {"time_based", WindowType::time_based}});
  if (!window.ok()) return window.error();
  config.window_type = window.value();
  RETURN_IF_ERROR(read_int_field(reader, "window_size", 1, 10'000, config.window_size));
  RETURN_IF_ERROR(read_int_field(reader, "minimum_calls", 1, 10'000, config.minimum_calls));
  RETURN_IF_ERROR(read_int_field(reader, "failure_rate_percent", 1, 100, config.failure_rate_percent));
  RETURN_IF_ERROR(read_int_field(reader, "slow_rate_percent", 1, 100, config.slow_rate_percent));
  RETURN_IF_ERROR(read_int_field(reader, "slow_call_ms", 1, 600'000, config.slow_call_ms));
  RETURN_IF_ERROR(read_int_field(reader, "wait_open_ms", 1, 3'600'000, config.wait_open_ms));
  RETURN_IF_ERROR(read_int_field(reader, "half_open_calls", 1, 1000, config.half_open_calls));
  RETURN_IF_ERROR(read_flag_field(reader, "automatic_transition", config.automatic_transition));
  RETURN_IF_ERROR(read_int_field(reader, "failure_threshold", 1, 1000, config.failure_threshold));
  RETURN_IF_ERROR(read_int_field(reader, "max_wait_half_open_ms", 0, 3'600'000, config.max_wait_half_open_ms));
  return config;
}

Result<std::vector<LoadSegment>> read_load(const Json& load, const std::string& pointer) {
  if (!load.is_array() || load.empty() || load.size() > limits::kMaxOpsLoadSegments) {
    return make_error("params.bad_load", "\"load\" is a list of 1 to 1000 segments such as {\"seconds\": 600, \"rps\": 200} or "
                                         "{\"seconds\": 600, \"from_rps\": 100, \"to_rps\": 800, \"shape\": \"ramp\"}.", pointer);
  }
  std::vector<LoadSegment> segments;
  std::size_t total_seconds = 0;
  for (std::size_t i = 0; i < load.size(); ++i) {
    ObjectReader reader(load[i], pointer_append(pointer, i), "a load segment");
    RETURN_IF_ERROR(reader.check({"seconds", "rps", "from_rps", "to_rps", "shape"}));
    LoadSegment segment;
    RETURN_IF_ERROR(read_int_field(reader, "seconds", 1, static_cast<std::int64_t>(limits::kMaxOpsTraceSeconds), segment.seconds));
    Result<std::string> shape = reader.string("shape", reader.has("rps") ? "plateau" : "ramp");
    if (!shape.ok()) return shape.error();
    if (shape.value() != "plateau" && shape.value() != "ramp" && shape.value() != "spike" && shape.value() != "lull" && shape.value() != "diurnal") {
      return make_error("params.bad_choice", "a segment's shape is \"plateau\", \"spike\", \"lull\", \"ramp\" or \"diurnal\".", reader.pointer_of("shape"));
    }
    if (reader.has("rps")) {
      RETURN_IF_ERROR(read_int_field(reader, "rps", 0, limits::kMaxOpsRps, segment.from_rps));
      segment.to_rps = segment.from_rps;
    } else {
      RETURN_IF_ERROR(read_int_field(reader, "from_rps", 0, limits::kMaxOpsRps, segment.from_rps));
      RETURN_IF_ERROR(read_int_field(reader, "to_rps", 0, limits::kMaxOpsRps, segment.to_rps));
    }
    segment.diurnal = shape.value() == "diurnal";
    total_seconds += static_cast<std::size_t>(segment.seconds);
    if (total_seconds > limits::kMaxOpsTraceSeconds) return make_error("params.too_long", "a load trace lasts at most a week (604800 s).", reader.pointer_of("seconds"));
    segments.push_back(segment);
  }
  return segments;
}

Result<FleetParams> read_fleet_params(const Json& params, const std::string& pointer) {
  FleetParams fleet;
  const Json object = params.is_null() ? Json::object() : params;  // the reader keeps a reference
  ObjectReader reader(object, pointer, "ops_fleet params");
  RETURN_IF_ERROR(reader.check({"load", "noise_percent", "initial_replicas", "workers", "service_ms", "queue_timeout_ms", "readiness_seconds",
                                "sample_seconds", "slo_p95_ms", "balancer", "retry", "breaker", "skip_open_breakers", "autoscaler", "hpa",
                                "controller", "course_scaler", "panic_threshold_percent", "hash_keys", "ring_min_size", "ring_max_size",
                                "capabilities", "request_kinds"}));
  const Json* load = reader.find("load");
  if (load == nullptr) return make_error("params.missing", "ops_fleet needs a \"load\" trace: a list of segments.", reader.pointer_of("load"));
  Result<std::vector<LoadSegment>> segments = read_load(*load, reader.pointer_of("load"));
  if (!segments.ok()) return segments.error();
  fleet.load = segments.value();
  RETURN_IF_ERROR(read_int_field(reader, "noise_percent", 0, 90, fleet.noise_percent));
  RETURN_IF_ERROR(read_int_field(reader, "initial_replicas", 1, limits::kMaxOpsReplicas, fleet.initial_replicas));
  RETURN_IF_ERROR(read_int_field(reader, "workers", 1, limits::kMaxOpsWorkers, fleet.workers));
  RETURN_IF_ERROR(read_int_field(reader, "service_ms", 2, 60'000, fleet.service_ms));
  RETURN_IF_ERROR(read_int_field(reader, "queue_timeout_ms", 1, 600'000, fleet.queue_timeout_ms));
  RETURN_IF_ERROR(read_int_field(reader, "readiness_seconds", 0, 3600, fleet.readiness_seconds));
  RETURN_IF_ERROR(read_int_field(reader, "sample_seconds", 1, 3600, fleet.sample_seconds));
  RETURN_IF_ERROR(read_int_field(reader, "slo_p95_ms", 1, 600'000, fleet.slo_p95_ms));
  Result<Balancer> balancer = read_choice<Balancer>(reader, "balancer", {{"round_robin", Balancer::round_robin}, {"least_request", Balancer::least_request},
                                                                         {"random", Balancer::random}, {"ring_hash", Balancer::ring_hash},
                                                                         {"resource_based", Balancer::resource_based},
                                                                         {"capability_based", Balancer::capability_based}});
  if (!balancer.ok()) return balancer.error();
  fleet.balancer = balancer.value();
  RETURN_IF_ERROR(read_balancer_fields(reader, fleet));
  if (const Json* retry = reader.find("retry")) {
    Result<RetryPolicy> parsed = read_retry(*retry, reader.pointer_of("retry"));
    if (!parsed.ok()) return parsed.error();
    fleet.retry = parsed.value();
  }
  if (const Json* breaker = reader.find("breaker")) {
    Result<BreakerConfig> parsed = read_breaker_config(*breaker, reader.pointer_of("breaker"));
    if (!parsed.ok()) return parsed.error();
    fleet.breaker = parsed.value();
  }
  RETURN_IF_ERROR(read_flag_field(reader, "skip_open_breakers", fleet.skip_open_breakers));
  Result<Scaler> scaler = read_choice<Scaler>(reader, "autoscaler", {{"hpa", Scaler::hpa}, {"course", Scaler::course}, {"none", Scaler::none}});
  if (!scaler.ok()) return scaler.error();
  fleet.scaler = scaler.value();
  Result<ControllerSettings> controller = read_controller_settings(reader.find("controller") ? *reader.find("controller") : Json(), reader.pointer_of("controller"));
  if (!controller.ok()) return controller.error();
  fleet.controller = controller.value();
  Result<HpaSpec> hpa = read_hpa_spec(reader.find("hpa") ? *reader.find("hpa") : Json{{"maxReplicas", 10}}, reader.pointer_of("hpa"));
  if (!hpa.ok()) return hpa.error();
  fleet.hpa = hpa.value();
  Result<CourseScalerSettings> course = read_course(reader.find("course_scaler") ? *reader.find("course_scaler") : Json(), reader.pointer_of("course_scaler"));
  if (!course.ok()) return course.error();
  fleet.course = course.value();
  return fleet;
}

}  // namespace coordlab::ops

// Reading ops_fleet's params (a scenario's "params") into FleetParams, with an error per field.
#pragma once
#include "core/json_input.hpp"
#include "ops/fleet.hpp"

namespace coordlab::ops {

// A field with its current value as the default (absent keys keep it).
Status read_int_field(const ObjectReader& reader, std::string_view key, std::int64_t low, std::int64_t high, std::int64_t& out);
Status read_flag_field(const ObjectReader& reader, std::string_view key, bool& out);

Result<FleetParams> read_fleet_params(const Json& params, const std::string& pointer);
Result<std::vector<LoadSegment>> read_load(const Json& load, const std::string& pointer);
Result<BreakerConfig> read_breaker_config(const Json& json, const std::string& pointer);

}  // namespace coordlab::ops

// The operations sandboxes as protocols (one actor each, ticks = seconds):
// - ops_fleet: a fleet serving a load trace with a load balancer, breakers, retries and an autoscaler
//   (the HPA exactly, or the course's scaler). Notes: "sample ...", "decide ...", "breaker ...", "fault ...".
// - ops_breaker: a client calling an agent through one circuit breaker; input "call outcome=ok|fail".
// - ops_alerts: alerting rules on a noisy latency metric, with inhibition; notes "metric", "alert", "inhibit".
// - ops_health: a health board of agents; input "fix agent=NAME"; notes "board ...".
// - ops_config: a deployment configuration (the course's Basic/Advanced) noted for config.satisfies.
#pragma once
#include "protocols/protocol_spec.hpp"

namespace coordlab::ops {

protocols::ProtocolSpec fleet_protocol();
protocols::ProtocolSpec breaker_protocol();
protocols::ProtocolSpec alerts_protocol();
protocols::ProtocolSpec health_protocol();
protocols::ProtocolSpec config_protocol();

// The health board's rule: HEALTHY if >= 80% of agents are healthy, DEGRADED if >= 50%, else CRITICAL.
std::string_view board_status(std::int64_t healthy, std::int64_t total);
int board_level(std::string_view status);  // CRITICAL 0, DEGRADED 1, HEALTHY 2, unknown -1

}  // namespace coordlab::ops

// ops_health: a monitor probes its agents every check interval (a probe fails on an error or on an
// answer slower than the timeout; Kubernetes-style consecutive failure/success thresholds) and also
// marks an agent unhealthy when its heartbeat is older than the limit. The board classifies the system
// (HEALTHY >= 80% healthy, DEGRADED >= 50%, else CRITICAL). Input "fix agent=NAME" repairs an agent.
// ops_config: a deployment configuration (the course's Basic and Advanced presets plus overrides),
// noted at start for config.satisfies.
#include "core/limits.hpp"
#include "ops/fleet_params.hpp"
#include "ops/ops.hpp"
#include "protocols/params_reader.hpp"
#include "protocols/payload.hpp"

namespace coordlab::ops {

std::string_view board_status(std::int64_t healthy, std::int64_t total) {
  if (total > 0 && healthy * 100 >= 80 * total) return "HEALTHY";
  if (total > 0 && healthy * 100 >= 50 * total) return "DEGRADED";
  return "CRITICAL";
}

int board_level(std::string_view status) {
  if (status == "CRITICAL") return 0;
  if (status == "DEGRADED") return 1;
  if (status == "HEALTHY") return 2;
  return -1;
}

namespace {

enum TimerKind : std::uint16_t { kProbe };

struct Agent {
  std::string name, condition;  // "ok", "error", "slow", "stale"
  std::int64_t heartbeat_at = 0;
  std::int64_t failures = 0, successes = 0;
  bool healthy = true;
};

struct HealthParams {
  std::vector<Agent> agents;
  std::int64_t check_interval_s = 10, timeout_s = 10, slow_answer_s = 15, heartbeat_max_age_s = 120;
  std::int64_t failure_threshold = 3, success_threshold = 1, stale_age_s = 150;
};

class HealthActor final : public sim::Actor {
 public:
  explicit HealthActor(const HealthParams& params) : params_(params) {
    for (Agent& agent : params_.agents) {  // the board has been running: agents start as their condition says
      agent.healthy = agent.condition == "ok";
      agent.heartbeat_at = agent.condition == "stale" ? -params_.stale_age_s : 0;
    }
  }
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<HealthActor>(*this); }
  void start(sim::Context& context) override {
    note_board(context, true);
    context.out.set_timer(kProbe, params_.check_interval_s);
  }
  void handle_message(const sim::Message&, sim::Context&) override {}

  void handle_timer(std::uint16_t, sim::Context& context) override {
    const std::int64_t now = context.now.value;
    for (Agent& agent : params_.agents) {
      if (agent.condition != "stale") agent.heartbeat_at = now;
      const bool answered = agent.condition == "ok" || (agent.condition == "slow" && params_.slow_answer_s <= params_.timeout_s);
      if (answered) agent.failures = 0, ++agent.successes;
      else agent.successes = 0, ++agent.failures;
      if (agent.failures >= params_.failure_threshold) agent.healthy = false;
      if (agent.successes >= params_.success_threshold) agent.healthy = true;
      if (now - agent.heartbeat_at > params_.heartbeat_max_age_s) agent.healthy = false;
    }
    note_board(context, false);
    context.out.set_timer(kProbe, params_.check_interval_s);
  }

  Status handle_input(std::string_view text, sim::Context& context) override {
    const std::optional<std::string_view> name = protocols::PayloadReader(text).text("agent");
    if (text.substr(0, 4) == "fix " && name) {
      for (Agent& agent : params_.agents) {
        if (agent.name != *name) continue;
        agent.condition = "ok";
        agent.heartbeat_at = context.now.value;
        context.out.note("fix agent=" + agent.name);
        return {};
      }
    }
    return make_error("input.invalid", "the monitor accepts \"fix agent=NAME\" with one of its agents' names (a0, a1, ...).");
  }

  std::string role() const override { return std::string(board_status(healthy_count(), static_cast<std::int64_t>(params_.agents.size()))); }
  void describe(sim::StateWriter& writer) const override {
    writer.field("status", role());
    writer.field("healthy agents", healthy_count());
    writer.table("ops.health", {"agent", "condition", "heartbeat at", "failed probes", "healthy"});
    for (const Agent& agent : params_.agents) {
      writer.row({agent.name, agent.condition, std::to_string(agent.heartbeat_at), std::to_string(agent.failures), agent.healthy ? "yes" : "no"});
    }
  }

 private:
  std::int64_t healthy_count() const {
    std::int64_t healthy = 0;
    for (const Agent& agent : params_.agents) healthy += agent.healthy;
    return healthy;
  }
  void note_board(sim::Context& context, bool always) {
    const std::string status = role();
    if (!always && status == last_status_ && healthy_count() == last_healthy_) return;
    last_status_ = status;
    last_healthy_ = healthy_count();
    context.out.note("board " + protocols::PayloadWriter().add("healthy", last_healthy_).add("total", static_cast<std::int64_t>(params_.agents.size()))
                                    .add("status", status).text());
  }

  HealthParams params_;
  std::string last_status_;
  std::int64_t last_healthy_ = -1;
};

Result<HealthParams> read_health_params(const Json& params, const std::string& pointer) {
  HealthParams parsed;
  const Json object = params.is_null() ? Json::object() : params;  // the reader keeps a reference
  ObjectReader reader(object, pointer, "ops_health params");
  RETURN_IF_ERROR(reader.check({"agents", "check_interval_s", "timeout_s", "slow_answer_s", "heartbeat_max_age_s", "failure_threshold",
                                "success_threshold", "stale_age_s"}));
  const Json* agents = reader.find("agents");
  if (agents == nullptr || !agents->is_array() || agents->empty() || agents->size() > limits::kMaxOpsAgents) {
    return make_error("params.bad_agents", "\"agents\" lists 1 to 200 conditions: \"ok\", \"error\", \"slow\" or \"stale\".", reader.pointer_of("agents"));
  }
  for (std::size_t i = 0; i < agents->size(); ++i) {
    const Json& condition = (*agents)[i];
    if (!condition.is_string() || (condition != "ok" && condition != "error" && condition != "slow" && condition != "stale")) {
      return make_error("params.bad_agents", "an agent's condition is \"ok\", \"error\", \"slow\" or \"stale\".", pointer_append(reader.pointer_of("agents"), i));
    }
    parsed.agents.push_back(Agent{"a" + std::to_string(i), condition.get<std::string>()});
  }
  RETURN_IF_ERROR(read_int_field(reader, "check_interval_s", 1, 3600, parsed.check_interval_s));
  RETURN_IF_ERROR(read_int_field(reader, "timeout_s", 1, 3600, parsed.timeout_s));
  RETURN_IF_ERROR(read_int_field(reader, "slow_answer_s", 1, 3600, parsed.slow_answer_s));
  RETURN_IF_ERROR(read_int_field(reader, "heartbeat_max_age_s", 1, 86'400, parsed.heartbeat_max_age_s));
  RETURN_IF_ERROR(read_int_field(reader, "failure_threshold", 1, 100, parsed.failure_threshold));
  RETURN_IF_ERROR(read_int_field(reader, "success_threshold", 1, 100, parsed.success_threshold));
  RETURN_IF_ERROR(read_int_field(reader, "stale_age_s", 0, 86'400, parsed.stale_age_s));
  return parsed;
}

// The course's deployment presets (mechanics.md section 6) and the fields a scenario may override.
struct DeployConfig {
  std::int64_t max_data_agents = 50, consensus_timeout_s = 30, health_check_interval_s = 10, batch_size = 10'000, parallel_streams = 8;
  std::int64_t failure_threshold = 0, retention_days = 0;
  bool monitoring = true, automatic_recovery = false;
};

class ConfigActor final : public sim::Actor {
 public:
  explicit ConfigActor(const DeployConfig& config) : config_(config) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<ConfigActor>(*this); }
  void start(sim::Context& context) override {
    context.out.note("config " + protocols::PayloadWriter()
                                     .add("max_data_agents", config_.max_data_agents).add("consensus_timeout_s", config_.consensus_timeout_s)
                                     .add("health_check_interval_s", config_.health_check_interval_s).add("batch_size", config_.batch_size)
                                     .add("parallel_streams", config_.parallel_streams).add("monitoring", config_.monitoring ? 1 : 0)
                                     .add("failure_threshold", config_.failure_threshold).add("automatic_recovery", config_.automatic_recovery ? 1 : 0)
                                     .add("retention_days", config_.retention_days).text());
  }
  void handle_message(const sim::Message&, sim::Context&) override {}
  void handle_timer(std::uint16_t, sim::Context&) override {}
  Status handle_input(std::string_view, sim::Context&) override { return make_error("input.invalid", "change the deployment through its params."); }
  std::string role() const override { return "deployer"; }
  void describe(sim::StateWriter& writer) const override {
    writer.field("max_data_agents", config_.max_data_agents);
    writer.field("consensus_timeout_s", config_.consensus_timeout_s);
    writer.field("health_check_interval_s", config_.health_check_interval_s);
    writer.field("batch_size", config_.batch_size);
    writer.field("parallel_streams", config_.parallel_streams);
    writer.field("monitoring", config_.monitoring ? "on" : "off");
  }

 private:
  DeployConfig config_;
};

Result<DeployConfig> read_deploy_config(const Json& params, const std::string& pointer) {
  const Json object = params.is_null() ? Json::object() : params;  // the reader keeps a reference
  ObjectReader reader(object, pointer, "ops_config params");
  RETURN_IF_ERROR(reader.check({"preset", "max_data_agents", "consensus_timeout_s", "health_check_interval_s", "batch_size", "parallel_streams",
                                "monitoring", "failure_threshold", "automatic_recovery", "retention_days"}));
  Result<bool> advanced = protocols::read_choice<bool>(reader, "preset", {{"basic", false}, {"advanced", true}});
  if (!advanced.ok()) return advanced.error();
  DeployConfig config;
  if (advanced.value()) config = DeployConfig{100, 45, 5, 50'000, 16, 3, 30, true, true};
  RETURN_IF_ERROR(read_int_field(reader, "max_data_agents", 1, 10'000, config.max_data_agents));
  RETURN_IF_ERROR(read_int_field(reader, "consensus_timeout_s", 1, 3600, config.consensus_timeout_s));
  RETURN_IF_ERROR(read_int_field(reader, "health_check_interval_s", 1, 3600, config.health_check_interval_s));
  RETURN_IF_ERROR(read_int_field(reader, "batch_size", 1, 10'000'000, config.batch_size));
  RETURN_IF_ERROR(read_int_field(reader, "parallel_streams", 1, 1024, config.parallel_streams));
  RETURN_IF_ERROR(read_flag_field(reader, "monitoring", config.monitoring));
  RETURN_IF_ERROR(read_int_field(reader, "failure_threshold", 0, 1000, config.failure_threshold));
  RETURN_IF_ERROR(read_flag_field(reader, "automatic_recovery", config.automatic_recovery));
  RETURN_IF_ERROR(read_int_field(reader, "retention_days", 0, 3650, config.retention_days));
  return config;
}

}  // namespace

protocols::ProtocolSpec health_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "ops_health";
  spec.summary = "a health board: probes with timeout and consecutive thresholds, heartbeats, HEALTHY / DEGRADED / CRITICAL";
  spec.timer_kinds = {"Probe"};
  spec.views = {{"ops.health", "Health board", protocols::ViewKind::table, "ops.health", "each agent's condition, heartbeat, failed probes and health"}};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<HealthParams> parsed = read_health_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    HealthParams chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId, std::size_t, std::string_view) { return std::make_unique<HealthActor>(chosen); });
  };
  return spec;
}

protocols::ProtocolSpec config_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "ops_config";
  spec.summary = "a deployment configuration (the course's Basic and Advanced presets) checked against a scenario's requirements";
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<DeployConfig> parsed = read_deploy_config(params, pointer);
    if (!parsed.ok()) return parsed.error();
    DeployConfig chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId, std::size_t, std::string_view) { return std::make_unique<ConfigActor>(chosen); });
  };
  return spec;
}

}  // namespace coordlab::ops

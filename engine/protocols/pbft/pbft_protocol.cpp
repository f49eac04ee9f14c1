// The PBFT protocol spec: message, timer and Byzantine behaviour names, and validated params (sizing,
// checkpoint window, timeouts, course variants).
#include <algorithm>
#include <memory>

#include "core/limits.hpp"
#include "protocols/pbft/pbft_actors.hpp"
#include "protocols/params_reader.hpp"

namespace coordlab::protocols::pbft {
namespace {

// A generous bound on one prepared certificate and on a VIEW-CHANGE's fixed part, in bytes, for
// `quorum` signers (each "signer.16hex;").
constexpr std::int64_t kCertificateBytesFixed = 110;
constexpr std::int64_t kSignatureBytes = 20;
constexpr std::int64_t kViewChangeBytesFixed = 80;
constexpr std::int64_t kBatchedRequestBytes = 64;  // each request of a batch beyond the first ("c:t:sig:op/")

std::int64_t view_change_bytes_max(std::int64_t quorum, std::int64_t log_window, std::int64_t batch_size) {
  const std::int64_t certificate = kCertificateBytesFixed + (batch_size - 1) * kBatchedRequestBytes + quorum * kSignatureBytes;
  return kViewChangeBytesFixed + quorum * kSignatureBytes + log_window * certificate;
}

Status read_sizing(const ObjectReader& reader, Params& parsed) {
  Result<std::int64_t> replicas = reader.integer("replicas", 1, kMaxReplicas, 0);
  if (!replicas.ok()) return replicas.error();
  Result<std::int64_t> fault_bound = reader.integer("f", 0, kMaxReplicas, -1);
  if (!fault_bound.ok()) return fault_bound.error();
  if (reader.has("f") && !reader.has("replicas")) {
    return make_error("params.f_needs_replicas", "\"f\" needs \"replicas\" too, so n >= 3f+1 can be checked.", reader.pointer_of("f"));
  }
  if (reader.has("replicas") && fault_bound.value() >= 0 && replicas.value() < 3 * fault_bound.value() + 1) {
    return make_error("params.too_few_replicas",
                      "PBFT needs n >= 3f+1 replicas: " + std::to_string(replicas.value()) + " replicas tolerate at most f = " +
                          std::to_string(default_fault_bound(replicas.value())) + ", not " + std::to_string(fault_bound.value()) + ".",
                      reader.pointer_of("f"));
  }
  parsed.replicas = reader.has("replicas") ? replicas.value() : 0;
  parsed.f = fault_bound.value();
  return {};
}

Status read_window(const ObjectReader& reader, Params& parsed) {
  Result<std::int64_t> batch_size = reader.integer("batch_size", 1, kMaxBatchRequests, parsed.batch_size);
  if (!batch_size.ok()) return batch_size.error();
  Result<std::int64_t> interval = reader.integer("checkpoint_interval", 1, 1000, parsed.checkpoint_interval);
  if (!interval.ok()) return interval.error();
  Result<std::int64_t> window = reader.integer("log_window", interval.value(), 2000, std::max(parsed.log_window, 2 * interval.value()));
  if (!window.ok()) {
    Error error = window.error();
    error.message += " The window must hold at least one checkpoint interval, or the log can never be truncated.";
    return error;
  }
  // VIEW-CHANGE carries a certificate per sequence number in the window: it has to fit in a payload.
  const std::int64_t n = parsed.replicas > 0 ? parsed.replicas : kMaxReplicas;
  const std::int64_t quorum = std::max(quorum_size(n, default_fault_bound(n), QuorumRule::correct), n);
  if (view_change_bytes_max(quorum, window.value(), batch_size.value()) > static_cast<std::int64_t>(limits::kMaxPayloadBytes)) {
    const std::string culprit = reader.has("batch_size") ? "batch_size" : reader.has("log_window") ? "log_window" : "checkpoint_interval";
    return make_error("params.window_too_large",
                      "a log window of " + std::to_string(window.value()) + " with batches of up to " + std::to_string(batch_size.value()) +
                          " requests would make VIEW-CHANGE messages larger than " + std::to_string(limits::kMaxPayloadBytes) +
                          " bytes; use a smaller \"batch_size\", \"checkpoint_interval\" or \"log_window\" " +
                          "(the course's interval of 100 is beyond this simulator's message size).",
                      reader.pointer_of(culprit));
  }
  parsed.batch_size = batch_size.value();
  parsed.checkpoint_interval = interval.value();
  parsed.log_window = window.value();
  return {};
}

Status read_timeouts(const ObjectReader& reader, Params& parsed) {
  for (auto [key, field] : {std::pair{"request_timeout_ticks", &parsed.request_timeout_ticks},
                            std::pair{"view_change_timeout_ticks", &parsed.view_change_timeout_ticks},
                            std::pair{"retransmit_ticks", &parsed.retransmit_ticks}, std::pair{"client_retry_ticks", &parsed.client_retry_ticks}}) {
    Result<std::int64_t> value = reader.integer(key, 1, 10'000'000, *field);
    if (!value.ok()) return value.error();
    *field = value.value();
  }
  return {};
}

Status read_variants(const ObjectReader& reader, Params& parsed) {
  Result<QuorumRule> quorum = read_choice<QuorumRule>(reader, "quorum", {{"correct", QuorumRule::correct}, {"course_2f_plus_1", QuorumRule::course_2f_plus_1}});
  if (!quorum.ok()) return quorum.error();
  Result<CountRule> count = read_choice<CountRule>(reader, "count", {{"senders", CountRule::senders}, {"messages", CountRule::messages}});
  if (!count.ok()) return count.error();
  Result<bool> digest_check = reader.boolean("digest_check", true);
  if (!digest_check.ok()) return digest_check.error();
  Result<ExecutionRule> execution =
      read_choice<ExecutionRule>(reader, "execution", {{"in_order", ExecutionRule::in_order}, {"out_of_order", ExecutionRule::out_of_order}});
  if (!execution.ok()) return execution.error();
  Result<ClientSendRule> client_sends_to = read_choice<ClientSendRule>(
      reader, "client_sends_to", {{"all_replicas", ClientSendRule::all_replicas}, {"primary", ClientSendRule::primary}});
  if (!client_sends_to.ok()) return client_sends_to.error();
  parsed.client_sends_to = client_sends_to.value();
  parsed.quorum = quorum.value();
  parsed.count = count.value();
  parsed.digest_check = digest_check.value();
  parsed.execution = execution.value();
  return {};
}

Result<Params> parse_params(const Json& params, const std::string& pointer) {
  Params parsed;
  if (params.is_null()) return parsed;
  ObjectReader reader(params, pointer, "pbft params");
  RETURN_IF_ERROR(reader.check({"replicas", "f", "checkpoint_interval", "log_window", "request_timeout_ticks", "view_change_timeout_ticks",
                                "retransmit_ticks", "client_retry_ticks", "quorum", "count", "digest_check", "execution", "batch_size",
                                "client_sends_to"}));
  RETURN_IF_ERROR(read_sizing(reader, parsed));
  RETURN_IF_ERROR(read_window(reader, parsed));
  RETURN_IF_ERROR(read_timeouts(reader, parsed));
  RETURN_IF_ERROR(read_variants(reader, parsed));
  return parsed;
}

sim::ActorFactory actor_factory(const Params& chosen) {
  return sim::ActorFactory([chosen](NodeId self, std::size_t node_count, std::string_view persisted) -> std::unique_ptr<sim::Actor> {
    Cluster cluster;
    cluster.replica_count = chosen.replicas > 0 ? chosen.replicas : std::max<std::int64_t>(1, static_cast<std::int64_t>(node_count) - 1);
    cluster.fault_bound = chosen.f >= 0 ? chosen.f : default_fault_bound(cluster.replica_count);
    cluster.quorum = quorum_size(cluster.replica_count, cluster.fault_bound, chosen.quorum);
    if (self.value < cluster.replica_count) return std::make_unique<PbftReplica>(chosen, cluster, self.value, persisted);
    return std::make_unique<PbftClient>(chosen, cluster, self.value, persisted);
  });
}

}  // namespace

ProtocolSpec pbft_protocol() {
  ProtocolSpec spec;
  spec.name = "pbft";
  spec.summary = "PBFT: n >= 3f+1 replicas then client node(s); input \"op=NAME\" to a client";
  spec.message_types = {"Request", "PrePrepare", "Prepare", "Commit", "Reply", "Checkpoint", "ViewChange", "NewView", "ViewChangeCopy"};
  spec.timer_kinds = {"Request", "ViewChange", "Retransmit", "ClientRetry"};
  spec.byzantine_kinds = {"silent", "equivocate", "wrong_digest", "duplicate_votes", "lying_view_change", "garbage"};
  spec.views = {{"pbft.log", "Logs", ViewKind::table, "log",
                 "every replica's log: sequence number, view, requests, digest, PREPAREs and COMMITs by distinct sender, state"}};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<Params> parsed = parse_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    return actor_factory(parsed.value());
  };
  // With the node count known, the number of clients is checked too: every CHECKPOINT carries the
  // client table, which has to fit in one payload.
  spec.configure_with_nodes = [](const Json& params, const std::string& pointer,
                                 const std::vector<std::string>& node_names) -> Result<sim::ActorFactory> {
    Result<Params> parsed = parse_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    const auto nodes = static_cast<std::int64_t>(node_names.size());
    const std::int64_t clients = nodes - (parsed.value().replicas > 0 ? parsed.value().replicas : nodes - 1);
    if (clients > kMaxClients) {
      return make_error("params.too_many_clients",
                        "PBFT takes at most " + std::to_string(kMaxClients) + " clients, because every CHECKPOINT carries the client table in one " +
                            "payload; this scenario has " + std::to_string(clients) + ". Use fewer nodes.",
                        pointer.substr(0, pointer.rfind('/')) + "/nodes");
    }
    return actor_factory(parsed.value());
  };
  return spec;
}

}  // namespace coordlab::protocols::pbft

// The PBFT replica's plumbing: construction and restart, dispatch, timers, sending with the Byzantine
// behaviours applied, retransmission, and the inspector description.
#include <algorithm>

#include "core/assert.hpp"
#include "protocols/pbft/pbft_actors.hpp"

namespace coordlab::protocols::pbft {
namespace {

constexpr int kDuplicateVoteCopies = 3;
constexpr std::int64_t kGarbageLengthMax = 40;

NodeId node_of(std::int64_t index) { return NodeId{static_cast<std::uint16_t>(index)}; }

std::string random_hex(Random& random) {
  std::string text = fnv1a_hex(std::to_string(random.next_u64()));
  return text;
}

}  // namespace

PbftReplica::PbftReplica(Params params, Cluster cluster, std::int64_t self, std::string_view persisted)
    : params_(params), cluster_(cluster), self_(self), view_change_timeout_ticks_(params.view_change_timeout_ticks) {
  PersistentState state = decode_persistent(persisted);
  view_ = state.view;
  last_executed_ = state.last_executed;
  chain_ = state.chain;
  client_table_ = state.client_table;
  stable_seq_ = state.stable_seq;
  stable_state_ = state.stable_state;
  stable_proof_ = state.stable_proof;
  max_voted_seq_ = state.max_voted_seq;
  // Whatever this replica said in its view before the crash is forgotten: never contradict it.
  restart_vote_bound_ = state.max_voted_seq;
  next_seq_ = std::max({state.max_voted_seq, last_executed_, stable_seq_}) + 1;
}

std::string PbftReplica::persistent_state() const {
  return encode_persistent(PersistentState{view_, last_executed_, chain_, client_table_, stable_seq_, stable_state_, stable_proof_, max_voted_seq_});
}

void PbftReplica::start(sim::Context& context) { context.out.set_timer(kRetransmitTimer, params_.retransmit_ticks); }

void PbftReplica::set_byzantine(std::string_view kind) { byzantine_ = byzantine_from_name(kind).value_or(Byzantine::none); }

std::string PbftReplica::role() const {
  if (byzantine_ != Byzantine::none) return "byzantine";
  if (view_changing_) return "view-change";
  return is_primary() ? "primary" : "backup";
}

Status PbftReplica::handle_input(std::string_view text, sim::Context& context) {
  (void)text;
  (void)context;
  return make_error("input.not_a_client", "PBFT replicas take no input: send \"op=NAME\" to a client node (the nodes after the replicas).");
}

void PbftReplica::handle_message(const sim::Message& message, sim::Context& context) {
  const bool from_replica = message.from.value < cluster_.replica_count;
  if (message.type == kRequest) {
    if (!from_replica) on_request(message, context);
    return;
  }
  if (!from_replica || message.from.value == self_) return;  // only replicas speak the protocol
  switch (message.type) {
    case kPrePrepare: on_preprepare(message, context); break;
    case kPrepare:
    case kCommit: on_vote(message, context); break;
    case kCheckpoint: on_checkpoint(message, context); break;
    case kViewChange: on_view_change(message, false, context); break;
    case kViewChangeCopy: on_view_change(message, true, context); break;
    case kNewView: on_new_view(message, context); break;
    default: break;
  }
}

void PbftReplica::handle_timer(std::uint16_t timer_kind, sim::Context& context) {
  switch (timer_kind) {
    case kRequestTimer:
      request_timer_running_ = false;
      if (!view_changing_ && !pending_.empty()) start_view_change(view_ + 1, context);
      break;
    case kViewChangeTimer:
      // No valid NEW-VIEW in time: try the next view, waiting twice as long (the paper's rule).
      if (view_changing_) start_view_change(view_ + 1, context);
      break;
    case kRetransmitTimer:
      retransmit(context);
      context.out.set_timer(kRetransmitTimer, params_.retransmit_ticks);
      break;
    default: break;
  }
}

void PbftReplica::update_request_timer(sim::Context& context) {
  // Backups time the primary while any request they know of is unexecuted; executing one restarts the clock.
  // The primary times itself too: one that missed a NEW-VIEW (cut off at the time) would otherwise stay
  // in its old view for ever, waiting for votes from replicas that have moved on.
  const bool wanted = !view_changing_ && !pending_.empty();
  if (request_timer_running_) context.out.cancel_timers(kRequestTimer);
  request_timer_running_ = wanted;
  if (wanted) context.out.set_timer(kRequestTimer, params_.request_timeout_ticks);
}

std::int64_t PbftReplica::count_matching(const std::vector<Vote>& votes, const std::string& digest, std::optional<std::int64_t> excluded) const {
  if (params_.count == CountRule::messages) {
    return std::count_if(votes.begin(), votes.end(), [&](const Vote& vote) { return vote.digest == digest; });
  }
  return distinct_senders(votes, digest, excluded);
}

void PbftReplica::send_to(std::int64_t to, MessageType type, const std::string& payload, sim::Context& context) {
  if (to < 0 || static_cast<std::size_t>(to) >= context.node_count || to == self_) return;
  switch (byzantine_) {
    case Byzantine::silent: return;
    case Byzantine::garbage: {
      std::string junk;
      const std::int64_t length = context.random.range(1, kGarbageLengthMax);
      for (std::int64_t i = 0; i < length; ++i) junk += static_cast<char>(context.random.range(32, 126));
      context.out.send(node_of(to), static_cast<std::uint16_t>(context.random.below(kNewView + 1)), junk);
      return;
    }
    case Byzantine::duplicate_votes:
      if (type == kPrepare || type == kCommit) {
        for (int copy = 1; copy < kDuplicateVoteCopies; ++copy) context.out.send(node_of(to), type, payload);
      }
      break;
    default: break;
  }
  context.out.send(node_of(to), type, payload);
}

void PbftReplica::multicast(MessageType type, const std::string& payload, sim::Context& context) {
  for (std::int64_t replica = 0; replica < cluster_.replica_count; ++replica) send_to(replica, type, payload, context);
}

void PbftReplica::send_vote(MessageType type, std::int64_t seq, const std::string& digest, sim::Context& context) {
  const std::string kind = type == kPrepare ? "p" : "c";
  auto vote_payload = [&](const std::string& voted) {
    const std::string statement = kind + "/" + std::to_string(view_) + "/" + std::to_string(seq) + "/" + voted;
    return PayloadWriter().add("view", view_).add("seq", seq).add("digest", voted).add("sig", sign(self_, statement)).text();
  };
  for (std::int64_t replica = 0; replica < cluster_.replica_count; ++replica) {
    std::string voted = digest;
    // Lies about content: another digest to some replicas (equivocate) or to all (wrong_digest).
    if ((byzantine_ == Byzantine::equivocate && replica % 2 == 1) || byzantine_ == Byzantine::wrong_digest) voted = random_hex(context.random);
    send_to(replica, type, vote_payload(voted), context);
    if (byzantine_ == Byzantine::duplicate_votes && type == kPrepare) send_to(replica, type, vote_payload(random_hex(context.random)), context);
  }
}

void PbftReplica::retransmit(sim::Context& context) {
  if (byzantine_ == Byzantine::lying_view_change && !view_changing_) {
    // Tries to talk the others into a view change with fabricated certificates; alone it cannot.
    send_to((self_ + 1) % cluster_.replica_count, kViewChange, encode_view_change(own_view_change(view_ + 1, context)), context);
  }
  if (own_checkpoint_) send_own_checkpoint(context);
  if (view_changing_) {
    auto own = view_changes_.find(view_);
    if (own != view_changes_.end() && own->second.count(self_) > 0) multicast(kViewChange, own->second.at(self_), context);
    return;
  }
  // Messages are lost; everything not yet stable is said again (votes are idempotent per sender).
  for (const auto& [seq, slot] : log_) {
    if (!slot.digest) continue;
    if (is_primary()) {
      PayloadWriter writer;
      writer.add("view", view_).add("seq", seq).add("digest", *slot.digest).add("sig", slot.preprepare_signature);
      multicast(kPrePrepare, add_batch(writer, slot.batch).text(), context);
      continue;
    }
    if (seq <= restart_vote_bound_) continue;
    send_vote(kPrepare, seq, *slot.digest, context);
    if (slot.prepared) send_vote(kCommit, seq, *slot.digest, context);
  }
}

void PbftReplica::describe(sim::StateWriter& writer) const {
  writer.field("view", view_);
  writer.field("primary", "n" + std::to_string(cluster_.primary_of(view_)));
  writer.field("status", view_changing_ ? "view-change" : "normal");
  if (byzantine_ != Byzantine::none) writer.field("byzantine", "yes");
  writer.field("watermarks", "(" + std::to_string(stable_seq_) + ", " + std::to_string(stable_seq_ + params_.log_window) + "]");
  writer.field("last_executed", last_executed_);
  writer.field("quorum", cluster_.quorum);
  std::string slots;
  for (const auto& [seq, slot] : log_) {
    if (!slot.digest) continue;
    std::string ops;
    for (const Request& request : slot.batch) ops += (ops.empty() ? "" : ",") + request.op;
    slots += (slots.empty() ? "" : " ") + std::to_string(seq) + ":" + ops + (slot.committed ? "(C)" : slot.prepared ? "(P)" : "(PP)");
  }
  writer.field("log", slots.empty() ? "(empty)" : slots);
  writer.field("pending_requests", static_cast<std::int64_t>(pending_.size()));
  // The same log as a table for the "pbft.log" view: votes counted by distinct sender, as the rules do.
  writer.table("log", {"seq", "view", "requests", "digest", "prepares", "commits", "state"});
  for (const auto& [seq, slot] : log_) {
    if (!slot.digest) continue;
    std::string ops;
    for (const Request& request : slot.batch) ops += (ops.empty() ? "" : ",") + request.op;
    const char* state = seq <= last_executed_ ? "executed" : slot.committed ? "committed" : slot.prepared ? "prepared" : "pre-prepared";
    writer.row({std::to_string(seq), std::to_string(view_), ops, slot.digest->substr(0, 8),
                std::to_string(distinct_senders(slot.prepares, *slot.digest, std::nullopt)),
                std::to_string(distinct_senders(slot.commits, *slot.digest, std::nullopt)), state});
  }
}

}  // namespace coordlab::protocols::pbft

// PBFT's normal case: requests, PRE-PREPARE / PREPARE / COMMIT, in-order execution, replies, and
// checkpoints with watermark movement and state transfer.
#include <algorithm>
#include <bit>

#include "core/assert.hpp"
#include "protocols/pbft/pbft_actors.hpp"

namespace coordlab::protocols::pbft {
namespace {

std::string vote_statement(std::string_view kind, std::int64_t view, std::int64_t seq, std::string_view digest) {
  return std::string(kind) + "/" + std::to_string(view) + "/" + std::to_string(seq) + "/" + std::string(digest);
}

}  // namespace

// Replica indexes are below kMaxReplicas (13), so a bit set counts distinct senders without allocating.
std::int64_t distinct_senders(const std::vector<Vote>& votes, const std::string& digest, std::optional<std::int64_t> excluded) {
  static_assert(kMaxReplicas <= 32);
  std::uint32_t senders = 0;
  for (const Vote& vote : votes)
    if (vote.digest == digest && vote.sender != excluded && vote.sender >= 0 && vote.sender < kMaxReplicas) senders |= 1u << vote.sender;
  return std::popcount(senders);
}

// REPLY: the view, the sequence number and the request's result (here its op); the sender is the replica.
// The client's signature is not repeated: the client matches replies by timestamp.
std::string PbftReplica::reply_payload(std::int64_t seq, const Request& request) const {
  return PayloadWriter().add("view", view_).add("seq", seq).add("client", request.client).add("t", request.timestamp).add("op", request.op).text();
}

void PbftReplica::on_request(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  std::optional<Request> request = read_request(reader);
  // The network authenticates the client; its signature lets replicas forward the request.
  if (!request || request->is_null() || request->client != message.from.value || !valid_client_signature(*request)) {
    return;
  }
  auto executed = client_table_.find(request->client);
  if (executed != client_table_.end() && request->timestamp <= executed->second) {
    if (request->timestamp == executed->second) {  // the reply was lost: say it again
      context.out.send(message.from, kReply, reply_payload(last_reply_seq_[request->client], *request));
    }
    return;
  }
  pending_.emplace(std::make_pair(request->client, request->timestamp), *request);
  if (!request_timer_running_) update_request_timer(context);
  if (is_primary() && !view_changing_) assign_pending(context);
}

// With batching, a primary whose last batch is still unexecuted here holds new requests so that they
// gather into the next batch (the paper's rule: batch while earlier requests are in progress).
bool PbftReplica::holding_for_batch() const { return params_.batch_size > 1 && next_seq_ - 1 > last_executed_; }

void PbftReplica::assign_pending(sim::Context& context) {
  // Proposing can execute at once (a one-replica cluster) and come back here: the outer call covers it.
  if (assigning_ || holding_for_batch()) return;
  std::set<std::pair<std::int64_t, std::int64_t>> assigned;
  for (const auto& [seq, slot] : log_) {
    if (!slot.digest) continue;
    for (const Request& request : slot.batch)
      if (!request.is_null()) assigned.insert({request.client, request.timestamp});
  }
  // Sequence numbers left below the high watermark; the rest wait until a checkpoint moves it.
  const std::int64_t free_seqs = stable_seq_ + params_.log_window - next_seq_ + 1;
  std::vector<Batch> batches;
  for (const auto& [key, request] : pending_) {
    if (assigned.count(key) > 0) continue;
    if (batches.empty() || static_cast<std::int64_t>(batches.back().size()) >= params_.batch_size) {
      if (static_cast<std::int64_t>(batches.size()) >= free_seqs) break;
      batches.emplace_back();
    }
    batches.back().push_back(request);
  }
  assigning_ = true;
  for (const Batch& batch : batches) send_preprepare(next_seq_++, batch, context);
  assigning_ = false;
}

void PbftReplica::send_preprepare(std::int64_t seq, const Batch& batch, sim::Context& context) {
  const std::string digest = digest_of(batch);
  Slot& slot = log_[seq];
  slot.digest = digest;
  slot.batch = batch;
  slot.preprepare_signature = sign(self_, vote_statement("pp", view_, seq, digest));
  max_voted_seq_ = std::max(max_voted_seq_, seq);
  auto payload = [&](const Batch& body, const std::string& claimed) {
    PayloadWriter writer;
    writer.add("view", view_).add("seq", seq).add("digest", claimed).add("sig", sign(self_, vote_statement("pp", view_, seq, claimed)));
    return add_batch(writer, body).text();
  };
  const Batch null = null_batch();
  const std::string null_digest = digest_of(null);
  std::int64_t backup_number = 0;
  for (std::int64_t replica = 0; replica < cluster_.replica_count; ++replica) {
    if (replica == self_) continue;
    // A Byzantine primary splits the backups: the first third keep the request, the rest get a lie.
    const bool lied_to = backup_number++ >= (cluster_.replica_count - 1) / 3;
    if (byzantine_ == Byzantine::equivocate && lied_to) {
      send_to(replica, kPrePrepare, payload(null, null_digest), context);
      // It also votes for each version, twice, to whoever got that version.
      for (int copy = 0; copy < 2; ++copy) {
        for (MessageType type : {kPrepare, kCommit}) {
          const std::string kind = type == kPrepare ? "p" : "c";
          send_to(replica, type,
                  PayloadWriter().add("view", view_).add("seq", seq).add("digest", null_digest).add("sig", sign(self_, vote_statement(kind, view_, seq, null_digest))).text(),
                  context);
        }
      }
    } else if (byzantine_ == Byzantine::wrong_digest && lied_to) {
      send_to(replica, kPrePrepare, payload(null, digest), context);  // a body that does not match the digest
    } else {
      send_to(replica, kPrePrepare, payload(batch, digest), context);
      if (byzantine_ == Byzantine::equivocate) {
        for (int copy = 0; copy < 2; ++copy) {
          for (MessageType type : {kPrepare, kCommit}) {
            const std::string kind = type == kPrepare ? "p" : "c";
            send_to(replica, type,
                    PayloadWriter().add("view", view_).add("seq", seq).add("digest", digest).add("sig", sign(self_, vote_statement(kind, view_, seq, digest))).text(),
                    context);
          }
        }
      }
    }
  }
  advance(seq, context);
}

void PbftReplica::on_preprepare(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  auto view = reader.integer("view"), seq = reader.integer("seq");
  auto digest = reader.text("digest"), signature = reader.text("sig");
  std::optional<Batch> batch = read_batch(reader);
  if (!view || !seq || !digest || !signature || !batch || view_changing_ || *view != view_) return;
  auto reject = [&](std::string_view reason) {
    context.out.note("reject_preprepare view=" + std::to_string(*view) + " seq=" + std::to_string(*seq) + " reason=" + std::string(reason));
  };
  if (message.from.value != cluster_.primary_of(view_)) return reject("not_primary");
  if (!in_window(*seq)) return reject("watermark");
  if (*seq <= restart_vote_bound_) return;  // may have voted before the crash
  if (!verify(message.from.value, vote_statement("pp", *view, *seq, *digest), *signature)) return reject("signature");
  if (!valid_client_signatures(*batch)) return reject("client_signature");
  if (params_.digest_check && *digest != digest_of(*batch)) return reject("digest");
  Slot& slot = log_[*seq];
  if (slot.digest) {
    if (*slot.digest != *digest) reject("conflict");  // the first pre-prepare for (v, s) stands
    return;
  }
  bool unexecuted = false;
  for (const Request& request : *batch) {
    auto executed = client_table_.find(request.client);
    if (!request.is_null() && (executed == client_table_.end() || executed->second < request.timestamp)) {
      pending_.emplace(std::make_pair(request.client, request.timestamp), request);
      unexecuted = true;
    }
  }
  slot.digest = std::string(*digest);
  slot.batch = std::move(*batch);
  slot.preprepare_signature = std::string(*signature);
  max_voted_seq_ = std::max(max_voted_seq_, *seq);
  if (unexecuted && !request_timer_running_) update_request_timer(context);
  slot.prepares.push_back(Vote{self_, slot.digest.value(), sign(self_, vote_statement("p", view_, *seq, *digest))});
  send_vote(kPrepare, *seq, *slot.digest, context);
  advance(*seq, context);
}

void PbftReplica::on_vote(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  auto view = reader.integer("view"), seq = reader.integer("seq");
  auto digest = reader.text("digest"), signature = reader.text("sig");
  if (!view || !seq || !digest || !signature || view_changing_ || *view != view_ || !in_window(*seq)) return;
  const std::string kind = message.type == kPrepare ? "p" : "c";
  if (!verify(message.from.value, vote_statement(kind, *view, *seq, *digest), *signature)) return;
  Slot& slot = log_[*seq];
  (message.type == kPrepare ? slot.prepares : slot.commits).push_back(Vote{message.from.value, std::string(*digest), std::string(*signature)});
  advance(*seq, context);
}

void PbftReplica::advance(std::int64_t seq, sim::Context& context) {
  auto it = log_.find(seq);
  if (it == log_.end() || !it->second.digest) return;
  Slot& slot = it->second;
  const std::string& digest = *slot.digest;
  auto at = [&] { return "view=" + std::to_string(view_) + " seq=" + std::to_string(seq) + " digest=" + digest; };
  // The primary's PREPARE is not a backup's: in the correct count it never adds to the 2f (q-1).
  const std::optional<std::int64_t> primary = cluster_.primary_of(view_);
  if (!slot.prepared && count_matching(slot.prepares, digest, primary) >= cluster_.quorum - 1) {
    slot.prepared = true;
    // senders = distinct replicas behind it (the primary's pre-prepare included), for the checks.
    context.out.note("prepared " + at() + " senders=" + std::to_string(distinct_senders(slot.prepares, digest, primary) + 1));
    Certificate certificate{view_, seq, digest, slot.batch, {{cluster_.primary_of(view_), slot.preprepare_signature}}};
    for (const Vote& vote : slot.prepares)
      if (vote.digest == digest && vote.sender != cluster_.primary_of(view_)) certificate.signatures.emplace(vote.sender, vote.signature);
    certificates_[seq] = std::move(certificate);
    if (seq > restart_vote_bound_) {
      slot.commits.push_back(Vote{self_, digest, sign(self_, vote_statement("c", view_, seq, digest))});
      send_vote(kCommit, seq, digest, context);
    }
  }
  if (slot.prepared && !slot.committed && count_matching(slot.commits, digest, std::nullopt) >= cluster_.quorum) {
    slot.committed = true;
    context.out.note("committed " + at() + " senders=" + std::to_string(distinct_senders(slot.commits, digest, std::nullopt)));
    if (seq > last_executed_) committed_.emplace(seq, std::make_pair(slot.batch, digest));
    execute_ready(context);
  }
}

void PbftReplica::execute_ready(sim::Context& context) {
  if (params_.execution == ExecutionRule::out_of_order) {
    // The course's mistake: run whatever has committed, gaps or not.
    for (const auto& [seq, entry] : committed_) {
      if (executed_early_.insert(seq).second) execute(seq, entry.first, entry.second, context);
    }
  }
  while (!committed_.empty() && committed_.begin()->first <= last_executed_ + 1) {
    auto taken = committed_.extract(committed_.begin());  // moved out: a batch is worth not copying
    const std::int64_t seq = taken.key();
    auto& entry = taken.mapped();
    if (seq <= last_executed_) continue;
    last_executed_ = seq;
    if (executed_early_.erase(seq) == 0) execute(seq, entry.first, entry.second, context);
    if (seq % params_.checkpoint_interval == 0) {
      std::string clients = encode_client_table(client_table_);
      std::string state = checkpoint_digest(chain_, clients);
      own_checkpoint_ = std::make_pair(seq, CheckpointVote{std::move(state), chain_, std::move(clients), ""});
      own_checkpoint_->second.signature = sign(self_, "ck/" + std::to_string(seq) + "/" + own_checkpoint_->second.state);
      checkpoint_votes_[seq][self_] = own_checkpoint_->second;
      send_own_checkpoint(context);
      try_stabilize(seq, context);
    }
  }
  forget_executed_requests();
  update_request_timer(context);
  if (params_.batch_size > 1 && is_primary() && !view_changing_) assign_pending(context);  // the held batch
}

void PbftReplica::execute(std::int64_t seq, const Batch& batch, const std::string& digest, sim::Context& context) {
  chain_ = fnv1a_hex(chain_ + digest);
  std::string note = "execute seq=" + std::to_string(seq) + " digest=" + digest;
  if (batch.size() == 1) {
    note += " client=" + std::to_string(batch.front().client) + " t=" + std::to_string(batch.front().timestamp) + " op=" + batch.front().op;
  } else {
    // One note for the whole batch (a note per request was a fifth of a batched run's trace).
    note += " batch=";
    for (std::size_t place = 0; place < batch.size(); ++place) {
      note += (place > 0 ? "/" : "") + std::to_string(batch[place].client) + ":" + std::to_string(batch[place].timestamp) + ":" + batch[place].op;
    }
  }
  context.out.note(note);
  for (const Request& request : batch) reply_once(seq, request, context);
}

// Replies to a request's client the first time the request executes; a re-proposed duplicate is skipped.
void PbftReplica::reply_once(std::int64_t seq, const Request& request, sim::Context& context) {
  if (request.is_null()) return;
  std::int64_t& last = client_table_[request.client];
  if (request.timestamp <= last) return;
  last = request.timestamp;
  last_reply_seq_[request.client] = seq;
  send_to(request.client, kReply, reply_payload(seq, request), context);
}

void PbftReplica::forget_executed_requests() {
  for (auto it = pending_.begin(); it != pending_.end();) {
    auto executed = client_table_.find(it->first.first);
    it = executed != client_table_.end() && it->first.second <= executed->second ? pending_.erase(it) : std::next(it);
  }
}

void PbftReplica::send_own_checkpoint(sim::Context& context) {
  const auto& [seq, vote] = *own_checkpoint_;
  multicast(kCheckpoint,
            PayloadWriter().add("seq", seq).add("state", vote.state).add("chain", vote.chain).add("clients", vote.clients).add("sig", vote.signature).text(),
            context);
}

void PbftReplica::on_checkpoint(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  auto seq = reader.integer("seq");
  auto state = reader.text("state"), chain = reader.text("chain"), clients = reader.text("clients"), signature = reader.text("sig");
  if (!seq || !state || !chain || !clients || !signature || *seq < 1 || *seq % params_.checkpoint_interval != 0) return;
  if (*seq < stable_seq_ || (*seq == stable_seq_ && last_executed_ >= stable_seq_)) return;
  if (!is_canonical_client_table(*clients) || checkpoint_digest(*chain, *clients) != *state) return;
  if (!verify(message.from.value, "ck/" + std::to_string(*seq) + "/" + std::string(*state), *signature)) return;
  checkpoint_votes_[*seq][message.from.value] = CheckpointVote{std::string(*state), std::string(*chain), std::string(*clients), std::string(*signature)};
  try_stabilize(*seq, context);
}

void PbftReplica::try_stabilize(std::int64_t seq, sim::Context& context) {
  auto votes = checkpoint_votes_.find(seq);
  if (votes == checkpoint_votes_.end()) return;
  std::map<std::string, std::map<std::int64_t, std::string>> by_state;  // state -> signer -> signature
  for (const auto& [sender, vote] : votes->second) by_state[vote.state][sender] = vote.signature;
  // A replica that learned a stable checkpoint from NEW-VIEW without its state (it was cut off) cannot
  // execute anything until it has some state: f+1 matching votes already include a correct replica, so
  // it may take that state before the checkpoint is stable. Otherwise state transfer waits for a quorum,
  // so a replica that is merely a little behind executes its requests itself.
  const std::int64_t transfer_votes = last_executed_ < stable_seq_ ? cluster_.fault_bound + 1 : cluster_.quorum;
  for (auto& [state, proof] : by_state) {
    const auto voters = static_cast<std::int64_t>(proof.size());
    if (seq > last_executed_ && voters >= transfer_votes) {
      // Executing may stabilize a later checkpoint and erase these votes: `votes` is not used again.
      transfer_state(seq, state, votes->second, context);
    }
    if (voters < cluster_.quorum) continue;
    make_stable(seq, state, proof, context);
    return;
  }
}

// Adopts the checkpointed state `state` at `seq` that `votes` vouch for.
void PbftReplica::transfer_state(std::int64_t seq, const std::string& state, const std::map<std::int64_t, CheckpointVote>& votes,
                                 sim::Context& context) {
  const CheckpointVote* source = nullptr;
  for (const auto& [sender, vote] : votes)
    if (vote.state == state) source = &vote;
  ENGINE_ASSERT(source != nullptr);
  last_executed_ = seq;
  chain_ = source->chain;
  client_table_ = decode_client_table(source->clients).value_or(std::map<std::int64_t, std::int64_t>{});
  context.out.note("state_transfer seq=" + std::to_string(seq) + " state=" + state);
  committed_.erase(committed_.begin(), committed_.upper_bound(seq));
  forget_executed_requests();
  update_request_timer(context);
  execute_ready(context);
}

void PbftReplica::make_stable(std::int64_t seq, const std::string& state, std::map<std::int64_t, std::string> proof, sim::Context& context) {
  if (seq < stable_seq_ || (seq == stable_seq_ && !stable_proof_.empty())) return;
  stable_seq_ = seq;
  stable_state_ = state;
  stable_proof_ = std::move(proof);
  context.out.note("checkpoint_stable seq=" + std::to_string(seq) + " state=" + state);
  // Garbage collection: everything at or below the stable checkpoint is settled.
  log_.erase(log_.begin(), log_.upper_bound(seq));
  certificates_.erase(certificates_.begin(), certificates_.upper_bound(seq));
  committed_.erase(committed_.begin(), committed_.upper_bound(seq));
  checkpoint_votes_.erase(checkpoint_votes_.begin(), checkpoint_votes_.lower_bound(seq));
  if (own_checkpoint_ && own_checkpoint_->first < seq) own_checkpoint_.reset();
  next_seq_ = std::max(next_seq_, seq + 1);
  if (is_primary() && !view_changing_) assign_pending(context);  // the window moved
}

}  // namespace coordlab::protocols::pbft

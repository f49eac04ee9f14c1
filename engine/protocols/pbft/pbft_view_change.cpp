// PBFT's view change: VIEW-CHANGE with the stable checkpoint and prepared certificates, the f+1 rule for
// joining, NEW-VIEW built by the new primary and checked by every replica against the VIEW-CHANGE
// messages it names.
#include <algorithm>

#include "core/assert.hpp"
#include "protocols/pbft/pbft_actors.hpp"

namespace coordlab::protocols::pbft {

ViewChangeMessage PbftReplica::own_view_change(std::int64_t new_view, sim::Context& context) const {
  ViewChangeMessage message{new_view, stable_seq_, stable_state_, stable_proof_, {}};
  for (const auto& [seq, certificate] : certificates_)
    if (in_window(seq) && certificate.view < new_view) message.prepared.push_back(certificate);
  if (byzantine_ == Byzantine::lying_view_change) {
    // Fabricated certificates: a forged request "prepared" in the view just before, with signatures it
    // cannot actually produce for the others.
    message.prepared.clear();
    for (std::int64_t seq = stable_seq_ + 1; seq <= stable_seq_ + std::min<std::int64_t>(3, params_.log_window); ++seq) {
      Request forged{cluster_.replica_count, 1'000'000 + seq, "forged", fnv1a_hex(std::to_string(context.random.next_u64()))};
      Certificate certificate{new_view - 1, seq, digest_of(forged), Batch{forged}, {}};
      for (std::int64_t signer = 0; signer < cluster_.replica_count; ++signer)
        certificate.signatures[signer] = signer == self_ ? sign(self_, "p/" + std::to_string(new_view - 1) + "/" + std::to_string(seq) + "/" + certificate.digest)
                                                         : fnv1a_hex(std::to_string(context.random.next_u64()));
      message.prepared.push_back(std::move(certificate));
    }
  }
  return message;
}

void PbftReplica::start_view_change(std::int64_t new_view, sim::Context& context) {
  ENGINE_ASSERT(new_view > view_ || (new_view == view_ && !view_changing_));
  const bool escalation = view_changing_;
  view_ = new_view;
  view_changing_ = true;
  max_voted_seq_ = 0;
  restart_vote_bound_ = 0;
  log_.clear();
  pending_new_view_.reset();
  last_new_view_payload_.clear();
  context.out.note("view_change view=" + std::to_string(view_));
  if (request_timer_running_) context.out.cancel_timers(kRequestTimer);
  request_timer_running_ = false;
  const std::string payload = encode_view_change(own_view_change(view_, context));
  view_changes_[view_][self_] = payload;
  view_changes_.erase(view_changes_.begin(), view_changes_.lower_bound(view_));
  multicast(kViewChange, payload, context);
  if (escalation) view_change_timeout_ticks_ *= 2;
  context.out.cancel_timers(kViewChangeTimer);
  context.out.set_timer(kViewChangeTimer, view_change_timeout_ticks_);
  try_send_new_view(context);
  maybe_join_view_change(context);
}

void PbftReplica::on_view_change(const sim::Message& message, bool is_copy, sim::Context& context) {
  std::optional<ViewChangeMessage> decoded = decode_view_change(message.payload);
  if (!decoded || !valid_view_change(*decoded, cluster_, params_.log_window)) return;
  if (decoded->view < view_) return;
  if (decoded->view == view_ && !view_changing_) {
    // A replica still changing to this view missed its NEW-VIEW or a VIEW-CHANGE that NEW-VIEW names
    // (it accepts NEW-VIEW only with every named VIEW-CHANGE in hand): the primary says NEW-VIEW again,
    // and every replica repeats its own VIEW-CHANGE, which it no longer retransmits by itself. A copy is
    // never answered: two replicas already in the view would otherwise echo copies back and forth.
    if (is_copy) return;
    if (is_primary() && !last_new_view_payload_.empty()) context.out.send(message.from, kNewView, last_new_view_payload_);
    auto held = view_changes_.find(view_);
    if (held != view_changes_.end() && held->second.count(self_) > 0) context.out.send(message.from, kViewChangeCopy, held->second.at(self_));
    return;
  }
  view_changes_[decoded->view][message.from.value] = std::string(message.payload);
  maybe_join_view_change(context);
  try_send_new_view(context);
  try_accept_new_view(context);
}

void PbftReplica::maybe_join_view_change(sim::Context& context) {
  // f+1 replicas asking for views above ours include a correct one: join the smallest such view.
  std::set<std::int64_t> senders;
  std::optional<std::int64_t> smallest;
  for (const auto& [view, by_sender] : view_changes_) {
    if (view <= view_) continue;
    for (const auto& [sender, payload] : by_sender) senders.insert(sender);
    if (!smallest) smallest = view;
  }
  if (smallest && static_cast<std::int64_t>(senders.size()) >= cluster_.fault_bound + 1) start_view_change(*smallest, context);
}

std::vector<ViewChangeMessage> PbftReplica::held_view_changes(std::int64_t view) const {
  std::vector<ViewChangeMessage> messages;
  auto it = view_changes_.find(view);
  if (it == view_changes_.end()) return messages;
  for (const auto& [sender, payload] : it->second) {
    std::optional<ViewChangeMessage> decoded = decode_view_change(payload);
    ENGINE_ASSERT(decoded.has_value());  // stored only after decoding
    messages.push_back(std::move(*decoded));
  }
  return messages;
}

void PbftReplica::try_send_new_view(sim::Context& context) {
  if (!view_changing_ || !is_primary() || byzantine_ == Byzantine::silent) return;
  auto held = view_changes_.find(view_);
  if (held == view_changes_.end() || static_cast<std::int64_t>(held->second.size()) < cluster_.quorum) return;
  NewViewMessage message{view_, {}, {}, {}};
  for (const auto& [sender, payload] : held->second) message.view_change_digests[sender] = fnv1a_hex(payload);
  NewViewPlan plan = plan_new_view(held_view_changes(view_));
  for (const Proposal& proposal : plan.proposals) {
    const std::string digest = digest_of(proposal.batch);
    message.proposals.push_back(proposal);
    message.preprepare_signatures[proposal.seq] = sign(self_, "pp/" + std::to_string(view_) + "/" + std::to_string(proposal.seq) + "/" + digest);
  }
  const std::string payload = encode_new_view(message);
  multicast(kNewView, payload, context);
  enter_view(view_, plan, message.preprepare_signatures, context);
  last_new_view_payload_ = payload;
}

void PbftReplica::on_new_view(const sim::Message& message, sim::Context& context) {
  std::optional<NewViewMessage> decoded = decode_new_view(message.payload);
  if (!decoded || decoded->view < view_ || (decoded->view == view_ && !view_changing_)) return;
  if (message.from.value != cluster_.primary_of(decoded->view)) return;
  pending_new_view_ = std::move(*decoded);
  try_accept_new_view(context);
}

void PbftReplica::try_accept_new_view(sim::Context& context) {
  if (!pending_new_view_) return;
  const NewViewMessage& message = *pending_new_view_;
  if (message.view < view_ || (message.view == view_ && !view_changing_)) {
    pending_new_view_.reset();
    return;
  }
  if (static_cast<std::int64_t>(message.view_change_digests.size()) < cluster_.quorum) {
    pending_new_view_.reset();
    return;
  }
  // Every VIEW-CHANGE it names must be one this replica received itself, word for word.
  auto held = view_changes_.find(message.view);
  std::vector<ViewChangeMessage> named;
  for (const auto& [sender, digest] : message.view_change_digests) {
    if (held == view_changes_.end()) return;  // wait for them
    auto payload = held->second.find(sender);
    if (payload == held->second.end() || fnv1a_hex(payload->second) != digest) return;
    named.push_back(decode_view_change(payload->second).value());
  }
  NewViewPlan plan = plan_new_view(named);
  bool valid = plan.proposals == message.proposals;
  const std::int64_t primary = cluster_.primary_of(message.view);
  for (const Proposal& proposal : message.proposals) {
    const std::string statement = "pp/" + std::to_string(message.view) + "/" + std::to_string(proposal.seq) + "/" + digest_of(proposal.batch);
    valid = valid && verify(primary, statement, message.preprepare_signatures.at(proposal.seq));
  }
  if (!valid) {
    context.out.note("reject_new_view view=" + std::to_string(message.view));
    pending_new_view_.reset();
    return;
  }
  const NewViewMessage accepted = message;
  pending_new_view_.reset();
  enter_view(accepted.view, plan, accepted.preprepare_signatures, context);
}

void PbftReplica::enter_view(std::int64_t view, const NewViewPlan& plan, const std::map<std::int64_t, std::string>& signatures,
                             sim::Context& context) {
  view_ = view;
  view_changing_ = false;
  view_change_timeout_ticks_ = params_.view_change_timeout_ticks;
  max_voted_seq_ = 0;
  restart_vote_bound_ = 0;
  log_.clear();
  context.out.cancel_timers(kViewChangeTimer);
  context.out.note("new_view view=" + std::to_string(view_) + " primary=" + std::to_string(cluster_.primary_of(view_)));
  if (plan.min_seq > stable_seq_) make_stable(plan.min_seq, plan.min_state, plan.min_proof, context);
  std::int64_t last_proposed = std::max(plan.min_seq, stable_seq_);
  for (const Proposal& proposal : plan.proposals) {
    last_proposed = std::max(last_proposed, proposal.seq);
    if (!in_window(proposal.seq)) continue;
    Slot& slot = log_[proposal.seq];
    slot.digest = digest_of(proposal.batch);
    slot.batch = proposal.batch;
    slot.preprepare_signature = signatures.at(proposal.seq);
    max_voted_seq_ = std::max(max_voted_seq_, proposal.seq);
    if (!is_primary()) {
      slot.prepares.push_back(Vote{self_, *slot.digest, sign(self_, "p/" + std::to_string(view_) + "/" + std::to_string(proposal.seq) + "/" + *slot.digest)});
      send_vote(kPrepare, proposal.seq, *slot.digest, context);
    }
  }
  next_seq_ = last_proposed + 1;
  std::vector<std::int64_t> seqs;  // advance() may truncate the log, so not while iterating it
  for (const auto& entry : log_) seqs.push_back(entry.first);
  for (std::int64_t seq : seqs) advance(seq, context);
  update_request_timer(context);
  if (is_primary()) assign_pending(context);
}

}  // namespace coordlab::protocols::pbft

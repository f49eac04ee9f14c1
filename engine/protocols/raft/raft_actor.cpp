#include <algorithm>

#include "protocols/payload.hpp"
#include "protocols/raft/raft.hpp"
#include "protocols/raft/raft_codec.hpp"

namespace coordlab::protocols::raft {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::follower: return "follower";
    case Role::candidate: return "candidate";
    case Role::leader: return "leader";
  }
  return "unknown";
}

std::size_t majority_size(std::size_t node_count, MajorityRule rule) {
  return rule == MajorityRule::correct ? node_count / 2 + 1 : (node_count + 1) / 2 + 1;
}

RaftActor::RaftActor(Params params, NodeId self, std::size_t node_count, std::string_view persisted)
    : params_(params), node_count_(node_count), next_index_(node_count, 1), match_index_(node_count, 0),
      awaiting_reply_(node_count, false) {
  (void)self;
  PersistentState state = decode_persistent(persisted);
  term_ = state.term;
  voted_for_ = state.voted_for;
  log_ = std::move(state.log);
}

std::string RaftActor::persistent_state() const { return encode_persistent(PersistentState{term_, voted_for_, log_}); }

void RaftActor::start(sim::Context& context) { reset_election_timer(context); }

void RaftActor::reset_election_timer(sim::Context& context) {
  context.out.cancel_timers(kElectionTimer);
  // Re-drawn every time, so split votes do not repeat forever.
  context.out.set_timer(kElectionTimer, context.random.range(params_.election_timeout_min_ticks, params_.election_timeout_max_ticks));
}

void RaftActor::become_follower(std::int64_t term, sim::Context& context) {
  const bool changed = term != term_ || role_ != Role::follower;
  if (term != term_) {
    term_ = term;
    voted_for_.reset();
  }
  if (role_ == Role::leader) {
    context.out.cancel_timers(kHeartbeatTimer);
    reset_election_timer(context);  // leaders run no election timer
  }
  role_ = Role::follower;
  pending_acks_.clear();
  if (changed) context.out.note("role=follower term=" + std::to_string(term_));
}

bool RaftActor::observe_term(std::int64_t message_term, sim::Context& context) {
  if (message_term > term_ && role_ == Role::leader && params_.step_down == StepDownRule::never) {
    // The course's leader keeps its role and its term: the newer leader's messages look stale to it.
    if (message_term > highest_ignored_term_) {
      highest_ignored_term_ = message_term;
      context.out.note("ignore_higher_term term=" + std::to_string(message_term));
    }
    return false;
  }
  if (message_term > term_) {
    // Not a reason to reset the election timer: only a granted vote or the current leader does that.
    leader_.reset();
    become_follower(message_term, context);
  }
  return message_term >= term_;
}

void RaftActor::start_election(sim::Context& context) {
  ++term_;
  role_ = Role::candidate;
  voted_for_ = context.self;
  leader_.reset();
  votes_ = {context.self.value};
  context.out.note("role=candidate term=" + std::to_string(term_));
  reset_election_timer(context);
  if (votes_.size() >= majority_size(node_count_, params_.majority)) {
    become_leader(context);
    return;
  }
  const std::string request = PayloadWriter().add("term", term_).add("last_index", last_index()).add("last_term", term_at(last_index())).text();
  for (std::size_t peer = 0; peer < node_count_; ++peer) {
    if (peer != context.self.value) context.out.send(NodeId{static_cast<std::uint16_t>(peer)}, kRequestVote, request);
  }
}

void RaftActor::become_leader(sim::Context& context) {
  role_ = Role::leader;
  leader_ = context.self;
  context.out.note("role=leader term=" + std::to_string(term_));
  context.out.cancel_timers(kElectionTimer);
  std::fill(next_index_.begin(), next_index_.end(), last_index() + 1);
  std::fill(match_index_.begin(), match_index_.end(), 0);
  match_index_[context.self.value] = last_index();
  broadcast_append(Urgency::everyone, context);  // sets every follower's awaiting_reply_ afresh
}

void RaftActor::handle_timer(std::uint16_t timer_kind, sim::Context& context) {
  if (timer_kind == kHeartbeatTimer) {
    if (role_ == Role::leader) broadcast_append(Urgency::everyone, context);
    return;
  }
  if (role_ != Role::leader) start_election(context);
}

void RaftActor::send_append(NodeId peer, sim::Context& context) {
  const std::int64_t next = next_index_[peer.value];
  const std::int64_t prev = next - 1;
  const std::int64_t last = std::min(last_index(), prev + params_.max_entries_per_append);
  std::vector<LogEntry> entries(log_.begin() + prev, log_.begin() + last);
  awaiting_reply_[peer.value] = true;
  context.out.send(peer, kAppendEntries,
                   PayloadWriter()
                       .add("term", term_)
                       .add("prev_index", prev)
                       .add("prev_term", term_at(prev))
                       .add("commit", commit_index_)
                       .add("entries", encode_entries(entries))
                       .text());
}

void RaftActor::broadcast_append(Urgency urgency, sim::Context& context) {
  for (std::size_t peer = 0; peer < node_count_; ++peer) {
    if (peer == context.self.value || (urgency == Urgency::idle_peers && awaiting_reply_[peer])) continue;
    send_append(NodeId{static_cast<std::uint16_t>(peer)}, context);
  }
  context.out.cancel_timers(kHeartbeatTimer);
  context.out.set_timer(kHeartbeatTimer, params_.heartbeat_ticks);
}

void RaftActor::handle_message(const sim::Message& message, sim::Context& context) {
  switch (message.type) {
    case kRequestVote: on_request_vote(message, context); break;
    case kRequestVoteReply: on_request_vote_reply(message, context); break;
    case kAppendEntries: on_append_entries(message, context); break;
    case kAppendEntriesReply: on_append_entries_reply(message, context); break;
    default: break;
  }
}

void RaftActor::on_request_vote(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  auto term = reader.integer("term"), last_log_index = reader.integer("last_index"), last_log_term = reader.integer("last_term");
  if (!term || !last_log_index || !last_log_term) return;  // malformed
  observe_term(*term, context);
  const bool log_ok = *last_log_term > term_at(last_index()) ||
                      (*last_log_term == term_at(last_index()) && *last_log_index >= last_index());
  const bool granted = *term == term_ && (!voted_for_ || *voted_for_ == message.from) && log_ok;
  if (granted) {
    voted_for_ = message.from;
    reset_election_timer(context);
  }
  context.out.send(message.from, kRequestVoteReply, PayloadWriter().add("term", term_).add("granted", granted ? 1 : 0).text());
}

void RaftActor::on_request_vote_reply(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  auto term = reader.integer("term"), granted = reader.integer("granted");
  if (!term || !granted) return;
  if (!observe_term(*term, context) || role_ != Role::candidate || *term != term_ || *granted != 1) return;
  votes_.insert(message.from.value);
  if (votes_.size() >= majority_size(node_count_, params_.majority)) become_leader(context);
}

void RaftActor::on_append_entries(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  auto term = reader.integer("term"), prev = reader.integer("prev_index"), prev_term = reader.integer("prev_term"),
       leader_commit = reader.integer("commit");
  auto entries_text = reader.text("entries");
  std::optional<std::vector<LogEntry>> entries = entries_text ? decode_entries(*entries_text) : std::nullopt;
  if (!term || !prev || !prev_term || !leader_commit || !entries || *prev < 0) return;
  if (!observe_term(*term, context)) {
    context.out.send(message.from, kAppendEntriesReply, PayloadWriter().add("term", term_).add("success", 0).add("last", last_index()).text());
    return;
  }
  if (role_ != Role::follower) become_follower(term_, context);  // a candidate that meets this term's leader
  leader_ = message.from;
  reset_election_timer(context);
  if (*prev > last_index() || term_at(*prev) != *prev_term) {
    context.out.send(message.from, kAppendEntriesReply, PayloadWriter().add("term", term_).add("success", 0).add("last", last_index()).text());
    return;
  }
  std::int64_t index = *prev;
  for (LogEntry& entry : *entries) {
    ++index;
    if (index <= last_index() && term_at(index) != entry.term) log_.resize(static_cast<std::size_t>(index - 1));  // conflict
    if (index > last_index()) log_.push_back(std::move(entry));
  }
  if (*leader_commit > commit_index_) commit_index_ = std::min(*leader_commit, index);
  apply_committed(context);
  context.out.send(message.from, kAppendEntriesReply, PayloadWriter().add("term", term_).add("success", 1).add("match", index).text());
}

void RaftActor::on_append_entries_reply(const sim::Message& message, sim::Context& context) {
  PayloadReader reader(message.payload);
  auto term = reader.integer("term"), success = reader.integer("success");
  if (!term || !success) return;
  if (!observe_term(*term, context) || role_ != Role::leader || *term != term_) return;
  const std::uint16_t peer = message.from.value;
  awaiting_reply_[peer] = false;
  if (*success == 1) {
    auto match = reader.integer("match");
    if (!match || *match < 0 || *match > last_index()) return;
    // The course credits the follower with everything the leader has, confirmed or not.
    const std::int64_t credited = params_.progress == ProgressRule::confirmed ? *match : last_index();
    match_index_[peer] = std::max(match_index_[peer], credited);
    next_index_[peer] = match_index_[peer] + 1;
    advance_commit(context);
    if (next_index_[peer] <= last_index()) send_append(message.from, context);
    return;
  }
  auto follower_last = reader.integer("last");
  if (!follower_last || *follower_last < 0) return;
  next_index_[peer] = std::max<std::int64_t>(1, std::min(next_index_[peer] - 1, *follower_last + 1));
  send_append(message.from, context);
}

void RaftActor::advance_commit(sim::Context& context) {
  const std::size_t majority = majority_size(node_count_, params_.majority);
  for (std::int64_t index = last_index(); index > commit_index_; --index) {
    // The figure 8 rule: only an entry of the current term commits by counting replicas.
    if (params_.commit == CommitRule::current_term && term_at(index) != term_) break;
    auto stored = static_cast<std::size_t>(std::count_if(match_index_.begin(), match_index_.end(),
                                                         [index](std::int64_t match) { return match >= index; }));
    if (stored >= majority) {
      commit_index_ = index;
      break;
    }
  }
  apply_committed(context);
}

void RaftActor::apply_committed(sim::Context& context) {
  while (last_applied_ < commit_index_) {
    ++last_applied_;
    const LogEntry& entry = log_[static_cast<std::size_t>(last_applied_ - 1)];
    if (last_applied_ == 1 && params_.apply == ApplyRule::course_skip_first) {
      context.out.note("skip_apply index=1 cmd=" + entry.command);  // never applied, never acknowledged
      pending_acks_.erase(1);
      continue;
    }
    context.out.note("apply index=" + std::to_string(last_applied_) + " term=" + std::to_string(entry.term) + " cmd=" + entry.command);
    if (pending_acks_.erase(last_applied_) > 0) {
      context.out.note("ack index=" + std::to_string(last_applied_) + " cmd=" + entry.command);
    }
  }
}

Status RaftActor::handle_input(std::string_view text, sim::Context& context) {
  std::optional<std::string_view> command;
  if (text.substr(0, 4) == "cmd=") command = text.substr(4);
  if (!command || !valid_command(*command)) {
    return make_error("input.invalid", "raft accepts \"cmd=NAME\" where NAME is 1-64 characters of letters, digits and _ . : + - =.");
  }
  if (role_ != Role::leader) {
    std::string note = "reject cmd=" + std::string(*command) + " reason=not_leader";
    if (leader_) note += " leader=" + std::to_string(leader_->value);
    context.out.note(note);
    return {};
  }
  log_.push_back(LogEntry{term_, std::string(*command)});
  match_index_[context.self.value] = last_index();
  if (params_.ack == AckPolicy::after_append) {
    context.out.note("ack index=" + std::to_string(last_index()) + " cmd=" + std::string(*command));  // the course's bug
  } else {
    pending_acks_.insert(last_index());
  }
  advance_commit(context);  // a single-node cluster commits at once
  broadcast_append(Urgency::idle_peers, context);
  return {};
}

void RaftActor::describe(sim::StateWriter& writer) const {
  writer.field("role", role_name(role_));
  writer.field("term", term_);
  writer.field("voted_for", voted_for_ ? "n" + std::to_string(voted_for_->value) : "none");
  writer.field("leader", leader_ ? "n" + std::to_string(leader_->value) : "unknown");
  writer.field("commit_index", commit_index_);
  writer.field("last_applied", last_applied_);
  std::string log_text;
  for (std::size_t i = 0; i < log_.size(); ++i) {
    log_text += (i ? " " : "") + std::to_string(i + 1) + ":" + std::to_string(log_[i].term) + ":" + log_[i].command;
  }
  writer.field("log", log_text.empty() ? "(empty)" : log_text);
  if (role_ == Role::candidate) writer.field("votes", static_cast<std::int64_t>(votes_.size()));
  if (role_ == Role::leader) {
    std::string match;
    for (std::size_t i = 0; i < match_index_.size(); ++i) match += (i ? " " : "") + std::to_string(match_index_[i]);
    writer.field("match_index", match);
  }
  writer.table("log", {"index", "term", "command", "state"});
  for (std::size_t i = 0; i < log_.size(); ++i) {
    const auto index = static_cast<std::int64_t>(i + 1);
    const bool skipped = index == 1 && params_.apply == ApplyRule::course_skip_first;
    const char* state = index > last_applied_ ? (index <= commit_index_ ? "committed" : "stored") : skipped ? "skipped" : "applied";
    writer.row({std::to_string(index), std::to_string(log_[i].term), log_[i].command, state});
  }
}

}  // namespace coordlab::protocols::raft

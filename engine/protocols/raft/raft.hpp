// Raft (Ongaro & Ousterhout): leader election with randomised timeouts re-drawn for every election, one
// vote per term for candidates whose log is at least as up to date, log replication with the
// AppendEntries consistency check and conflict truncation, and commitment of current-term entries
// stored on a majority (older entries commit with them: the paper's figure 8). Term, vote and log are
// persistent; everything else is lost in a crash.
//
// Selectable course variants reproduce the course's mistakes so lessons can show them failing:
// majority (N+1)//2+1, acknowledging a write before it commits, committing entries of older terms by
// counting replicas, an apply loop that skips the first entry, a leader that records a follower's
// progress as its own last index (more than the follower confirmed), and a leader that never steps
// down when it sees a higher term.
//
// Trace notes (read by the raft.* checks): "role=leader term=T", "role=candidate term=T",
// "role=follower term=T", "apply index=I term=T cmd=C", "ack index=I cmd=C", "reject cmd=C reason=R";
// under the course variants also "skip_apply index=I cmd=C" and "ignore_higher_term term=T".
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "protocols/protocol_spec.hpp"

namespace coordlab::protocols::raft {

enum MessageType : std::uint16_t { kRequestVote, kRequestVoteReply, kAppendEntries, kAppendEntriesReply };
enum TimerKind : std::uint16_t { kElectionTimer, kHeartbeatTimer };

enum class MajorityRule : std::uint8_t { correct, course };      // N//2+1, or the course's (N+1)//2+1
enum class AckPolicy : std::uint8_t { after_commit, after_append };  // the course acknowledges on append
enum class CommitRule : std::uint8_t { current_term, any_term };    // any_term is unsafe (figure 8)
enum class ApplyRule : std::uint8_t { from_first, course_skip_first };  // the course's loop starts one late
// A follower's match index: what it confirmed, or the course's leader's own last index.
enum class ProgressRule : std::uint8_t { confirmed, course_overclaim };
enum class StepDownRule : std::uint8_t { on_higher_term, never };  // the course's leader never steps down

struct Params {
  std::int64_t election_timeout_min_ticks = 150;
  std::int64_t election_timeout_max_ticks = 300;
  std::int64_t heartbeat_ticks = 50;
  std::int64_t max_entries_per_append = 16;
  MajorityRule majority = MajorityRule::correct;
  AckPolicy ack = AckPolicy::after_commit;
  CommitRule commit = CommitRule::current_term;
  ApplyRule apply = ApplyRule::from_first;
  ProgressRule progress = ProgressRule::confirmed;
  StepDownRule step_down = StepDownRule::on_higher_term;
};

struct LogEntry {
  std::int64_t term = 0;
  std::string command;
  friend bool operator==(const LogEntry&, const LogEntry&) = default;
};

enum class Role : std::uint8_t { follower, candidate, leader };
std::string_view role_name(Role role);

// Majority size for `node_count` under `rule`.
std::size_t majority_size(std::size_t node_count, MajorityRule rule);
// A client command must be 1-64 characters of A-Z a-z 0-9 _ . : + - = (no spaces or commas).
bool valid_command(std::string_view command);

class RaftActor final : public sim::Actor {
 public:
  RaftActor(Params params, NodeId self, std::size_t node_count, std::string_view persisted);
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<RaftActor>(*this); }

  void start(sim::Context& context) override;
  void handle_message(const sim::Message& message, sim::Context& context) override;
  void handle_timer(std::uint16_t timer_kind, sim::Context& context) override;
  Status handle_input(std::string_view text, sim::Context& context) override;
  std::string persistent_state() const override;
  std::string role() const override { return std::string(role_name(role_)); }
  void describe(sim::StateWriter& writer) const override;

  // Read-only access for checks and the inspector.
  Role current_role() const { return role_; }
  std::int64_t current_term() const { return term_; }
  const std::vector<LogEntry>& log() const { return log_; }  // log()[0] is index 1
  std::int64_t commit_index() const { return commit_index_; }
  std::optional<NodeId> leader() const { return leader_; }

 private:
  std::int64_t last_index() const { return static_cast<std::int64_t>(log_.size()); }
  std::int64_t term_at(std::int64_t index) const { return index <= 0 ? 0 : log_[static_cast<std::size_t>(index - 1)].term; }
  void reset_election_timer(sim::Context& context);
  void become_follower(std::int64_t term, sim::Context& context);
  void start_election(sim::Context& context);
  void become_leader(sim::Context& context);
  void send_append(NodeId peer, sim::Context& context);
  // Flow control: a client write goes only to followers with no AppendEntries awaiting a reply (the
  // others get it, batched, with their next reply); heartbeats and a new leader's first round go to all,
  // which also recovers from a lost message.
  enum class Urgency : std::uint8_t { idle_peers, everyone };
  void broadcast_append(Urgency urgency, sim::Context& context);
  void advance_commit(sim::Context& context);
  void apply_committed(sim::Context& context);
  void on_request_vote(const sim::Message& message, sim::Context& context);
  void on_request_vote_reply(const sim::Message& message, sim::Context& context);
  void on_append_entries(const sim::Message& message, sim::Context& context);
  void on_append_entries_reply(const sim::Message& message, sim::Context& context);
  // Adopts a higher term seen in any message; returns false if the message's term is stale.
  bool observe_term(std::int64_t message_term, sim::Context& context);

  Params params_;
  std::size_t node_count_;
  // Persistent.
  std::int64_t term_ = 0;
  std::optional<NodeId> voted_for_;
  std::vector<LogEntry> log_;
  // Volatile.
  Role role_ = Role::follower;
  std::optional<NodeId> leader_;
  std::int64_t commit_index_ = 0;
  std::int64_t last_applied_ = 0;
  std::set<std::uint16_t> votes_;
  std::vector<std::int64_t> next_index_;
  std::vector<std::int64_t> match_index_;
  std::vector<bool> awaiting_reply_;  // per follower: an AppendEntries was sent and no reply has come back
  std::set<std::int64_t> pending_acks_;  // indexes of this leader's client writes not yet acknowledged
  std::int64_t highest_ignored_term_ = 0;  // step_down: never, so the trace notes each newer term once
};

ProtocolSpec raft_protocol();

}  // namespace coordlab::protocols::raft

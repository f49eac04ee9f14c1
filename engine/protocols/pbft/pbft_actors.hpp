// The PBFT replica and client actors (see pbft.hpp for the protocol, layout and trace notes).
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "protocols/pbft/pbft.hpp"
#include "protocols/pbft/pbft_codec.hpp"

namespace coordlab::protocols::pbft {

struct Vote {
  std::int64_t sender = 0;
  std::string digest;
  std::string signature;
};

// How many distinct replicas (other than `excluded`) voted for `digest`.
std::int64_t distinct_senders(const std::vector<Vote>& votes, const std::string& digest, std::optional<std::int64_t> excluded);

// One sequence number in the current view.
struct Slot {
  std::optional<std::string> digest;  // of the accepted PRE-PREPARE
  Batch batch;
  std::string preprepare_signature;
  std::vector<Vote> prepares;  // every PREPARE received (counted by sender or, in the course variant, by message)
  std::vector<Vote> commits;
  bool prepared = false;
  bool committed = false;
};

class PbftReplica final : public sim::Actor {
 public:
  PbftReplica(Params params, Cluster cluster, std::int64_t self, std::string_view persisted);
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<PbftReplica>(*this); }

  void start(sim::Context& context) override;
  void handle_message(const sim::Message& message, sim::Context& context) override;
  void handle_timer(std::uint16_t timer_kind, sim::Context& context) override;
  Status handle_input(std::string_view text, sim::Context& context) override;
  void set_byzantine(std::string_view kind) override;
  std::string persistent_state() const override;
  std::string role() const override;
  void describe(sim::StateWriter& writer) const override;

  // Read-only access for checks, tests and the inspector.
  std::int64_t view() const { return view_; }
  bool view_changing() const { return view_changing_; }
  std::int64_t last_executed() const { return last_executed_; }
  std::int64_t low_watermark() const { return stable_seq_; }
  std::int64_t high_watermark() const { return stable_seq_ + params_.log_window; }
  const std::map<std::int64_t, Slot>& log() const { return log_; }
  const Cluster& cluster() const { return cluster_; }

 private:
  struct CheckpointVote {
    std::string state, chain, clients, signature;
  };

  bool is_primary() const { return cluster_.primary_of(view_) == self_; }
  bool in_window(std::int64_t seq) const { return seq > stable_seq_ && seq <= stable_seq_ + params_.log_window; }
  std::int64_t count_matching(const std::vector<Vote>& votes, const std::string& digest, std::optional<std::int64_t> excluded) const;
  // Sending, with the Byzantine behaviours applied on the way out.
  void send_to(std::int64_t to, MessageType type, const std::string& payload, sim::Context& context);
  void multicast(MessageType type, const std::string& payload, sim::Context& context);
  void send_vote(MessageType type, std::int64_t seq, const std::string& digest, sim::Context& context);
  // Normal case (pbft_replica.cpp).
  void on_request(const sim::Message& message, sim::Context& context);
  void assign_pending(sim::Context& context);
  void send_preprepare(std::int64_t seq, const Batch& batch, sim::Context& context);
  bool holding_for_batch() const;
  void on_preprepare(const sim::Message& message, sim::Context& context);
  void on_vote(const sim::Message& message, sim::Context& context);
  void advance(std::int64_t seq, sim::Context& context);
  void execute_ready(sim::Context& context);
  void execute(std::int64_t seq, const Batch& batch, const std::string& digest, sim::Context& context);
  void reply_once(std::int64_t seq, const Request& request, sim::Context& context);
  std::string reply_payload(std::int64_t seq, const Request& request) const;
  void on_checkpoint(const sim::Message& message, sim::Context& context);
  void try_stabilize(std::int64_t seq, sim::Context& context);
  void transfer_state(std::int64_t seq, const std::string& state, const std::map<std::int64_t, CheckpointVote>& votes, sim::Context& context);
  void make_stable(std::int64_t seq, const std::string& state, std::map<std::int64_t, std::string> proof, sim::Context& context);
  void send_own_checkpoint(sim::Context& context);
  void retransmit(sim::Context& context);
  void update_request_timer(sim::Context& context);
  void forget_executed_requests();
  // View change (pbft_view_change.cpp).
  void start_view_change(std::int64_t new_view, sim::Context& context);
  ViewChangeMessage own_view_change(std::int64_t new_view, sim::Context& context) const;
  void on_view_change(const sim::Message& message, bool is_copy, sim::Context& context);
  void maybe_join_view_change(sim::Context& context);
  void try_send_new_view(sim::Context& context);
  void on_new_view(const sim::Message& message, sim::Context& context);
  void try_accept_new_view(sim::Context& context);
  void enter_view(std::int64_t view, const NewViewPlan& plan, const std::map<std::int64_t, std::string>& signatures, sim::Context& context);
  std::vector<ViewChangeMessage> held_view_changes(std::int64_t view) const;

  Params params_;
  Cluster cluster_;
  std::int64_t self_;
  Byzantine byzantine_ = Byzantine::none;
  // Persistent.
  std::int64_t view_ = 0;
  std::int64_t last_executed_ = 0;
  std::string chain_ = "0";
  std::map<std::int64_t, std::int64_t> client_table_;  // client -> last executed timestamp
  std::int64_t stable_seq_ = 0;
  std::string stable_state_ = "0";
  std::map<std::int64_t, std::string> stable_proof_;
  std::int64_t max_voted_seq_ = 0;  // in view_
  // Volatile.
  std::int64_t restart_vote_bound_ = 0;  // after a restart: no votes at or below this sequence in view_
  bool view_changing_ = false;
  std::int64_t next_seq_ = 1;  // the primary's next sequence number
  std::map<std::int64_t, Slot> log_;
  std::map<std::int64_t, Certificate> certificates_;  // highest-view prepared certificate per sequence number
  std::map<std::int64_t, std::pair<Batch, std::string>> committed_;  // committed-local, not yet executed
  std::set<std::int64_t> executed_early_;  // the out_of_order course variant only
  std::map<std::pair<std::int64_t, std::int64_t>, Request> pending_;  // (client, t) -> received, not executed
  std::map<std::int64_t, std::int64_t> last_reply_seq_;  // client -> sequence number of its last executed request
  std::map<std::int64_t, std::map<std::int64_t, CheckpointVote>> checkpoint_votes_;  // seq -> sender -> vote
  std::optional<std::pair<std::int64_t, CheckpointVote>> own_checkpoint_;
  std::map<std::int64_t, std::map<std::int64_t, std::string>> view_changes_;  // view -> sender -> payload
  std::optional<NewViewMessage> pending_new_view_;
  std::string last_new_view_payload_;  // as primary of view_, for replicas that missed it
  std::int64_t view_change_timeout_ticks_ = 0;
  bool request_timer_running_ = false;
  bool assigning_ = false;  // inside assign_pending
};

class PbftClient final : public sim::Actor {
 public:
  PbftClient(Params params, Cluster cluster, std::int64_t self, std::string_view persisted);
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<PbftClient>(*this); }

  void start(sim::Context& context) override { (void)context; }
  void handle_message(const sim::Message& message, sim::Context& context) override;
  void handle_timer(std::uint16_t timer_kind, sim::Context& context) override;
  Status handle_input(std::string_view text, sim::Context& context) override;
  std::string persistent_state() const override { return "t=" + std::to_string(last_timestamp_); }
  std::string role() const override { return "client"; }
  void describe(sim::StateWriter& writer) const override;

  std::size_t accepted_count() const { return accepted_; }
  std::size_t waiting_count() const { return queue_.size() + (current_ ? 1 : 0); }

 private:
  void send_next(sim::Context& context);
  void send_current(bool to_every_replica, sim::Context& context);
  void learn_view();

  Params params_;
  Cluster cluster_;
  std::int64_t self_;
  std::int64_t last_timestamp_ = 0;
  std::int64_t known_view_ = 0;  // the view whose primary gets new requests (client_sends_to "primary")
  std::vector<Request> queue_;
  std::optional<Request> current_;
  std::map<std::int64_t, std::pair<std::int64_t, std::string>> replies_;  // replica -> (seq, op) for current_
  std::map<std::int64_t, std::int64_t> reply_views_;                      // replica -> view its latest reply named
  std::size_t accepted_ = 0;
};

}  // namespace coordlab::protocols::pbft

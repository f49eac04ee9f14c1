// Invariants checked after every world step of a run, without rescanning the trace each time: the
// notes are read once as they arrive, and conditions on the replicas' state are checked against the
// world after each step (a step handles one delivery, timer or command atomically, so there is no
// state in between to look at). Used by the seed sweeps; the named checks in check.hpp evaluate the
// same predicates on one point of a run.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "check/check.hpp"

namespace coordlab::check {

struct StreamFailure {
  std::string check_id;
  CheckResult result;
};

// What Raft's notes have said so far ("role=leader", "apply", "ack"), with the first violation of a
// trace-only invariant. The named raft.* checks fold a whole prefix into one of these.
struct RaftNoteFacts {
  struct Applied {
    std::int64_t index = 0, term = 0;
    std::string command;
    std::uint16_t node = 0;
    std::size_t event = 0;
    // The lowest term any replica was in when it applied the entry: the entry was committed in this
    // term or an earlier one, so every leader of a later term must hold it.
    std::int64_t committed_by_term = 0;
  };
  std::size_t events_read = 0;
  std::map<std::int64_t, std::uint16_t> leader_of_term;
  std::map<std::int64_t, Applied> first_applied;  // by index
  std::vector<Applied> distinct_applied;          // each distinct (index, term, command), in trace order
  struct Acked {
    std::string command;
    std::size_t event = 0;
    std::int64_t term = 0;  // the acknowledging leader's term (when it appended the write)
  };
  std::map<std::uint16_t, std::int64_t> node_term;  // each node's latest term, from its "role=" notes
  std::map<std::int64_t, Acked> acked;                // by index; the first acknowledgement

  std::optional<CheckResult> election_violation, apply_violation, ack_violation;

  // Reads the notes among events [events_read, input.event_count).
  void read(const CheckInput& input);
};

// raft.election_safety, raft.log_matching, raft.leader_completeness, raft.state_machine_safety and
// raft.no_lost_acked_write, after every step.
class RaftInvariantStream {
 public:
  // Call after each world step: reads the new events and checks the live replicas as they are now.
  void advance(const CheckInput& input);
  const std::optional<StreamFailure>& failure() const { return failure_; }
  std::size_t states_checked() const { return states_checked_; }

 private:
  RaftNoteFacts facts_;
  std::optional<StreamFailure> failure_;
  std::size_t states_checked_ = 0;
};

}  // namespace coordlab::check

// FIPA Contract Net (SC00029H) over the simulated network: node 0 is the manager (the Initiator),
// every other node a contractor (a Participant).
//
// Per task the manager sends a call for proposals (cfp) with a `reply_by` deadline to every contractor
// it has not struck off for that task. A contractor proposes a price (in cents) or refuses. At the
// deadline, or earlier once every contractor answered (JADE's ContractNetInitiator), the manager
// accepts the cheapest proposal (ties: the lowest node) and rejects the rest; a proposal that arrives
// after `reply_by` is rejected as late. The accepted contractor works and reports inform-done or
// failure. A contractor waits for accept/reject only until its own proposal's reply-by (JADE's
// ContractNetResponder): silence counts as a reject. So a lost accept-proposal leaves the contractor
// idle while the manager waits; the manager's result deadline closes such an award (it sends cancel),
// strikes the contractor off for that task and re-announces, as it does after a failure, an empty
// round or a crash. After `max_rounds` calls the task is reported unassignable.
//
// Every message carries the manager's conversation id `conv=TASK.ROUND`; a message for an older round
// is out of sequence and ignored (a late proposal gets a reject). A contractor remembers the tasks it
// finished: a new cfp for one of them is answered with inform-done again (idempotent re-award).
//
// A manager that crashes keeps its contract log (persistent_state): on restart it cancels every award
// that was open, and announces every unsettled task again in a new round.
//
// Variants that a lesson lets the learner watch fail: "result_deadline_ticks": 0 (wait for the result
// forever), "on_failure": "give_up" (a failed task is dropped), "deadline": "wait_for_all" (the manager
// ignores reply-by and waits until every contractor answered, accepting late proposals).
//
// Input: manager "announce task=NAME"; with "manager": "learner", "accept task=NAME node=nK" (given
// before the call closes it is kept for it; FIPA allows accepting several proposals, the other
// proposals are rejected when the decision window ends). A contractor with "strategy": "learner" takes
// "propose task=NAME cents=P" or "refuse task=NAME" (kept until the task's cfp arrives).
// Trace notes (read by the cnet.* checks), all by the manager unless marked:
//   "cfp task=T conv=C round=R reply_by=X to=1,2"      "propose task=T conv=C node=N price=P at=X reply_by=Y late=0|1"
//   "refuse task=T conv=C node=N"                       "decide task=T conv=C proposals=K"
//   "award task=T conv=C node=N price=P result_by=X"    (result_by=none when there is no result deadline)
//   "done task=T conv=C node=N"    "failure task=T conv=C node=N reason=failed|result_timeout|no_proposals|decision_timeout"
//   "reannounce task=T"   "unassignable task=T reason=..."   "abandoned task=T" (give_up variant)
//   contractor: "work task=T conv=C", "finished task=T conv=C outcome=done|failure", "accept_after_timeout conv=C"
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocols/protocol_spec.hpp"

namespace coordlab::allocation {

enum CnetMessage : std::uint16_t { kCfp, kPropose, kRefuse, kAcceptProposal, kRejectProposal, kInformDone, kFailure, kCancel };
enum CnetTimer : std::uint16_t { kCnetWake };

enum class CnetDeadline : std::uint8_t { reply_by, wait_for_all };
enum class CnetOnFailure : std::uint8_t { reannounce, give_up };
enum class CnetManager : std::uint8_t { lowest_price, learner };
enum class CnetStrategy : std::uint8_t { automatic, learner };

struct ContractorProfile {
  std::int64_t price_cents = 1'000;  // what it proposes
  std::int64_t work_ticks = 20;      // how long the task takes once accepted
  std::int64_t fail_permille = 0;    // chance that the work fails (reported with failure)
  bool capable = true;               // an incapable contractor refuses every call
  CnetStrategy strategy = CnetStrategy::automatic;
};

struct ContractNetParams {
  std::vector<std::string> tasks;            // announced by the manager when it boots
  std::int64_t reply_window_ticks = 30;      // cfp reply-by = now + this
  std::int64_t decision_window_ticks = 30;   // a proposal's own reply-by = cfp reply-by + this
  std::int64_t result_deadline_ticks = 200;  // after accepting; 0 = wait forever (variant)
  std::int64_t max_rounds = 5;               // calls per task before it is unassignable
  CnetDeadline deadline = CnetDeadline::reply_by;
  CnetOnFailure on_failure = CnetOnFailure::reannounce;
  CnetManager manager = CnetManager::lowest_price;
  std::vector<ContractorProfile> contractors;  // contractor i is node i + 1; missing ones get the defaults
};

// A task name or a conversation id: 1-32 letters, digits, _ and -.
bool valid_task_name(std::string_view name);

protocols::ProtocolSpec contract_net_protocol();

// A manager's task counts (for the benchmark); nullopt when `actor` is not a contract net manager.
struct CnetProgress {
  std::int64_t tasks = 0;
  std::int64_t settled = 0;  // done, unassignable or abandoned
};
std::optional<CnetProgress> cnet_manager_progress(const sim::Actor& actor);

}  // namespace coordlab::allocation

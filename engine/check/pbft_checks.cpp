// pbft.*: PBFT's safety properties over honest replicas, a progress goal, the distinct-quorum rule, and
// the quorum-intersection question of lesson I7. Read from the trace notes documented in
// protocols/pbft/pbft.hpp. A replica's notes count until a "byzantine" event (other than "none") names
// it; from then on they are ignored.
#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "check/notes.hpp"
#include "protocols/pbft/pbft_actors.hpp"

namespace coordlab::check {
namespace {

using protocols::PayloadReader;

std::string node_name(const CheckInput& input, std::uint16_t node) { return std::string(input.trace.node_name(node)); }

// For each node made Byzantine among the evaluated events, the index of the first such event. Its
// notes from then on are ignored (even if it is made honest again: its state may be corrupt); notes
// written before, while it ran the honest code, count. That keeps every pbft.* invariant prefix-closed:
// a verdict about event i never changes when later events are added.
std::map<std::uint16_t, std::size_t> byzantine_since(const CheckInput& input) {
  std::map<std::uint16_t, std::size_t> since;
  for (std::size_t i = 0; i < input.event_count; ++i) {
    const sim::TraceEvent& event = input.trace.event(i);
    if (event.kind == sim::EventKind::byzantine && input.trace.text(event.subject) != "none") since.emplace(event.node, i);
  }
  return since;
}

bool excused(const std::map<std::uint16_t, std::size_t>& since, std::uint16_t node, std::size_t event) {
  auto it = since.find(node);
  return it != since.end() && event > it->second;
}

// Calls `visit` for notes with `prefix` written by honest nodes.
void for_each_honest_note(const CheckInput& input, std::string_view prefix,
                          const std::function<bool(std::size_t, std::uint16_t, const PayloadReader&)>& visit) {
  const std::map<std::uint16_t, std::size_t> since = byzantine_since(input);
  for_each_note(input, prefix, [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    return excused(since, node, event) || visit(event, node, note);
  });
}

std::string executed_request(const PayloadReader& note) {
  return std::string(note.text("client").value_or("?")) + "/" + std::string(note.text("t").value_or("?")) + "/" +
         std::string(note.text("op").value_or("?"));
}

// The requests an "execute" note names, in batch order, as "client/t/op" (a batch note lists them as
// "batch=C:T:O/C:T:O"), each with whether it is the null request.
struct ExecutedRequest {
  std::string request;
  bool is_null = false;
};
std::vector<ExecutedRequest> executed_requests(const PayloadReader& note) {
  std::optional<std::string_view> batch = note.text("batch");
  if (!batch) return {ExecutedRequest{executed_request(note), note.integer("client").value_or(-1) == protocols::pbft::kNullClient}};
  std::vector<ExecutedRequest> requests;
  for (std::string_view item : protocols::pbft::split(*batch, '/')) {
    std::string request(item);
    std::replace(request.begin(), request.end(), ':', '/');
    requests.push_back(ExecutedRequest{request, request.rfind(std::to_string(protocols::pbft::kNullClient) + "/", 0) == 0});
  }
  return requests;
}

CheckResult agreement(const CheckInput& input, const Json&) {
  struct Executed {
    std::string digest, requests;
    std::uint16_t node;
  };
  std::map<std::int64_t, Executed> by_seq;
  CheckResult result = pass("honest replicas executed the same request at every sequence number");
  for_each_honest_note(input, "execute ", [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    const std::int64_t seq = note.integer("seq").value_or(-1);
    std::string requests;
    for (const ExecutedRequest& executed : executed_requests(note)) requests += (requests.empty() ? "" : " ") + executed.request;
    Executed executed{std::string(note.text("digest").value_or("")), requests, node};
    auto [it, inserted] = by_seq.emplace(seq, executed);
    if (inserted || (it->second.digest == executed.digest && it->second.requests == executed.requests)) return true;
    result = fail(node_name(input, it->second.node) + " executed " + it->second.requests + " (digest " + it->second.digest + ") at seq " +
                      std::to_string(seq) + " but " + node_name(input, node) + " executed " + executed.requests + " (digest " +
                      executed.digest + ").",
                  event);
    return false;
  });
  if (result.passed) result.reason += " (" + std::to_string(by_seq.size()) + " sequence number(s))";
  return result;
}

CheckResult validity(const CheckInput& input, const Json&) {
  std::set<std::string> submitted;
  for_each_note(input, "submit ", [&](std::size_t, std::uint16_t, const PayloadReader& note) {
    submitted.insert(executed_request(note));
    return true;
  });
  CheckResult result = pass("every executed request was submitted by a client");
  // Submissions precede executions in the trace, but a whole-trace set is simpler and equally strict.
  for_each_honest_note(input, "execute ", [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    for (const ExecutedRequest& executed : executed_requests(note)) {
      if (executed.is_null || submitted.count(executed.request) > 0) continue;
      result = fail(node_name(input, node) + " executed " + executed.request + ", which no client submitted.", event);
      return false;
    }
    return true;
  });
  return result;
}

CheckResult total_order(const CheckInput& input, const Json&) {
  std::map<std::uint16_t, std::int64_t> last_seq;  // per replica: the last sequence number executed
  CheckResult result = pass("every honest replica executed sequence numbers in order without gaps");
  const std::map<std::uint16_t, std::size_t> since = byzantine_since(input);
  for (std::size_t i = 0; i < input.event_count && result.passed; ++i) {
    const sim::TraceEvent& event = input.trace.event(i);
    if (event.kind != sim::EventKind::note || excused(since, event.node, i)) continue;
    std::string_view text = input.trace.text(event.subject);
    const bool executed = text.substr(0, 8) == "execute ";
    if (!executed && text.substr(0, 15) != "state_transfer ") continue;
    const std::int64_t seq = PayloadReader(text).integer("seq").value_or(-1);
    std::int64_t& last = last_seq[event.node];
    // A state transfer legitimately skips ahead to a stable checkpoint; an execution (a whole batch) must
    // be the next sequence number.
    if (executed ? seq == last + 1 : seq > last) {
      last = seq;
      continue;
    }
    result = fail(node_name(input, event.node) + (executed ? " executed seq " : " transferred state to seq ") + std::to_string(seq) +
                      " after seq " + std::to_string(last) + ".",
                  i);
  }
  return result;
}

// The correct quorum for the run, from any replica (they all share the cluster's n and f).
std::optional<std::int64_t> correct_quorum(const CheckInput& input) {
  for (std::size_t i = 0; i < input.world.node_count(); ++i) {
    const auto* replica = dynamic_cast<const protocols::pbft::PbftReplica*>(input.world.actor(NodeId{static_cast<std::uint16_t>(i)}));
    if (replica == nullptr) continue;
    const auto& cluster = replica->cluster();
    return protocols::pbft::quorum_size(cluster.replica_count, cluster.fault_bound, protocols::pbft::QuorumRule::correct);
  }
  return std::nullopt;
}

CheckResult prepared_by_quorum(const CheckInput& input, const Json&) {
  std::optional<std::int64_t> quorum = correct_quorum(input);
  if (!quorum) return pass("no live PBFT replica to size the quorum from");
  CheckResult result = pass("every honest prepared/committed rested on " + std::to_string(*quorum) + " distinct replicas");
  for (std::string_view prefix : {"prepared ", "committed "}) {
    for_each_honest_note(input, prefix, [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
      const std::int64_t senders = note.integer("senders").value_or(0);
      if (senders >= *quorum) return true;
      if (!result.passed && result.first_violation < event) return false;
      result = fail(node_name(input, node) + " reached " + std::string(prefix.substr(0, prefix.size() - 1)) + " at seq " +
                        std::to_string(note.integer("seq").value_or(-1)) + " with " + std::to_string(senders) +
                        " distinct replica(s); a quorum is " + std::to_string(*quorum) + ".",
                    event);
      return false;
    });
  }
  return result;
}

CheckResult progress_after_stabilization(const CheckInput& input, const Json& args) {
  const std::int64_t wanted = args["requests"].get<std::int64_t>();
  const std::int64_t within = args["within_ticks"].get<std::int64_t>();
  Tick stable_from{0};
  for (std::size_t i = 0; i < input.event_count; ++i) {
    const sim::TraceEvent& event = input.trace.event(i);
    switch (event.kind) {
      case sim::EventKind::crash:
      case sim::EventKind::restart:
      case sim::EventKind::partition:
      case sim::EventKind::heal:
      case sim::EventKind::network:
      case sim::EventKind::byzantine: stable_from = event.tick; break;
      default: break;
    }
  }
  std::int64_t accepted = 0;
  for_each_note(input, "client_accept ", [&](std::size_t event, std::uint16_t, const PayloadReader&) {
    const Tick tick = input.trace.event(event).tick;
    accepted += tick >= stable_from && tick - stable_from <= within ? 1 : 0;
    return true;
  });
  const std::string since = "since tick " + std::to_string(stable_from.value) + " (the last fault or heal)";
  if (accepted >= wanted) return pass("clients accepted " + std::to_string(accepted) + " request(s) " + since + ".");
  return fail("clients accepted " + std::to_string(accepted) + " of " + std::to_string(wanted) + " request(s) within " +
              std::to_string(within) + " ticks " + since + ".");
}

CheckResult quorum_intersection(const CheckInput&, const Json& args) {
  const std::int64_t n = args["n"].get<std::int64_t>(), f = args["f"].get<std::int64_t>(), q = args["q"].get<std::int64_t>();
  if (f > n) return fail("f cannot exceed n.");
  auto pair = protocols::pbft::find_quorums_without_honest_overlap(n, f, q);
  if (!pair) {
    if (q > n - f) return pass("any two quorums of " + std::to_string(q) + " share an honest replica, but with " + std::to_string(f) +
                               " silent replicas no quorum can form (q > n - f).");
    return pass("any two quorums of " + std::to_string(q) + " among " + std::to_string(n) + " share at least " + std::to_string(2 * q - n) +
                " replicas, more than f = " + std::to_string(f) + ", so at least one honest one.");
  }
  auto names = [](const std::vector<std::int64_t>& ids) {
    std::string text;
    for (std::int64_t id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
    return "{" + text + "}";
  };
  return fail("quorums " + names(pair->first) + " and " + names(pair->second) + " overlap only in " + names(pair->byzantine) +
              ", which can all be Byzantine: no honest replica in common.");
}

CheckSpec make(std::string id, CheckKind kind, std::string summary, CheckResult (*evaluate)(const CheckInput&, const Json&),
               std::vector<ArgSpec> args = {}) {
  return CheckSpec{std::move(id), kind, "pbft", std::move(summary), std::move(args), evaluate};
}

}  // namespace

std::vector<CheckSpec> pbft_checks() {
  constexpr std::int64_t kMaxN = 1000;
  return {
      make("pbft.agreement", CheckKind::invariant, "no two honest replicas execute different requests (digests) at the same sequence number",
           agreement),
      make("pbft.validity", CheckKind::invariant, "every request an honest replica executes was submitted by a client", validity),
      make("pbft.total_order", CheckKind::invariant,
           "each honest replica executes sequence numbers in increasing order without gaps (null requests count)", total_order),
      make("pbft.prepared_by_quorum", CheckKind::invariant,
           "an honest replica reaches prepared or committed only with a quorum of distinct replicas", prepared_by_quorum),
      make("pbft.progress_after_stabilization", CheckKind::goal,
           "after the last fault or heal, clients accept `requests` more requests within `within_ticks`", progress_after_stabilization,
           {ArgSpec{"requests", ArgType::integer, "accepted requests needed", Json(1), 1, 1'000'000},
            ArgSpec{"within_ticks", ArgType::integer, "ticks allowed after the last fault or heal", Json(3000), 1, 1'000'000'000}}),
      make("pbft.quorum_intersection", CheckKind::goal,
           "every two quorums of size q among n replicas share an honest one when f are Byzantine (lesson I7; ignores the run)",
           quorum_intersection,
           {ArgSpec{"n", ArgType::integer, "replicas", Json(4), 1, kMaxN}, ArgSpec{"f", ArgType::integer, "Byzantine replicas", Json(1), 0, kMaxN},
            ArgSpec{"q", ArgType::integer, "quorum size", Json(3), 1, kMaxN}}),
  };
}

}  // namespace coordlab::check

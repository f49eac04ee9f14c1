// raft.*: Raft's safety properties (Ongaro & Ousterhout, figure 3) and goals for lessons, read from the
// replicas' trace notes ("role=leader term=T", "apply index=I term=T cmd=C", "ack index=I cmd=C") and
// from the live replicas' logs at the evaluated point.
#include <algorithm>
#include <map>

#include "check/notes.hpp"
#include "check/streaming.hpp"
#include "protocols/raft/raft.hpp"

namespace coordlab::check {
namespace {

using protocols::raft::LogEntry;
using protocols::raft::RaftActor;
using protocols::raft::Role;

std::string node_name(const CheckInput& input, std::uint16_t node) { return std::string(input.trace.node_name(node)); }

// The live Raft replicas at the evaluated point, with their node index.
std::vector<std::pair<std::uint16_t, const RaftActor*>> live_replicas(const CheckInput& input) {
  std::vector<std::pair<std::uint16_t, const RaftActor*>> replicas;
  for (std::size_t i = 0; i < input.world.node_count(); ++i) {
    const auto* replica = dynamic_cast<const RaftActor*>(input.world.actor(NodeId{static_cast<std::uint16_t>(i)}));
    if (replica != nullptr) replicas.emplace_back(static_cast<std::uint16_t>(i), replica);
  }
  return replicas;
}

std::optional<std::size_t> last_event(const CheckInput& input) {
  return input.event_count == 0 ? std::nullopt : std::optional<std::size_t>(input.event_count - 1);
}

// The named checks fold the whole evaluated prefix; the stream folds it a step at a time.
RaftNoteFacts facts_of(const CheckInput& input) {
  RaftNoteFacts facts;
  facts.read(input);
  return facts;
}

CheckResult election_safety(const CheckInput& input, const Json&) {
  const RaftNoteFacts facts = facts_of(input);
  if (facts.election_violation) return *facts.election_violation;
  return pass("no term had two leaders (" + std::to_string(facts.leader_of_term.size()) + " leader(s) elected)");
}

CheckResult state_machine_safety(const CheckInput& input, const Json&) {
  const RaftNoteFacts facts = facts_of(input);
  return facts.apply_violation ? *facts.apply_violation : pass("every replica applied the same command at each index");
}

CheckResult logs_match(const CheckInput& input) {
  auto replicas = live_replicas(input);
  for (std::size_t a = 0; a < replicas.size(); ++a) {
    for (std::size_t b = a + 1; b < replicas.size(); ++b) {
      const auto& log_a = replicas[a].second->log();
      const auto& log_b = replicas[b].second->log();
      const std::size_t common = std::min(log_a.size(), log_b.size());
      // Find the last index where both logs hold an entry of the same term; everything before must match.
      for (std::size_t i = common; i-- > 0;) {
        if (log_a[i].term != log_b[i].term) continue;
        for (std::size_t j = 0; j <= i; ++j) {
          if (log_a[j] == log_b[j]) continue;
          return fail(node_name(input, replicas[a].first) + " and " + node_name(input, replicas[b].first) +
                          " agree on the term at index " + std::to_string(i + 1) + " but differ at index " +
                          std::to_string(j + 1) + ".",
                      last_event(input));
        }
        break;
      }
    }
  }
  return pass("the live replicas' logs match wherever they hold an entry of the same term");
}

CheckResult log_matching(const CheckInput& input, const Json&) { return logs_match(input); }

// Leader completeness: every live leader of a term after the one an applied entry was committed in holds
// that entry. (A leader of an earlier term may lack it: with the figure 8 rule an old entry can commit
// in a later term, and a cut-off leader of an old term may not have heard of it yet.)
CheckResult leaders_complete(const CheckInput& input, const RaftNoteFacts& facts) {
  auto replicas = live_replicas(input);
  for (const RaftNoteFacts::Applied& applied : facts.distinct_applied) {
    for (const auto& [node, replica] : replicas) {
      if (replica->current_role() != Role::leader || replica->current_term() <= applied.committed_by_term) continue;
      const auto& log = replica->log();
      const auto index = static_cast<std::size_t>(applied.index);
      if (applied.index >= 1 && index <= log.size() && log[index - 1] == LogEntry{applied.term, applied.command}) continue;
      return fail("leader " + node_name(input, node) + " (term " + std::to_string(replica->current_term()) +
                      ") lacks the committed entry " + std::to_string(applied.index) + ":" + applied.command + ".",
                  applied.event);
    }
  }
  return pass("every leader's log holds every committed entry of earlier terms");
}

CheckResult leader_completeness(const CheckInput& input, const Json&) { return leaders_complete(input, facts_of(input)); }

// No acknowledged write was replaced in any replica's state machine, and every live leader of its term or
// a later one holds it.
CheckResult acked_writes_kept(const CheckInput& input, const RaftNoteFacts& facts) {
  if (facts.ack_violation) return *facts.ack_violation;
  for (const auto& [node, replica] : live_replicas(input)) {
    if (replica->current_role() != Role::leader) continue;
    for (const auto& [index, acknowledged] : facts.acked) {
      // A leader of an older term, cut off and not yet told, need not know later writes.
      if (replica->current_term() < acknowledged.term) continue;
      const auto& log = replica->log();
      if (static_cast<std::size_t>(index) <= log.size() && index >= 1 && log[static_cast<std::size_t>(index - 1)].command == acknowledged.command) continue;
      return fail("the client was told \"" + acknowledged.command + "\" was written at index " + std::to_string(index) +
                      ", but leader " + node_name(input, node) + " (term " + std::to_string(replica->current_term()) +
                      ") does not have it.",
                  last_event(input));
    }
  }
  return pass(std::to_string(facts.acked.size()) + " acknowledged write(s), none lost");
}

CheckResult no_lost_acked_write(const CheckInput& input, const Json&) { return acked_writes_kept(input, facts_of(input)); }

CheckResult leader_elected(const CheckInput& input, const Json& args) {
  const std::int64_t min_term = args["min_term"].get<std::int64_t>();
  const bool after_crash = args["after_crash"].get<bool>();
  std::optional<std::size_t> crash_event;
  for (std::size_t i = 0; i < input.event_count && after_crash && !crash_event; ++i)
    if (input.trace.event(i).kind == sim::EventKind::crash) crash_event = i;
  if (after_crash && !crash_event) return fail("no node has crashed yet: crash the leader first.");
  std::optional<std::pair<std::uint16_t, std::int64_t>> found;
  for_each_note(input, "role=leader ", [&](std::size_t event, std::uint16_t node, const protocols::PayloadReader& note) {
    std::int64_t term = note.integer("term").value_or(0);
    if (term < min_term || (crash_event && event < *crash_event)) return true;
    found = std::make_pair(node, term);
    return false;
  });
  if (!found) {
    return fail(after_crash ? "no leader has been elected since the crash yet." : "no leader with term >= " + std::to_string(min_term) + " yet.");
  }
  return pass(node_name(input, found->first) + " became leader in term " + std::to_string(found->second) + ".");
}

CheckSpec make(std::string id, CheckKind kind, std::string summary, CheckResult (*evaluate)(const CheckInput&, const Json&),
               std::vector<ArgSpec> args = {}) {
  return CheckSpec{std::move(id), kind, "raft", std::move(summary), std::move(args), evaluate};
}

}  // namespace

namespace {

std::string lost_write_reason(const CheckInput& input, std::int64_t index, const std::string& acked, std::uint16_t node,
                              const std::string& applied) {
  return "the client was told \"" + acked + "\" was written at index " + std::to_string(index) + ", but " + node_name(input, node) +
         " applied \"" + applied + "\" there.";
}

// Keeps the earliest lost-write violation: an ack can reveal an apply that came before it.
void note_lost_write(RaftNoteFacts& facts, CheckResult violation) {
  if (!facts.ack_violation || *violation.first_violation < *facts.ack_violation->first_violation) facts.ack_violation = std::move(violation);
}

void read_leader(RaftNoteFacts& facts, const CheckInput& input, std::size_t event, std::uint16_t node, const protocols::PayloadReader& note) {
  const std::int64_t term = note.integer("term").value_or(-1);
  auto [it, inserted] = facts.leader_of_term.emplace(term, node);
  if (inserted || it->second == node || facts.election_violation) return;
  facts.election_violation = fail(node_name(input, it->second) + " and " + node_name(input, node) + " were both leader in term " +
                                      std::to_string(term) + ".",
                                  event);
}

void read_apply(RaftNoteFacts& facts, const CheckInput& input, std::size_t event, std::uint16_t node, const protocols::PayloadReader& note) {
  auto node_term = facts.node_term.find(node);
  RaftNoteFacts::Applied applied{note.integer("index").value_or(-1), note.integer("term").value_or(0), std::string(note.text("cmd").value_or("")),
                                 node, event, node_term == facts.node_term.end() ? 0 : node_term->second};
  auto [it, inserted] = facts.first_applied.emplace(applied.index, applied);
  if (!inserted && it->second.command != applied.command && !facts.apply_violation) {
    facts.apply_violation = fail(node_name(input, it->second.node) + " applied \"" + it->second.command + "\" at index " +
                                     std::to_string(applied.index) + " but " + node_name(input, node) + " applied \"" + applied.command + "\".",
                                 event);
  }
  auto seen = std::find_if(facts.distinct_applied.begin(), facts.distinct_applied.end(), [&](const RaftNoteFacts::Applied& other) {
    return other.index == applied.index && other.term == applied.term && other.command == applied.command;
  });
  if (seen == facts.distinct_applied.end()) facts.distinct_applied.push_back(applied);
  else seen->committed_by_term = std::min(seen->committed_by_term, applied.committed_by_term);
  auto acked = facts.acked.find(applied.index);
  if (acked != facts.acked.end() && acked->second.command != applied.command) {
    note_lost_write(facts, fail(lost_write_reason(input, applied.index, acked->second.command, node, applied.command), event));
  }
}

void read_ack(RaftNoteFacts& facts, const CheckInput& input, std::size_t event, std::uint16_t node, const protocols::PayloadReader& note) {
  const std::int64_t index = note.integer("index").value_or(0);
  auto term = facts.node_term.find(node);  // the acknowledging leader's term
  RaftNoteFacts::Acked acked{std::string(note.text("cmd").value_or("")), event, term == facts.node_term.end() ? 0 : term->second};
  auto [it, inserted] = facts.acked.emplace(index, std::move(acked));
  if (!inserted) return;
  for (const RaftNoteFacts::Applied& applied : facts.distinct_applied) {
    if (applied.index != index || applied.command == it->second.command) continue;
    note_lost_write(facts, fail(lost_write_reason(input, index, it->second.command, applied.node, applied.command), applied.event));
  }
}

}  // namespace

void RaftNoteFacts::read(const CheckInput& input) {
  for (; events_read < input.event_count; ++events_read) {
    const sim::TraceEvent& event = input.trace.event(events_read);
    if (event.kind != sim::EventKind::note) continue;
    std::string_view text = input.trace.text(event.subject);
    const protocols::PayloadReader note(text);
    if (text.substr(0, 5) == "role=") node_term[event.node] = note.integer("term").value_or(0);
    if (text.substr(0, 12) == "role=leader ") read_leader(*this, input, events_read, event.node, note);
    else if (text.substr(0, 6) == "apply ") read_apply(*this, input, events_read, event.node, note);
    else if (text.substr(0, 4) == "ack ") read_ack(*this, input, events_read, event.node, note);
  }
}

void RaftInvariantStream::advance(const CheckInput& input) {
  if (failure_) return;
  facts_.read(input);
  ++states_checked_;
  const std::pair<const char*, std::optional<CheckResult>> trace_results[] = {{"raft.election_safety", facts_.election_violation},
                                                                               {"raft.state_machine_safety", facts_.apply_violation}};
  for (const auto& entry : trace_results) {
    if (entry.second) failure_ = StreamFailure{entry.first, *entry.second};
    if (failure_) return;
  }
  const std::pair<const char*, CheckResult> state_results[] = {{"raft.log_matching", logs_match(input)},
                                                               {"raft.leader_completeness", leaders_complete(input, facts_)},
                                                               {"raft.no_lost_acked_write", acked_writes_kept(input, facts_)}};
  for (const auto& entry : state_results) {
    if (!entry.second.passed) failure_ = StreamFailure{entry.first, entry.second};
    if (failure_) return;
  }
}

std::vector<CheckSpec> raft_checks() {
  return {
      make("raft.election_safety", CheckKind::invariant, "at most one leader is elected in each term", election_safety),
      make("raft.log_matching", CheckKind::invariant,
           "if two logs hold an entry with the same index and term, the logs are identical up to it", log_matching),
      make("raft.leader_completeness", CheckKind::invariant, "a leader's log holds every entry committed before its term",
           leader_completeness),
      make("raft.state_machine_safety", CheckKind::invariant, "no two replicas apply different commands at the same index",
           state_machine_safety),
      make("raft.no_lost_acked_write", CheckKind::invariant, "every write acknowledged to a client survives", no_lost_acked_write),
      make("raft.leader_elected", CheckKind::goal, "a leader has been elected (optionally: since the first crash)", leader_elected,
           {ArgSpec{"min_term", ArgType::integer, "lowest term that counts", Json(1), 1, 1'000'000'000},
            ArgSpec{"after_crash", ArgType::boolean, "only count leaders elected after the first crash", Json(false), 0, 0}}),
  };
}

}  // namespace coordlab::check

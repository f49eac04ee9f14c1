// raft.*: Raft's safety properties (Ongaro & Ousterhout, figure 3) and goals for lessons, read from the
// replicas' trace notes ("role=leader term=T", "apply index=I term=T cmd=C", "ack index=I cmd=C") and
// from the live replicas' logs at the evaluated point.
#include <map>

#include "check/notes.hpp"
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

CheckResult election_safety(const CheckInput& input, const Json&) {
  std::map<std::int64_t, std::uint16_t> leader_of_term;
  CheckResult result = pass("no term had two leaders");
  std::size_t elections = 0;
  for_each_note(input, "role=leader ", [&](std::size_t event, std::uint16_t node, const protocols::PayloadReader& note) {
    std::int64_t term = note.integer("term").value_or(-1);
    auto [it, inserted] = leader_of_term.emplace(term, node);
    elections += inserted ? 1 : 0;
    if (inserted || it->second == node) return true;
    result = fail(node_name(input, it->second) + " and " + node_name(input, node) + " were both leader in term " +
                      std::to_string(term) + ".",
                  event);
    return false;
  });
  if (result.passed) result.reason = "no term had two leaders (" + std::to_string(elections) + " leader(s) elected)";
  return result;
}

CheckResult state_machine_safety(const CheckInput& input, const Json&) {
  struct Applied {
    std::string command;
    std::uint16_t node;
  };
  std::map<std::int64_t, Applied> applied;
  CheckResult result = pass("every replica applied the same command at each index");
  for_each_note(input, "apply ", [&](std::size_t event, std::uint16_t node, const protocols::PayloadReader& note) {
    std::int64_t index = note.integer("index").value_or(-1);
    std::string command(note.text("cmd").value_or(""));
    auto [it, inserted] = applied.emplace(index, Applied{command, node});
    if (inserted || it->second.command == command) return true;
    result = fail(node_name(input, it->second.node) + " applied \"" + it->second.command + "\" at index " + std::to_string(index) +
                      " but " + node_name(input, node) + " applied \"" + command + "\".",
                  event);
    return false;
  });
  return result;
}

CheckResult log_matching(const CheckInput& input, const Json&) {
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

CheckResult leader_completeness(const CheckInput& input, const Json&) {
  auto replicas = live_replicas(input);
  CheckResult result = pass("every leader's log holds every committed entry of earlier terms");
  for_each_note(input, "apply ", [&](std::size_t event, std::uint16_t, const protocols::PayloadReader& note) {
    std::int64_t index = note.integer("index").value_or(0), term = note.integer("term").value_or(0);
    std::string command(note.text("cmd").value_or(""));
    for (const auto& [node, replica] : replicas) {
      if (replica->current_role() != Role::leader || replica->current_term() < term) continue;
      const auto& log = replica->log();
      if (index >= 1 && static_cast<std::size_t>(index) <= log.size() && log[static_cast<std::size_t>(index - 1)] == LogEntry{term, command}) continue;
      result = fail("leader " + node_name(input, node) + " (term " + std::to_string(replica->current_term()) +
                        ") lacks the committed entry " + std::to_string(index) + ":" + command + ".",
                    event);
      return false;
    }
    return true;
  });
  return result;
}

CheckResult no_lost_acked_write(const CheckInput& input, const Json&) {
  std::map<std::int64_t, std::pair<std::string, std::size_t>> acked;  // index -> (command, event)
  for_each_note(input, "ack ", [&](std::size_t event, std::uint16_t, const protocols::PayloadReader& note) {
    acked.emplace(note.integer("index").value_or(0), std::make_pair(std::string(note.text("cmd").value_or("")), event));
    return true;
  });
  CheckResult result = pass(std::to_string(acked.size()) + " acknowledged write(s), none lost");
  // A different command applied at an acknowledged index means the acknowledged write was lost.
  for_each_note(input, "apply ", [&](std::size_t event, std::uint16_t node, const protocols::PayloadReader& note) {
    auto it = acked.find(note.integer("index").value_or(0));
    if (it == acked.end() || note.text("cmd").value_or("") == it->second.first) return true;
    result = fail("the client was told \"" + it->second.first + "\" was written at index " + std::to_string(it->first) + ", but " +
                      node_name(input, node) + " applied \"" + std::string(note.text("cmd").value_or("")) + "\" there.",
                  event);
    return false;
  });
  if (!result.passed) return result;
  for (const auto& [node, replica] : live_replicas(input)) {
    if (replica->current_role() != Role::leader) continue;
    for (const auto& [index, acknowledged] : acked) {
      const auto& log = replica->log();
      if (static_cast<std::size_t>(index) <= log.size() && index >= 1 && log[static_cast<std::size_t>(index - 1)].command == acknowledged.first) continue;
      return fail("the client was told \"" + acknowledged.first + "\" was written at index " + std::to_string(index) +
                      ", but leader " + node_name(input, node) + " (term " + std::to_string(replica->current_term()) +
                      ") does not have it.",
                  last_event(input));
    }
  }
  return result;
}

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

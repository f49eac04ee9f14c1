#include "lesson/measure.hpp"

#include <algorithm>
#include <map>

#include "check/notes.hpp"

namespace coordlab::lesson {
namespace {

using check::ArgSpec;
using check::ArgType;
using check::CheckInput;

std::string node_name(const CheckInput& input, std::uint16_t node) { return std::string(input.trace.node_name(node)); }

// The first crash among the evaluated events, or the end when there is none.
std::size_t first_crash(const CheckInput& input) {
  for (std::size_t i = 0; i < input.event_count; ++i)
    if (input.trace.event(i).kind == sim::EventKind::crash) return i;
  return input.event_count;
}

Measurement events_count(const CheckInput& input, const Json& args) {
  const std::string kind = args["kind"].get<std::string>(), node = args["node"].get<std::string>(),
                    type = args["message_type"].get<std::string>();
  std::int64_t count = 0;
  for (std::size_t i = 0; i < input.event_count; ++i) {
    const sim::TraceEvent& event = input.trace.event(i);
    if (sim::event_kind_name(event.kind) != kind) continue;
    if (!node.empty() && input.trace.node_name(event.node) != node) continue;
    const bool has_message = event.kind == sim::EventKind::send || event.kind == sim::EventKind::deliver ||
                             event.kind == sim::EventKind::drop || event.kind == sim::EventKind::duplicate;
    if (!type.empty() && (!has_message || input.trace.message_type_name(input.trace.message(MessageId{event.subject}).type) != type)) continue;
    ++count;
  }
  std::string what = kind + " event(s)";
  if (!type.empty()) what += " of " + type;
  if (!node.empty()) what += " at " + node;
  return {Json(count), "the run had " + std::to_string(count) + " " + what};
}

Measurement raft_leader(const CheckInput& input, const Json& args) {
  const std::size_t from = args["after_crash"].get<bool>() ? first_crash(input) : 0;
  std::string leader = "none";
  std::int64_t term = 0;
  check::for_each_note(input, "role=leader ", [&](std::size_t event, std::uint16_t node, const protocols::PayloadReader& note) {
    if (event < from) return true;
    leader = node_name(input, node);
    term = note.integer("term").value_or(0);
    return true;
  });
  if (leader == "none") return {Json(leader), "no node became leader"};
  return {Json(leader), "the last leader elected was " + leader + ", in term " + std::to_string(term)};
}

Measurement raft_elections(const CheckInput& input, const Json&) {
  std::map<std::int64_t, bool> terms;  // ordered: nothing depends on hashing
  check::for_each_note(input, "role=leader ", [&](std::size_t, std::uint16_t, const protocols::PayloadReader& note) {
    terms[note.integer("term").value_or(0)] = true;
    return true;
  });
  const auto count = static_cast<std::int64_t>(terms.size());
  return {Json(count), std::to_string(count) + " leader(s) were elected"};
}

Measurement node_role(const CheckInput& input, const Json& args) {
  const std::string node = args["node"].get<std::string>();
  const auto& names = input.trace.node_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] != node) continue;
    const sim::Actor* actor = input.world.actor(NodeId{static_cast<std::uint16_t>(i)});
    const std::string role = actor == nullptr ? "down" : actor->role();
    return {Json(role), node + " ended the run as " + role};
  }
  return {Json("unknown"), "there is no node " + node + " in this run"};
}

// How many replicas applied a client command (each counted once, restarts included).
Measurement raft_applied_count(const CheckInput& input, const Json& args) {
  const std::string command = args["cmd"].get<std::string>();
  std::vector<bool> applied(input.trace.node_names().size(), false);
  check::for_each_note(input, "apply ", [&](std::size_t, std::uint16_t node, const protocols::PayloadReader& note) {
    if (note.text("cmd").value_or("") == command && node < applied.size()) applied[node] = true;
    return true;
  });
  const auto count = static_cast<std::int64_t>(std::count(applied.begin(), applied.end(), true));
  return {Json(count), std::to_string(count) + " replica(s) applied \"" + command + "\""};
}

// The node that won the first awarded auction ("none" if nothing was awarded).
Measurement auction_winner(const CheckInput& input, const Json&) {
  Measurement result{Json("none"), "no auction was awarded"};
  check::for_each_note(input, "award ", [&](std::size_t, std::uint16_t, const protocols::PayloadReader& note) {
    const auto winner = note.integer("winner").value_or(-1);
    if (winner < 0 || static_cast<std::size_t>(winner) >= input.trace.node_names().size()) return false;
    const std::string name = node_name(input, static_cast<std::uint16_t>(winner));
    result = {Json(name), "auction " + std::string(note.text("id").value_or("")) + " was awarded to " + name + " at " +
                              std::to_string(note.integer("quote").value_or(0)) + " cents, paid " + std::to_string(note.integer("payment").value_or(0))};
    return false;
  });
  return result;
}

// Calls `read(id, note)` with the "decided" note of `proposal`, or of the first decided when it is empty.
template <typename Read>
void read_decided(const CheckInput& input, const std::string& proposal, Read read) {
  check::for_each_note(input, "decided ", [&](std::size_t, std::uint16_t, const protocols::PayloadReader& note) {
    const std::string id(note.text("id").value_or(""));
    if (!proposal.empty() && id != proposal) return true;
    read(id, note);
    return false;
  });
}

Measurement vote_outcome(const CheckInput& input, const Json& args) {
  Measurement result{Json("undecided"), "no proposal was decided"};
  read_decided(input, args["proposal"].get<std::string>(), [&](const std::string& id, const protocols::PayloadReader& note) {
    const std::string outcome(note.text("outcome").value_or(""));
    result = {Json(outcome), "proposal " + id + " was decided " + outcome};
  });
  return result;
}

// The winner of a plurality or ranked (Borda) election: of one proposal, or of the first one decided.
Measurement vote_winner(const CheckInput& input, const Json& args) {
  Measurement result{Json("none"), "no election was decided"};
  read_decided(input, args["proposal"].get<std::string>(), [&](const std::string& id, const protocols::PayloadReader& note) {
    const std::string winner(note.text("winner").value_or(""));
    const std::string outcome(note.text("outcome").value_or(""));
    result = winner.empty() ? Measurement{Json("none"), "proposal " + id + " was decided " + outcome + " without a winner"}
                            : Measurement{Json(winner), "proposal " + id + " elected " + winner};
  });
  return result;
}

// The highest sequence number a replica (or any replica) noted as a stable checkpoint; 0 before the first.
Measurement pbft_stable_checkpoint(const CheckInput& input, const Json& args) {
  const std::string node = args["node"].get<std::string>();
  std::int64_t highest = 0;
  check::for_each_note(input, "checkpoint_stable ", [&](std::size_t, std::uint16_t at, const protocols::PayloadReader& note) {
    if (node.empty() || node_name(input, at) == node) highest = std::max(highest, note.integer("seq").value_or(0));
    return true;
  });
  const std::string where = node.empty() ? "" : " at " + node;
  if (highest == 0) return {Json(highest), "no checkpoint became stable" + where};
  return {Json(highest), "the highest stable checkpoint" + where + " was at sequence number " + std::to_string(highest)};
}

// How a ReAct agent's run ended: "final_answer at step 6", "max_steps at step 8" ("running" if it has not).
Measurement react_stop(const CheckInput& input, const Json& args) {
  const std::int64_t agent = args["agent"].get<std::int64_t>();
  Measurement result{Json("running"), "n" + std::to_string(agent) + " has not stopped yet"};
  check::for_each_note(input, "react stop ", [&](std::size_t, std::uint16_t, const protocols::PayloadReader& note) {
    if (note.integer("agent").value_or(-1) != agent) return true;
    std::string ending(note.text("reason").value_or(""));
    ending += " at step ";
    ending += std::to_string(note.integer("step").value_or(0));
    result = {Json(ending), "n" + std::to_string(agent) + " stopped: " + ending};
    return false;
  });
  return result;
}

std::vector<MeasureSpec> make_catalog() {
  const std::string kinds = "send, deliver, drop, duplicate, timer, crash, restart, partition, heal, note, input";
  return {
      {"events.count", "how many trace events of one kind (optionally at one node, of one message type)",
       {ArgSpec{"kind", ArgType::string, "the event kind: " + kinds, Json(), 0, 0},
        ArgSpec{"node", ArgType::string, "only events at this node (the sender of a send, the receiver of a delivery)", Json(""), 0, 0},
        ArgSpec{"message_type", ArgType::string, "only messages of this type", Json(""), 0, 0}},
       events_count},
      {"raft.leader", "the node elected leader last (\"none\" if no election)",
       {ArgSpec{"after_crash", ArgType::boolean, "only count elections after the first crash", Json(false), 0, 0}},
       raft_leader},
      {"raft.elections", "how many terms elected a leader", {}, raft_elections},
      {"react.stop", "how a ReAct agent's run ended: its stop reason and step (\"final_answer at step 6\"), or \"running\"",
       {ArgSpec{"agent", ArgType::integer, "the agent's node index", Json(0), 0, 7}}, react_stop},
      {"raft.applied_count", "how many replicas applied a client command",
       {ArgSpec{"cmd", ArgType::string, "the client command", Json(), 0, 0}}, raft_applied_count},
      {"auction.winner", "the node that won the first awarded auction (\"none\" if none)", {}, auction_winner},
      {"node.role", "a node's role at the end of the run (\"down\" while crashed)",
       {ArgSpec{"node", ArgType::string, "the node's name", Json(), 0, 0}}, node_role},
      {"vote.outcome", "the outcome of the first decided proposal (or of one proposal); \"undecided\" if none",
       {ArgSpec{"proposal", ArgType::string, "the proposal id; empty: the first decided", Json(""), 0, 0}}, vote_outcome},
      {"vote.winner", "the winner of a plurality or ranked election (\"none\" if undecided or no winner)",
       {ArgSpec{"proposal", ArgType::string, "the proposal id; empty: the first decided", Json(""), 0, 0}}, vote_winner},
      {"pbft.stable_checkpoint", "the highest sequence number of a stable PBFT checkpoint (0 if none)",
       {ArgSpec{"node", ArgType::string, "only this replica's; empty: any replica's", Json(""), 0, 0}}, pbft_stable_checkpoint},
  };
}

}  // namespace

const std::vector<MeasureSpec>& measure_catalog() {
  static const std::vector<MeasureSpec> catalog = make_catalog();
  return catalog;
}

const MeasureSpec* find_measure(std::string_view id) {
  for (const MeasureSpec& spec : measure_catalog())
    if (spec.id == id) return &spec;
  return nullptr;
}

Result<Json> validate_measure_args(const MeasureSpec& spec, const Json& args, const std::string& pointer) {
  // The same argument rules as checks: validate through a check spec with these arguments.
  check::CheckSpec as_check{spec.id, check::CheckKind::goal, "", spec.summary, spec.args, nullptr};
  return check::validate_check_args(as_check, args, pointer);
}

std::string measured_text(const Json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

}  // namespace coordlab::lesson

// Goal checks for the Implementer path's lessons:
//  - lesson.invariant_broken: the learner ran a course variant (or a fault) until a named invariant
//    failed, i.e. they saw the mistake happen rather than only read about it;
//  - raft.writes_acknowledged: a client was told that at least `min_acks` writes succeeded, so a lesson
//    can demand real acknowledged writes before asking whether they survive a crash;
//  - pbft.view_installed: honest replicas moved to a new view (a NEW-VIEW was accepted), the sign that
//    a silent or faulty primary was replaced;
//  - raft.single_leader: exactly one live replica believes it leads, in term `min_term` or later, so a
//    lesson can show a deposed leader that never stepped down (two replicas acting as leader);
//  - lesson.byzantine_kept: a node was still Byzantine in the named way at the end of the run, so a task
//    about surviving an attack cannot be passed by making the attacker honest again.
#include <algorithm>
#include <set>

#include "check/check.hpp"
#include "check/notes.hpp"
#include "protocols/raft/raft.hpp"

namespace coordlab::check {
namespace {

using protocols::PayloadReader;

CheckResult invariant_broken(const CheckInput& input, const Json& args) {
  const std::string id = args["check"].get<std::string>();
  const CheckSpec* spec = find_check(id);
  if (spec == nullptr || spec->kind != CheckKind::invariant) {
    return fail("\"" + id + "\" is not a named invariant check; see `coordlab check list`.");
  }
  Result<Json> defaults = validate_check_args(*spec, Json::object(), "");
  if (!defaults.ok()) return fail("\"" + id + "\" needs arguments, so it cannot be watched here.");
  const CheckResult watched = spec->evaluate(input, defaults.value());
  if (watched.passed) return fail(id + " still holds: " + watched.reason + ".");
  return CheckResult{true, id + " broke: " + watched.reason, watched.first_violation};
}

CheckResult writes_acknowledged(const CheckInput& input, const Json& args) {
  const std::int64_t wanted = args["min_acks"].get<std::int64_t>();
  std::int64_t acks = 0;
  for_each_note(input, "ack ", [&](std::size_t, std::uint16_t, const PayloadReader&) {
    ++acks;
    return true;
  });
  const std::string counted = std::to_string(acks) + " write(s) acknowledged to a client";
  if (acks >= wanted) return pass(counted + ".");
  return fail(counted + "; " + std::to_string(wanted) + " needed. Send \"cmd=NAME\" to the leader and let it commit.");
}

// Byzantine replicas are excluded: a lying replica can claim any view.
std::set<std::uint16_t> byzantine_nodes(const CheckInput& input) {
  std::set<std::uint16_t> nodes;
  for (std::size_t i = 0; i < input.event_count; ++i) {
    const sim::TraceEvent& event = input.trace.event(i);
    if (event.kind == sim::EventKind::byzantine && input.trace.text(event.subject) != "none") nodes.insert(event.node);
  }
  return nodes;
}

CheckResult view_installed(const CheckInput& input, const Json& args) {
  const std::int64_t wanted_view = args["view"].get<std::int64_t>();
  const auto wanted_replicas = static_cast<std::size_t>(args["min_replicas"].get<std::int64_t>());
  const std::set<std::uint16_t> byzantine = byzantine_nodes(input);
  std::set<std::uint16_t> installed;
  std::int64_t highest = 0;
  std::optional<std::size_t> reached_at;
  for_each_note(input, "new_view ", [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    const std::int64_t view = note.integer("view").value_or(0);
    if (byzantine.count(node) > 0) return true;
    highest = std::max(highest, view);
    if (view >= wanted_view) installed.insert(node);
    if (installed.size() >= wanted_replicas && !reached_at) reached_at = event;
    return true;
  });
  if (reached_at) {
    return pass(std::to_string(installed.size()) + " honest replica(s) entered view " + std::to_string(wanted_view) + " or later (highest " +
                std::to_string(highest) + ").");
  }
  return fail(std::to_string(installed.size()) + " honest replica(s) entered view " + std::to_string(wanted_view) + " or later; " +
              std::to_string(wanted_replicas) + " needed. A view change starts when backups time out on a request.");
}

CheckResult byzantine_kept(const CheckInput& input, const Json& args) {
  const std::string node = args["node"].get<std::string>();
  const std::string kind = args["kind"].get<std::string>();
  const std::vector<std::string>& names = input.trace.node_names();
  const auto found = std::find(names.begin(), names.end(), node);
  if (found == names.end()) return fail("there is no node \"" + node + "\" in this run.");
  const auto index = static_cast<std::uint16_t>(found - names.begin());
  std::string last = "none";
  for (std::size_t i = 0; i < input.event_count; ++i) {
    const sim::TraceEvent& event = input.trace.event(i);
    if (event.kind == sim::EventKind::byzantine && event.node == index) last = std::string(input.trace.text(event.subject));
  }
  if (last == kind) return pass(node + " was still " + kind + " at the end.");
  return fail(node + " is " + (last == "none" ? std::string("honest") : last) + ", not " + kind + ": the attack must stay on while you fix the rules.");
}

CheckResult single_leader(const CheckInput& input, const Json& args) {
  const std::int64_t min_term = args["min_term"].get<std::int64_t>();
  std::string leaders;
  std::size_t count = 0;
  std::int64_t term = 0;
  for (std::size_t i = 0; i < input.world.node_count(); ++i) {
    const auto* replica = dynamic_cast<const protocols::raft::RaftActor*>(input.world.actor(NodeId{static_cast<std::uint16_t>(i)}));
    if (replica == nullptr || replica->current_role() != protocols::raft::Role::leader) continue;
    ++count;
    term = replica->current_term();
    leaders += (leaders.empty() ? "" : ", ") + std::string(input.trace.node_name(static_cast<std::uint16_t>(i))) + " (term " +
               std::to_string(term) + ")";
  }
  if (count == 0) return fail("no replica believes it leads.");
  if (count > 1) return fail(std::to_string(count) + " replicas believe they lead: " + leaders + ".");
  if (term < min_term) return fail("the only leader is " + leaders + "; a leader of term " + std::to_string(min_term) + " or later is needed.");
  return pass("one leader: " + leaders + ".");
}

CheckSpec make(std::string id, std::string protocol, std::string summary, CheckResult (*evaluate)(const CheckInput&, const Json&),
               std::vector<ArgSpec> args) {
  return CheckSpec{std::move(id), CheckKind::goal, std::move(protocol), std::move(summary), std::move(args), evaluate};
}

}  // namespace

std::vector<CheckSpec> lesson_goal_checks_implementer() {
  return {
      // Listed under the pseudo-protocol "lesson" so per-protocol reports and invariant lights leave it out.
      make("lesson.invariant_broken", "lesson", "the named invariant check fails on this run (see a course variant or a fault break it)",
           invariant_broken, {ArgSpec{"check", ArgType::string, "id of the invariant that must break", Json(), 0, 0}}),
      make("raft.writes_acknowledged", "raft", "clients were told that at least `min_acks` writes succeeded", writes_acknowledged,
           {ArgSpec{"min_acks", ArgType::integer, "acknowledged writes needed", Json(1), 1, 1'000'000}}),
      make("raft.single_leader", "raft", "exactly one live replica believes it leads, in term `min_term` or later", single_leader,
           {ArgSpec{"min_term", ArgType::integer, "the lowest term the leader may have", Json(1), 1, 1'000'000'000}}),
      make("pbft.view_installed", "pbft", "at least `min_replicas` honest replicas entered view `view` or later (NEW-VIEW accepted)",
           view_installed,
           {ArgSpec{"view", ArgType::integer, "lowest view that counts", Json(1), 1, 1'000'000'000},
            ArgSpec{"min_replicas", ArgType::integer, "honest replicas that must have entered it", Json(1), 1, 1000}}),
      make("lesson.byzantine_kept", "lesson", "node `node` is still Byzantine of kind `kind` at the end of the run", byzantine_kept,
           {ArgSpec{"node", ArgType::string, "the attacker", Json(), 0, 0}, ArgSpec{"kind", ArgType::string, "its Byzantine behaviour", Json(), 0, 0}}),
  };
}

}  // namespace coordlab::check

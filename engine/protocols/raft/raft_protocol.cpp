// The Raft protocol spec: message and timer names, and validated params (timeouts and course variants).
#include <memory>

#include "protocols/raft/raft.hpp"
#include "protocols/params_reader.hpp"

namespace coordlab::protocols::raft {
namespace {

Result<Params> parse_params(const Json& params, const std::string& pointer) {
  Params parsed;
  if (params.is_null()) return parsed;
  ObjectReader reader(params, pointer, "raft params");
  RETURN_IF_ERROR(reader.check({"election_timeout_min_ticks", "election_timeout_max_ticks", "heartbeat_ticks",
                                "max_entries_per_append", "majority", "ack", "commit", "apply", "progress", "step_down"}));
  Result<std::int64_t> low = reader.integer("election_timeout_min_ticks", 2, 1'000'000, parsed.election_timeout_min_ticks);
  if (!low.ok()) return low.error();
  Result<std::int64_t> high = reader.integer("election_timeout_max_ticks", low.value(), 1'000'000,
                                             std::max(low.value(), parsed.election_timeout_max_ticks));
  if (!high.ok()) return high.error();
  Result<std::int64_t> heartbeat = reader.integer("heartbeat_ticks", 1, low.value() - 1, std::min(parsed.heartbeat_ticks, low.value() - 1));
  if (!heartbeat.ok()) {
    Error error = heartbeat.error();
    error.message += " The heartbeat must be shorter than the election timeout, or followers start elections against a live leader.";
    return error;
  }
  Result<std::int64_t> batch = reader.integer("max_entries_per_append", 1, 256, parsed.max_entries_per_append);
  if (!batch.ok()) return batch.error();
  Result<MajorityRule> majority = read_choice<MajorityRule>(reader, "majority", {{"correct", MajorityRule::correct}, {"course", MajorityRule::course}});
  if (!majority.ok()) return majority.error();
  Result<AckPolicy> ack = read_choice<AckPolicy>(reader, "ack", {{"after_commit", AckPolicy::after_commit}, {"after_append", AckPolicy::after_append}});
  if (!ack.ok()) return ack.error();
  Result<CommitRule> commit = read_choice<CommitRule>(reader, "commit", {{"current_term", CommitRule::current_term}, {"any_term", CommitRule::any_term}});
  if (!commit.ok()) return commit.error();
  Result<ApplyRule> apply = read_choice<ApplyRule>(reader, "apply", {{"from_first", ApplyRule::from_first}, {"course_skip_first", ApplyRule::course_skip_first}});
  if (!apply.ok()) return apply.error();
  Result<ProgressRule> progress =
      read_choice<ProgressRule>(reader, "progress", {{"confirmed", ProgressRule::confirmed}, {"course_overclaim", ProgressRule::course_overclaim}});
  if (!progress.ok()) return progress.error();
  Result<StepDownRule> step_down =
      read_choice<StepDownRule>(reader, "step_down", {{"on_higher_term", StepDownRule::on_higher_term}, {"never", StepDownRule::never}});
  if (!step_down.ok()) return step_down.error();
  parsed.election_timeout_min_ticks = low.value();
  parsed.election_timeout_max_ticks = high.value();
  parsed.heartbeat_ticks = heartbeat.value();
  parsed.max_entries_per_append = batch.value();
  parsed.majority = majority.value();
  parsed.ack = ack.value();
  parsed.commit = commit.value();
  parsed.apply = apply.value();
  parsed.progress = progress.value();
  parsed.step_down = step_down.value();
  return parsed;
}

}  // namespace

ProtocolSpec raft_protocol() {
  ProtocolSpec spec;
  spec.name = "raft";
  spec.summary = "Raft consensus: elections, log replication, commitment; input \"cmd=NAME\" to the leader";
  spec.message_types = {"RequestVote", "RequestVoteReply", "AppendEntries", "AppendEntriesReply"};
  spec.timer_kinds = {"Election", "Heartbeat"};
  spec.views = {
      {"raft.log", "Logs", ViewKind::table, "log", "every node's log: index, term, command, committed and applied"},
      {"raft.terms", "Terms", ViewKind::plot, "raft.terms", "each node's term over time, a marker per new leader"},
  };
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<Params> parsed = parse_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    Params chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId self, std::size_t node_count, std::string_view persisted) {
      return std::make_unique<RaftActor>(chosen, self, node_count, persisted);
    });
  };
  return spec;
}

}  // namespace coordlab::protocols::raft

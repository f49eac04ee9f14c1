// Goal checks for the observer and participant lessons, read from the protocols' trace notes:
//  - vote.decided_as: the listed proposals were decided with the listed outcomes (and, optionally, yes
//    counts). vote.outcome_correct only proves a decision matches the rule the run used; a lesson that
//    asks "make this pass with the fewest yes votes" or "fix the rule" needs the expected outcome itself.
//  - raft.applied_everywhere: a client command reached every replica's state machine (a crashed one
//    must be restarted first), and another one (written to a cut-off leader) reached none; this is how
//    a lesson proves that logs healed after a partition or a crash.
#include <map>

#include "check/notes.hpp"

namespace coordlab::check {
namespace {

struct ExpectedDecision {
  std::string proposal;
  std::string outcome;
  std::optional<std::int64_t> yes;  // exact yes count, when given as "outcome:yes"
};

// "p1=accepted,p2=rejected:1" -> the expectations; malformed items become an error sentence.
Result<std::vector<ExpectedDecision>> parse_expectations(std::string_view list) {
  std::vector<ExpectedDecision> expected;
  while (!list.empty()) {
    const std::size_t comma = std::min(list.find(','), list.size());
    const std::string_view item = list.substr(0, comma);
    list = list.substr(std::min(comma + 1, list.size()));
    const std::size_t equals = item.find('=');
    if (equals == std::string_view::npos || equals == 0 || equals + 1 == item.size())
      return make_error("check.bad_args", "\"expect\" lists proposal=outcome items, e.g. \"p1=accepted,p2=rejected:1\".");
    ExpectedDecision decision{std::string(item.substr(0, equals)), std::string(item.substr(equals + 1)), std::nullopt};
    const std::size_t colon = decision.outcome.find(':');
    if (colon != std::string::npos) {
      std::optional<std::int64_t> yes = protocols::parse_decimal(std::string_view(decision.outcome).substr(colon + 1));
      if (!yes) return make_error("check.bad_args", "after the colon comes the exact yes count, e.g. \"p1=accepted:5\".");
      decision.yes = yes;
      decision.outcome.resize(colon);
    }
    expected.push_back(decision);
  }
  if (expected.empty()) return make_error("check.bad_args", "\"expect\" names at least one proposal.");
  return expected;
}

CheckResult decided_as(const CheckInput& input, const Json& args) {
  Result<std::vector<ExpectedDecision>> expected = parse_expectations(args["expect"].get_ref<const std::string&>());
  if (!expected.ok()) return fail(expected.error().message);
  struct Decision {
    std::string outcome;
    std::int64_t yes = 0, no = 0;
    std::size_t event = 0;
  };
  std::map<std::string, Decision> decisions;
  for_each_note(input, "decided ", [&](std::size_t event, std::uint16_t, const protocols::PayloadReader& note) {
    decisions[std::string(note.text("id").value_or(""))] =
        Decision{std::string(note.text("outcome").value_or("")), note.integer("yes").value_or(0), note.integer("no").value_or(0), event};
    return true;
  });
  for (const ExpectedDecision& wanted : expected.value()) {
    auto found = decisions.find(wanted.proposal);
    if (found == decisions.end()) return fail("proposal " + wanted.proposal + " has not been decided yet.");
    const Decision& got = found->second;
    const std::string counts = " (" + std::to_string(got.yes) + " yes, " + std::to_string(got.no) + " no)";
    if (got.outcome != wanted.outcome)
      return fail("proposal " + wanted.proposal + " was " + got.outcome + counts + "; it should be " + wanted.outcome + ".", got.event);
    if (wanted.yes && got.yes != *wanted.yes)
      return fail("proposal " + wanted.proposal + " was " + got.outcome + counts + ", but with " + std::to_string(*wanted.yes) +
                      " yes votes it still would be: use exactly that many.",
                  got.event);
  }
  return pass("every listed proposal was decided as expected (" + std::to_string(expected.value().size()) + ").");
}

CheckResult applied_everywhere(const CheckInput& input, const Json& args) {
  const std::string& wanted = args["cmd"].get_ref<const std::string&>();
  const std::string& forbidden = args["never"].get_ref<const std::string&>();
  std::map<std::uint16_t, bool> applied;  // node -> applied `wanted`
  std::optional<CheckResult> violation;
  for_each_note(input, "apply ", [&](std::size_t event, std::uint16_t node, const protocols::PayloadReader& note) {
    const std::string command(note.text("cmd").value_or(""));
    if (command == wanted) applied[node] = true;
    if (!forbidden.empty() && command == forbidden) {
      violation = fail(std::string(input.trace.node_name(node)) + " applied \"" + forbidden +
                           "\", a write that never reached a majority.",
                       event);
    }
    return !violation;
  });
  if (violation) return *violation;
  std::string missing;
  for (std::size_t i = 0; i < input.world.node_count(); ++i) {
    const NodeId node{static_cast<std::uint16_t>(i)};
    const bool down = input.world.actor(node) == nullptr;  // a crashed replica catches up only after a restart
    if (down || !applied.count(node.value))
      missing += (missing.empty() ? "" : ", ") + std::string(input.trace.node_name(node.value)) + (down ? " (down)" : "");
  }
  if (!missing.empty()) return fail("\"" + wanted + "\" is not applied yet on " + missing + ".");
  return pass("all " + std::to_string(input.world.node_count()) + " replicas applied \"" + wanted + "\".");
}

}  // namespace

std::vector<CheckSpec> lesson_goal_checks_observer() {
  return {
      CheckSpec{"vote.decided_as", CheckKind::goal, "voting", "the listed proposals were decided with the listed outcomes",
                {ArgSpec{"expect", ArgType::string, "proposal=outcome[:exact yes count], comma-separated", Json(nullptr), 0, 0}},
                decided_as},
      CheckSpec{"raft.applied_everywhere", CheckKind::goal, "raft",
                "every replica, restarted ones included, applied a client command (and none applied another)",
                {ArgSpec{"cmd", ArgType::string, "the command every replica must apply", Json(nullptr), 0, 0},
                 ArgSpec{"never", ArgType::string, "a command no replica may apply (\"\" = none)", Json(""), 0, 0}},
                applied_everywhere},
  };
}

}  // namespace coordlab::check

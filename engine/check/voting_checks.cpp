// vote.*: a decided proposal's outcome must be what the integer rules give for the ballots the
// coordinator counted. The course's float rule is judged against the threshold it means (two thirds).
#include <map>

#include "check/notes.hpp"
#include "protocols/voting/vote_rules.hpp"

namespace coordlab::check {
namespace {

using namespace protocols::voting;

CheckResult outcome_correct(const CheckInput& input, const Json& args) {
  const std::int64_t minimum_decisions = args["min_decisions"].get<std::int64_t>();
  std::map<std::string, std::vector<Ballot>> ballots;
  std::int64_t decisions = 0;
  CheckResult result = pass("");
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const protocols::PayloadReader& note) {
    std::string id(note.text("id").value_or(""));
    std::string_view text = input.trace.text(input.trace.event(event).subject);
    if (text.substr(0, 7) == "ballot ") {
      ballots[id].push_back(Ballot{static_cast<std::uint16_t>(note.integer("voter").value_or(0)), note.integer("yes").value_or(0) == 1,
                                   note.integer("weight").value_or(1), std::string(note.text("option").value_or("")),
                                   split_ranking(note.text("ranking").value_or(""))});
      return true;
    }
    if (text.substr(0, 8) != "decided ") return true;
    ++decisions;
    Rule rule;
    Result<RuleKind> kind = parse_rule(note.text("rule").value_or(""));
    rule.kind = kind.ok() ? kind.value() : RuleKind::majority;
    if (rule.kind == RuleKind::course_float) rule.kind = RuleKind::supermajority;  // what the course means
    std::string_view threshold = note.text("threshold").value_or("2/3");
    rule.numerator = protocols::parse_decimal(threshold.substr(0, threshold.find('/'))).value_or(2);
    rule.denominator = protocols::parse_decimal(threshold.substr(threshold.find('/') + 1)).value_or(3);
    rule.quorum_ballots = note.integer("quorum").value_or(1);
    Tally expected = count_votes(rule, ballots[id]);
    std::string_view decided = note.text("outcome").value_or("");
    if (decided == outcome_name(expected.outcome)) return true;
    result = fail("proposal " + id + " was decided \"" + std::string(decided) + "\" but the correct result is \"" +
                      std::string(outcome_name(expected.outcome)) + "\": " + expected.explanation,
                  event);
    return false;
  });
  if (!result.passed) return result;
  if (decisions < minimum_decisions) {
    return fail(std::to_string(decisions) + " proposal(s) decided; at least " + std::to_string(minimum_decisions) + " needed.");
  }
  return pass(std::to_string(decisions) + " decision(s), each the correct outcome for its ballots");
}

}  // namespace

std::vector<CheckSpec> voting_checks() {
  return {CheckSpec{"vote.outcome_correct", CheckKind::invariant, "voting",
                    "every decided proposal has the outcome the integer rule gives for its ballots",
                    {ArgSpec{"min_decisions", ArgType::integer, "fail unless at least this many proposals were decided", Json(0), 0, 1000000}},
                    outcome_correct}};
}

}  // namespace coordlab::check

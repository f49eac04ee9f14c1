#include <memory>

#include "protocols/payload.hpp"
#include "protocols/voting/voting.hpp"

namespace coordlab::protocols::voting {
namespace {

bool valid_token(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '>' || c == '.';
    if (!ok) return false;
  }
  return true;
}

struct Proposal {
  std::string id;
  Rule rule;
  std::map<std::uint16_t, Ballot> ballots;  // by voter: each voter counts once
  bool decided = false;
  Tick deadline;
};

class VotingActor final : public sim::Actor {
 public:
  VotingActor(Params params, NodeId self) : params_(std::move(params)), self_(self) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<VotingActor>(*this); }
  void start(sim::Context&) override {}

  void handle_message(const sim::Message& message, sim::Context& context) override {
    PayloadReader reader(message.payload);
    std::string id(reader.text("id").value_or(""));
    if (!valid_token(id)) return;
    if (message.type == kProposal && self_.value != 0) return answer_proposal(id, message.from, context);
    if (message.type == kVote && self_.value == 0) return record_vote(id, message.from.value, reader, context);
    if (message.type == kConsensusResult) results_[id] = std::string(reader.text("outcome").value_or("?"));
  }

  void handle_timer(std::uint16_t, sim::Context& context) override {
    for (auto& [id, proposal] : proposals_)  // a timeout decides with the votes received
      if (!proposal.decided && proposal.deadline <= context.now) decide(proposal, context);
  }

  Status handle_input(std::string_view text, sim::Context& context) override {
    PayloadReader reader(text);
    std::string id(reader.text("id").value_or(""));
    if (!valid_token(id)) return make_error("input.invalid", "give a proposal id such as id=p1 (letters, digits, _ -).");
    if (text.substr(0, 8) == "propose " && self_.value == 0) return propose(id, reader, context);
    if (text.substr(0, 5) == "vote " && self_.value != 0) {
      std::string ballot(reader.text("choice").value_or(reader.text("option").value_or(reader.text("ranking").value_or(""))));
      if (!valid_token(ballot)) return make_error("input.invalid", "a vote needs choice=yes|no|abstain, option=X or ranking=a>b>c.");
      own_ballots_[id] = ballot;
      return {};
    }
    return make_error("input.invalid", self_.value == 0 ? "the coordinator (node 0) accepts \"propose id=NAME [rule=R] [threshold=M/K] [quorum=Q]\"."
                                                        : "a voter accepts \"vote id=NAME choice=yes|no|abstain\" (or option=X, ranking=a>b>c).");
  }

  // "misreport": the coordinator, the one trusted collector, announces the opposite of an accept/reject
  // result. Voters cannot tell: they see only the announcement, never each other's ballots.
  void set_byzantine(std::string_view kind) override { misreport_ = kind == "misreport"; }

  std::string role() const override { return self_.value == 0 ? "coordinator" : "voter"; }
  void describe(sim::StateWriter& writer) const override {
    for (const auto& [id, proposal] : proposals_)
      writer.field("proposal " + id, std::string(rule_name(proposal.rule.kind)) + (proposal.decided ? " decided" : " open") + ", " +
                                         std::to_string(proposal.ballots.size()) + " ballot(s)");
    for (const auto& [id, outcome] : results_) writer.field("result " + id, outcome);
  }

 private:
  Status propose(const std::string& id, const PayloadReader& reader, sim::Context& context) {
    if (proposals_.count(id)) return make_error("input.duplicate", "proposal " + id + " exists already; pick a new id.");
    Proposal proposal{id, params_.rule, {}, false, context.now + params_.timeout_ticks};
    if (auto rule = reader.text("rule")) {
      Result<RuleKind> kind = parse_rule(*rule);
      if (!kind.ok()) return kind.error();
      proposal.rule.kind = kind.value();
    }
    if (auto threshold = reader.text("threshold")) {
      std::size_t slash = threshold->find('/');
      auto m = parse_decimal(threshold->substr(0, slash));
      auto k = slash == std::string_view::npos ? std::nullopt : parse_decimal(threshold->substr(slash + 1));
      if (!m || !k || *k <= 0 || *m < 0 || *m > *k || *k > 1000) return make_error("input.invalid", "threshold is M/K with 0 <= M <= K <= 1000, e.g. 2/3.");
      proposal.rule.numerator = *m;
      proposal.rule.denominator = *k;
    }
    if (auto quorum = reader.integer("quorum")) {
      if (*quorum < 0 || *quorum > static_cast<std::int64_t>(context.node_count)) return make_error("input.invalid", "quorum is 0 to the number of nodes.");
      proposal.rule.quorum_ballots = *quorum;
    }
    proposals_[id] = proposal;
    const std::string payload = PayloadWriter().add("id", id).add("rule", rule_name(proposal.rule.kind)).text();
    for (std::size_t voter = 1; voter < context.node_count; ++voter) context.out.send(NodeId{static_cast<std::uint16_t>(voter)}, kProposal, payload);
    context.out.set_timer(kVoteTimeout, params_.timeout_ticks);
    if (context.node_count == 1) decide(proposals_[id], context);
    return {};
  }

  void answer_proposal(const std::string& id, NodeId coordinator, sim::Context& context) {
    std::string ballot = own_ballots_.count(id) ? own_ballots_[id]
                         : self_.value - 1u < params_.ballots.size() ? params_.ballots[self_.value - 1u] : "abstain";
    if (ballot == "abstain") return;
    const std::int64_t weight = self_.value - 1u < params_.weights.size() ? params_.weights[self_.value - 1u] : 1;
    PayloadWriter vote;
    vote.add("id", id).add("weight", weight);
    if (ballot == "yes" || ballot == "no") vote.add("yes", ballot == "yes" ? 1 : 0);
    else if (ballot.find('>') != std::string::npos) vote.add("ranking", ballot);
    else vote.add("option", ballot);
    context.out.send(coordinator, kVote, vote.text());
  }

  void record_vote(const std::string& id, std::uint16_t voter, const PayloadReader& reader, sim::Context& context) {
    auto it = proposals_.find(id);
    if (it == proposals_.end() || it->second.decided || it->second.ballots.count(voter)) return;  // one vote per voter
    Ballot ballot{voter, reader.integer("yes").value_or(0) == 1, reader.integer("weight").value_or(1), std::string(reader.text("option").value_or("")),
                  split_ranking(reader.text("ranking").value_or(""))};
    if (ballot.weight < 0 || ballot.weight > 1'000'000) return;
    it->second.ballots[voter] = ballot;
    context.out.note("ballot id=" + id + " voter=" + std::to_string(voter) + " yes=" + (ballot.yes ? "1" : "0") + " weight=" +
                     std::to_string(ballot.weight) + " option=" + ballot.option + " ranking=" + std::string(reader.text("ranking").value_or("")));
    if (it->second.ballots.size() + 1 == context.node_count) decide(it->second, context);
  }

  void decide(Proposal& proposal, sim::Context& context) {
    proposal.decided = true;
    std::vector<Ballot> ballots;
    for (const auto& [voter, ballot] : proposal.ballots) ballots.push_back(ballot);
    Tally tally = count_votes(proposal.rule, ballots);
    if (misreport_ && tally.outcome == Outcome::accepted) tally.outcome = Outcome::rejected;
    else if (misreport_ && tally.outcome == Outcome::rejected) tally.outcome = Outcome::accepted;
    context.out.note("decided id=" + proposal.id + " rule=" + std::string(rule_name(proposal.rule.kind)) + " threshold=" +
                     std::to_string(proposal.rule.numerator) + "/" + std::to_string(proposal.rule.denominator) + " quorum=" +
                     std::to_string(proposal.rule.quorum_ballots) + " outcome=" + std::string(outcome_name(tally.outcome)) +
                     " yes=" + std::to_string(tally.yes) + " no=" + std::to_string(tally.no) + " ballots=" + std::to_string(tally.ballots) +
                     " winner=" + tally.winner);
    results_[proposal.id] = std::string(outcome_name(tally.outcome));
    const std::string payload = PayloadWriter().add("id", proposal.id).add("outcome", outcome_name(tally.outcome)).text();
    for (std::size_t voter = 1; voter < context.node_count; ++voter) context.out.send(NodeId{static_cast<std::uint16_t>(voter)}, kConsensusResult, payload);
  }

  Params params_;
  NodeId self_;
  std::map<std::string, Proposal> proposals_;      // coordinator
  std::map<std::string, std::string> own_ballots_;  // voter: ballots set by input
  std::map<std::string, std::string> results_;
  bool misreport_ = false;
};

}  // namespace

std::unique_ptr<sim::Actor> make_voting_actor(const Params& params, NodeId self) { return std::make_unique<VotingActor>(params, self); }

}  // namespace coordlab::protocols::voting

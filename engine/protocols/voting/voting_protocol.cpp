// The voting protocol's spec and validated params.
#include "protocols/voting/voting.hpp"

namespace coordlab::protocols::voting {

std::unique_ptr<sim::Actor> make_voting_actor(const Params& params, NodeId self);

namespace {

Status read_threshold(const ObjectReader& reader, Rule& rule) {
  Result<std::string> text = reader.string("threshold", "2/3");
  if (!text.ok()) return text.error();
  const std::string& threshold = text.value();
  std::size_t slash = threshold.find('/');
  bool ok = slash != std::string::npos && slash > 0 && slash + 1 < threshold.size() && slash <= 4 && threshold.size() - slash - 1 <= 4 &&
            threshold.find_first_not_of("0123456789/") == std::string::npos && threshold.find('/', slash + 1) == std::string::npos;
  if (ok) {
    rule.numerator = std::stoll(threshold.substr(0, slash));
    rule.denominator = std::stoll(threshold.substr(slash + 1));
    ok = rule.denominator > 0 && rule.numerator <= rule.denominator;
  }
  if (!ok) {
    return make_error("params.bad_threshold", "\"threshold\" is a fraction M/K of whole numbers with M <= K, such as \"2/3\" "
                                              "(never a decimal like 0.67: 2 of 3 votes is not >= 0.67).", reader.pointer_of("threshold"));
  }
  return {};
}

Result<Params> parse_params(const Json& params, const std::string& pointer) {
  Params parsed;
  if (params.is_null()) return parsed;
  ObjectReader reader(params, pointer, "voting params");
  RETURN_IF_ERROR(reader.check({"rule", "threshold", "quorum_ballots", "timeout_ticks", "ballots", "weights"}));
  Result<std::string> rule = reader.string("rule", "majority");
  if (!rule.ok()) return rule.error();
  Result<RuleKind> kind = parse_rule(rule.value());
  if (!kind.ok()) {
    Error error = kind.error();
    error.pointer = reader.pointer_of("rule");
    return error;
  }
  parsed.rule.kind = kind.value();
  RETURN_IF_ERROR(read_threshold(reader, parsed.rule));
  Result<std::int64_t> quorum = reader.integer("quorum_ballots", 0, 4096, 1);
  if (!quorum.ok()) return quorum.error();
  parsed.rule.quorum_ballots = quorum.value();
  Result<std::int64_t> timeout = reader.integer("timeout_ticks", 1, 1'000'000, 100);
  if (!timeout.ok()) return timeout.error();
  parsed.timeout_ticks = timeout.value();
  if (const Json* ballots = reader.find("ballots")) {
    if (!ballots->is_array()) return make_error("json.wrong_type", "\"ballots\" is an array with one standing ballot per voter (n1, n2, ...).", reader.pointer_of("ballots"));
    for (std::size_t i = 0; i < ballots->size(); ++i) {
      if (!(*ballots)[i].is_string() || (*ballots)[i].get<std::string>().empty()) {
        return make_error("json.wrong_type", "each ballot is \"yes\", \"no\", \"abstain\", an option name or a ranking \"a>b>c\".",
                          pointer_append(reader.pointer_of("ballots"), i));
      }
      parsed.ballots.push_back((*ballots)[i].get<std::string>());
    }
  }
  if (const Json* weights = reader.find("weights")) {
    if (!weights->is_array()) return make_error("json.wrong_type", "\"weights\" is an array of whole numbers, one per voter.", reader.pointer_of("weights"));
    for (std::size_t i = 0; i < weights->size(); ++i) {
      const Json& weight = (*weights)[i];
      if (!weight.is_number_integer() || weight.get<std::int64_t>() < 0 || weight.get<std::int64_t>() > 1'000'000) {
        return make_error("json.out_of_range", "each weight is a whole number from 0 to 1000000.", pointer_append(reader.pointer_of("weights"), i));
      }
      parsed.weights.push_back(weight.get<std::int64_t>());
    }
  }
  return parsed;
}

}  // namespace

ProtocolSpec voting_protocol() {
  ProtocolSpec spec;
  spec.name = "voting";
  spec.summary = "node 0 proposes, the others vote; majority, m/k supermajority, weighted, plurality, Borda";
  spec.message_types = {"Proposal", "Vote", "ConsensusResult"};
  spec.timer_kinds = {"VoteTimeout"};
  spec.byzantine_kinds = {"misreport"};  // the coordinator announces the opposite accept/reject result
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<Params> parsed = parse_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    Params chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId self, std::size_t, std::string_view) { return make_voting_actor(chosen, self); });
  };
  return spec;
}

}  // namespace coordlab::protocols::voting

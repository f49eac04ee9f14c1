// The auction protocol's spec and validated params (see auction.hpp).
#include <memory>

#include "allocation/auction.hpp"
#include "core/limits.hpp"
#include "protocols/params_reader.hpp"

namespace coordlab::allocation {

std::unique_ptr<sim::Actor> make_auction_actor(const AuctionParams& params, NodeId self);

using protocols::read_choice;

namespace {

Result<BidderProfile> read_bidder_profile(const Json& value, const std::string& pointer) {
  ObjectReader reader(value, pointer, "a bidder");
  RETURN_IF_ERROR(reader.check({"cost_cents", "strategy", "shade_permille", "random_low_permille", "random_high_permille", "skill_permille",
                                "capacity_permille", "quality_permille", "reliability_permille", "throughput_per_hour", "innovation_permille"}));
  BidderProfile profile;
  Result<std::int64_t> cost = reader.integer("cost_cents", 1, limits::kMaxQuoteCents, profile.cost_cents);
  if (!cost.ok()) return cost.error();
  profile.cost_cents = cost.value();
  Result<Strategy> strategy = read_choice<Strategy>(
      reader, "strategy", {{"truthful", Strategy::truthful}, {"shade", Strategy::shade}, {"random", Strategy::random}, {"learner", Strategy::learner}});
  if (!strategy.ok()) return strategy.error();
  profile.strategy = strategy.value();
  struct Field {
    const char* key;
    std::int64_t* target;
    std::int64_t low, high;
  };
  for (const Field& field : {Field{"shade_permille", &profile.shade_permille, 1, 10'000}, Field{"random_low_permille", &profile.random_low_permille, 1, 10'000},
                             Field{"random_high_permille", &profile.random_high_permille, 1, 10'000},
                             Field{"skill_permille", &profile.skill_permille, 0, 1000}, Field{"capacity_permille", &profile.capacity_permille, 0, 1000},
                             Field{"quality_permille", &profile.quality_permille, 0, 1000},
                             Field{"reliability_permille", &profile.reliability_permille, 0, 1000},
                             Field{"throughput_per_hour", &profile.throughput_per_hour, 0, limits::kMaxThroughputPerHour},
                             Field{"innovation_permille", &profile.innovation_permille, 0, 1000}}) {
    Result<std::int64_t> read = reader.integer(field.key, field.low, field.high, *field.target);
    if (!read.ok()) return read.error();
    *field.target = read.value();
  }
  if (profile.random_low_permille > profile.random_high_permille) {
    return make_error("params.bad_range", "\"random_low_permille\" must not exceed \"random_high_permille\".", reader.pointer_of("random_low_permille"));
  }
  return profile;
}

}  // namespace

Result<std::vector<BidderProfile>> read_bidder_profiles(const ObjectReader& reader) {
  std::vector<BidderProfile> profiles;
  const Json* bidders = reader.find("bidders");
  if (!bidders) return profiles;
  if (!bidders->is_array()) {
    return make_error("json.wrong_type", "\"bidders\" is an array with one object per bidder (n1, n2, ...).", reader.pointer_of("bidders"));
  }
  for (std::size_t i = 0; i < bidders->size(); ++i) {
    Result<BidderProfile> bidder = read_bidder_profile((*bidders)[i], pointer_append(reader.pointer_of("bidders"), i));
    if (!bidder.ok()) return bidder.error();
    profiles.push_back(bidder.value());
  }
  return profiles;
}

namespace {

// The deadline rule, the self-announced rounds (I8) and the scoring params (scoring.hpp).
Status read_rounds_and_scoring(const ObjectReader& reader, AuctionParams& parsed) {
  Result<DeadlineRule> deadline = read_choice<DeadlineRule>(
      reader, "deadline", {{"enforced", DeadlineRule::enforced}, {"course_wait_for_all", DeadlineRule::course_wait_for_all}});
  if (!deadline.ok()) return deadline.error();
  parsed.deadline = deadline.value();
  Result<std::int64_t> rounds = reader.integer("rounds", 0, static_cast<std::int64_t>(limits::kMaxAuctions), parsed.rounds);
  if (!rounds.ok()) return rounds.error();
  parsed.rounds = rounds.value();
  Result<std::int64_t> round_ticks = reader.integer("round_ticks", 1, 1'000'000, parsed.round_ticks);
  if (!round_ticks.ok()) return round_ticks.error();
  parsed.round_ticks = round_ticks.value();
  Result<ScoringParams> scoring = read_scoring_params(reader, parsed.reserve_cents);
  if (!scoring.ok()) return scoring.error();
  parsed.scoring = scoring.value();
  if (parsed.scoring.normalisation != Normalisation::none && (parsed.mechanism != Mechanism::first_price || parsed.award != AwardRule::lowest)) {
    return make_error("params.conflict", "a scoring auction awards the top score and pays it its quote: set \"mechanism\" to \"first_price\" and \"award\" to \"lowest\".",
                      reader.pointer_of("scoring"));
  }
  return {};
}

Result<AuctionParams> parse_params(const Json& params, const std::string& pointer) {
  AuctionParams parsed;
  if (params.is_null()) return parsed;
  ObjectReader reader(params, pointer, "auction params");
  std::vector<std::string_view> known = {"mechanism", "award", "budget", "reserve_cents", "bid_window_ticks", "eligibility_permille", "bidders",
                                        "deadline", "rounds", "round_ticks"};
  known.insert(known.end(), kScoringParamKeys.begin(), kScoringParamKeys.end());
  RETURN_IF_ERROR(reader.check(known));
  Result<Mechanism> mechanism =
      read_choice<Mechanism>(reader, "mechanism", {{"second_price", Mechanism::second_price}, {"first_price", Mechanism::first_price}});
  if (!mechanism.ok()) return mechanism.error();
  Result<AwardRule> award = read_choice<AwardRule>(reader, "award", {{"lowest", AwardRule::lowest}, {"course_most_expensive", AwardRule::course_most_expensive}});
  if (!award.ok()) return award.error();
  Result<BudgetRule> budget = read_choice<BudgetRule>(reader, "budget", {{"reject_above", BudgetRule::reject_above}, {"course_clamp", BudgetRule::course_clamp}});
  if (!budget.ok()) return budget.error();
  Result<std::int64_t> reserve = reader.integer("reserve_cents", 1, limits::kMaxQuoteCents, parsed.reserve_cents);
  if (!reserve.ok()) return reserve.error();
  Result<std::int64_t> window = reader.integer("bid_window_ticks", 1, 1'000'000, parsed.bid_window_ticks);
  if (!window.ok()) return window.error();
  Result<std::int64_t> threshold = reader.integer("eligibility_permille", 0, 1000, parsed.eligibility_permille);
  if (!threshold.ok()) return threshold.error();
  parsed.mechanism = mechanism.value();
  parsed.award = award.value();
  parsed.budget = budget.value();
  parsed.reserve_cents = reserve.value();
  parsed.bid_window_ticks = window.value();
  parsed.eligibility_permille = threshold.value();
  Result<std::vector<BidderProfile>> bidders = read_bidder_profiles(reader);
  if (!bidders.ok()) return bidders.error();
  parsed.bidders = bidders.value();
  RETURN_IF_ERROR(read_rounds_and_scoring(reader, parsed));
  return parsed;
}

}  // namespace

protocols::ProtocolSpec auction_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "auction";
  spec.summary = "sealed-bid procurement: node 0 buys a task, the others quote; first or second price with a reserve";
  spec.message_types = {"CallForBids", "Bid", "Award", "Reject"};
  spec.timer_kinds = {"Close", "Round"};
  spec.views = {{"auction.bids", "Bids", protocols::ViewKind::table, "bids",
                 "every bid of every auction: quote, valid, late or rejected, the winner and what it is paid; scores and their breakdown when scoring"},
                {"auction.shade_utility", "Utility by shade", protocols::ViewKind::plot, "auction.shade_utility",
                 "the learner's total utility over all auctions had it quoted cost x shade, for shades 0.5 to 1.5 (same opponents)"}};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<AuctionParams> parsed = parse_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    AuctionParams chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId self, std::size_t, std::string_view) { return make_auction_actor(chosen, self); });
  };
  return spec;
}

}  // namespace coordlab::allocation

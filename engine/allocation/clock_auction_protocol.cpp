// The clock auction protocol's spec and validated params (see clock_auction.hpp).
#include <memory>

#include "allocation/clock_auction.hpp"
#include "core/limits.hpp"
#include "protocols/params_reader.hpp"

namespace coordlab::allocation {

std::unique_ptr<sim::Actor> make_clock_auction_actor(const ClockParams& params, NodeId self);

namespace {

Result<ClockParams> parse_clock_params(const Json& params, const std::string& pointer) {
  ClockParams parsed;
  if (params.is_null()) return parsed;
  ObjectReader reader(params, pointer, "clock auction params");
  RETURN_IF_ERROR(reader.check({"mechanism", "reserve_cents", "start_cents", "step_cents", "round_ticks", "eligibility_permille", "bidders"}));
  Result<ClockMechanism> mechanism = protocols::read_choice<ClockMechanism>(
      reader, "mechanism",
      {{"descending_clock", ClockMechanism::descending_clock}, {"dutch", ClockMechanism::dutch}, {"course_english", ClockMechanism::course_english}});
  if (!mechanism.ok()) return mechanism.error();
  parsed.mechanism = mechanism.value();
  struct Field {
    const char* key;
    std::int64_t* target;
    std::int64_t low, high;
  };
  for (const Field& field : {Field{"reserve_cents", &parsed.reserve_cents, 1, limits::kMaxQuoteCents},
                             Field{"start_cents", &parsed.start_cents, 1, limits::kMaxQuoteCents},
                             Field{"step_cents", &parsed.step_cents, 1, limits::kMaxQuoteCents},
                             Field{"round_ticks", &parsed.round_ticks, 1, 1'000'000},
                             Field{"eligibility_permille", &parsed.eligibility_permille, 0, 1000}}) {
    Result<std::int64_t> read = reader.integer(field.key, field.low, field.high, *field.target);
    if (!read.ok()) return read.error();
    *field.target = read.value();
  }
  if (parsed.mechanism != ClockMechanism::descending_clock && parsed.start_cents > parsed.reserve_cents) {
    return make_error("params.bad_range", "\"start_cents\" must not exceed \"reserve_cents\": a rising clock starts below the budget.",
                      reader.pointer_of("start_cents"));
  }
  if (clock_round_count(parsed) > limits::kMaxClockRounds) {
    return make_error("limit.clock_rounds",
                      "this clock would run " + std::to_string(clock_round_count(parsed)) + " rounds; at most " +
                          std::to_string(limits::kMaxClockRounds) + " are allowed: raise \"step_cents\".",
                      reader.pointer_of("step_cents"));
  }
  Result<std::vector<BidderProfile>> bidders = read_bidder_profiles(reader);
  if (!bidders.ok()) return bidders.error();
  parsed.bidders = bidders.value();
  return parsed;
}

}  // namespace

protocols::ProtocolSpec clock_auction_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "clock_auction";
  spec.summary = "clock procurement: node 0 buys a task; the price falls (descending clock) or rises (Dutch) each round until one seller is left or accepts";
  spec.message_types = {"ClockRound", "ClockReply", "ClockAward"};
  spec.timer_kinds = {"Round"};
  spec.views = {{"auction.clock_rounds", "Clock", protocols::ViewKind::table, "rounds",
                 "every round of every clock auction: the price called, bidders still in, how many stayed, the outcome"},
                {"auction.clock_price", "Clock price", protocols::ViewKind::plot, "auction.clock_price", "the price called in each round over time, per auction"}};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<ClockParams> parsed = parse_clock_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    ClockParams chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId self, std::size_t, std::string_view) { return make_clock_auction_actor(chosen, self); });
  };
  return spec;
}

}  // namespace coordlab::allocation

// The auctioneer (node 0) and the bidders of the clock procurement auctions (see clock_auction.hpp).
#include <map>
#include <memory>
#include <set>

#include "allocation/clock_auction.hpp"
#include "core/limits.hpp"
#include "protocols/payload.hpp"

namespace coordlab::allocation {

using protocols::PayloadReader;
using protocols::PayloadWriter;

std::string_view clock_mechanism_name(ClockMechanism mechanism) {
  switch (mechanism) {
    case ClockMechanism::dutch: return "dutch";
    case ClockMechanism::course_english: return "course_english";
    case ClockMechanism::descending_clock: break;
  }
  return "descending_clock";
}

std::int64_t clock_price_cents(const ClockParams& params, std::int64_t round) {
  if (params.mechanism == ClockMechanism::descending_clock) return params.reserve_cents - round * params.step_cents;
  return params.start_cents + round * params.step_cents;
}

std::int64_t clock_round_count(const ClockParams& params) {
  if (params.mechanism == ClockMechanism::descending_clock) return (params.reserve_cents - 1) / params.step_cents + 1;
  return (params.reserve_cents - params.start_cents) / params.step_cents + 1;
}

bool clock_bidder_stays(ClockMechanism mechanism, std::int64_t price_cents, std::int64_t limit_cents) {
  // A seller is willing at any price that covers its limit; the course's English rule is a buyer's.
  return mechanism == ClockMechanism::course_english ? price_cents <= limit_cents : price_cents >= limit_cents;
}

namespace {

struct RoundRow {
  std::int64_t round = 0, price_cents = 0;
  std::size_t in = 0, stayed = 0;
};

struct ClockAuction {
  std::string id;
  std::int64_t round = 0;
  std::int64_t price_cents = 0;
  Tick deadline{0};
  std::vector<std::uint16_t> active;      // still in, in node order
  std::map<std::uint16_t, bool> replies;  // this round's counted replies: stay or not
  std::set<std::pair<std::uint16_t, std::int64_t>> late_seen;
  std::vector<RoundRow> rows;
  bool closed = false;
  std::string outcome = "running";
};

class ClockAuctioneerActor final : public sim::Actor {
 public:
  explicit ClockAuctioneerActor(const ClockParams& params) : params_(params) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<ClockAuctioneerActor>(*this); }
  void start(sim::Context&) override {}

  void handle_message(const sim::Message& message, sim::Context& context) override {
    if (message.type != kClockReply) return;
    PayloadReader reader(message.payload);
    const auto found = auctions_.find(std::string(reader.text("id").value_or("")));
    const auto round = reader.integer("round");
    const auto stay = reader.integer("stay");
    if (found == auctions_.end() || !round || !stay) return;  // malformed or for no auction of ours
    ClockAuction& auction = found->second;
    const std::uint16_t bidder = message.from.value;
    const std::string head = "id=" + auction.id + " bidder=" + std::to_string(bidder) + " round=" + std::to_string(*round);
    if (auction.closed || *round != auction.round || context.now > auction.deadline) {
      if (auction.late_seen.insert({bidder, *round}).second) context.out.note("late_reply " + head);
      return;
    }
    if (std::find(auction.active.begin(), auction.active.end(), bidder) == auction.active.end()) return;
    if (!auction.replies.emplace(bidder, *stay == 1).second) return;  // a network duplicate: the first counts
    context.out.note("reply " + head + " stay=" + (*stay == 1 ? "1" : "0"));
    if (params_.mechanism == ClockMechanism::dutch && *stay == 1) award(auction, bidder, auction.price_cents, "first_accept", context);
  }

  void handle_timer(std::uint16_t, sim::Context& context) override {
    for (auto& [id, auction] : auctions_)
      if (!auction.closed && context.now >= auction.deadline) close_round(auction, context);
  }

  Status handle_input(std::string_view text, sim::Context& context) override {
    Result<std::string> id = read_announce(text, auctions_.size(), [&](const std::string& name) { return auctions_.count(name) > 0; });
    if (!id.ok()) return id.error();
    open(id.value(), context);
    return {};
  }

  std::string role() const override { return "auctioneer"; }
  void describe(sim::StateWriter& writer) const override;

 private:
  void open(const std::string& id, sim::Context& context) {
    ClockAuction& auction = auctions_[id];
    auction.id = id;
    auction.active = eligible_bidders(id, params_.bidders, params_.eligibility_permille, context);
    context.out.note("clock_open id=" + id + " mechanism=" + std::string(clock_mechanism_name(params_.mechanism)) + " reserve=" +
                     std::to_string(params_.reserve_cents) + " start=" + std::to_string(clock_price_cents(params_, 0)) +
                     " step=" + std::to_string(params_.step_cents) + " eligible=" + node_list(auction.active));
    open_round(auction, context);
  }

  void open_round(ClockAuction& auction, sim::Context& context) {
    auction.price_cents = clock_price_cents(params_, auction.round);
    auction.deadline = Tick{context.now.value + params_.round_ticks};
    auction.replies.clear();
    auction.rows.push_back({auction.round, auction.price_cents, auction.active.size(), 0});
    context.out.note("round id=" + auction.id + " round=" + std::to_string(auction.round) + " price=" + std::to_string(auction.price_cents) +
                     " deadline=" + std::to_string(auction.deadline.value) + " active=" + node_list(auction.active));
    const std::string call = PayloadWriter()
                                 .add("id", auction.id)
                                 .add("round", auction.round)
                                 .add("price", auction.price_cents)
                                 .add("mechanism", clock_mechanism_name(params_.mechanism))
                                 .text();
    for (std::uint16_t bidder : auction.active) context.out.send(NodeId{bidder}, kClockRound, call);
    context.out.set_timer(kRoundTimer, params_.round_ticks);
  }

  void close_round(ClockAuction& auction, sim::Context& context) {
    const bool last_round = auction.round + 1 >= clock_round_count(params_);
    if (params_.mechanism == ClockMechanism::dutch) {  // no accept this round (one would have closed it)
      if (last_round) return no_award(auction, "reserve_reached", context);
      ++auction.round;
      return open_round(auction, context);
    }
    std::vector<std::uint16_t> stayers;
    for (std::uint16_t bidder : auction.active) {
      const auto reply = auction.replies.find(bidder);
      if (reply != auction.replies.end() && reply->second) {
        stayers.push_back(bidder);
        continue;
      }
      context.out.note("drop id=" + auction.id + " bidder=" + std::to_string(bidder) + " round=" + std::to_string(auction.round) +
                       " reason=" + (reply == auction.replies.end() ? "no_reply" : "declined"));
    }
    auction.rows.back().stayed = stayers.size();
    if (stayers.size() == 1) return award(auction, stayers[0], auction.price_cents, "last_in", context);
    if (stayers.empty()) {
      if (auction.round == 0) return no_award(auction, "nobody_at_first_price", context);
      // Everyone still in dropped at once: they all stayed at the previous price; the lowest node wins there.
      return award(auction, auction.active.front(), clock_price_cents(params_, auction.round - 1), "tie", context);
    }
    if (last_round) return award(auction, stayers.front(), auction.price_cents, "price_floor", context);
    auction.active = stayers;
    ++auction.round;
    open_round(auction, context);
  }

  void award(ClockAuction& auction, std::uint16_t winner, std::int64_t payment_cents, std::string_view reason, sim::Context& context) {
    auction.closed = true;
    auction.outcome = "n" + std::to_string(winner) + " paid " + std::to_string(payment_cents);
    context.out.note("award id=" + auction.id + " winner=" + std::to_string(winner) + " quote=" + std::to_string(payment_cents) +
                     " payment=" + std::to_string(payment_cents) + " mechanism=" + std::string(clock_mechanism_name(params_.mechanism)) +
                     " reserve=" + std::to_string(params_.reserve_cents) + " bids=" + std::to_string(auction.replies.size()) +
                     " rounds=" + std::to_string(auction.round + 1) + " reason=" + std::string(reason));
    context.out.send(NodeId{winner}, kClockAward, PayloadWriter().add("id", auction.id).add("payment", payment_cents).text());
  }

  void no_award(ClockAuction& auction, std::string_view reason, sim::Context& context) {
    auction.closed = true;
    auction.outcome = "no award";
    context.out.note("no_award id=" + auction.id + " reason=" + std::string(reason));
  }

  ClockParams params_;
  std::map<std::string, ClockAuction> auctions_;
};

void ClockAuctioneerActor::describe(sim::StateWriter& writer) const {
  writer.field("auctions", static_cast<std::int64_t>(auctions_.size()));
  writer.field("reserve_cents", params_.reserve_cents);
  writer.field("mechanism", clock_mechanism_name(params_.mechanism));
  writer.table("rounds", {"auction", "round", "price_cents", "in", "stayed", "outcome"});
  for (const auto& [id, auction] : auctions_) {
    for (const RoundRow& row : auction.rows) {
      const bool last = &row == &auction.rows.back();
      const bool dutch = params_.mechanism == ClockMechanism::dutch;
      writer.row({id, std::to_string(row.round), std::to_string(row.price_cents), std::to_string(row.in),
                  dutch ? "-" : (last && !auction.closed ? "?" : std::to_string(row.stayed)), last ? auction.outcome : ""});
    }
  }
}

class ClockBidderActor final : public sim::Actor {
 public:
  explicit ClockBidderActor(const BidderProfile& profile) : profile_(profile) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<ClockBidderActor>(*this); }
  void start(sim::Context&) override {}

  void handle_message(const sim::Message& message, sim::Context& context) override {
    PayloadReader reader(message.payload);
    const std::string id(reader.text("id").value_or(""));
    if (id.empty()) return;
    if (message.type == kClockRound) return answer(id, reader, message.from, context);
    if (message.type == kClockAward) {
      const std::int64_t payment = reader.integer("payment").value_or(0);
      utility_cents_ += payment - profile_.cost_cents;
      ++wins_;
      context.out.note("won id=" + id + " payment=" + std::to_string(payment) + " cost=" + std::to_string(profile_.cost_cents) +
                       " utility=" + std::to_string(payment - profile_.cost_cents));
    }
  }

  void handle_timer(std::uint16_t, sim::Context&) override {}

  Status handle_input(std::string_view text, sim::Context&) override {
    Result<std::int64_t> cents = read_learner_quote(text, profile_);
    if (!cents.ok()) return cents.error();
    learner_limit_cents_ = cents.value();
    return {};
  }

  std::string role() const override { return "bidder"; }
  void describe(sim::StateWriter& writer) const override {
    writer.field("cost_cents", profile_.cost_cents);
    writer.field("limit_cents", profile_.strategy == Strategy::learner ? learner_limit_cents_ : last_limit_cents_);
    writer.field("wins", wins_);
    writer.field("utility_cents", utility_cents_);
  }

 private:
  void answer(const std::string& id, const PayloadReader& reader, NodeId from, sim::Context& context) {
    const auto round = reader.integer("round");
    const auto price = reader.integer("price");
    const std::string_view mechanism = reader.text("mechanism").value_or("");
    if (!round || !price) return;
    // A strategy's limit is fixed per auction (a random bidder draws once); the learner's is its latest quote.
    auto limit = limits_.find(id);
    if (limit == limits_.end()) limit = limits_.emplace(id, strategy_quote_cents(profile_, context)).first;
    last_limit_cents_ = profile_.strategy == Strategy::learner ? learner_limit_cents_ : limit->second;
    const ClockMechanism kind = mechanism == "dutch" ? ClockMechanism::dutch
                                : mechanism == "course_english" ? ClockMechanism::course_english : ClockMechanism::descending_clock;
    const bool stays = last_limit_cents_ > 0 && clock_bidder_stays(kind, *price, last_limit_cents_);
    if (kind == ClockMechanism::dutch && !stays) return;  // a Dutch bidder only speaks to accept
    context.out.send(from, kClockReply, PayloadWriter().add("id", id).add("round", *round).add("stay", stays ? 1 : 0).text());
  }

  BidderProfile profile_;
  std::map<std::string, std::int64_t> limits_;
  std::int64_t learner_limit_cents_ = 0;  // 0: no quote yet, never stays
  std::int64_t last_limit_cents_ = 0;
  std::int64_t wins_ = 0;
  std::int64_t utility_cents_ = 0;
};

}  // namespace

std::unique_ptr<sim::Actor> make_clock_auction_actor(const ClockParams& params, NodeId self) {
  if (self.value == 0) return std::make_unique<ClockAuctioneerActor>(params);
  const std::size_t index = self.value - 1u;
  return std::make_unique<ClockBidderActor>(index < params.bidders.size() ? params.bidders[index] : BidderProfile{});
}

}  // namespace coordlab::allocation

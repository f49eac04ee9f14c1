// The auctioneer (node 0) and the bidders of the sealed-bid procurement auction (see auction.hpp).
#include <algorithm>
#include <map>
#include <memory>

#include "allocation/auction.hpp"
#include "core/assert.hpp"
#include "core/limits.hpp"
#include "protocols/payload.hpp"

namespace coordlab::allocation {

using protocols::PayloadReader;
using protocols::PayloadWriter;

std::string_view mechanism_name(Mechanism mechanism) { return mechanism == Mechanism::first_price ? "first_price" : "second_price"; }

std::int64_t capability_match_permille(const BidderProfile& profile) {
  return (600 * profile.skill_permille + 200 * profile.capacity_permille + 100 * profile.quality_permille +
          100 * profile.reliability_permille) / 1000;
}

Outcome decide_auction(std::vector<ValidBid> bids, Mechanism mechanism, std::int64_t reserve_cents, AwardRule award) {
  if (bids.empty()) return {};
  std::sort(bids.begin(), bids.end(), [](const ValidBid& a, const ValidBid& b) {
    return a.quote_cents != b.quote_cents ? a.quote_cents < b.quote_cents : a.bidder < b.bidder;
  });
  // The course's Vickrey sorts the other way round and awards the most expensive quote.
  if (award == AwardRule::course_most_expensive) std::stable_sort(bids.begin(), bids.end(), [](const ValidBid& a, const ValidBid& b) {
    return a.quote_cents > b.quote_cents;
  });
  Outcome outcome{true, bids[0].bidder, bids[0].quote_cents, bids[0].quote_cents};
  if (mechanism == Mechanism::second_price) outcome.payment_cents = bids.size() > 1 ? std::min(bids[1].quote_cents, reserve_cents) : reserve_cents;
  return outcome;
}

std::string node_list(const std::vector<std::uint16_t>& nodes) {
  std::string text;
  for (std::uint16_t node : nodes) text.append(text.empty() ? "" : ",").append(std::to_string(node));
  return text.empty() ? "none" : text;
}

std::int64_t strategy_quote_cents(const BidderProfile& profile, sim::Context& context) {
  switch (profile.strategy) {
    case Strategy::shade: return std::max<std::int64_t>(1, profile.cost_cents * profile.shade_permille / 1000);
    case Strategy::random:
      return std::max<std::int64_t>(1, profile.cost_cents * context.random.range(profile.random_low_permille, profile.random_high_permille) / 1000);
    case Strategy::truthful:
    case Strategy::learner: break;
  }
  return profile.cost_cents;
}

Result<std::string> read_announce(std::string_view text, std::size_t running, const std::function<bool(const std::string&)>& taken) {
  const std::string id(PayloadReader(text).text("id").value_or(""));
  if (text.substr(0, 9) != "announce " || id.empty() || id.size() > 32 || id.find_first_of(" ,=") != std::string::npos) {
    return make_error("input.invalid", "the auctioneer (node 0) accepts \"announce id=NAME\" (NAME: up to 32 letters, digits, _ -).");
  }
  if (taken(id)) return make_error("input.duplicate", "auction " + id + " exists already; pick a new id.");
  if (running >= limits::kMaxAuctions) return make_error("limit.auctions", "at most " + std::to_string(limits::kMaxAuctions) + " auctions per run.");
  return id;
}

std::int64_t bidder_match_permille(const std::vector<BidderProfile>& bidders, std::size_t node) {
  return capability_match_permille(node - 1 < bidders.size() ? bidders[node - 1] : BidderProfile{});
}

std::vector<std::uint16_t> eligible_bidders(const std::string& id, const std::vector<BidderProfile>& bidders, std::int64_t threshold_permille,
                                            sim::Context& context) {
  std::vector<std::uint16_t> eligible;
  for (std::size_t node = 1; node < context.node_count; ++node) {
    const std::int64_t match = bidder_match_permille(bidders, node);
    const bool ok = match >= threshold_permille;
    context.out.note("eligibility id=" + id + " bidder=" + std::to_string(node) + " match=" + std::to_string(match) + " eligible=" + (ok ? "1" : "0"));
    if (ok) eligible.push_back(static_cast<std::uint16_t>(node));
  }
  return eligible;
}

Result<std::int64_t> read_learner_quote(std::string_view text, const BidderProfile& profile) {
  const auto cents = PayloadReader(text).integer("cents");
  if (profile.strategy != Strategy::learner) {
    return make_error("input.not_learner", "this bidder follows its own strategy; only a bidder with strategy \"learner\" takes \"quote cents=Q\".");
  }
  if (text.substr(0, 6) != "quote " || !cents || *cents < 1 || *cents > limits::kMaxQuoteCents) {
    return make_error("input.invalid", "a quote is \"quote cents=Q\" with Q from 1 to " + std::to_string(limits::kMaxQuoteCents) + " (whole cents).");
  }
  return *cents;
}

namespace {

struct Auction {
  std::string id;
  Tick deadline;
  std::vector<std::uint16_t> eligible;
  std::map<std::uint16_t, std::int64_t> match_permille;  // every bidder's capability match, eligible or not
  std::map<std::uint16_t, std::string> status;  // by bidder: "valid", "late", "rejected", "winner"
  std::vector<ValidBid> valid;
  std::map<std::uint16_t, std::int64_t> offered;
  bool closed = false;
  Outcome outcome;
  std::map<std::uint16_t, CriterionValues> attributes;  // scoring: what each valid bid offered
  std::vector<BidScore> scores;                          // scoring: every valid bid's score, at the close
};

// The bid's attributes in criterion order; the quote stands for cost.
CriterionValues offered_attributes(const PayloadReader& reader, std::int64_t quote_cents) {
  return {quote_cents, reader.integer("quality").value_or(0), reader.integer("throughput").value_or(0), reader.integer("reliability").value_or(0),
          reader.integer("innovation").value_or(0)};
}

class AuctioneerActor final : public sim::Actor {
 public:
  explicit AuctioneerActor(const AuctionParams& params) : params_(params) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<AuctioneerActor>(*this); }
  void start(sim::Context& context) override {
    if (params_.rounds > 0) context.out.set_timer(kNextRoundTimer, params_.round_ticks);
  }

  void handle_message(const sim::Message& message, sim::Context& context) override {
    if (message.type != kBid) return;
    PayloadReader reader(message.payload);
    const auto found = auctions_.find(std::string(reader.text("id").value_or("")));
    const auto offered = reader.integer("quote");
    if (found == auctions_.end() || !offered || *offered < 1) return;  // malformed or for no auction of ours
    Auction& auction = found->second;
    const std::uint16_t bidder = message.from.value;
    if (auction.offered.count(bidder)) return;  // a network duplicate, or a second quote: the first counts
    auction.offered[bidder] = *offered;
    const std::string head = "id=" + auction.id + " bidder=" + std::to_string(bidder) + " offered=" + std::to_string(*offered);
    const bool past_deadline = params_.deadline == DeadlineRule::enforced && context.now > auction.deadline;
    if (auction.closed || past_deadline) {
      auction.status[bidder] = "late";
      context.out.note("late_bid " + head);
      return;
    }
    std::int64_t quote = *offered;
    if (quote > params_.reserve_cents) {
      if (params_.budget == BudgetRule::reject_above) {
        auction.status[bidder] = "rejected";
        context.out.note("reject_bid " + head + " reason=above_reserve");
        return close_when_all_quoted(auction, context);
      }
      quote = params_.reserve_cents;  // the course's clamp
    }
    auction.status[bidder] = "valid";
    auction.valid.push_back({bidder, quote});
    std::string note = "bid " + head + " quote=" + std::to_string(quote);
    if (params_.scoring.normalisation != Normalisation::none) {
      auction.attributes[bidder] = offered_attributes(reader, quote);
      note.append(" attributes=").append(criterion_list(auction.attributes[bidder]));
    }
    context.out.note(note);
    close_when_all_quoted(auction, context);
  }

  void handle_timer(std::uint16_t kind, sim::Context& context) override {
    if (kind == kNextRoundTimer) {
      const std::string id = "r" + std::to_string(++rounds_started_);
      // An id the learner already announced, or the auction limit, ends the rounds (and the trace says so).
      if (auctions_.count(id) > 0 || auctions_.size() >= limits::kMaxAuctions) return context.out.note("rounds_stopped at=" + id);
      announce(id, context);
      if (rounds_started_ < params_.rounds) context.out.set_timer(kNextRoundTimer, params_.round_ticks);
      return;
    }
    if (params_.deadline != DeadlineRule::enforced) return;  // the course waits for every quote
    for (auto& [id, auction] : auctions_)
      if (!auction.closed && context.now >= auction.deadline) close(auction, context);
  }

  Status handle_input(std::string_view text, sim::Context& context) override {
    Result<std::string> id = read_announce(text, auctions_.size(), [&](const std::string& name) { return auctions_.count(name) > 0; });
    if (!id.ok()) return id.error();
    announce(id.value(), context);
    return {};
  }

  std::string role() const override { return "auctioneer"; }
  void describe(sim::StateWriter& writer) const override;

 private:
  void append_score_cells(const Auction& auction, std::uint16_t bidder, std::vector<std::string>& cells) const;
  std::string why(const Auction& auction, const std::string& state, std::int64_t match_permille) const;
  void announce(const std::string& id, sim::Context& context) {
    Auction& auction = auctions_[id];
    auction.id = id;
    auction.deadline = Tick{context.now.value + params_.bid_window_ticks};
    auction.eligible = eligible_bidders(id, params_.bidders, params_.eligibility_permille, context);
    for (std::size_t node = 1; node < context.node_count; ++node) {
      auction.match_permille[static_cast<std::uint16_t>(node)] = bidder_match_permille(params_.bidders, node);
    }
    context.out.note("announce id=" + id + " deadline=" + std::to_string(auction.deadline.value) + " reserve=" +
                     std::to_string(params_.reserve_cents) + " mechanism=" + std::string(mechanism_name(params_.mechanism)) +
                     " eligible=" + node_list(auction.eligible) + variant_note());
    PayloadWriter call;
    call.add("id", id).add("deadline", auction.deadline.value).add("reserve", params_.reserve_cents);
    if (params_.scoring.normalisation != Normalisation::none) call.add("criteria", 1);
    for (std::uint16_t bidder : auction.eligible) context.out.send(NodeId{bidder}, kCallForBids, call.text());
    context.out.set_timer(kCloseTimer, params_.bid_window_ticks);
  }

  // What the announce note adds for scoring and the course's variants (nothing for the defaults).
  std::string variant_note() const {
    std::string text;
    if (params_.award == AwardRule::course_most_expensive) text.append(" award=course_most_expensive");
    if (params_.deadline == DeadlineRule::course_wait_for_all) text.append(" deadline_rule=course_wait_for_all");
    const ScoringParams& scoring = params_.scoring;
    if (scoring.normalisation == Normalisation::none) return text;
    text.append(" scoring=").append(normalisation_name(scoring.normalisation)).append(" weights=").append(criterion_list(scoring.weights_permille));
    text.append(" cost_anchor=").append(std::to_string(scoring.cost_cents.worst)).append("..").append(std::to_string(scoring.cost_cents.best));
    text.append(" throughput_anchor=").append(std::to_string(scoring.throughput.worst)).append("..").append(std::to_string(scoring.throughput.best));
    return text;
  }

  void close_when_all_quoted(Auction& auction, sim::Context& context) {
    if (params_.deadline == DeadlineRule::course_wait_for_all && !auction.closed && auction.offered.size() >= auction.eligible.size()) close(auction, context);
  }

  // Scoring: the top score wins and is paid its quote (first score).
  Outcome decide_by_score(Auction& auction, sim::Context& context) const {
    std::vector<OfferedBid> offered;
    for (const ValidBid& bid : auction.valid) offered.push_back({bid.bidder, auction.attributes[bid.bidder]});
    auction.scores = score_bids(offered, params_.scoring);
    for (const BidScore& score : auction.scores) {
      context.out.note("score id=" + auction.id + " bidder=" + std::to_string(score.bidder) + " total=" + std::to_string(score.total_permille()) +
                       " values=" + criterion_list(score.criterion_permille));
    }
    const std::optional<std::size_t> top = top_score_index(auction.scores);
    if (!top) return {};
    const std::int64_t quote = offered[*top].raw[static_cast<std::size_t>(Criterion::cost)];
    return {true, auction.scores[*top].bidder, quote, quote};
  }

  void close(Auction& auction, sim::Context& context) {
    auction.closed = true;
    auction.outcome = params_.scoring.normalisation == Normalisation::none
                          ? decide_auction(auction.valid, params_.mechanism, params_.reserve_cents, params_.award)
                          : decide_by_score(auction, context);
    if (!auction.outcome.awarded) {
      context.out.note("no_award id=" + auction.id + " reason=no_valid_bids");
      return;
    }
    const Outcome& outcome = auction.outcome;
    auction.status[outcome.winner] = "winner";
    context.out.note("award id=" + auction.id + " winner=" + std::to_string(outcome.winner) + " quote=" + std::to_string(outcome.quote_cents) +
                     " payment=" + std::to_string(outcome.payment_cents) + " mechanism=" + std::string(mechanism_name(params_.mechanism)) +
                     " reserve=" + std::to_string(params_.reserve_cents) + " bids=" + std::to_string(auction.valid.size()));
    for (const ValidBid& bid : auction.valid) {
      const bool won = bid.bidder == outcome.winner;
      context.out.send(NodeId{bid.bidder}, won ? kAward : kReject,
                       PayloadWriter().add("id", auction.id).add("payment", won ? outcome.payment_cents : 0).text());
    }
  }

  AuctionParams params_;
  std::map<std::string, Auction> auctions_;
  std::int64_t rounds_started_ = 0;
};

void AuctioneerActor::describe(sim::StateWriter& writer) const {
  writer.field("auctions", static_cast<std::int64_t>(auctions_.size()));
  writer.field("reserve_cents", params_.reserve_cents);
  writer.field("mechanism", mechanism_name(params_.mechanism));
  const bool scoring = params_.scoring.normalisation != Normalisation::none;
  std::vector<std::string> columns = {"auction", "bidder", "offered_cents", "status", "payment_cents", "why"};
  if (scoring) {
    columns.push_back("score (permille)");
    for (const char* name : kCriterionNames) columns.push_back(std::string(name) + " (permille)");
    columns.push_back("breakdown");
  }
  writer.table("bids", columns);
  for (const auto& [id, auction] : auctions_) {
    for (const auto& [bidder, match] : auction.match_permille) {
      const bool eligible = std::find(auction.eligible.begin(), auction.eligible.end(), bidder) != auction.eligible.end();
      const auto offered = auction.offered.find(bidder);
      const auto status = auction.status.find(bidder);
      const bool won = auction.outcome.awarded && auction.outcome.winner == bidder;
      const std::string state = !eligible ? "ineligible" : status == auction.status.end() ? (auction.closed ? "no bid" : "waiting") : status->second;
      std::vector<std::string> cells = {id, "n" + std::to_string(bidder), offered == auction.offered.end() ? "-" : std::to_string(offered->second), state,
                                        won ? std::to_string(auction.outcome.payment_cents) : "", why(auction, state, match)};
      if (scoring) append_score_cells(auction, bidder, cells);
      writer.row(std::move(cells));
    }
  }
}

// The bid table's "why" for a row's status: what excluded a bid, or what won.
std::string AuctioneerActor::why(const Auction& auction, const std::string& state, std::int64_t match_permille) const {
  if (state == "ineligible") {
    return "capability match " + std::to_string(match_permille) + " < " + std::to_string(params_.eligibility_permille) + " permille: not invited";
  }
  if (state == "rejected") return "quote above the reserve (" + std::to_string(params_.reserve_cents) + " cents)";
  if (state == "late") return "arrived after the deadline (tick " + std::to_string(auction.deadline.value) + ")";
  if (state == "no bid") return "no quote by the deadline: lost, or the bidder is down";
  if (state != "winner") return "";
  if (params_.scoring.normalisation != Normalisation::none) return "top score; paid its quote";
  if (params_.award == AwardRule::course_most_expensive) return "the course's rule: the most expensive quote";
  return params_.mechanism == Mechanism::second_price ? "lowest quote; paid the next quote (or the reserve)" : "lowest quote; paid its quote";
}

// The score, each criterion's normalised value and the breakdown; blank until the bid is scored.
void AuctioneerActor::append_score_cells(const Auction& auction, std::uint16_t bidder, std::vector<std::string>& cells) const {
  const auto scored = std::find_if(auction.scores.begin(), auction.scores.end(), [&](const BidScore& score) { return score.bidder == bidder; });
  if (scored == auction.scores.end()) {
    cells.resize(cells.size() + kCriteria + 2);
    return;
  }
  cells.push_back(std::to_string(scored->total_permille()));
  for (std::int64_t value : scored->criterion_permille) cells.push_back(std::to_string(value));
  cells.push_back(score_breakdown(*scored, params_.scoring.weights_permille));
}

class BidderActor final : public sim::Actor {
 public:
  explicit BidderActor(const BidderProfile& profile) : profile_(profile) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<BidderActor>(*this); }
  void start(sim::Context&) override {}

  void handle_message(const sim::Message& message, sim::Context& context) override {
    PayloadReader reader(message.payload);
    const std::string id(reader.text("id").value_or(""));
    if (id.empty()) return;
    if (message.type == kCallForBids) {
      open_call_ = id;
      open_from_ = message.from;
      with_attributes_ = reader.integer("criteria").value_or(0) == 1;
      if (profile_.strategy != Strategy::learner) return send_quote(strategy_quote_cents(profile_, context), context);
      if (pending_quote_cents_ > 0) send_quote(pending_quote_cents_, context);
      else if (shade_permille_ > 0) send_quote(shaded_quote_cents(), context);
      return;
    }
    if (message.type == kAward) {
      const std::int64_t payment = reader.integer("payment").value_or(0);
      utility_cents_ += payment - profile_.cost_cents;
      ++wins_;
      context.out.note("won id=" + id + " payment=" + std::to_string(payment) + " cost=" + std::to_string(profile_.cost_cents) +
                       " utility=" + std::to_string(payment - profile_.cost_cents));
    }
  }

  void handle_timer(std::uint16_t, sim::Context&) override {}

  Status handle_input(std::string_view text, sim::Context& context) override {
    if (text.substr(0, 6) == "shade ") return set_shade(text, context);
    Result<std::int64_t> cents = read_learner_quote(text, profile_);
    if (!cents.ok()) return cents.error();
    pending_quote_cents_ = cents.value();
    if (!open_call_.empty()) send_quote(cents.value(), context);
    return {};
  }

  std::string role() const override { return "bidder"; }
  void describe(sim::StateWriter& writer) const override {
    writer.field("cost_cents", profile_.cost_cents);
    writer.field("last_quote_cents", last_quote_cents_);
    writer.field("wins", wins_);
    writer.field("utility_cents", utility_cents_);
  }

 private:
  // "shade permille=P": from now on every call gets cost x P / 1000 (and the open one, if any).
  Status set_shade(std::string_view text, sim::Context& context) {
    if (profile_.strategy != Strategy::learner) return read_learner_quote(text, profile_).error();
    const auto permille = PayloadReader(text).integer("permille");
    if (!permille || *permille < 1 || *permille > limits::kMaxShadePermille) {
      return make_error("input.invalid", "a shade is \"shade permille=P\" with P from 1 to " + std::to_string(limits::kMaxShadePermille) +
                                             " (1000 quotes your true cost, 1100 ten per cent above it).");
    }
    shade_permille_ = *permille;
    context.out.note("learner_shade shade=" + std::to_string(shade_permille_) + " cost=" + std::to_string(profile_.cost_cents));
    if (!open_call_.empty()) send_quote(shaded_quote_cents(), context);
    return {};
  }

  std::int64_t shaded_quote_cents() const { return std::max<std::int64_t>(1, profile_.cost_cents * shade_permille_ / 1000); }

  void send_quote(std::int64_t quote_cents, sim::Context& context) {
    last_quote_cents_ = quote_cents;
    PayloadWriter bid;
    bid.add("id", open_call_).add("quote", quote_cents);
    if (with_attributes_) {
      bid.add("quality", profile_.quality_permille).add("throughput", profile_.throughput_per_hour);
      bid.add("reliability", profile_.reliability_permille).add("innovation", profile_.innovation_permille);
    }
    context.out.send(open_from_, kBid, bid.text());
    open_call_.clear();  // one quote per call
    pending_quote_cents_ = 0;
  }

  BidderProfile profile_;
  std::string open_call_;
  NodeId open_from_{0};
  std::int64_t pending_quote_cents_ = 0;
  std::int64_t shade_permille_ = 0;  // 0: no standing shade
  bool with_attributes_ = false;
  std::int64_t last_quote_cents_ = 0;
  std::int64_t wins_ = 0;
  std::int64_t utility_cents_ = 0;
};

}  // namespace

std::unique_ptr<sim::Actor> make_auction_actor(const AuctionParams& params, NodeId self) {
  if (self.value == 0) return std::make_unique<AuctioneerActor>(params);
  const std::size_t index = self.value - 1u;
  return std::make_unique<BidderActor>(index < params.bidders.size() ? params.bidders[index] : BidderProfile{});
}

}  // namespace coordlab::allocation

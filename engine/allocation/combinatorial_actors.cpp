// The auctioneer (node 0) and the bidder nodes of the combinatorial auction (see combinatorial.hpp).
#include <algorithm>
#include <memory>
#include <optional>

#include "allocation/combinatorial.hpp"
#include "core/limits.hpp"
#include "protocols/payload.hpp"

namespace coordlab::allocation {

using protocols::PayloadReader;
using protocols::PayloadWriter;

namespace {

using SharedParams = std::shared_ptr<const CombinatorialParams>;

std::string good_list(const std::vector<std::uint32_t>& goods) {
  std::string text;
  for (std::uint32_t good : goods) text.append(text.empty() ? "" : ",").append(std::to_string(good));
  return text;
}

// "0,3" -> {0, 3}, ascending, each below `good_count`; nothing for anything else.
std::optional<std::vector<std::uint32_t>> parse_goods(std::string_view text, std::uint32_t good_count) {
  std::vector<std::uint32_t> goods;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const auto good = protocols::parse_decimal(text.substr(0, comma));
    if (!good || *good < 0 || *good >= good_count || goods.size() >= limits::kMaxWdpBundleGoods) return std::nullopt;
    goods.push_back(static_cast<std::uint32_t>(*good));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  std::sort(goods.begin(), goods.end());
  if (goods.empty() || std::adjacent_find(goods.begin(), goods.end()) != goods.end()) return std::nullopt;
  return goods;
}

std::string good_name(const WdpInstance& instance, std::uint32_t good) {
  return good < instance.good_names.size() ? instance.good_names[good] : "g" + std::to_string(good);
}

enum class Arrival : std::uint8_t { waiting, in_time, late, missing };

struct BidState {
  Arrival arrival = Arrival::waiting;
  std::int64_t arrived_tick = 0;
  WdpBid received;  // what the message said
};

class AuctioneerActor final : public sim::Actor {
 public:
  AuctioneerActor(SharedParams params, std::size_t node_count, std::string_view persisted)
      : params_(std::move(params)), node_count_(node_count), persisted_(persisted), bids_(params_->instance.bids.size()) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<AuctioneerActor>(*this); }

  void start(sim::Context& context) override {
    if (!persisted_.empty()) return restart(context);
    deadline_ = context.now.value + params_->bid_window_ticks;
    std::string names;
    for (std::uint32_t good = 0; good < params_->instance.good_count && good < limits::kMaxWdpGridGoods; ++good)
      names.append(names.empty() ? "" : ",").append(good_name(params_->instance, good));
    context.out.note("wdp_open goods=" + std::to_string(params_->instance.good_count) + " bids=" + std::to_string(bids_.size()) +
                     " deadline=" + std::to_string(deadline_) + " names=" + names);
    const std::string call = PayloadWriter().add("deadline", deadline_).text();
    for (std::size_t node = 1; node < node_count_; ++node) context.out.send(NodeId{static_cast<std::uint16_t>(node)}, kCallForBundles, call);
    context.out.set_timer(kBundleCloseTimer, params_->bid_window_ticks);
  }

  void handle_message(const sim::Message& message, sim::Context& context) override {
    if (message.type != kBundleBid) return;
    PayloadReader reader(message.payload);
    const auto index = reader.integer("bid");
    const auto price = reader.integer("price");
    if (!index || *index < 0 || static_cast<std::size_t>(*index) >= bids_.size() || !price || *price < 1 || *price > limits::kMaxWdpPrice) return;
    const WdpBid& listed = params_->instance.bids[static_cast<std::size_t>(*index)];
    const auto goods = parse_goods(reader.text("goods").value_or(""), params_->instance.good_count);
    // Malformed, or from a node that does not host this bid's bidder: not a bid.
    if (!goods || message.from.value != bidder_node(*params_, static_cast<std::size_t>(*index), node_count_)) return;
    BidState& bid = bids_[static_cast<std::size_t>(*index)];
    if (bid.arrival == Arrival::in_time || bid.arrival == Arrival::late) return;  // a network duplicate: the first copy counts
    bid.arrived_tick = context.now.value;
    const std::string head = "bid=" + bid_label(static_cast<std::size_t>(*index)) + " bidder=" + listed.bidder + " node=" + std::to_string(message.from.value);
    if (closed_ || context.now.value > deadline_) {
      bid.arrival = Arrival::late;
      context.out.note("wdp_late " + head + " arrived=" + std::to_string(context.now.value) + " deadline=" + std::to_string(deadline_));
      return;
    }
    bid.arrival = Arrival::in_time;
    bid.received = WdpBid{listed.bidder, *goods, *price};
    context.out.note("wdp_bid " + head + " price=" + std::to_string(*price) + " goods=" + good_list(*goods));
  }

  void handle_timer(std::uint16_t kind, sim::Context& context) override {
    if (kind == kBundleCloseTimer && !closed_ && context.now.value >= deadline_) close(context);
  }

  Status handle_input(std::string_view text, sim::Context& context) override {
    Result<std::vector<std::uint32_t>> chosen = read_pick(text, bids_.size());
    if (!chosen.ok()) return chosen.error();
    pick_ = chosen.value();
    context.out.note("wdp_pick chosen=" + bid_list(*pick_));
    return {};
  }

  std::string persistent_state() const override {
    PayloadWriter state;
    state.add("deadline", deadline_).add("closed", closed_ ? 1 : 0).add("pick", pick_ ? bid_list(*pick_) : "-");
    return state.text();
  }

  std::string role() const override { return closed_ ? "auctioneer (closed)" : "auctioneer"; }
  void describe(sim::StateWriter& writer) const override;

 private:
  // Back after a crash: the bids received before it were in memory and are gone; the deadline, whether
  // the auction closed and the learner's pick were kept.
  void restart(sim::Context& context) {
    PayloadReader state(persisted_);
    deadline_ = state.integer("deadline").value_or(0);
    closed_ = state.integer("closed").value_or(0) == 1;
    std::string pick(state.text("pick").value_or("-"));  // as bid_list wrote it: "b1,b3" or "none"
    if (pick != "-") {
      std::replace(pick.begin(), pick.end(), ',', ' ');
      Result<std::vector<std::uint32_t>> chosen = read_pick("pick " + pick, bids_.size());
      if (chosen.ok()) pick_ = chosen.value();
    }
    context.out.note("wdp_restart deadline=" + std::to_string(deadline_) + " lost_bids=1");
    if (!closed_) context.out.set_timer(kBundleCloseTimer, std::max<std::int64_t>(1, deadline_ - context.now.value));
  }

  void close(sim::Context& context) {
    closed_ = true;
    WdpInstance received{params_->instance.good_count, {}, {}};
    std::vector<std::uint32_t> ids;  // received bid -> its number
    for (std::size_t i = 0; i < bids_.size(); ++i) {
      if (bids_[i].arrival == Arrival::in_time) {
        received.bids.push_back(bids_[i].received);
        ids.push_back(static_cast<std::uint32_t>(i));
      } else if (bids_[i].arrival == Arrival::waiting) {
        bids_[i].arrival = Arrival::missing;
        context.out.note("wdp_missing bid=" + bid_label(i) + " bidder=" + params_->instance.bids[i].bidder + " reason=not_received");
      }
    }
    const bool greedy = params_->solver == WdpSolver::greedy_by_price;
    const WdpSolution solution = greedy ? greedy_by_price(received) : solve_wdp(received);
    won_.clear();
    for (std::uint32_t chosen : solution.chosen) won_.push_back(ids[chosen]);
    welfare_cents_ = solution.welfare;
    context.out.note("wdp_award received=" + std::to_string(ids.size()) + " welfare=" + std::to_string(solution.welfare) + " chosen=" + bid_list(won_) +
                     " status=" + std::string(greedy ? "greedy" : wdp_status_name(solution.status)) +
                     " upper_bound=" + std::to_string(solution.upper_bound) + " nodes=" + std::to_string(solution.nodes) +
                     " solver=" + (greedy ? "greedy_by_price" : "exact"));
    for (std::uint32_t bid : won_) {
      const std::uint16_t node = bidder_node(*params_, bid, node_count_);
      context.out.send(NodeId{node}, kBundleAward, PayloadWriter().add("bid", bid).add("price", bids_[bid].received.price).text());
    }
  }

  std::string arrival_text(const BidState& bid) const {
    switch (bid.arrival) {
      case Arrival::in_time: return "in time (t=" + std::to_string(bid.arrived_tick) + ")";
      case Arrival::late: return "late: t=" + std::to_string(bid.arrived_tick) + " after the deadline t=" + std::to_string(deadline_);
      case Arrival::missing: return "never arrived (lost, or its bidder was down)";
      case Arrival::waiting: break;
    }
    return "waiting";
  }

  // The learner's allocation against the bids received: its welfare, or why it is not an allocation.
  std::string pick_summary() const;

  SharedParams params_;
  std::size_t node_count_ = 0;
  std::string persisted_;
  std::vector<BidState> bids_;  // by bid number
  std::int64_t deadline_ = 0;
  bool closed_ = false;
  std::vector<std::uint32_t> won_;
  std::int64_t welfare_cents_ = 0;
  std::optional<std::vector<std::uint32_t>> pick_;
};

std::string AuctioneerActor::pick_summary() const {
  WdpInstance received{params_->instance.good_count, {}, {}};
  for (const BidState& bid : bids_) received.bids.push_back(bid.arrival == Arrival::in_time ? bid.received : WdpBid{});
  for (std::uint32_t bid : *pick_)
    if (bids_[bid].arrival != Arrival::in_time) return bid_label(bid) + " did not arrive in time";
  Result<std::int64_t> welfare = allocation_welfare(received, *pick_);
  return welfare.ok() ? std::to_string(welfare.value()) : "not an allocation: " + welfare.error().message;
}

void AuctioneerActor::describe(sim::StateWriter& writer) const {
  const WdpInstance& instance = params_->instance;
  const bool reveal = closed_ && pick_.has_value();  // the optimum shows once the learner has picked
  writer.field("deadline", deadline_);
  writer.field("status", closed_ ? "closed" : "collecting bids");
  writer.field("your_pick", pick_ ? bid_list(*pick_) : "none yet (input: pick b1 b3 ...)");
  if (pick_) writer.field("your_welfare_cents", pick_summary());
  if (reveal) {
    writer.field("optimum_cents", welfare_cents_);
    writer.field("optimum", bid_list(won_));
  }
  const std::size_t shown = std::min<std::size_t>(instance.good_count, limits::kMaxWdpGridGoods);
  std::vector<std::string> columns = {"bid", "bidder", "price_cents"};
  for (std::uint32_t good = 0; good < shown; ++good) columns.push_back(good_name(instance, good));
  if (instance.good_count > shown) columns.push_back("other goods");
  for (const char* column : {"arrival", "picked", "optimum", "mark"}) columns.emplace_back(column);
  writer.table("wdp_grid", columns);
  for (std::size_t i = 0; i < instance.bids.size(); ++i) {
    const WdpBid& bid = instance.bids[i];
    std::vector<std::string> cells = {bid_label(i), bid.bidder, std::to_string(bid.price)};
    std::vector<std::uint32_t> others;
    for (std::uint32_t good = 0; good < shown; ++good)
      cells.emplace_back(std::binary_search(bid.goods.begin(), bid.goods.end(), good) ? "\u25A0" : "");
    for (std::uint32_t good : bid.goods)
      if (good >= shown) others.push_back(good);
    if (instance.good_count > shown) cells.push_back(good_list(others));
    const bool picked = pick_ && std::binary_search(pick_->begin(), pick_->end(), static_cast<std::uint32_t>(i));
    const bool excluded = bids_[i].arrival == Arrival::late || bids_[i].arrival == Arrival::missing;
    cells.push_back(arrival_text(bids_[i]));
    cells.emplace_back(picked ? "\u2713" : "");
    cells.emplace_back(reveal && std::find(won_.begin(), won_.end(), i) != won_.end() ? "\u2713" : "");
    cells.emplace_back(excluded ? "excluded" : picked ? "picked" : "");
    writer.row(std::move(cells));
  }
}

struct PendingBid {
  std::int64_t due_tick = 0;
  std::uint32_t bid = 0;
};

class BidderActor final : public sim::Actor {
 public:
  BidderActor(SharedParams params, NodeId self, std::size_t node_count) : params_(std::move(params)) {
    for (std::size_t i = 0; i < params_->instance.bids.size(); ++i)
      if (bidder_node(*params_, i, node_count) == self.value) own_.push_back(static_cast<std::uint32_t>(i));
  }
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<BidderActor>(*this); }
  void start(sim::Context&) override {}

  void handle_message(const sim::Message& message, sim::Context& context) override {
    if (message.type == kBundleAward) return note_win(PayloadReader(message.payload), context);
    if (message.type != kCallForBundles || called_) return;  // a duplicate call: the bids went already
    called_ = true;
    for (std::uint32_t bid : own_) {
      const auto delay = params_->send_after_ticks.find(params_->instance.bids[bid].bidder);
      const std::int64_t ticks = delay == params_->send_after_ticks.end() ? 0 : delay->second;
      if (ticks == 0) {
        send(bid, context);
        continue;
      }
      pending_.push_back({context.now.value + ticks, bid});
      context.out.set_timer(kBundleSendTimer, ticks);
    }
  }

  void handle_timer(std::uint16_t kind, sim::Context& context) override {
    if (kind != kBundleSendTimer) return;
    std::vector<PendingBid> later;
    for (const PendingBid& pending : pending_) {
      if (pending.due_tick <= context.now.value) {
        send(pending.bid, context);
      } else {
        later.push_back(pending);
      }
    }
    pending_ = std::move(later);
  }

  Status handle_input(std::string_view, sim::Context&) override {
    return make_error("input.not_accepted", "bidders send their listed bids by themselves; give your allocation to the auctioneer: \"pick b1 b3\".");
  }

  std::string role() const override { return "bidder"; }
  void describe(sim::StateWriter& writer) const override {
    writer.field("bids", static_cast<std::int64_t>(own_.size()));
    writer.field("sent", sent_);
    writer.field("won", static_cast<std::int64_t>(won_));
  }

 private:
  void send(std::uint32_t bid, sim::Context& context) {
    const WdpBid& listed = params_->instance.bids[bid];
    context.out.send(NodeId{0}, kBundleBid, PayloadWriter().add("bid", bid).add("price", listed.price).add("goods", good_list(listed.goods)).text());
    ++sent_;
  }

  void note_win(const PayloadReader& reader, sim::Context& context) {
    const auto bid = reader.integer("bid");
    if (!bid || std::find(own_.begin(), own_.end(), static_cast<std::uint32_t>(*bid)) == own_.end()) return;
    ++won_;
    context.out.note("wdp_won bid=" + bid_label(static_cast<std::size_t>(*bid)) + " bidder=" + params_->instance.bids[static_cast<std::size_t>(*bid)].bidder +
                     " price=" + std::to_string(reader.integer("price").value_or(0)));
  }

  SharedParams params_;
  std::vector<std::uint32_t> own_;
  std::vector<PendingBid> pending_;
  bool called_ = false;
  std::int64_t sent_ = 0;
  std::size_t won_ = 0;
};

}  // namespace

std::unique_ptr<sim::Actor> make_combinatorial_actor(const std::shared_ptr<const CombinatorialParams>& params, NodeId self, std::size_t node_count,
                                                     std::string_view persisted) {
  if (self.value == 0) return std::make_unique<AuctioneerActor>(params, node_count, persisted);
  return std::make_unique<BidderActor>(params, self, node_count);
}

}  // namespace coordlab::allocation

// The combinatorial auction protocol's spec and validated params (see combinatorial.hpp).
#include <algorithm>
#include <memory>

#include "allocation/combinatorial.hpp"
#include "core/limits.hpp"
#include "protocols/params_reader.hpp"
#include "protocols/payload.hpp"

namespace coordlab::allocation {

std::unique_ptr<sim::Actor> make_combinatorial_actor(const std::shared_ptr<const CombinatorialParams>& params, NodeId self, std::size_t node_count,
                                                     std::string_view persisted);

std::string bid_label(std::size_t index) {
  std::string label = "b";
  label += std::to_string(index);
  return label;
}

std::string bid_list(const std::vector<std::uint32_t>& bids) {
  std::string text;
  for (std::uint32_t bid : bids) text.append(text.empty() ? "" : ",").append(bid_label(bid));
  return text.empty() ? "none" : text;
}

std::vector<std::string> bidder_order(const WdpInstance& instance) {
  std::vector<std::string> order;
  for (const WdpBid& bid : instance.bids)
    if (std::find(order.begin(), order.end(), bid.bidder) == order.end()) order.push_back(bid.bidder);
  return order;
}

std::uint16_t bidder_node(const CombinatorialParams& params, std::size_t bid, std::size_t node_count) {
  return static_cast<std::uint16_t>(1 + params.bidder_of_bid[bid] % std::max<std::size_t>(1, node_count - 1));
}

WdpSolution greedy_by_price(const WdpInstance& instance) {
  std::vector<std::uint32_t> order(instance.bids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return instance.bids[a].price > instance.bids[b].price; });
  std::vector<bool> sold(instance.good_count, false);
  WdpSolution solution;
  for (std::uint32_t bid : order) {
    const std::vector<std::uint32_t>& goods = instance.bids[bid].goods;
    if (std::any_of(goods.begin(), goods.end(), [&](std::uint32_t good) { return sold[good]; })) continue;
    for (std::uint32_t good : goods) sold[good] = true;
    solution.chosen.push_back(bid);
    solution.welfare += instance.bids[bid].price;
  }
  std::sort(solution.chosen.begin(), solution.chosen.end());
  solution.upper_bound = solution.welfare;  // nothing proven: the status says so
  return solution;
}

Result<std::vector<std::uint32_t>> read_pick(std::string_view text, std::size_t bid_count) {
  const std::string usage = "the auctioneer takes \"pick b1 b3 ...\" (the bids you accept, by number) or \"pick none\".";
  if (text.substr(0, 5) != "pick ") return make_error("input.invalid", usage);
  std::vector<std::uint32_t> chosen;
  std::string_view rest = text.substr(5);
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    const std::string_view word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (word.empty()) continue;
    if (word == "none" && chosen.empty() && rest.empty()) return chosen;
    const auto number = word.size() > 1 && word[0] == 'b' ? protocols::parse_decimal(word.substr(1)) : std::nullopt;
    if (!number || *number < 0 || static_cast<std::size_t>(*number) >= bid_count) {
      return make_error("input.unknown_bid", "there is no bid \"" + std::string(word) + "\": the bids are b0 to " + bid_label(bid_count - 1) + "; " + usage);
    }
    const auto bid = static_cast<std::uint32_t>(*number);
    if (std::find(chosen.begin(), chosen.end(), bid) != chosen.end()) {
      return make_error("input.duplicate", "bid " + bid_label(bid) + " is named twice; name each bid once.");
    }
    chosen.push_back(bid);
  }
  if (chosen.empty()) return make_error("input.invalid", usage);
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

namespace {

// Names go into trace notes and table headers: letters, digits, '_', '-' and '.'.
bool plain_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

Result<WdpInstance> read_listed_bids(const ObjectReader& reader, const Json& params) {
  Json document = {{"format", "coordlab.wdp/1"}};
  for (const char* key : {"goods", "good_names", "bids"})
    if (reader.has(key)) document[key] = params[key];
  Result<WdpInstance> instance = read_wdp_instance(document);
  if (!instance.ok()) {
    Error error = instance.error();
    error.pointer = reader.pointer() + error.pointer;  // the reader's pointers are relative to the params
    return error;
  }
  for (std::size_t i = 0; i < instance.value().bids.size(); ++i) {
    if (!plain_name(instance.value().bids[i].bidder)) {
      return make_error("params.bad_name", "a bidder's name may hold only letters, digits, '_', '-' and '.'.",
                        pointer_append(pointer_append(reader.pointer_of("bids"), i), "bidder"));
    }
  }
  for (std::size_t i = 0; i < instance.value().good_names.size(); ++i) {
    if (!plain_name(instance.value().good_names[i])) {
      return make_error("params.bad_name", "a good's name may hold only letters, digits, '_', '-' and '.'.", pointer_append(reader.pointer_of("good_names"), i));
    }
  }
  return instance;
}

Result<WdpInstance> read_generated_bids(const ObjectReader& params) {
  ObjectReader reader(*params.find("generate"), params.pointer_of("generate"), "the generator");
  RETURN_IF_ERROR(reader.check({"distribution", "goods", "bids", "seed"}));
  Result<std::string> name = reader.string("distribution", std::string("arbitrary"));
  if (!name.ok()) return name.error();
  Result<WdpDistribution> distribution = wdp_distribution_from_name(name.value());
  if (!distribution.ok()) return make_error("params.bad_choice", distribution.error().message, reader.pointer_of("distribution"));
  Result<std::int64_t> goods = reader.integer("goods", 1, limits::kMaxWdpGeneratedGoods, 8);
  if (!goods.ok()) return goods.error();
  Result<std::int64_t> bids = reader.integer("bids", 1, limits::kMaxWdpGeneratedBids, 20);
  if (!bids.ok()) return bids.error();
  Result<std::int64_t> seed = reader.integer("seed", 0, 1'000'000'000, 1);
  if (!seed.ok()) return seed.error();
  WdpInstance instance = generate_wdp_instance(distribution.value(), static_cast<std::uint32_t>(goods.value()), static_cast<std::uint32_t>(bids.value()),
                                               static_cast<std::uint64_t>(seed.value()));
  // The generator names bidders b1, b2, ...: renamed so they are not mistaken for bid numbers.
  for (WdpBid& bid : instance.bids) bid.bidder = "agent" + bid.bidder.substr(1);
  return instance;
}

Status read_send_delays(const ObjectReader& reader, CombinatorialParams& parsed) {
  const Json* delays = reader.find("send_after_ticks");
  if (delays == nullptr) return {};
  if (!delays->is_object()) {
    return make_error("json.wrong_type", "\"send_after_ticks\" is an object: bidder name -> ticks after the call.", reader.pointer_of("send_after_ticks"));
  }
  const std::vector<std::string> bidders = bidder_order(parsed.instance);
  ObjectReader delay_reader(*delays, reader.pointer_of("send_after_ticks"), "the send delays");
  for (const auto& item : delays->items()) {
    if (std::find(bidders.begin(), bidders.end(), item.key()) == bidders.end()) {
      return make_error("params.unknown_bidder", "no bid comes from a bidder named \"" + item.key() + "\".", delay_reader.pointer_of(item.key()));
    }
    Result<std::int64_t> ticks = delay_reader.integer(item.key(), 0, limits::kMaxWdpWindowTicks);
    if (!ticks.ok()) return ticks.error();
    parsed.send_after_ticks[item.key()] = ticks.value();
  }
  return {};
}

Result<CombinatorialParams> parse_combinatorial_params(const Json& params, const std::string& pointer) {
  const Json object = params.is_null() ? Json::object() : params;  // the reader keeps a reference
  ObjectReader reader(object, pointer, "combinatorial auction params");
  RETURN_IF_ERROR(reader.check({"goods", "good_names", "bids", "generate", "bid_window_ticks", "send_after_ticks", "solver"}));
  const bool listed = reader.has("bids") || reader.has("goods") || reader.has("good_names");
  if (listed == reader.has("generate")) {
    return make_error(listed ? "params.conflict" : "params.missing",
                      "give either the bids (\"goods\", \"bids\", optionally \"good_names\", as in coordlab.wdp/1) or \"generate\", not both.",
                      listed ? reader.pointer_of("generate") : pointer);
  }
  CombinatorialParams parsed;
  Result<WdpInstance> instance = listed ? read_listed_bids(reader, object) : read_generated_bids(reader);
  if (!instance.ok()) return instance.error();
  parsed.instance = std::move(instance.value());
  if (parsed.instance.bids.empty()) return make_error("params.no_bids", "the auction needs at least one bid.", reader.pointer_of("bids"));
  Result<std::int64_t> window = reader.integer("bid_window_ticks", 1, limits::kMaxWdpWindowTicks, parsed.bid_window_ticks);
  if (!window.ok()) return window.error();
  parsed.bid_window_ticks = window.value();
  const std::vector<std::string> bidders = bidder_order(parsed.instance);
  for (const WdpBid& bid : parsed.instance.bids)
    parsed.bidder_of_bid.push_back(static_cast<std::uint32_t>(std::find(bidders.begin(), bidders.end(), bid.bidder) - bidders.begin()));
  RETURN_IF_ERROR(read_send_delays(reader, parsed));
  Result<WdpSolver> solver = protocols::read_choice<WdpSolver>(reader, "solver", {{"exact", WdpSolver::exact}, {"greedy_by_price", WdpSolver::greedy_by_price}});
  if (!solver.ok()) return solver.error();
  parsed.solver = solver.value();
  return parsed;
}

}  // namespace

protocols::ProtocolSpec combinatorial_auction_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "combinatorial_auction";
  spec.summary = "bundle bids over several goods: node 0 collects them until a deadline and accepts the non-overlapping set worth the most";
  spec.message_types = {"CallForBundles", "BundleBid", "BundleAward"};
  spec.timer_kinds = {"Close", "Send"};
  spec.views = {{"auction.wdp_grid", "Bundles", protocols::ViewKind::table, "wdp_grid",
                 "bids x goods: which goods each bid wants, its price, whether it arrived in time; your pick, and the optimum once you picked"}};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<CombinatorialParams> parsed = parse_combinatorial_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    // One copy of the bids for every actor and every snapshot of it.
    auto chosen = std::make_shared<const CombinatorialParams>(std::move(parsed.value()));
    return sim::ActorFactory([chosen](NodeId self, std::size_t node_count, std::string_view persisted) {
      return make_combinatorial_actor(chosen, self, node_count, persisted);
    });
  };
  return spec;
}

}  // namespace coordlab::allocation

// Reading and writing `coordlab.wdp/1` instances, and checking a proposed allocation (see wdp.hpp).
#include <algorithm>

#include "allocation/wdp.hpp"
#include "core/limits.hpp"

namespace coordlab::allocation {

namespace {

Result<WdpBid> read_bid(const Json& value, const std::string& pointer, std::uint32_t good_count) {
  ObjectReader reader(value, pointer, "a bid");
  RETURN_IF_ERROR(reader.check({"bidder", "goods", "price"}));
  WdpBid bid;
  Result<std::string> bidder = reader.string("bidder");
  if (!bidder.ok()) return bidder.error();
  if (bidder.value().empty() || bidder.value().size() > limits::kMaxWdpBidderNameBytes) {
    return make_error("wdp.bad_bidder", "\"bidder\" must be a name of 1 to " + std::to_string(limits::kMaxWdpBidderNameBytes) + " characters.",
                      reader.pointer_of("bidder"));
  }
  bid.bidder = bidder.value();
  Result<std::int64_t> price = reader.integer("price", 1, limits::kMaxWdpPrice);
  if (!price.ok()) return price.error();
  bid.price = price.value();
  const Json* goods = reader.find("goods");
  if (goods == nullptr || !goods->is_array() || goods->empty()) {
    return make_error("wdp.bad_bundle", "\"goods\" must be a non-empty array of good numbers (0 to goods - 1).",
                      goods == nullptr ? pointer : reader.pointer_of("goods"));
  }
  if (goods->size() > limits::kMaxWdpBundleGoods) {
    return make_error("wdp.bundle_too_large",
                      "A bid may name at most " + std::to_string(limits::kMaxWdpBundleGoods) + " goods; this one names " +
                          std::to_string(goods->size()) + ".",
                      reader.pointer_of("goods"));
  }
  for (std::size_t i = 0; i < goods->size(); ++i) {
    const Json& good = (*goods)[i];
    std::string where = pointer_append(reader.pointer_of("goods"), i);
    if (!good.is_number_integer() || good.get<std::int64_t>() < 0 || good.get<std::int64_t>() >= good_count) {
      return make_error("wdp.bad_good", "Goods are numbered 0 to " + std::to_string(good_count - 1) + " (\"goods\" of the instance is " +
                                            std::to_string(good_count) + "); this entry is " + good.dump() + ".",
                        where);
    }
    std::uint32_t number = good.get<std::uint32_t>();
    if (std::find(bid.goods.begin(), bid.goods.end(), number) != bid.goods.end()) {
      return make_error("wdp.repeated_good", "Good " + std::to_string(number) + " appears twice in this bid; name each good once.", where);
    }
    bid.goods.push_back(number);
  }
  std::sort(bid.goods.begin(), bid.goods.end());
  return bid;
}

Status read_good_names(const ObjectReader& reader, WdpInstance& instance) {
  const Json* names = reader.find("good_names");
  if (names == nullptr) return {};
  if (!names->is_array() || names->size() != instance.good_count) {
    return make_error("wdp.bad_good_names", "\"good_names\" must be an array of one string per good (" + std::to_string(instance.good_count) + ").",
                      reader.pointer_of("good_names"));
  }
  for (std::size_t i = 0; i < names->size(); ++i) {
    const Json& name = (*names)[i];
    if (!name.is_string() || name.get<std::string>().empty() || name.get<std::string>().size() > limits::kMaxWdpBidderNameBytes) {
      return make_error("wdp.bad_good_names", "Each good name is a string of 1 to " + std::to_string(limits::kMaxWdpBidderNameBytes) + " characters.",
                        pointer_append(reader.pointer_of("good_names"), i));
    }
    instance.good_names.push_back(name.get<std::string>());
  }
  return {};
}

}  // namespace

Result<WdpInstance> read_wdp_instance(const Json& document) {
  ObjectReader reader(document, "", "a winner determination instance");
  RETURN_IF_ERROR(reader.check({"format", "goods", "good_names", "bids"}));
  Result<std::string> format = reader.string("format");
  if (!format.ok()) return format.error();
  if (format.value() != "coordlab.wdp/1") {
    return make_error("wdp.bad_format", "\"format\" must be \"coordlab.wdp/1\".", reader.pointer_of("format"));
  }
  WdpInstance instance;
  Result<std::int64_t> goods = reader.integer("goods", 1, limits::kMaxWdpGoods);
  if (!goods.ok()) return goods.error();
  instance.good_count = static_cast<std::uint32_t>(goods.value());
  RETURN_IF_ERROR(read_good_names(reader, instance));
  const Json* bids = reader.find("bids");
  if (bids == nullptr || !bids->is_array()) {
    return make_error("wdp.bad_bids", "\"bids\" must be an array of {\"bidder\", \"goods\", \"price\"} objects.",
                      bids == nullptr ? "" : reader.pointer_of("bids"));
  }
  if (bids->size() > limits::kMaxWdpBids) {
    return make_error("wdp.too_many_bids",
                      "An instance may have at most " + std::to_string(limits::kMaxWdpBids) + " bids; this one has " + std::to_string(bids->size()) + ".",
                      reader.pointer_of("bids"));
  }
  for (std::size_t i = 0; i < bids->size(); ++i) {
    Result<WdpBid> bid = read_bid((*bids)[i], pointer_append(reader.pointer_of("bids"), i), instance.good_count);
    if (!bid.ok()) return bid.error();
    instance.bids.push_back(std::move(bid.value()));
  }
  return instance;
}

Result<WdpInstance> parse_wdp_instance(std::string_view text, std::string_view file) {
  Result<Json> document = parse_json_text(text, file);
  if (!document.ok()) return document.error();
  Result<WdpInstance> instance = read_wdp_instance(document.value());
  if (!instance.ok()) return locate_error(instance.error(), text, file);
  return instance;
}

Json wdp_instance_json(const WdpInstance& instance) {
  Json bids = Json::array();
  for (const WdpBid& bid : instance.bids) bids.push_back(Json{{"bidder", bid.bidder}, {"goods", bid.goods}, {"price", bid.price}});
  Json document = {{"format", "coordlab.wdp/1"}, {"goods", instance.good_count}};
  if (!instance.good_names.empty()) document["good_names"] = instance.good_names;
  document["bids"] = std::move(bids);
  return document;
}

Result<std::int64_t> allocation_welfare(const WdpInstance& instance, const std::vector<std::uint32_t>& chosen) {
  std::vector<std::int64_t> owner(instance.good_count, -1);  // the bid holding each good
  std::vector<bool> taken(instance.bids.size(), false);
  std::int64_t welfare = 0;
  for (std::uint32_t index : chosen) {
    if (index >= instance.bids.size()) {
      return make_error("wdp.unknown_bid", "There is no bid " + std::to_string(index) + "; bids are numbered 0 to " +
                                               std::to_string(instance.bids.size()) + " - 1.");
    }
    if (taken[index]) return make_error("wdp.repeated_bid", "Bid " + std::to_string(index) + " is chosen twice; choose each bid once.");
    taken[index] = true;
    for (std::uint32_t good : instance.bids[index].goods) {
      if (owner[good] >= 0) {
        std::string message = "Good ";
        message += std::to_string(good);
        message += " would be sold twice: bids ";
        message += std::to_string(owner[good]);
        message += " and ";
        message += std::to_string(index);
        message += " both contain it. Drop one of them.";
        return make_error("wdp.good_sold_twice", message);
      }
      owner[good] = index;
    }
    welfare += instance.bids[index].price;
  }
  return welfare;
}

std::string_view wdp_status_name(WdpStatus status) { return status == WdpStatus::optimal ? "optimal" : "node_limit"; }

}  // namespace coordlab::allocation

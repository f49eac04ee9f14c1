// Exact winner determination by branch and bound with an integer Lagrangian bound (see wdp.hpp).
#include <algorithm>
#include <limits>

#include "allocation/wdp.hpp"
#include "core/assert.hpp"
#include "core/limits.hpp"

namespace coordlab::allocation {

namespace {

constexpr int kRootIterations = 300;   // subgradient steps before branching
constexpr int kNodeIterations = 12;    // subgradient steps at every other node, from the parent's multipliers
constexpr int kPatienceIterations = 10;  // steps without a better bound before the step size halves
constexpr std::int64_t kInitialStepPermille = 1500;

class Solver {
 public:
  Solver(const WdpInstance& instance, std::int64_t node_limit);
  WdpSolution run();

 private:
  struct Relaxation {
    std::int64_t bound = 0;
    bool solved = false;  // the relaxation's choice is feasible and worth the bound: nothing better below
  };
  bool overlaps(std::uint32_t bid, const std::uint64_t* mask) const;
  bool contains(std::uint32_t bid, std::uint32_t good) const { return (masks_[bid * words_ + good / 64] >> (good % 64)) & 1U; }
  void choose_groups(const WdpInstance& instance);
  std::int64_t reduced_price(std::uint32_t bid, const std::vector<std::int64_t>& lambda) const;
  std::int64_t evaluate(const std::vector<std::uint32_t>& active, const std::vector<std::int64_t>& lambda);
  void offer_selection(std::int64_t welfare_so_far);
  Relaxation relax(std::size_t depth, std::int64_t target, int iterations);
  void record_incumbent(const std::vector<std::uint32_t>& extra);
  void greedy(std::vector<std::uint32_t> order);
  void search(std::size_t depth);
  std::uint32_t branching_good(const std::vector<std::uint32_t>& active);

  const WdpInstance& instance_;
  std::uint32_t bid_count_;
  std::uint32_t good_count_;
  std::uint32_t words_;
  std::vector<std::uint64_t> masks_;
  std::vector<std::int32_t> group_of_bid_;
  std::vector<bool> group_good_;
  std::uint32_t group_count_ = 0;
  std::vector<std::vector<std::uint32_t>> active_;    // per depth, ascending bid index
  std::vector<std::vector<std::int64_t>> lambda_;     // per depth, one multiplier per good
  std::vector<std::uint32_t> path_;                   // bids accepted on the way down
  std::int64_t path_welfare_ = 0;
  std::int64_t best_welfare_ = 0;
  std::vector<std::uint32_t> best_chosen_;
  std::int64_t nodes_ = 0;
  std::int64_t node_limit_;
  bool stopped_ = false;
  // Scratch of one evaluation.
  std::vector<std::uint32_t> stamp_;  // per good: == epoch_ when covered by a live bid
  std::uint32_t epoch_ = 0;
  std::vector<std::uint32_t> covered_;
  std::vector<std::int32_t> usage_;
  std::vector<std::int64_t> group_best_rc_;
  std::vector<std::int32_t> group_best_bid_;
  std::vector<std::uint32_t> touched_groups_;
  std::vector<std::uint32_t> selection_;
  std::vector<std::uint64_t> scratch_mask_;
};

Solver::Solver(const WdpInstance& instance, std::int64_t node_limit)
    : instance_(instance),
      bid_count_(static_cast<std::uint32_t>(instance.bids.size())),
      good_count_(instance.good_count),
      words_((instance.good_count + 63) / 64),
      masks_(static_cast<std::size_t>(bid_count_) * words_, 0),
      group_of_bid_(bid_count_, -1),
      group_good_(good_count_, false),
      node_limit_(node_limit),
      stamp_(good_count_, 0),
      usage_(good_count_, 0),
      scratch_mask_(words_, 0) {
  for (std::uint32_t bid = 0; bid < bid_count_; ++bid) {
    for (std::uint32_t good : instance.bids[bid].goods) masks_[bid * words_ + good / 64] |= std::uint64_t{1} << (good % 64);
  }
  choose_groups(instance);
  group_best_rc_.assign(group_count_, 0);
  group_best_bid_.assign(group_count_, -1);
  active_.resize(good_count_ + 2);
  lambda_.resize(good_count_ + 2);
}

// Groups keep their "at most one bid" constraint exact in the relaxation. A good every bid of which
// comes from one bidder (a CATS dummy good: that bidder's XOR alternatives) goes first, then the goods
// in the most bids; a bid belongs to at most one group.
void Solver::choose_groups(const WdpInstance& instance) {
  std::vector<std::vector<std::uint32_t>> bids_of(good_count_);
  for (std::uint32_t bid = 0; bid < bid_count_; ++bid) {
    for (std::uint32_t good : instance.bids[bid].goods) bids_of[good].push_back(bid);
  }
  auto one_bidder = [&](std::uint32_t good) {
    const auto& bids = bids_of[good];
    return std::all_of(bids.begin(), bids.end(), [&](std::uint32_t bid) { return instance.bids[bid].bidder == instance.bids[bids[0]].bidder; });
  };
  std::vector<std::uint32_t> order;
  std::vector<bool> dummy(good_count_, false);
  for (std::uint32_t good = 0; good < good_count_; ++good) {
    if (bids_of[good].size() < 2) continue;
    dummy[good] = one_bidder(good);
    order.push_back(good);
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (dummy[a] != dummy[b]) return static_cast<bool>(dummy[a]);
    if (bids_of[a].size() != bids_of[b].size()) return bids_of[a].size() > bids_of[b].size();
    return a < b;
  });
  for (std::uint32_t good : order) {
    const auto& bids = bids_of[good];
    if (std::any_of(bids.begin(), bids.end(), [&](std::uint32_t bid) { return group_of_bid_[bid] >= 0; })) continue;
    for (std::uint32_t bid : bids) group_of_bid_[bid] = static_cast<std::int32_t>(group_count_);
    group_good_[good] = true;
    ++group_count_;
  }
}

bool Solver::overlaps(std::uint32_t bid, const std::uint64_t* mask) const {
  const std::uint64_t* own = &masks_[bid * words_];
  for (std::uint32_t word = 0; word < words_; ++word) {
    if (own[word] & mask[word]) return true;
  }
  return false;
}

std::int64_t Solver::reduced_price(std::uint32_t bid, const std::vector<std::int64_t>& lambda) const {
  std::int64_t reduced = instance_.bids[bid].price;
  for (std::uint32_t good : instance_.bids[bid].goods) reduced -= lambda[good];
  return reduced;
}

// The Lagrangian bound for the live bids: the multipliers of the goods they cover, plus each ungrouped
// bid's positive reduced price, plus each group's best positive reduced price. Fills selection_ (the
// relaxation's choice) and usage_ (how many chosen bids hold each covered good).
std::int64_t Solver::evaluate(const std::vector<std::uint32_t>& active, const std::vector<std::int64_t>& lambda) {
  ++epoch_;
  covered_.clear();
  selection_.clear();
  touched_groups_.clear();
  std::int64_t bound = 0;
  for (std::uint32_t bid : active) {
    for (std::uint32_t good : instance_.bids[bid].goods) {
      if (stamp_[good] == epoch_) continue;
      stamp_[good] = epoch_;
      covered_.push_back(good);
      usage_[good] = 0;
      bound += lambda[good];
    }
    std::int64_t reduced = reduced_price(bid, lambda);
    std::int32_t group = group_of_bid_[bid];
    if (group < 0) {
      if (reduced > 0) selection_.push_back(bid);
    } else if (group_best_bid_[group] < 0 || reduced > group_best_rc_[group]) {
      if (group_best_bid_[group] < 0) touched_groups_.push_back(static_cast<std::uint32_t>(group));
      group_best_bid_[group] = static_cast<std::int32_t>(bid);
      group_best_rc_[group] = reduced;
    }
  }
  for (std::uint32_t group : touched_groups_) {
    if (group_best_rc_[group] > 0) selection_.push_back(static_cast<std::uint32_t>(group_best_bid_[group]));
    group_best_bid_[group] = -1;
  }
  for (std::uint32_t bid : selection_) {
    bound += reduced_price(bid, lambda);
    for (std::uint32_t good : instance_.bids[bid].goods) ++usage_[good];
  }
  return bound;
}

void Solver::record_incumbent(const std::vector<std::uint32_t>& extra) {
  best_chosen_ = path_;
  best_chosen_.insert(best_chosen_.end(), extra.begin(), extra.end());
  std::sort(best_chosen_.begin(), best_chosen_.end());
}

// If the relaxation's choice sells no good twice it is an allocation: take it when it is better.
void Solver::offer_selection(std::int64_t welfare_so_far) {
  for (std::uint32_t good : covered_) {
    if (usage_[good] > 1) return;
  }
  std::int64_t welfare = welfare_so_far;
  for (std::uint32_t bid : selection_) welfare += instance_.bids[bid].price;
  if (welfare > best_welfare_) {
    best_welfare_ = welfare;
    record_incumbent(selection_);
  }
}

// Subgradient steps on the multipliers of depth `depth` (integers, projected to >= 0). Stops early when
// the bound falls to `target` (nothing better than the incumbent below) or the choice is proven best.
// Leaves the best multipliers found in lambda_[depth].
Solver::Relaxation Solver::relax(std::size_t depth, std::int64_t target, int iterations) {
  const std::vector<std::uint32_t>& active = active_[depth];
  std::vector<std::int64_t>& lambda = lambda_[depth];
  std::vector<std::int64_t> best_lambda;
  Relaxation result{std::numeric_limits<std::int64_t>::max(), false};
  std::int64_t step_permille = kInitialStepPermille;
  int since_better = 0;
  for (int iteration = 0; iteration < iterations; ++iteration) {
    std::int64_t bound = evaluate(active, lambda);
    offer_selection(path_welfare_);
    target = std::max(target, best_welfare_ - path_welfare_);
    if (bound < result.bound) {
      result.bound = bound;
      best_lambda = lambda;
      since_better = 0;
    } else if (++since_better >= kPatienceIterations) {
      step_permille = std::max<std::int64_t>(1, step_permille / 2);
      since_better = 0;
    }
    std::int64_t chosen_price = 0;
    for (std::uint32_t bid : selection_) chosen_price += instance_.bids[bid].price;
    bool feasible = std::none_of(covered_.begin(), covered_.end(), [&](std::uint32_t good) { return usage_[good] > 1; });
    if (feasible && chosen_price == bound) result.solved = true;
    if (result.solved || result.bound <= target) break;
    std::int64_t norm = 0;  // squared length of the projected subgradient
    for (std::uint32_t good : covered_) {
      if (group_good_[good] || (lambda[good] == 0 && usage_[good] == 0)) continue;
      norm += static_cast<std::int64_t>(usage_[good] - 1) * (usage_[good] - 1);
    }
    if (norm == 0) break;
    std::int64_t gap = bound - target;
    std::int64_t step = gap <= std::numeric_limits<std::int64_t>::max() / step_permille ? gap * step_permille / (1000 * norm)
                                                                                        : gap / norm * step_permille / 1000;
    step = std::max<std::int64_t>(1, step);
    for (std::uint32_t good : covered_) {
      if (group_good_[good]) continue;
      lambda[good] = std::max<std::int64_t>(0, lambda[good] + step * (usage_[good] - 1));
    }
  }
  if (!best_lambda.empty()) lambda = std::move(best_lambda);
  return result;
}

// The good with the fewest live bids (ties: the lowest number): the narrowest branching.
std::uint32_t Solver::branching_good(const std::vector<std::uint32_t>& active) {
  ++epoch_;
  covered_.clear();
  for (std::uint32_t bid : active) {
    for (std::uint32_t good : instance_.bids[bid].goods) {
      if (stamp_[good] != epoch_) {
        stamp_[good] = epoch_;
        usage_[good] = 0;
        covered_.push_back(good);
      }
      ++usage_[good];
    }
  }
  ENGINE_ASSERT(!covered_.empty());
  std::uint32_t best = covered_[0];
  for (std::uint32_t good : covered_) {
    if (usage_[good] < usage_[best] || (usage_[good] == usage_[best] && good < best)) best = good;
  }
  return best;
}

void Solver::search(std::size_t depth) {
  if (stopped_) return;
  if (++nodes_ > node_limit_) {
    stopped_ = true;
    return;
  }
  if (path_welfare_ > best_welfare_) {
    best_welfare_ = path_welfare_;
    record_incumbent({});
  }
  const std::vector<std::uint32_t>& active = active_[depth];
  if (active.empty()) return;
  Relaxation relaxation = relax(depth, best_welfare_ - path_welfare_, kNodeIterations);
  if (relaxation.solved || relaxation.bound <= best_welfare_ - path_welfare_) return;
  std::uint32_t good = branching_good(active);
  const std::vector<std::int64_t>& lambda = lambda_[depth];
  std::vector<std::pair<std::int64_t, std::uint32_t>> children;  // (reduced price, bid)
  for (std::uint32_t bid : active) {
    if (contains(bid, good)) children.emplace_back(reduced_price(bid, lambda), bid);
  }
  std::sort(children.begin(), children.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::vector<std::uint32_t>& next = active_[depth + 1];
  for (const auto& [reduced, bid] : children) {
    next.clear();
    const std::uint64_t* mask = &masks_[bid * words_];
    for (std::uint32_t other : active) {
      if (!overlaps(other, mask)) next.push_back(other);
    }
    lambda_[depth + 1] = lambda;
    path_.push_back(bid);
    path_welfare_ += instance_.bids[bid].price;
    search(depth + 1);
    path_welfare_ -= instance_.bids[bid].price;
    path_.pop_back();
    if (stopped_) return;
  }
  next.clear();  // the last branch: the good stays unsold
  for (std::uint32_t other : active) {
    if (!contains(other, good)) next.push_back(other);
  }
  lambda_[depth + 1] = lambda;
  search(depth + 1);
}

// A quick incumbent: accept bids in `order` while they fit.
void Solver::greedy(std::vector<std::uint32_t> order) {
  std::fill(scratch_mask_.begin(), scratch_mask_.end(), 0);
  std::vector<std::uint32_t> chosen;
  std::int64_t welfare = 0;
  for (std::uint32_t bid : order) {
    if (overlaps(bid, scratch_mask_.data())) continue;
    for (std::uint32_t word = 0; word < words_; ++word) scratch_mask_[word] |= masks_[bid * words_ + word];
    chosen.push_back(bid);
    welfare += instance_.bids[bid].price;
  }
  if (welfare > best_welfare_) {
    best_welfare_ = welfare;
    best_chosen_ = chosen;
    std::sort(best_chosen_.begin(), best_chosen_.end());
  }
}

WdpSolution Solver::run() {
  std::vector<std::uint32_t>& root = active_[0];
  // A bid whose bundle another bid asks for at a higher price (or the same price, earlier) never helps.
  std::vector<std::uint32_t> order(bid_count_);
  for (std::uint32_t bid = 0; bid < bid_count_; ++bid) order[bid] = bid;
  const auto& bids = instance_.bids;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (bids[a].goods != bids[b].goods) return bids[a].goods < bids[b].goods;
    return bids[a].price != bids[b].price ? bids[a].price > bids[b].price : a < b;
  });
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i == 0 || bids[order[i]].goods != bids[order[i - 1]].goods) root.push_back(order[i]);
  }
  std::sort(root.begin(), root.end());
  std::vector<std::uint32_t> by_price = root;
  std::stable_sort(by_price.begin(), by_price.end(), [&](std::uint32_t a, std::uint32_t b) { return bids[a].price > bids[b].price; });
  greedy(by_price);
  std::stable_sort(by_price.begin(), by_price.end(), [&](std::uint32_t a, std::uint32_t b) {
    return bids[a].price * static_cast<std::int64_t>(bids[b].goods.size()) > bids[b].price * static_cast<std::int64_t>(bids[a].goods.size());
  });
  greedy(by_price);

  WdpSolution solution;
  lambda_[0].assign(good_count_, 0);
  Relaxation relaxation = root.empty() ? Relaxation{0, true} : relax(0, best_welfare_, kRootIterations);
  solution.root_bound = std::max(relaxation.bound, best_welfare_);
  if (!relaxation.solved && relaxation.bound > best_welfare_) {
    std::vector<std::uint32_t> by_reduced = root;
    std::stable_sort(by_reduced.begin(), by_reduced.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return reduced_price(a, lambda_[0]) > reduced_price(b, lambda_[0]); });
    greedy(by_reduced);
    search(0);  // warm-started from the root's multipliers
  }
  solution.status = stopped_ ? WdpStatus::node_limit : WdpStatus::optimal;
  solution.welfare = best_welfare_;
  solution.chosen = best_chosen_;
  solution.upper_bound = stopped_ ? solution.root_bound : best_welfare_;
  solution.nodes = std::min(nodes_, node_limit_);
  return solution;
}

}  // namespace

WdpSolution solve_wdp(const WdpInstance& instance, const WdpOptions& options) {
  std::int64_t node_limit = options.node_limit > 0 ? std::min(options.node_limit, limits::kMaxWdpNodes) : limits::kDefaultWdpNodes;
  return Solver(instance, node_limit).run();
}

}  // namespace coordlab::allocation

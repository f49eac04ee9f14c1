// Multi-criteria scoring against fixed anchors, and the course's bid-relative variant (see scoring.hpp).
#include "allocation/scoring.hpp"

#include <algorithm>

#include "core/limits.hpp"
#include "protocols/params_reader.hpp"
#include "protocols/payload.hpp"

namespace coordlab::allocation {

std::string_view normalisation_name(Normalisation normalisation) {
  switch (normalisation) {
    case Normalisation::fixed_anchors: return "fixed_anchors";
    case Normalisation::course_relative: return "course_relative";
    case Normalisation::none: break;
  }
  return "none";
}

std::int64_t anchored_permille(std::int64_t value, const Anchor& anchor) {
  if (anchor.best == anchor.worst) return 0;
  return std::clamp<std::int64_t>((value - anchor.worst) * 1000 / (anchor.best - anchor.worst), 0, 1000);
}

namespace {

const Anchor kPermilleAnchor{0, 1000};

// The course: cost against the cheapest and dearest submitted quote (a lone bid, or all equal, scores
// 0), throughput divided by the best anchor and never capped.
CriterionValues course_relative_values(const OfferedBid& bid, std::int64_t min_cost, std::int64_t max_cost, const ScoringParams& params) {
  CriterionValues values{};
  const auto cost = static_cast<std::size_t>(Criterion::cost);
  values[cost] = max_cost == min_cost ? 0 : (max_cost - bid.raw[cost]) * 1000 / (max_cost - min_cost);
  const auto throughput = static_cast<std::size_t>(Criterion::throughput);
  values[throughput] = params.throughput.best <= 0 ? 0 : bid.raw[throughput] * 1000 / params.throughput.best;
  for (Criterion kept : {Criterion::quality, Criterion::reliability, Criterion::innovation}) {
    values[static_cast<std::size_t>(kept)] = anchored_permille(bid.raw[static_cast<std::size_t>(kept)], kPermilleAnchor);
  }
  return values;
}

CriterionValues anchored_values(const OfferedBid& bid, const ScoringParams& params) {
  CriterionValues values{};
  for (std::size_t k = 0; k < kCriteria; ++k) {
    const Anchor& anchor = k == static_cast<std::size_t>(Criterion::cost)         ? params.cost_cents
                           : k == static_cast<std::size_t>(Criterion::throughput) ? params.throughput
                                                                                  : kPermilleAnchor;
    values[k] = anchored_permille(bid.raw[k], anchor);
  }
  return values;
}

}  // namespace

std::vector<BidScore> score_bids(const std::vector<OfferedBid>& bids, const ScoringParams& params) {
  const auto cost = static_cast<std::size_t>(Criterion::cost);
  std::int64_t min_cost = 0, max_cost = 0;
  for (std::size_t i = 0; i < bids.size(); ++i) {
    min_cost = i == 0 ? bids[i].raw[cost] : std::min(min_cost, bids[i].raw[cost]);
    max_cost = i == 0 ? bids[i].raw[cost] : std::max(max_cost, bids[i].raw[cost]);
  }
  std::vector<BidScore> scores;
  for (const OfferedBid& bid : bids) {
    BidScore score{bid.bidder, params.normalisation == Normalisation::course_relative ? course_relative_values(bid, min_cost, max_cost, params)
                                                                                       : anchored_values(bid, params),
                   0};
    for (std::size_t k = 0; k < kCriteria; ++k) score.weighted_micro += params.weights_permille[k] * score.criterion_permille[k];
    scores.push_back(score);
  }
  return scores;
}

std::optional<std::size_t> top_score_index(const std::vector<BidScore>& scores) {
  std::optional<std::size_t> top;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const bool better = !top || scores[i].weighted_micro > scores[*top].weighted_micro ||
                        (scores[i].weighted_micro == scores[*top].weighted_micro && scores[i].bidder < scores[*top].bidder);
    if (better) top = i;
  }
  return top;
}

std::optional<std::string> weights_problem(const CriterionValues& weights_permille) {
  std::int64_t sum = 0;
  for (std::size_t k = 0; k < kCriteria; ++k) {
    if (weights_permille[k] < 0) return std::string("the ") + kCriterionNames[k] + " weight is negative (" + std::to_string(weights_permille[k]) + ")";
    sum += weights_permille[k];
  }
  if (sum != 1000) return "the weights sum to " + std::to_string(sum) + " permille, not 1000";
  return std::nullopt;
}

std::string score_breakdown(const BidScore& score, const CriterionValues& weights_permille) {
  std::string text;
  for (std::size_t k = 0; k < kCriteria; ++k) {
    text.append(text.empty() ? "" : " + ").append(kCriterionNames[k]).append(" ").append(std::to_string(score.criterion_permille[k]));
    text.append(" x ").append(std::to_string(weights_permille[k]));
  }
  text.append(" = ").append(std::to_string(score.total_permille())).append(" permille");
  return text;
}

std::string criterion_list(const CriterionValues& values) {
  std::string text;
  for (std::int64_t value : values) text.append(text.empty() ? "" : ",").append(std::to_string(value));
  return text;
}

std::optional<CriterionValues> parse_criterion_list(std::string_view text) {
  CriterionValues values{};
  for (std::size_t k = 0; k < kCriteria; ++k) {
    const std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    const bool negative = !item.empty() && item[0] == '-';
    const auto magnitude = protocols::parse_decimal(negative ? item.substr(1) : item);
    if (!magnitude) return std::nullopt;
    values[k] = negative ? -*magnitude : *magnitude;
    if ((comma == std::string_view::npos) != (k + 1 == kCriteria)) return std::nullopt;
    if (comma != std::string_view::npos) text = text.substr(comma + 1);
  }
  return values;
}

namespace {

Status read_anchor(const ObjectReader& reader, const char* worst_key, const char* best_key, Anchor& anchor) {
  Result<std::int64_t> worst = reader.integer(worst_key, 0, limits::kMaxQuoteCents, anchor.worst);
  if (!worst.ok()) return worst.error();
  Result<std::int64_t> best = reader.integer(best_key, 0, limits::kMaxQuoteCents, anchor.best);
  if (!best.ok()) return best.error();
  if (worst.value() == best.value()) {
    return make_error("params.bad_anchor", std::string("\"") + worst_key + "\" and \"" + best_key + "\" must differ: they fix the scale.",
                      reader.pointer_of(worst_key));
  }
  anchor = {worst.value(), best.value()};
  return {};
}

}  // namespace

Result<ScoringParams> read_scoring_params(const ObjectReader& reader, std::int64_t reserve_cents) {
  ScoringParams params;
  Result<Normalisation> normalisation = protocols::read_choice<Normalisation>(
      reader, "scoring", {{"none", Normalisation::none}, {"fixed_anchors", Normalisation::fixed_anchors}, {"course_relative", Normalisation::course_relative}});
  if (!normalisation.ok()) return normalisation.error();
  params.normalisation = normalisation.value();
  Result<WeightCheck> check =
      protocols::read_choice<WeightCheck>(reader, "weight_check", {{"sum_to_1000", WeightCheck::sum_to_1000}, {"course_none", WeightCheck::course_none}});
  if (!check.ok()) return check.error();
  params.weight_check = check.value();
  const bool checked = params.weight_check == WeightCheck::sum_to_1000;
  for (std::size_t k = 0; k < kCriteria; ++k) {
    const std::string key = std::string("weight_") + kCriterionNames[k] + "_permille";
    Result<std::int64_t> weight = reader.integer(key, checked ? 0 : -10'000, checked ? 1000 : 10'000, params.weights_permille[k]);
    if (!weight.ok()) return weight.error();
    params.weights_permille[k] = weight.value();
  }
  if (checked && params.normalisation != Normalisation::none) {
    if (auto problem = weights_problem(params.weights_permille)) {
      return make_error("params.weights_sum", *problem + ": the five weight_*_permille params must sum to exactly 1000.",
                        reader.pointer_of("weight_cost_permille"));
    }
  }
  params.cost_cents = {reserve_cents, 0};
  RETURN_IF_ERROR(read_anchor(reader, "cost_worst_cents", "cost_best_cents", params.cost_cents));
  RETURN_IF_ERROR(read_anchor(reader, "throughput_worst", "throughput_best", params.throughput));
  if (params.cost_cents.best > params.cost_cents.worst) {
    return make_error("params.bad_anchor", "a lower cost is better: \"cost_best_cents\" must be below \"cost_worst_cents\".", reader.pointer_of("cost_best_cents"));
  }
  return params;
}

}  // namespace coordlab::allocation

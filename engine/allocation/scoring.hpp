// Multi-criteria scoring for procurement (a "scoring auction", Che 1993): each bid offers a price and
// non-price attributes, every criterion is normalised to [0, 1000] permille against FIXED anchors (the
// worst and best values the buyer accepts, set before any bid arrives), and the score is the weighted
// sum with weights >= 0 summing to 1000 permille. A bid's score never depends on the other bids, so
// adding or removing a bid never reorders the others.
//
// Criteria: cost (cents, lower is better), quality, reliability and innovation (permille, higher is
// better, anchors 0 and 1000), throughput (tasks per hour, higher is better, anchors set by the buyer).
//
// The course's variant ("course_relative") normalises cost against the submitted bids,
// (max - quote) / (max - min), so a lone bid scores 0 on cost and adding a bid changes everyone's
// score; and it divides throughput by the best anchor without capping it, so a huge throughput claim
// outweighs everything else. It is a labelled param value, for a lesson to watch fail.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json_input.hpp"
#include "core/result.hpp"

namespace coordlab::allocation {

enum class Criterion : std::uint8_t { cost, quality, throughput, reliability, innovation };
inline constexpr std::size_t kCriteria = 5;
inline constexpr std::array<const char*, kCriteria> kCriterionNames = {"cost", "quality", "throughput", "reliability", "innovation"};

enum class Normalisation : std::uint8_t { none, fixed_anchors, course_relative };
enum class WeightCheck : std::uint8_t { sum_to_1000, course_none };

struct Anchor {
  std::int64_t worst = 0;
  std::int64_t best = 0;
};

using CriterionValues = std::array<std::int64_t, kCriteria>;  // indexed by Criterion

struct ScoringParams {
  Normalisation normalisation = Normalisation::none;
  WeightCheck weight_check = WeightCheck::sum_to_1000;
  CriterionValues weights_permille = {200, 200, 200, 200, 200};
  Anchor cost_cents{0, 0};  // worst 0 = the reserve (set when the params are read)
  Anchor throughput{0, 100};
};

// What one bid offers: its quote and its attributes, raw (cents, permille, tasks per hour).
struct OfferedBid {
  std::uint16_t bidder = 0;
  CriterionValues raw{};
};

struct BidScore {
  std::uint16_t bidder = 0;
  CriterionValues criterion_permille{};  // each normalised value, 0..1000 (course_relative throughput may exceed it)
  std::int64_t weighted_micro = 0;       // sum of weight x value: the exact total, in millionths
  std::int64_t total_permille() const { return weighted_micro / 1000; }
};

std::string_view normalisation_name(Normalisation normalisation);
// A value against fixed anchors, clamped to [0, 1000]; works whichever end is better.
std::int64_t anchored_permille(std::int64_t value, const Anchor& anchor);
// Every bid's score under `params`; the order of `bids` is kept.
std::vector<BidScore> score_bids(const std::vector<OfferedBid>& bids, const ScoringParams& params);
// The index of the top score (ties to the lowest node); nullopt for no bids.
std::optional<std::size_t> top_score_index(const std::vector<BidScore>& scores);
// Why weights are not valid (a negative weight, or a sum other than 1000), or nullopt.
std::optional<std::string> weights_problem(const CriterionValues& weights_permille);
// "cost 800 x 400 + quality ...": the hover text of a score bar.
std::string score_breakdown(const BidScore& score, const CriterionValues& weights_permille);
// "400,200,200,200,0": weights or values in criterion order, as the trace notes write them.
std::string criterion_list(const CriterionValues& values);
std::optional<CriterionValues> parse_criterion_list(std::string_view text);

// The scoring params at the top level of the auction params ("scoring", "weight_check",
// "weight_<criterion>_permille", "cost_worst_cents", "cost_best_cents", "throughput_worst", "throughput_best").
inline constexpr std::array<const char*, 11> kScoringParamKeys = {
    "scoring",          "weight_check",     "weight_cost_permille", "weight_quality_permille", "weight_throughput_permille", "weight_reliability_permille",
    "weight_innovation_permille", "cost_worst_cents", "cost_best_cents", "throughput_worst", "throughput_best"};
Result<ScoringParams> read_scoring_params(const ObjectReader& reader, std::int64_t reserve_cents);

}  // namespace coordlab::allocation

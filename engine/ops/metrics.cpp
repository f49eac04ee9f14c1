#include "ops/metrics.hpp"

namespace coordlab::ops {

std::int64_t LatencyHistogram::cumulative(std::size_t bucket) const {
  std::int64_t total = 0;
  for (std::size_t i = 0; i <= bucket && i < counts_.size(); ++i) total += counts_[i];
  return total;
}

std::optional<std::int64_t> LatencyHistogram::quantile_ms(std::int64_t q_permille) const {
  if (count_ == 0 || q_permille < 0 || q_permille > 1000) return std::nullopt;
  // rank = q * count; b = the first bucket whose cumulative count reaches the rank (all scaled by 1000).
  const std::int64_t rank_scaled = q_permille * count_;
  std::size_t bucket = 0;
  std::int64_t previous = 0;
  while (cumulative(bucket) * 1000 < rank_scaled) previous = cumulative(bucket), ++bucket;
  if (bucket == kLatencyBucketsMs.size()) return kLatencyBucketsMs.back();  // the +Inf bucket
  const std::int64_t lower = bucket == 0 ? 0 : kLatencyBucketsMs[bucket - 1];
  const std::int64_t upper = kLatencyBucketsMs[bucket];
  const std::int64_t in_bucket = cumulative(bucket) - previous;
  if (in_bucket == 0) return upper;
  return lower + (upper - lower) * (rank_scaled - previous * 1000) / (in_bucket * 1000);
}

}  // namespace coordlab::ops

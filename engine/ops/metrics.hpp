// Prometheus-style metrics in integers: a latency histogram with cumulative `le` buckets (the default
// client buckets, in milliseconds) and histogram_quantile exactly as promql/quantile.go BucketQuantile
// computes it (linear interpolation inside the bucket that holds the rank; the lowest bucket starts at
// 0; a rank in the +Inf bucket returns the second-highest bound; no observations => no value).
#pragma once
#include <array>
#include <cstdint>
#include <optional>

namespace coordlab::ops {

inline constexpr std::array<std::int64_t, 11> kLatencyBucketsMs = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

class LatencyHistogram {
 public:
  void observe(std::int64_t latency_ms) {
    std::size_t bucket = 0;
    while (bucket < kLatencyBucketsMs.size() && latency_ms > kLatencyBucketsMs[bucket]) ++bucket;
    ++counts_[bucket];  // the last slot is +Inf
    ++count_;
  }
  void clear() { *this = LatencyHistogram(); }
  void add(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    count_ += other.count_;
  }
  std::int64_t count() const { return count_; }
  // Cumulative count of bucket i (le = kLatencyBucketsMs[i], or +Inf for the last).
  std::int64_t cumulative(std::size_t bucket) const;
  // histogram_quantile(q) with q in permille (950 = p95), truncated to whole milliseconds.
  std::optional<std::int64_t> quantile_ms(std::int64_t q_permille) const;

 private:
  std::array<std::int64_t, kLatencyBucketsMs.size() + 1> counts_{};
  std::int64_t count_ = 0;
};

}  // namespace coordlab::ops

// Circuit breakers. resilience4j's CircuitBreakerStateMachine exactly (design/ops_semantics.md section 3):
// COUNT_BASED (last N outcomes) or TIME_BASED (N one-second buckets) sliding windows, a minimum number
// of calls before any decision (min(minimum, N) when count-based), failure- and slow-call-rate
// thresholds (inclusive), OPEN rejecting calls without recording them, the lazy OPEN -> HALF_OPEN
// transition on the first call strictly after the wait (or automatic at the deadline), and HALF_OPEN
// admitting a fixed number of trial calls judged in a fresh window (back to OPEN, by the scheduler, if
// they are not all in after maxWaitDurationInHalfOpenState). The classic contrast is Polly's
// consecutive-failure breaker (one trial call per break duration). The course's breaker is a labelled
// variant: it counts lifetime failures (a success never resets them) and never rejects a call.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace coordlab::ops {

enum class BreakerKind : std::uint8_t { resilience4j, consecutive, course_lifetime };
enum class BreakerState : std::uint8_t { closed, open, half_open };
enum class WindowType : std::uint8_t { count_based, time_based };

std::string_view breaker_state_name(BreakerState state);

struct BreakerConfig {
  BreakerKind kind = BreakerKind::resilience4j;
  // resilience4j (defaults as CircuitBreakerConfig)
  WindowType window_type = WindowType::count_based;
  std::int64_t window_size = 100;  // calls, or seconds for time-based
  std::int64_t minimum_calls = 100;
  std::int64_t failure_rate_percent = 50;
  std::int64_t slow_rate_percent = 100;
  std::int64_t slow_call_ms = 60'000;
  std::int64_t wait_open_ms = 60'000;
  std::int64_t half_open_calls = 10;
  bool automatic_transition = false;
  std::int64_t max_wait_half_open_ms = 0;  // maxWaitDurationInHalfOpenState: 0 = wait for the trial calls forever
  // consecutive (Polly) and the course's breaker
  std::int64_t failure_threshold = 5;
};

// The outcomes in a sliding window: totals kept by adding on record and subtracting on evict.
class SlidingWindow {
 public:
  SlidingWindow(WindowType type, std::int64_t size);
  void record(std::int64_t now_ms, bool failed, bool slow);
  struct Totals {
    std::int64_t calls = 0, failed = 0, slow = 0;
  };
  Totals totals(std::int64_t now_ms) const;

 private:
  struct Slot {
    std::int64_t epoch_second = -1;
    std::int64_t calls = 0, failed = 0, slow = 0;
  };
  WindowType type_;
  std::int64_t size_;
  std::vector<Slot> slots_;  // count-based: one outcome per slot; time-based: one second per slot
  std::size_t next_ = 0;
  Totals totals_;
};

class Breaker {
 public:
  explicit Breaker(const BreakerConfig& config);
  // Asks to make a call at `now_ms`: false = rejected (fails fast, not recorded). May move OPEN -> HALF_OPEN.
  bool acquire(std::int64_t now_ms);
  // The outcome of a permitted call.
  void record(std::int64_t now_ms, std::int64_t duration_ms, bool failed);
  // Automatic OPEN -> HALF_OPEN at the deadline (resilience4j's scheduler), if enabled.
  void advance(std::int64_t now_ms);
  BreakerState state() const { return state_; }
  std::int64_t open_until_ms() const { return open_until_ms_; }
  std::int64_t failures_counted() const { return consecutive_failures_; }
  std::int64_t rejected() const { return rejected_; }
  SlidingWindow::Totals window_totals(std::int64_t now_ms) const { return window_.totals(now_ms); }

 private:
  void open(std::int64_t now_ms);
  void close();
  void to_half_open(std::int64_t since_ms);
  void expire_half_open(std::int64_t now_ms);
  bool above_thresholds(const SlidingWindow::Totals& totals, std::int64_t minimum) const;

  BreakerConfig config_;
  BreakerState state_ = BreakerState::closed;
  SlidingWindow window_;
  std::int64_t open_until_ms_ = 0;
  std::int64_t half_open_permits_left_ = 0;
  std::int64_t half_open_since_ms_ = 0;
  std::int64_t consecutive_failures_ = 0;  // consecutive (Polly) or lifetime (course) failures
  std::int64_t rejected_ = 0;
};

}  // namespace coordlab::ops

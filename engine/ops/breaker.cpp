#include "ops/breaker.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace coordlab::ops {

std::string_view breaker_state_name(BreakerState state) {
  switch (state) {
    case BreakerState::closed: return "closed";
    case BreakerState::open: return "open";
    case BreakerState::half_open: return "half_open";
  }
  return "?";
}

SlidingWindow::SlidingWindow(WindowType type, std::int64_t size) : type_(type), size_(size), slots_(static_cast<std::size_t>(size)) {
  ENGINE_ASSERT(size > 0);
}

void SlidingWindow::record(std::int64_t now_ms, bool failed, bool slow) {
  Slot* slot = nullptr;
  if (type_ == WindowType::count_based) {
    slot = &slots_[next_];
    next_ = (next_ + 1) % slots_.size();
  } else {
    const std::int64_t second = now_ms / 1000;
    slot = &slots_[static_cast<std::size_t>(second % size_)];
    if (slot->epoch_second == second) {  // the same second: add to its bucket
      slot->calls += 1, slot->failed += failed, slot->slow += slow;
      totals_.calls += 1, totals_.failed += failed, totals_.slow += slow;
      return;
    }
    slot->epoch_second = second;
  }
  totals_.calls -= slot->calls, totals_.failed -= slot->failed, totals_.slow -= slot->slow;  // evict
  slot->calls = 1, slot->failed = failed, slot->slow = slow;
  totals_.calls += 1, totals_.failed += failed, totals_.slow += slow;
}

SlidingWindow::Totals SlidingWindow::totals(std::int64_t now_ms) const {
  if (type_ == WindowType::count_based) return totals_;
  Totals inside;  // time-based: only buckets younger than the window count
  const std::int64_t second = now_ms / 1000;
  for (const Slot& slot : slots_) {
    if (slot.epoch_second < 0 || second - slot.epoch_second >= size_) continue;
    inside.calls += slot.calls, inside.failed += slot.failed, inside.slow += slot.slow;
  }
  return inside;
}

Breaker::Breaker(const BreakerConfig& config) : config_(config), window_(config.window_type, config.window_size) {}

bool Breaker::above_thresholds(const SlidingWindow::Totals& totals, std::int64_t minimum) const {
  if (totals.calls == 0 || totals.calls < minimum) return false;  // rate -1: no decision yet
  return totals.failed * 100 >= config_.failure_rate_percent * totals.calls || totals.slow * 100 >= config_.slow_rate_percent * totals.calls;
}

void Breaker::open(std::int64_t now_ms) {
  state_ = BreakerState::open;
  open_until_ms_ = now_ms + config_.wait_open_ms;
}

void Breaker::close() {
  state_ = BreakerState::closed;
  consecutive_failures_ = config_.kind == BreakerKind::course_lifetime ? consecutive_failures_ : 0;
  if (config_.kind == BreakerKind::resilience4j) window_ = SlidingWindow(config_.window_type, config_.window_size);
}

void Breaker::to_half_open(std::int64_t since_ms) {
  state_ = BreakerState::half_open;
  half_open_since_ms_ = since_ms;
  half_open_permits_left_ = config_.kind == BreakerKind::resilience4j ? config_.half_open_calls : 1;
  if (config_.kind == BreakerKind::resilience4j) window_ = SlidingWindow(WindowType::count_based, config_.half_open_calls);
}

// resilience4j's HalfOpenState schedules OPEN at since + maxWaitDurationInHalfOpenState (a scheduler, not
// a call, so the breaker opens at that instant and its wait counts from there).
void Breaker::expire_half_open(std::int64_t now_ms) {
  if (config_.kind != BreakerKind::resilience4j || state_ != BreakerState::half_open || config_.max_wait_half_open_ms <= 0) return;
  const std::int64_t deadline = half_open_since_ms_ + config_.max_wait_half_open_ms;
  if (now_ms >= deadline) open(deadline);
}

void Breaker::advance(std::int64_t now_ms) {
  if (config_.kind == BreakerKind::resilience4j && config_.automatic_transition && state_ == BreakerState::open && now_ms >= open_until_ms_) {
    to_half_open(open_until_ms_);
  }
  expire_half_open(now_ms);
}

bool Breaker::acquire(std::int64_t now_ms) {
  advance(now_ms);
  if (state_ == BreakerState::open) {
    // resilience4j: lazily, on the first call strictly after the wait; Polly: once the break is over.
    const bool over = config_.kind == BreakerKind::resilience4j ? now_ms > open_until_ms_ : now_ms >= open_until_ms_;
    if (over) to_half_open(now_ms);
    else if (config_.kind == BreakerKind::course_lifetime) return true;  // the course keeps routing to an open breaker
    else return ++rejected_, false;
  }
  if (state_ == BreakerState::half_open) {
    if (half_open_permits_left_ > 0) return --half_open_permits_left_, true;
    if (config_.kind == BreakerKind::course_lifetime) return true;
    return ++rejected_, false;
  }
  return true;
}

void Breaker::record(std::int64_t now_ms, std::int64_t duration_ms, bool failed) {
  if (config_.kind != BreakerKind::resilience4j) {
    if (state_ == BreakerState::open) return;  // Polly ignores outcomes arriving while open
    if (state_ == BreakerState::half_open) {
      if (failed) {
        if (config_.kind == BreakerKind::course_lifetime) ++consecutive_failures_;
        open(now_ms);
      } else {
        close();
      }
      return;
    }
    if (failed) ++consecutive_failures_;
    else if (config_.kind == BreakerKind::consecutive) consecutive_failures_ = 0;  // the course never resets
    if (consecutive_failures_ >= config_.failure_threshold) open(now_ms);
    return;
  }
  expire_half_open(now_ms);
  const bool slow = duration_ms > config_.slow_call_ms;
  window_.record(now_ms, failed, slow);
  if (state_ == BreakerState::open) return;  // recorded, no transition
  if (state_ == BreakerState::closed) {
    const std::int64_t minimum =
        config_.window_type == WindowType::count_based ? std::min(config_.minimum_calls, config_.window_size) : config_.minimum_calls;
    if (above_thresholds(window_.totals(now_ms), minimum)) open(now_ms);
    return;
  }
  const std::int64_t minimum = std::min(config_.minimum_calls, config_.half_open_calls);
  const SlidingWindow::Totals totals = window_.totals(now_ms);
  if (totals.calls < minimum) return;
  if (above_thresholds(totals, minimum)) open(now_ms);
  else close();
}

}  // namespace coordlab::ops

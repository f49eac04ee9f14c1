// The simulator's pending events, totally ordered by (tick, sequence number). The sequence number is
// assigned when an event is scheduled, so ties in time resolve in scheduling order on every platform.
//
// A calendar queue: events due within kWindowTicks of the earliest pending tick sit in per-tick
// buckets (push and pop in O(1)); later ones wait in a binary heap and move into their bucket when the
// window reaches them. A bucket is already in sequence order: moved events come from the heap in order,
// and everything pushed straight into the bucket afterwards has a higher sequence number.
#pragma once
#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include "core/assert.hpp"
#include "core/ids.hpp"

namespace coordlab::sim {

enum class QueuedKind : std::uint8_t { message, timer, scheduled_command };

struct QueuedEvent {
  Tick tick;
  std::uint64_t sequence = 0;
  std::uint32_t subject = 0;  // message id, timer id, or scheduled command index
  std::uint16_t node = 0;     // recipient of a message, owner of a timer
  QueuedKind kind = QueuedKind::message;
  bool doomed = false;  // a message the network already decided to lose; it is dropped when it comes due
  friend bool operator==(const QueuedEvent&, const QueuedEvent&) = default;
};

class EventQueue {
 public:
  static constexpr std::int64_t kWindowTicks = 1024;  // a power of two

  EventQueue() : buckets_(kWindowTicks) {}

  // The caller keeps time from running backwards; a push may still land before the window, because
  // top() moves the window up to the next pending event, past the caller's clock.
  void push(const QueuedEvent& event) {
    if (event.tick < window_start_) rewind_window(event.tick);
    ++count_;
    if (event.tick.value < window_start_.value + kWindowTicks) {
      buckets_[bucket_of(event.tick)].events.push_back(event);
      ++in_buckets_;
    } else {
      far_.push_back(event);
      std::push_heap(far_.begin(), far_.end(), Later{});
    }
  }
  bool empty() const { return size() == 0; }
  std::size_t size() const { return count_ - cancelled_.size(); }
  // The earliest live event; requires !empty().
  const QueuedEvent& top() {
    ENGINE_ASSERT(!empty());
    Bucket& bucket = first_live_bucket();
    return bucket.events[bucket.head];
  }
  QueuedEvent pop() {
    ENGINE_ASSERT(!empty());
    Bucket& bucket = first_live_bucket();
    QueuedEvent event = bucket.events[bucket.head++];
    remove_front_bookkeeping(bucket);
    return event;
  }
  // Cancels one queued event by its sequence number (it stays queued until it reaches the front).
  void cancel(std::uint64_t sequence) { cancelled_.insert(sequence); }
  bool is_cancelled(std::uint64_t sequence) const { return !cancelled_.empty() && cancelled_.count(sequence) > 0; }
  // Live events in (tick, sequence) order; for listings, not for the hot path.
  std::vector<QueuedEvent> sorted_live() const {
    std::vector<QueuedEvent> events;
    for (const Bucket& bucket : buckets_)
      for (std::size_t i = bucket.head; i < bucket.events.size(); ++i)
        if (!is_cancelled(bucket.events[i].sequence)) events.push_back(bucket.events[i]);
    for (const QueuedEvent& event : far_)
      if (!is_cancelled(event.sequence)) events.push_back(event);
    std::sort(events.begin(), events.end(), [](const QueuedEvent& a, const QueuedEvent& b) { return Later{}(b, a); });
    return events;
  }

 private:
  struct Later {  // a function object, so the heap algorithms inline the comparison
    bool operator()(const QueuedEvent& a, const QueuedEvent& b) const {
      return a.tick != b.tick ? a.tick > b.tick : a.sequence > b.sequence;
    }
  };
  struct Bucket {
    std::vector<QueuedEvent> events;
    std::size_t head = 0;  // events before head were popped
  };

  static std::size_t bucket_of(Tick tick) { return static_cast<std::size_t>(tick.value & (kWindowTicks - 1)); }

  void remove_front_bookkeeping(Bucket& bucket) {
    --count_;
    --in_buckets_;
    if (bucket.head == bucket.events.size()) {
      bucket.events.clear();
      bucket.head = 0;
    }
  }

  // Moves heap events whose tick entered the window into their buckets, in (tick, sequence) order.
  void admit_far_events() {
    while (!far_.empty() && far_.front().tick.value < window_start_.value + kWindowTicks) {
      std::pop_heap(far_.begin(), far_.end(), Later{});
      buckets_[bucket_of(far_.back().tick)].events.push_back(far_.back());
      far_.pop_back();
      ++in_buckets_;
    }
  }

  // Moves the window back to `start`; buckets now beyond it go back to the heap. Rare: only after a peek
  // moved the window past the clock and something was then scheduled in between.
  void rewind_window(Tick start) {
    window_start_ = start;
    for (Bucket& bucket : buckets_) {
      if (bucket.head == bucket.events.size() || bucket.events[bucket.head].tick.value < start.value + kWindowTicks) continue;
      for (std::size_t i = bucket.head; i < bucket.events.size(); ++i) {
        far_.push_back(bucket.events[i]);
        std::push_heap(far_.begin(), far_.end(), Later{});
        --in_buckets_;
      }
      bucket.events.clear();
      bucket.head = 0;
    }
  }

  // The bucket holding the earliest live event, dropping cancelled events on the way.
  Bucket& first_live_bucket() {
    for (;;) {
      if (in_buckets_ == 0) {
        ENGINE_ASSERT(!far_.empty());
        window_start_ = far_.front().tick;  // jump straight to the next far event
        admit_far_events();
      }
      Bucket& bucket = buckets_[bucket_of(window_start_)];
      if (bucket.head == bucket.events.size()) {
        window_start_ = window_start_ + 1;
        admit_far_events();
        continue;
      }
      const QueuedEvent& front = bucket.events[bucket.head];
      if (!is_cancelled(front.sequence)) return bucket;
      cancelled_.erase(front.sequence);
      ++bucket.head;
      remove_front_bookkeeping(bucket);
    }
  }

  std::vector<Bucket> buckets_;      // bucket_of(t) holds events due at tick t, window_start_ <= t < +kWindowTicks
  std::vector<QueuedEvent> far_;     // a min-heap (by Later) of events due after the window
  Tick window_start_;                // no live event is earlier than this
  std::size_t count_ = 0;            // queued events, cancelled ones included
  std::size_t in_buckets_ = 0;
  std::set<std::uint64_t> cancelled_;  // rare: only learner actions cancel queued events
};

}  // namespace coordlab::sim

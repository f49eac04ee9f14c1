// The simulator's pending events, totally ordered by (tick, sequence number). The sequence number is
// assigned when an event is scheduled, so ties in time resolve in scheduling order on every platform.
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
  void push(QueuedEvent event) {
    heap_.push_back(event);
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  bool empty() const { return heap_.size() == cancelled_.size(); }
  std::size_t size() const { return heap_.size() - cancelled_.size(); }
  // The earliest live event; requires !empty().
  const QueuedEvent& top() {
    drop_cancelled_top();
    ENGINE_ASSERT(!heap_.empty());
    return heap_.front();
  }
  QueuedEvent pop() {
    drop_cancelled_top();
    ENGINE_ASSERT(!heap_.empty());
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    QueuedEvent event = heap_.back();
    heap_.pop_back();
    return event;
  }
  // Cancels one queued event by its sequence number (it stays in the heap until it reaches the top).
  void cancel(std::uint64_t sequence) { cancelled_.insert(sequence); }
  bool is_cancelled(std::uint64_t sequence) const { return !cancelled_.empty() && cancelled_.count(sequence) > 0; }
  // Live events in (tick, sequence) order; for listings, not for the hot path.
  std::vector<QueuedEvent> sorted_live() const {
    std::vector<QueuedEvent> events;
    events.reserve(heap_.size());
    for (const QueuedEvent& event : heap_)
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
  void drop_cancelled_top() {
    while (!heap_.empty() && is_cancelled(heap_.front().sequence)) {
      cancelled_.erase(heap_.front().sequence);
      std::pop_heap(heap_.begin(), heap_.end(), Later{});
      heap_.pop_back();
    }
  }

  std::vector<QueuedEvent> heap_;
  std::set<std::uint64_t> cancelled_;  // rare: only learner actions cancel queued events
};

}  // namespace coordlab::sim

// The record of a run: every message with its payload and fate, timers, faults and notes, as compact
// structured events with a canonical text form and a 64-bit hash (FNV-1a over that text). A trace is
// append-only; a world replaying a prefix checks each event against it instead of appending.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/chunked_vector.hpp"
#include "core/ids.hpp"

namespace coordlab::sim {

enum class EventKind : std::uint8_t {
  send, deliver, drop, duplicate, timer, crash, restart, partition, heal, network, note, check, input, byzantine
};
enum class DropReason : std::uint8_t { none, loss, partition, node_down, learner };

std::string_view event_kind_name(EventKind kind);
std::string_view drop_reason_name(DropReason reason);

// 24 bytes; field meaning depends on the kind (see canonical_line).
struct TraceEvent {
  Tick tick;
  std::uint32_t subject = 0;  // message id, or text index (note, check, partition, network, input)
  std::uint16_t node = 0;     // acting node: the sender of a send, the recipient of a deliver
  std::uint16_t peer = 0;     // the other node of a message
  EventKind kind = EventKind::note;
  std::uint8_t detail = 0;    // DropReason for drops; 1 = pass / 0 = fail for checks
  std::uint16_t label = 0;    // message type or timer kind index
  friend bool operator==(const TraceEvent&, const TraceEvent&) = default;
};

struct MessageRecord {
  Tick sent_tick;
  std::uint32_t payload_offset = 0;
  std::uint32_t copy_of = 0;  // the original's id for a network duplicate, else its own id
  std::uint16_t payload_size = 0;
  std::uint16_t from = 0;
  std::uint16_t to = 0;
  std::uint16_t type = 0;
  friend bool operator==(const MessageRecord&, const MessageRecord&) = default;
};

// How much of a trace a world has written (or checked); a world's position in its trace.
struct TraceCursor {
  std::size_t events = 0;
  std::size_t messages = 0;
  std::size_t texts = 0;
  std::size_t steps = 0;
  friend bool operator==(const TraceCursor&, const TraceCursor&) = default;
};

class Trace {
 public:
  Trace() = default;
  Trace(std::vector<std::string> node_names, std::vector<std::string> message_types,
        std::vector<std::string> timer_kinds);

  // Writing (or verifying, when the cursor is behind the end). Each advances the cursor.
  void put_event(TraceCursor& cursor, const TraceEvent& event);
  MessageId put_message(TraceCursor& cursor, const MessageRecord& record, std::string_view payload);
  std::uint32_t put_text(TraceCursor& cursor, std::string_view text);
  // Marks the start of a world step (one processed event or applied command) at the current event.
  void put_step_start(TraceCursor& cursor);
  // Forgets everything after the cursor (fork from a past point).
  void truncate(const TraceCursor& cursor);

  std::size_t event_count() const { return events_.size(); }
  // The larger of the payload and text arenas' sizes up to `cursor` (World keeps both under
  // limits::kMaxTraceTextBytes, as their offsets are 32-bit).
  std::size_t text_bytes_through(const TraceCursor& cursor) const;
  std::size_t step_count() const { return step_starts_.size(); }
  // The step (1-based; 0 = boot) that produced event `index`, and the first event of step `step`.
  std::uint64_t step_of_event(std::size_t index) const;
  std::size_t first_event_of_step(std::uint64_t step) const;
  std::size_t message_count() const { return messages_.size(); }
  const TraceEvent& event(std::size_t index) const;
  const MessageRecord& message(MessageId id) const;
  std::string_view payload(MessageId id) const;
  std::string_view text(std::uint32_t index) const;
  std::string_view node_name(std::uint16_t node) const;
  std::string_view message_type_name(std::uint16_t type) const;
  std::string_view timer_kind_name(std::uint16_t kind) const;
  const std::vector<std::string>& node_names() const { return node_names_; }
  const std::vector<std::string>& message_types() const { return message_types_; }
  std::size_t timer_kind_count() const { return timer_kinds_.size(); }

  // "t=12 send #5 n0->n3 Ping round=1" and so on; one line per event, no trailing newline.
  std::string canonical_line(std::size_t index) const;
  // FNV-1a 64 over the canonical lines, each followed by '\n'. Cached incrementally.
  std::uint64_t hash() const;
  std::uint64_t hash_of_prefix(std::size_t event_count) const;
  // Bytes held by events, messages, payloads and texts (for the bytes-per-event benchmark).
  std::size_t memory_bytes() const;
  nlohmann::json event_to_json(std::size_t index) const;
  nlohmann::json to_json(std::size_t first_event = 0, std::size_t event_limit = SIZE_MAX) const;

 private:
  std::vector<std::string> node_names_;
  std::vector<std::string> message_types_;
  std::vector<std::string> timer_kinds_;
  ChunkedVector<TraceEvent> events_;
  ChunkedVector<MessageRecord> messages_;
  ByteArena payloads_;
  ChunkedVector<std::uint32_t> step_starts_;  // first event index of step i+1
  std::vector<std::uint32_t> text_offsets_;  // text i is texts_[offsets[2i], +offsets[2i+1])
  ByteArena texts_;
  mutable std::size_t hashed_events_ = 0;
  mutable std::uint64_t hash_state_ = 0xcbf29ce484222325ULL;  // kFnv1a64Offset
};

std::string format_hash(std::uint64_t hash);

}  // namespace coordlab::sim

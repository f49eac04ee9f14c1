#include "sim/trace.hpp"

#include <algorithm>
#include <cstdio>

#include "core/assert.hpp"
#include "core/hash.hpp"
#include "core/limits.hpp"

namespace coordlab::sim {
namespace {

// Printable ASCII stays; anything else becomes \xNN so the canonical text is one line of plain text.
void append_escaped(std::string& out, std::string_view text) {
  static const char* digits = "0123456789abcdef";
  for (unsigned char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
}

}  // namespace

std::string_view event_kind_name(EventKind kind) {
  switch (kind) {
    case EventKind::send: return "send";
    case EventKind::deliver: return "deliver";
    case EventKind::drop: return "drop";
    case EventKind::duplicate: return "duplicate";
    case EventKind::timer: return "timer";
    case EventKind::crash: return "crash";
    case EventKind::restart: return "restart";
    case EventKind::partition: return "partition";
    case EventKind::heal: return "heal";
    case EventKind::network: return "network";
    case EventKind::note: return "note";
    case EventKind::check: return "check";
    case EventKind::input: return "input";
    case EventKind::byzantine: return "byzantine";
  }
  return "unknown";
}

std::string_view drop_reason_name(DropReason reason) {
  switch (reason) {
    case DropReason::none: return "none";
    case DropReason::loss: return "loss";
    case DropReason::partition: return "partition";
    case DropReason::node_down: return "node_down";
    case DropReason::learner: return "learner";
  }
  return "unknown";
}

Trace::Trace(std::vector<std::string> node_names, std::vector<std::string> message_types,
             std::vector<std::string> timer_kinds)
    : node_names_(std::move(node_names)), message_types_(std::move(message_types)), timer_kinds_(std::move(timer_kinds)) {}

void Trace::put_event(TraceCursor& cursor, const TraceEvent& event) {
  if (cursor.events < events_.size()) {
    ENGINE_ASSERT_MSG(events_[cursor.events] == event, "replay diverged from the recorded trace (event)");
  } else {
    ENGINE_ASSERT(cursor.events == events_.size());
    events_.push_back(event);
  }
  ++cursor.events;
}

MessageId Trace::put_message(TraceCursor& cursor, const MessageRecord& record, std::string_view payload) {
  ENGINE_ASSERT(payload.size() <= limits::kMaxPayloadBytes);
  MessageRecord stored = record;
  stored.payload_size = static_cast<std::uint16_t>(payload.size());
  if (cursor.messages < messages_.size()) {
    const MessageRecord& existing = messages_[cursor.messages];
    stored.payload_offset = existing.payload_offset;
    ENGINE_ASSERT_MSG(existing == stored && this->payload(MessageId{static_cast<std::uint32_t>(cursor.messages)}) == payload,
                      "replay diverged from the recorded trace (message)");
  } else {
    ENGINE_ASSERT(cursor.messages == messages_.size());
    stored.payload_offset = static_cast<std::uint32_t>(payloads_.append(payload));
    messages_.push_back(stored);
  }
  return MessageId{static_cast<std::uint32_t>(cursor.messages++)};
}

std::uint32_t Trace::put_text(TraceCursor& cursor, std::string_view text) {
  std::size_t count = text_offsets_.size() / 2;
  if (cursor.texts < count) {
    ENGINE_ASSERT_MSG(this->text(static_cast<std::uint32_t>(cursor.texts)) == text,
                      "replay diverged from the recorded trace (text)");
  } else {
    ENGINE_ASSERT(cursor.texts == count);
    text_offsets_.push_back(static_cast<std::uint32_t>(texts_.append(text)));
    text_offsets_.push_back(static_cast<std::uint32_t>(text.size()));
  }
  return static_cast<std::uint32_t>(cursor.texts++);
}

void Trace::put_step_start(TraceCursor& cursor) {
  const auto start = static_cast<std::uint32_t>(cursor.events);
  if (cursor.steps < step_starts_.size()) {
    ENGINE_ASSERT_MSG(step_starts_[cursor.steps] == start, "replay diverged from the recorded trace (step)");
  } else {
    ENGINE_ASSERT(cursor.steps == step_starts_.size());
    step_starts_.push_back(start);
  }
  ++cursor.steps;
}

std::size_t Trace::text_bytes_through(const TraceCursor& cursor) const {
  std::size_t payload_end = 0, text_end = 0;
  if (cursor.messages > 0) {
    const MessageRecord& last = messages_[cursor.messages - 1];
    payload_end = std::size_t{last.payload_offset} + last.payload_size;
  }
  if (cursor.texts > 0) text_end = std::size_t{text_offsets_[2 * cursor.texts - 2]} + text_offsets_[2 * cursor.texts - 1];
  return std::max(payload_end, text_end);
}

std::uint64_t Trace::step_of_event(std::size_t index) const {
  return step_starts_.upper_bound(static_cast<std::uint32_t>(index));
}

std::size_t Trace::first_event_of_step(std::uint64_t step) const {
  if (step == 0) return 0;
  ENGINE_ASSERT(step <= step_starts_.size());
  return step_starts_[step - 1];
}

void Trace::truncate(const TraceCursor& cursor) {
  ENGINE_ASSERT(cursor.events <= events_.size() && cursor.messages <= messages_.size());
  ENGINE_ASSERT(cursor.steps <= step_starts_.size());
  events_.truncate(cursor.events);
  step_starts_.truncate(cursor.steps);
  if (cursor.messages < messages_.size()) {
    payloads_.truncate(messages_[cursor.messages].payload_offset);
    messages_.truncate(cursor.messages);
  }
  if (cursor.texts < text_offsets_.size() / 2) {
    texts_.truncate(text_offsets_[2 * cursor.texts]);
    text_offsets_.resize(2 * cursor.texts);
  }
  if (hashed_events_ > events_.size()) {
    hashed_events_ = 0;
    hash_state_ = kFnv1a64Offset;
  }
}

const TraceEvent& Trace::event(std::size_t index) const {
  ENGINE_ASSERT(index < events_.size());
  return events_[index];
}

const MessageRecord& Trace::message(MessageId id) const {
  ENGINE_ASSERT(id.value < messages_.size());
  return messages_[id.value];
}

std::string_view Trace::payload(MessageId id) const {
  const MessageRecord& record = message(id);
  return payloads_.view(record.payload_offset, record.payload_size);
}

std::string_view Trace::text(std::uint32_t index) const {
  ENGINE_ASSERT(2 * std::size_t{index} + 1 < text_offsets_.size());
  return texts_.view(text_offsets_[2 * index], text_offsets_[2 * index + 1]);
}

std::string_view Trace::node_name(std::uint16_t node) const {
  ENGINE_ASSERT(node < node_names_.size());
  return node_names_[node];
}
std::string_view Trace::message_type_name(std::uint16_t type) const {
  ENGINE_ASSERT(type < message_types_.size());
  return message_types_[type];
}
std::string_view Trace::timer_kind_name(std::uint16_t kind) const {
  ENGINE_ASSERT(kind < timer_kinds_.size());
  return timer_kinds_[kind];
}

std::string Trace::canonical_line(std::size_t index) const {
  const TraceEvent& e = event(index);
  std::string line = "t=" + std::to_string(e.tick.value) + " ";
  line += event_kind_name(e.kind);
  auto message_part = [&](bool with_payload) {
    const MessageRecord& record = message(MessageId{e.subject});
    line += " #" + std::to_string(e.subject);
    if (e.kind == EventKind::duplicate) line += " of #" + std::to_string(record.copy_of);
    line += " ";
    line += node_name(record.from);
    line += "->";
    line += node_name(record.to);
    line += " ";
    line += message_type_name(record.type);
    if (with_payload) {
      line += " ";
      append_escaped(line, payload(MessageId{e.subject}));
    }
  };
  switch (e.kind) {
    case EventKind::send: message_part(true); break;
    case EventKind::duplicate:
    case EventKind::deliver: message_part(false); break;
    case EventKind::drop:
      message_part(false);
      line += " (";
      line += drop_reason_name(static_cast<DropReason>(e.detail));
      line += ")";
      break;
    case EventKind::timer:
      line += " ";
      line += node_name(e.node);
      line += " ";
      line += timer_kind_name(e.label);
      break;
    case EventKind::crash:
    case EventKind::restart:
      line += " ";
      line += node_name(e.node);
      break;
    case EventKind::heal: break;
    case EventKind::check: line += e.detail != 0 ? " pass " : " fail "; append_escaped(line, text(e.subject)); break;
    case EventKind::note:
    case EventKind::input:
    case EventKind::byzantine:
      line += " ";
      line += node_name(e.node);
      [[fallthrough]];
    case EventKind::partition:
    case EventKind::network:
      line += " ";
      append_escaped(line, text(e.subject));
      break;
  }
  return line;
}

std::uint64_t Trace::hash() const {
  for (; hashed_events_ < events_.size(); ++hashed_events_) {
    hash_state_ = fnv1a64_extend(fnv1a64_extend(hash_state_, canonical_line(hashed_events_)), "\n");
  }
  return hash_state_;
}

std::uint64_t Trace::hash_of_prefix(std::size_t event_count) const {
  ENGINE_ASSERT(event_count <= events_.size());
  std::uint64_t state = kFnv1a64Offset;
  for (std::size_t i = 0; i < event_count; ++i) state = fnv1a64_extend(fnv1a64_extend(state, canonical_line(i)), "\n");
  return state;
}

std::size_t Trace::memory_bytes() const {
  return events_.memory_bytes() + messages_.memory_bytes() + step_starts_.memory_bytes() + payloads_.memory_bytes() +
         text_offsets_.capacity() * sizeof(std::uint32_t) + texts_.memory_bytes();
}

nlohmann::json Trace::event_to_json(std::size_t index) const {
  const TraceEvent& e = event(index);
  nlohmann::json out = {{"index", index}, {"tick", e.tick.value}, {"kind", event_kind_name(e.kind)}};
  switch (e.kind) {
    case EventKind::send:
    case EventKind::deliver:
    case EventKind::drop:
    case EventKind::duplicate: {
      const MessageRecord& record = message(MessageId{e.subject});
      out["message"] = e.subject;
      out["from"] = node_name(record.from);
      out["to"] = node_name(record.to);
      out["type"] = message_type_name(record.type);
      out["payload"] = std::string(payload(MessageId{e.subject}));
      if (e.kind == EventKind::duplicate) out["copy_of"] = record.copy_of;
      if (e.kind == EventKind::drop) out["reason"] = drop_reason_name(static_cast<DropReason>(e.detail));
      break;
    }
    case EventKind::timer:
      out["node"] = node_name(e.node);
      out["timer"] = timer_kind_name(e.label);
      break;
    case EventKind::crash:
    case EventKind::restart: out["node"] = node_name(e.node); break;
    case EventKind::heal: break;
    case EventKind::check:
      out["passed"] = e.detail != 0;
      out["text"] = std::string(text(e.subject));
      break;
    case EventKind::note:
    case EventKind::input:
    case EventKind::byzantine: out["node"] = node_name(e.node); [[fallthrough]];
    case EventKind::partition:
    case EventKind::network: out["text"] = std::string(text(e.subject)); break;
  }
  out["line"] = canonical_line(index);
  return out;
}

nlohmann::json Trace::to_json(std::size_t first_event, std::size_t event_limit) const {
  nlohmann::json events = nlohmann::json::array();
  for (std::size_t i = first_event; i < events_.size() && i - first_event < event_limit; ++i) events.push_back(event_to_json(i));
  return {{"format", "coordlab.trace/1"},
          {"nodes", node_names_},
          {"message_types", message_types_},
          {"timer_kinds", timer_kinds_},
          {"event_count", events_.size()},
          {"hash", format_hash(hash())},
          {"events", std::move(events)}};
}

std::string format_hash(std::uint64_t hash) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

}  // namespace coordlab::sim

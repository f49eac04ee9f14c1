#include "sim/actor.hpp"

#include "core/assert.hpp"
#include "core/limits.hpp"

namespace coordlab::sim {

std::uint32_t Outbox::store(std::string_view text) {
  auto offset = static_cast<std::uint32_t>(buffer_.size());
  buffer_.append(text);
  return offset;
}

void Outbox::send(NodeId to, std::uint16_t type, std::string_view payload) {
  ENGINE_ASSERT_MSG(payload.size() <= limits::kMaxPayloadBytes, "an actor built a payload above kMaxPayloadBytes");
  ENGINE_ASSERT_MSG(items_.size() < limits::kMaxSendsPerStep, "an actor produced more than kMaxSendsPerStep outputs");
  items_.push_back(Item{Kind::send, to.value, type, 0, store(payload), static_cast<std::uint32_t>(payload.size())});
}

void Outbox::set_timer(std::uint16_t timer_kind, std::int64_t delay_ticks) {
  ENGINE_ASSERT_MSG(delay_ticks >= 1 && delay_ticks <= limits::kMaxTimerDelayTicks, "timer delay out of range");
  items_.push_back(Item{Kind::set_timer, timer_kind, 0, delay_ticks, 0, 0});
}

void Outbox::cancel_timers(std::uint16_t timer_kind) {
  items_.push_back(Item{Kind::cancel_timers, timer_kind, 0, 0, 0, 0});
}

void Outbox::note(std::string_view text) {
  ENGINE_ASSERT_MSG(text.size() <= limits::kMaxNoteBytes, "an actor wrote a note above kMaxNoteBytes");
  items_.push_back(Item{Kind::note, 0, 0, 0, store(text), static_cast<std::uint32_t>(text.size())});
}

}  // namespace coordlab::sim

namespace coordlab::sim {

void StateWriter::table(std::string_view name, std::vector<std::string> columns) {
  ENGINE_ASSERT_MSG(!columns.empty(), "a state table needs at least one column");
  tables_.push_back(StateTable{std::string(name), std::move(columns), {}, 0});
}

void StateWriter::row(std::vector<std::string> cells) {
  ENGINE_ASSERT_MSG(!tables_.empty(), "StateWriter::row before any table()");
  StateTable& table = tables_.back();
  ENGINE_ASSERT_MSG(cells.size() == table.columns.size(), "a state table row must be as wide as its columns");
  if (table.rows.size() >= limits::kMaxStateTableRows) {
    ++table.rows_omitted;
    return;
  }
  table.rows.push_back(std::move(cells));
}

}  // namespace coordlab::sim

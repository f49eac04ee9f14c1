#include "protocols/raft/raft_codec.hpp"

#include "core/assert.hpp"
#include "protocols/payload.hpp"

namespace coordlab::protocols::raft {

bool valid_command(std::string_view command) {
  if (command.empty() || command.size() > 64) return false;
  for (char c : command) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == ':' || c == '+' || c == '-' || c == '=';
    if (!ok) return false;
  }
  return true;
}

std::string encode_entries(const std::vector<LogEntry>& entries) {
  std::string text;
  for (const LogEntry& entry : entries) {
    if (!text.empty()) text += ',';
    text += std::to_string(entry.term) + ":" + entry.command;
  }
  return text;
}

std::optional<std::vector<LogEntry>> decode_entries(std::string_view text) {
  std::vector<LogEntry> entries;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::optional<std::int64_t> term = parse_decimal(item.substr(0, colon));
    std::string_view command = item.substr(colon + 1);
    if (!term || *term < 1 || !valid_command(command)) return std::nullopt;
    entries.push_back(LogEntry{*term, std::string(command)});
  }
  return entries;
}

std::string encode_persistent(const PersistentState& state) {
  return PayloadWriter()
      .add("term", state.term)
      .add("vote", state.voted_for ? std::int64_t{state.voted_for->value} : std::int64_t{-1})
      .add("log", encode_entries(state.log))
      .text();
}

PersistentState decode_persistent(std::string_view text) {
  PersistentState state;
  if (text.empty()) return state;
  PayloadReader reader(text);
  std::optional<std::int64_t> term = reader.integer("term"), vote = reader.integer("vote");
  std::optional<std::vector<LogEntry>> log = decode_entries(reader.text("log").value_or(""));
  ENGINE_ASSERT_MSG(term && vote && log, "raft persistent state is not in the format encode_persistent writes");
  state.term = *term;
  if (*vote >= 0) state.voted_for = NodeId{static_cast<std::uint16_t>(*vote)};
  state.log = std::move(*log);
  return state;
}

}  // namespace coordlab::protocols::raft

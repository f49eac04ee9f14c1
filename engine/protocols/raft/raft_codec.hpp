// Raft's text encodings: log entries in messages ("term:command,term:command") and the persistent
// state ("term=3 vote=1 log=1:a,2:b"). Decoders return nothing for malformed text.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/raft/raft.hpp"

namespace coordlab::protocols::raft {

struct PersistentState {
  std::int64_t term = 0;
  std::optional<NodeId> voted_for;
  std::vector<LogEntry> log;
};

std::string encode_entries(const std::vector<LogEntry>& entries);
std::optional<std::vector<LogEntry>> decode_entries(std::string_view text);
std::string encode_persistent(const PersistentState& state);
PersistentState decode_persistent(std::string_view text);  // empty text = first boot

}  // namespace coordlab::protocols::raft

// Reading actors' structured trace notes ("key=value key=value") for checks.
#pragma once
#include <functional>
#include <string_view>
#include <vector>

#include "check/check.hpp"
#include "protocols/payload.hpp"

namespace coordlab::check {

// Calls `visit(event_index, node, reader)` for every note among the evaluated events whose text starts
// with `prefix` (e.g. "apply "). Stops early when `visit` returns false.
inline void for_each_note(const CheckInput& input, std::string_view prefix,
                          const std::function<bool(std::size_t, std::uint16_t, const protocols::PayloadReader&)>& visit) {
  for (std::size_t i = 0; i < input.event_count; ++i) {
    const sim::TraceEvent& event = input.trace.event(i);
    if (event.kind != sim::EventKind::note) continue;
    std::string_view text = input.trace.text(event.subject);
    if (text.substr(0, prefix.size()) != prefix) continue;
    if (!visit(i, event.node, protocols::PayloadReader(text))) return;
  }
}

// The items of a note's comma list ("1,3,4"); "" and "none" are empty lists.
inline std::vector<std::string_view> note_list_items(std::string_view list) {
  std::vector<std::string_view> items;
  while (!list.empty() && list != "none") {
    const std::size_t comma = list.find(',');
    items.push_back(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return items;
}

inline CheckResult pass(std::string reason) { return CheckResult{true, std::move(reason), std::nullopt}; }
inline CheckResult fail(std::string reason, std::optional<std::size_t> event = std::nullopt) {
  return CheckResult{false, std::move(reason), event};
}

}  // namespace coordlab::check

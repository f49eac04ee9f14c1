// Checks of the alternating-offers negotiation (allocation/negotiation.hpp), recomputed from the agents'
// notes: an agreement is real only if it accepts the other agent's offer of that round and gives both
// agents at least their reservation under their original preferences; preferences must be the same in
// every offer as at the start; no offer comes after the deadline.
#include <map>

#include "allocation/negotiation.hpp"
#include "check/check.hpp"
#include "check/notes.hpp"

namespace coordlab::check {
namespace {

using protocols::PayloadReader;

std::optional<allocation::Preferences> read_prefs(std::string_view text) {
  allocation::Preferences prefs;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const std::size_t gt = item.find('>'), at = item.find('@');
    if (gt == std::string_view::npos || at == std::string_view::npos || at < gt) return std::nullopt;
    const auto ideal = protocols::parse_decimal(item.substr(0, gt));
    const auto reservation = protocols::parse_decimal(item.substr(gt + 1, at - gt - 1));
    const auto weight = protocols::parse_decimal(item.substr(at + 1));
    if (!ideal || !reservation || !weight || *ideal == *reservation) return std::nullopt;
    prefs.push_back({*weight, *ideal, *reservation});
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return prefs;
}

std::optional<allocation::Offer> read_values(std::string_view text) {
  allocation::Offer offer;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const auto value = protocols::parse_decimal(text.substr(0, comma));
    if (!value) return std::nullopt;
    offer.push_back(*value);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return offer;
}

std::string name_of(const CheckInput& input, std::int64_t agent) { return std::string(input.trace.node_name(static_cast<std::uint16_t>(agent))); }

struct OfferRecord {
  std::int64_t by = -1;
  std::string values;
};

CheckResult agreed_within(const CheckInput& input, const Json& args) {
  const std::int64_t limit = args["rounds"].get<std::int64_t>();
  std::map<std::int64_t, std::string> original;  // agent -> its preferences at the start
  std::map<std::int64_t, OfferRecord> offers;    // round -> the offer made in it
  std::optional<CheckResult> verdict;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    const std::string_view text = input.trace.text(input.trace.event(event).subject);
    const std::int64_t round = note.integer("round").value_or(0), by = note.integer("by").value_or(-1);
    if (text.rfind("prefs ", 0) == 0) original.emplace(note.integer("agent").value_or(-1), std::string(note.text("prefs").value_or("")));
    if (text.rfind("offer ", 0) == 0) offers[round] = {by, std::string(note.text("values").value_or(""))};
    if (text.rfind("agree ", 0) != 0) return true;
    const std::string values(note.text("values").value_or(""));
    const auto offered = offers.find(round);
    if (offered == offers.end() || offered->second.by != 1 - by || offered->second.values != values) {
      verdict = fail(name_of(input, by) + " accepted " + values + " in round " + std::to_string(round) + ", which the other agent did not offer in that round.", event);
      return false;
    }
    if (round > limit) {
      verdict = fail("agreement only in round " + std::to_string(round) + "; the goal is agreement within " + std::to_string(limit) + " rounds.", event);
      return false;
    }
    std::string satisfaction;
    for (std::int64_t agent : {0, 1}) {
      const auto prefs = read_prefs(original[agent]);
      const auto offer = read_values(values);
      if (!prefs || !offer || prefs->size() != offer->size()) {
        verdict = fail("the preferences of " + name_of(input, agent) + " or the agreed values are not readable.", event);
        return false;
      }
      const std::int64_t utility = allocation::utility_permille(*prefs, *offer);
      if (utility < 0) {
        verdict = fail("the agreement " + values + " gives " + name_of(input, agent) + " less than its reservation (" + std::to_string(utility) + " permille).", event);
        return false;
      }
      satisfaction += (satisfaction.empty() ? "" : ", ") + name_of(input, agent) + " " + std::to_string(utility) + " permille";
    }
    verdict = pass("agreement on " + values + " in round " + std::to_string(round) + " (of at most " + std::to_string(limit) + "); utility: " + satisfaction + ".");
    return false;
  });
  if (verdict) return *verdict;
  return fail("no agreement within " + std::to_string(limit) + " rounds (" + std::to_string(offers.size()) + " offers made).");
}

CheckResult inputs_unchanged(const CheckInput& input, const Json&) {
  std::map<std::int64_t, std::string> original;
  std::optional<CheckResult> failure;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    const std::string_view text = input.trace.text(input.trace.event(event).subject);
    const std::string prefs(note.text("prefs").value_or(""));
    if (text.rfind("prefs ", 0) == 0) original.emplace(note.integer("agent").value_or(-1), prefs);
    if (text.rfind("offer ", 0) != 0) return true;
    const std::int64_t by = note.integer("by").value_or(-1);
    const auto start = original.find(by);
    if (start != original.end() && start->second != prefs) {
      failure = fail(name_of(input, by) + "'s preferences changed: " + start->second + " at the start, " + prefs + " in round " +
                         std::to_string(note.integer("round").value_or(0)) + " (ideal>reservation@weight per item).", event);
      return false;
    }
    return true;
  });
  if (failure) return *failure;
  return pass("every agent offered from the preferences it was given; none was changed.");
}

CheckResult within_deadline(const CheckInput& input, const Json&) {
  std::optional<std::int64_t> deadline;
  std::optional<CheckResult> failure;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    const std::string_view text = input.trace.text(input.trace.event(event).subject);
    if (text.rfind("negotiation ", 0) == 0) deadline = note.integer("deadline");
    const bool acts = text.rfind("offer ", 0) == 0 || text.rfind("agree ", 0) == 0;
    const std::int64_t round = note.integer("round").value_or(0);
    if (acts && deadline && round > *deadline) {
      failure = fail("round " + std::to_string(round) + " is past the deadline of " + std::to_string(*deadline) + " rounds.", event);
      return false;
    }
    return true;
  });
  if (failure) return *failure;
  return pass("no offer or agreement after the deadline.");
}

}  // namespace

std::vector<CheckSpec> negotiation_checks() {
  return {
      {"negotiation.agreed_within", CheckKind::goal, "negotiation",
       "the agents agreed within `rounds` rounds on the other's offer, and the agreement gives both at least their reservation",
       {{"rounds", ArgType::integer, "the latest round an agreement counts", Json(8), 1, 200}}, agreed_within},
      {"negotiation.inputs_unchanged", CheckKind::invariant, "negotiation",
       "every offer was made from the preferences the agent was given (the caller's preference objects are never mutated)", {}, inputs_unchanged},
      {"negotiation.within_deadline", CheckKind::invariant, "negotiation", "no offer and no agreement after the deadline round", {}, within_deadline},
  };
}

}  // namespace coordlab::check

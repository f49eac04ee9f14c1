// Messaging checks, read from the endpoints' trace notes (formats in protocols/messaging/*.hpp):
// delivery.effectively_once (reliable), order.fifo / order.causal / order.total (ordered), and the
// hub's goals hub.delivered, hub.failure_reasons and clock.lamport. The ground truth (what was sent,
// with which sequence number or vector clock) comes from the senders' notes, so a receiver that
// mislabels what it delivers is still caught.
#include <map>
#include <set>

#include "check/notes.hpp"
#include "protocols/messaging/ordered.hpp"

namespace coordlab::check {
namespace {

using protocols::PayloadReader;

std::string word_of(std::string_view text) { return std::string(text.substr(0, text.find(' '))); }
std::string field(const PayloadReader& note, std::string_view key) { return std::string(note.text(key).value_or("")); }
std::string node_name(const CheckInput& input, std::uint16_t node) { return std::string(input.trace.node_name(node)); }

CheckResult effectively_once(const CheckInput& input, const Json& args) {
  const bool require_all = args["require_all"].get<bool>();
  const std::int64_t min_messages = args["min_messages"].get<std::int64_t>();
  const std::int64_t max_attempts = args["max_attempts"].get<std::int64_t>();
  std::map<std::string, std::size_t> sent;  // id -> event of its first send
  std::map<std::string, std::int64_t> processed;
  std::map<std::string, std::size_t> dead;
  std::int64_t retries = 0;
  std::optional<CheckResult> violation;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    const std::string verb = word_of(input.trace.text(input.trace.event(event).subject));
    const std::string id = field(note, "id");
    const std::int64_t attempt = note.integer("attempt").value_or(0);
    if (verb == "send" && attempt == 1) sent.emplace(id, event);
    if (verb == "retry") ++retries;
    if ((verb == "send" || verb == "retry") && max_attempts > 0 && attempt > max_attempts) {
      violation = fail(id + " was sent a " + std::to_string(attempt) + "th time; the budget is " +
                           std::to_string(max_attempts) + " attempts.",
                       event);
    } else if (verb == "processed" && ++processed[id] > 1) {
      violation = fail(
          node_name(input, node) + " processed " + id + " twice: a retry or network duplicate was not de-duplicated.",
          event);
    } else if ((verb == "acked" || verb == "confirmed") && processed[id] == 0) {
      violation =
          fail(node_name(input, node) + " was told " + id + " was delivered, but no receiver had processed it.", event);
    } else if (verb == "dead_letter" || verb == "dead_letter_full") {
      dead.emplace(id, event);
    }
    return !violation;
  });
  if (violation) return *violation;
  if (static_cast<std::int64_t>(sent.size()) < min_messages) {
    return fail("only " + std::to_string(sent.size()) + " message(s) were sent; send at least " +
                std::to_string(min_messages) + ".");
  }
  std::size_t done = 0;
  for (const auto& [id, event] : sent) {
    if (processed[id] == 1) {
      ++done;
      continue;
    }
    if (!require_all) continue;
    auto dead_letter = dead.find(id);
    if (dead_letter != dead.end())
      return fail(id + " was never processed: it went to the dead-letter queue.", dead_letter->second);
    return fail(id + " has not been processed (yet).", event);
  }
  return pass(std::to_string(sent.size()) + " message(s) sent, " + std::to_string(done) + " processed exactly once, " +
              std::to_string(retries) + " retries, " + std::to_string(dead.size()) + " dead-lettered");
}

struct FifoTruth {
  std::string stream;  // "from>to/conversation"
  std::string conversation;
  std::optional<std::int64_t> sequence;
};

CheckResult fifo(const CheckInput& input, const Json& args) {
  const std::string only = args["conversation"].get<std::string>();
  const std::int64_t min_delivered = args["min_delivered"].get<std::int64_t>();
  const bool expect_duplicate = args["expect_duplicate"].get<bool>();
  std::map<std::string, FifoTruth> truth;
  std::map<std::string, std::int64_t> expected;                         // stream -> next sequence
  std::set<std::pair<std::string, std::string>> delivered;              // (receiver, id)
  std::map<std::pair<std::string, std::string>, std::size_t> received;  // held or buffered, first event
  std::int64_t delivered_count = 0, duplicates = 0;
  std::optional<CheckResult> violation;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    const std::string verb = word_of(input.trace.text(input.trace.event(event).subject));
    const std::string id = field(note, "id"), receiver = node_name(input, node);
    if (verb == "send" && note.text("to") && note.text("conv")) {
      const std::string conversation = field(note, "conv") == "-" ? "" : field(note, "conv");
      truth[id] = FifoTruth{field(note, "from") + ">" + field(note, "to") + "/" + conversation, conversation,
                            note.integer("seq")};
      return true;
    }
    auto known = truth.find(id);
    if (known == truth.end() || (!only.empty() && known->second.conversation != only)) return true;
    if (verb == "duplicate") duplicates += 1;
    if (verb == "held" || verb == "buffer") received.emplace(std::make_pair(receiver, id), event);
    if (verb != "deliver") return true;
    if (!delivered.insert({receiver, id}).second) {
      violation = fail(receiver + " delivered " + id + " a second time.", event);
      return false;
    }
    ++delivered_count;
    if (!known->second.sequence) return true;  // no conversation: no order to keep
    std::int64_t& next = expected[known->second.stream];
    if (*known->second.sequence != next) {
      violation =
          fail(receiver + " delivered " + id + " (sequence " + std::to_string(*known->second.sequence) + " of " +
                   known->second.conversation + ") when sequence " + std::to_string(next) + " was next.",
               event);
      return false;
    }
    ++next;
    return true;
  });
  if (violation) return *violation;
  for (const auto& [key, event] : received) {
    const FifoTruth& message = truth[key.second];
    const bool waiting_for_gap = message.sequence && expected[message.stream] < *message.sequence;
    if (delivered.count(key) == 0 && !waiting_for_gap) {
      return fail(key.first + " received " + key.second + " but never delivers it: nothing earlier is missing" +
                      (message.sequence ? "." : " (it has no sequence number; the course gives it -1)."),
                  event);
    }
  }
  if (delivered_count < min_delivered) {
    return fail(std::to_string(delivered_count) + " message(s) delivered in order so far; the task needs " +
                std::to_string(min_delivered) + ".");
  }
  if (expect_duplicate && duplicates == 0) return fail("no duplicate has been recognised and re-acknowledged yet.");
  return pass(std::to_string(delivered_count) + " message(s) delivered in sequence order, " +
              std::to_string(duplicates) + " duplicate(s) re-acknowledged without redelivery");
}

CheckResult causal(const CheckInput& input, const Json&) {
  using protocols::messaging::decode_vector_clock;
  const std::size_t node_count = input.trace.node_names().size();
  std::map<std::string, std::pair<std::uint16_t, std::vector<std::int64_t>>> truth;  // id -> (origin, clock)
  std::vector<std::vector<std::int64_t>> delivered(node_count, std::vector<std::int64_t>(node_count, 0));
  std::int64_t deliveries = 0;
  std::optional<CheckResult> violation;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    const std::string verb = word_of(input.trace.text(input.trace.event(event).subject));
    const std::string id = field(note, "id");
    if (verb == "send" && note.text("vc")) {
      auto clock = decode_vector_clock(field(note, "vc"), node_count);
      if (clock) truth[id] = {node, *clock};
      if (clock) delivered[node][node] = (*clock)[node];
      return true;
    }
    auto known = truth.find(id);
    if (verb != "deliver" || known == truth.end()) return true;
    const auto& [origin, clock] = known->second;
    std::vector<std::int64_t>& have = delivered[node];
    ++deliveries;
    if (clock[origin] != have[origin] + 1) {
      violation =
          fail(node_name(input, node) + " delivered " + id + " as message " + std::to_string(clock[origin]) + " from " +
                   node_name(input, origin) + " after only " + std::to_string(have[origin]) + " from it.",
               event);
      return false;
    }
    for (std::size_t k = 0; k < node_count; ++k) {
      if (k == origin || clock[k] <= have[k]) continue;
      violation =
          fail(node_name(input, node) + " delivered " + id + " before message " + std::to_string(clock[k]) + " from " +
                   node_name(input, static_cast<std::uint16_t>(k)) + ", which its sender had already seen.",
               event);
      return false;
    }
    have[origin] = clock[origin];
    return true;
  });
  if (violation) return *violation;
  return pass(std::to_string(deliveries) + " delivery(ies), each after every message it causally depends on");
}

CheckResult total(const CheckInput& input, const Json&) {
  std::map<std::string, std::int64_t> number;
  std::map<std::uint16_t, std::int64_t> next;  // per receiver
  std::int64_t deliveries = 0;
  std::optional<CheckResult> violation;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    const std::string verb = word_of(input.trace.text(input.trace.event(event).subject));
    const std::string id = field(note, "id");
    if (verb == "sequence") number[id] = note.integer("total").value_or(-1);
    auto known = number.find(id);
    if (verb != "deliver" || known == number.end()) return true;
    ++deliveries;
    if (known->second != next[node]) {
      violation = fail(node_name(input, node) + " delivered " + id + " (number " + std::to_string(known->second) +
                           ") when number " + std::to_string(next[node]) + " was next.",
                       event);
      return false;
    }
    ++next[node];
    return true;
  });
  if (violation) return *violation;
  return pass(std::to_string(deliveries) + " delivery(ies), every node in the sequencer's order");
}

bool matches(const std::string& wanted, std::string_view actual) { return wanted.empty() || wanted == actual; }

CheckResult hub_delivered(const CheckInput& input, const Json& args) {
  const std::string type = args["type"].get<std::string>(), to = args["to"].get<std::string>(),
                    conversation = args["conversation"].get<std::string>();
  std::optional<CheckResult> found;
  std::string near_miss;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    const std::string verb = word_of(input.trace.text(input.trace.event(event).subject));
    if ((verb != "delivered" && verb != "failed") || !matches(type, field(note, "type")) ||
        !matches(to, field(note, "to")) || !matches(conversation, field(note, "conv"))) {
      return true;
    }
    if (verb == "failed") {
      near_miss = " A matching message " + field(note, "id") + " failed: " + field(note, "reason") + ".";
    } else if (field(note, "body").empty()) {
      near_miss = " A matching message " + field(note, "id") + " was delivered, but its payload was empty.";
    } else {
      found = pass(field(note, "to") + " received " + field(note, "type") + " " + field(note, "id") + " in " +
                   field(note, "conv") + ".");
    }
    return !found;
  });
  if (found) return *found;
  return fail("no delivered message matches type=" + (type.empty() ? "any" : type) +
              " to=" + (to.empty() ? "any" : to) + " conversation=" + (conversation.empty() ? "any" : conversation) +
              " with a payload yet." + near_miss);
}

CheckResult failure_reasons(const CheckInput& input, const Json& args) {
  std::set<std::string> wanted;
  std::string_view list = args["reasons"].get_ref<const std::string&>();
  while (!list.empty()) {
    const std::size_t comma = std::min(list.find(','), list.size());
    if (comma > 0) wanted.insert(std::string(list.substr(0, comma)));
    list = list.substr(std::min(comma + 1, list.size()));
  }
  std::map<std::string, std::int64_t> seen;
  std::int64_t failures = 0;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    const std::string verb = word_of(input.trace.text(input.trace.event(event).subject));
    if (verb != "failed" && verb != "refused") return true;
    ++failures;
    ++seen[field(note, "reason")];
    return true;
  });
  std::string missing;
  for (const std::string& reason : wanted)
    if (seen.count(reason) == 0) missing += (missing.empty() ? "" : ", ") + reason;
  const std::int64_t min_failures = args["min_failures"].get<std::int64_t>();
  if (!missing.empty()) return fail(std::to_string(failures) + " failure(s) so far; still missing: " + missing + ".");
  if (failures < min_failures)
    return fail(std::to_string(failures) + " failure(s) so far; the task needs " + std::to_string(min_failures) + ".");
  std::string reasons;
  for (const auto& [reason, count] : seen)
    reasons += (reasons.empty() ? "" : ", ") + reason + " x" + std::to_string(count);
  return pass(std::to_string(failures) + " failure(s): " + (reasons.empty() ? "none" : reasons));
}

CheckResult lamport(const CheckInput& input, const Json&) {
  std::map<std::uint16_t, std::int64_t> last;  // each agent's latest Lamport time
  std::optional<CheckResult> violation;
  std::int64_t receipts = 0;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    const std::string verb = word_of(input.trace.text(input.trace.event(event).subject));
    std::optional<std::int64_t> clock = verb == "send"       ? note.integer("lamport")
                                        : verb == "received" ? note.integer("clock")
                                                             : std::nullopt;
    if (!clock) return true;
    if (verb == "received" && *clock <= note.integer("lamport").value_or(0)) {
      violation = fail(node_name(input, node) + " received " + field(note, "id") +
                           " but its clock did not move past the message's time.",
                       event);
    } else if (*clock <= last[node]) {
      violation = fail(node_name(input, node) + "'s Lamport clock went from " + std::to_string(last[node]) + " to " +
                           std::to_string(*clock) + ".",
                       event);
    }
    receipts += verb == "received" ? 1 : 0;
    last[node] = *clock;
    return !violation;
  });
  if (violation) return *violation;
  return pass(std::to_string(receipts) +
              " receipt(s); every clock only moved forward and past each received timestamp");
}

CheckSpec make(std::string id, CheckKind kind, std::string protocol, std::string summary,
               CheckResult (*evaluate)(const CheckInput&, const Json&), std::vector<ArgSpec> args = {}) {
  return CheckSpec{std::move(id), kind, std::move(protocol), std::move(summary), std::move(args), evaluate};
}

}  // namespace

std::vector<CheckSpec> messaging_checks() {
  return {
      make(
          "delivery.effectively_once", CheckKind::invariant, "reliable",
          "no message id is processed twice and no sender is told of a delivery that did not happen", effectively_once,
          {ArgSpec{"require_all", ArgType::boolean, "also require every sent message to be processed", Json(false), 0,
                   0},
           ArgSpec{"min_messages", ArgType::integer, "fewest messages that must have been sent", Json(0), 0, 1'000'000},
           ArgSpec{"max_attempts", ArgType::integer, "the attempt budget per message (0 = unchecked)", Json(0), 0,
                   100}}),
      make("order.fifo", CheckKind::invariant, "ordered",
           "each conversation's messages are delivered once each, in sequence order, none left waiting without a gap",
           fifo,
           {ArgSpec{"conversation", ArgType::string, "only this conversation (\"\" = all)", Json(""), 0, 0},
            ArgSpec{"min_delivered", ArgType::integer, "fewest messages that must have been delivered", Json(0), 0,
                    1'000'000},
            ArgSpec{"expect_duplicate", ArgType::boolean, "require a duplicate to have been re-acknowledged",
                    Json(false), 0, 0}}),
      make("order.causal", CheckKind::invariant, "ordered", "no message is delivered before one it causally depends on",
           causal),
      make("order.total", CheckKind::invariant, "ordered", "every node delivers in the sequencer's order", total),
      make("hub.delivered", CheckKind::goal, "hub",
           "the hub delivered a message of this type, to this agent, in this conversation, with a payload",
           hub_delivered,
           {ArgSpec{"type", ArgType::string, "message type (\"\" = any)", Json(""), 0, 0},
            ArgSpec{"to", ArgType::string, "recipient agent (\"\" = any)", Json(""), 0, 0},
            ArgSpec{"conversation", ArgType::string, "conversation id (\"\" = any)", Json(""), 0, 0}}),
      make("hub.failure_reasons", CheckKind::goal, "hub",
           "failed deliveries (and refused registrations) include each listed reason", failure_reasons,
           {ArgSpec{"reasons", ArgType::string, "comma-separated reasons, e.g. \"unknown_recipient,expired\"",
                    Json("unknown_recipient,expired"), 0, 0},
            ArgSpec{"min_failures", ArgType::integer, "fewest failures", Json(0), 0, 1'000'000}}),
      make("clock.lamport", CheckKind::invariant, "hub",
           "each agent's Lamport clock only moves forward and past every received timestamp", lamport),
  };
}

}  // namespace coordlab::check

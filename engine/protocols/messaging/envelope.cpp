// The envelope's payload encoding and the learner's input syntax (see messaging.hpp).
#include <algorithm>

#include "protocols/messaging/messaging.hpp"
#include "protocols/payload.hpp"

namespace coordlab::protocols::messaging {

const std::vector<std::string_view>& course_message_types() {
  static const std::vector<std::string_view> types = {"data_request",    "data_response",    "schema_proposal",
                                                      "validation_vote", "consensus_result", "pipeline_status"};
  return types;
}

bool valid_token(std::string_view text) {
  return !text.empty() && text.size() <= kMaxTokenBytes && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == ':' || c == '-';
  });
}

bool valid_body(std::string_view text) {
  return text.size() <= kMaxBodyBytes &&
         std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c <= '~'; });
}

// Keys are short so a message stays readable when a learner hovers it. The body goes last: it may
// contain '=' and the reader splits at the first one.
std::string encode_envelope(const Envelope& envelope) {
  PayloadWriter writer;
  writer.add("id", envelope.id).add("from", envelope.sender);
  if (!envelope.recipient.empty()) writer.add("to", envelope.recipient);
  if (!envelope.topic.empty()) writer.add("topic", envelope.topic);
  writer.add("type", envelope.type);
  if (!envelope.conversation.empty()) writer.add("conv", envelope.conversation);
  writer.add("ts", envelope.timestamp_tick).add("priority", envelope.priority);
  if (envelope.expires_tick) writer.add("expires", *envelope.expires_tick);
  writer.add("response", envelope.requires_response ? 1 : 0)
      .add("lamport", envelope.lamport)
      .add("body", envelope.body);
  return writer.text();
}

std::optional<Envelope> decode_envelope(std::string_view text) {
  PayloadReader reader(text);
  Envelope envelope;
  auto id = reader.text("id"), sender = reader.text("from"), type = reader.text("type"), body = reader.text("body");
  auto timestamp = reader.integer("ts"), priority = reader.integer("priority"), response = reader.integer("response"),
       lamport = reader.integer("lamport");
  if (!id || !sender || !type || !body || !timestamp || !priority || !response || !lamport) return std::nullopt;
  if (!valid_token(*id) || !valid_token(*sender) || !valid_token(*type) || !valid_body(*body)) return std::nullopt;
  if (*priority < kPriorityLow || *priority > kPriorityEmergency || *lamport < 0) return std::nullopt;
  envelope.id = *id;
  envelope.sender = *sender;
  envelope.recipient = reader.text("to").value_or("");
  envelope.topic = reader.text("topic").value_or("");
  if (envelope.recipient.empty() && envelope.topic.empty()) return std::nullopt;  // a published copy has both
  envelope.type = *type;
  envelope.body = *body;
  envelope.conversation = reader.text("conv").value_or("");
  envelope.timestamp_tick = *timestamp;
  envelope.priority = *priority;
  envelope.expires_tick = reader.integer("expires");
  envelope.requires_response = *response == 1;
  envelope.lamport = *lamport;
  return envelope;
}

bool InputCommand::has(std::string_view key) const { return find(key).has_value(); }

std::optional<std::string_view> InputCommand::find(std::string_view key) const {
  for (const auto& [name, value] : options_)
    if (name == key) return std::string_view(value);
  return std::nullopt;
}

Result<std::string> InputCommand::token(std::string_view key, std::optional<std::string> fallback) const {
  std::optional<std::string_view> value = find(key);
  if (!value) {
    if (fallback) return *fallback;
    return make_error("input.missing_option",
                      "\"" + verb_ + "\" needs " + std::string(key) + "=...; see the " + protocol_ + " input syntax.");
  }
  if (!valid_token(*value)) {
    return make_error("input.bad_value",
                      std::string(key) + "=" + std::string(*value) +
                          " is not a valid name: use 1-40 characters of letters, digits and _ . : -.");
  }
  return std::string(*value);
}

Result<std::string> InputCommand::body(std::string_view key) const {
  std::string_view value = find(key).value_or("");
  if (!valid_body(value))
    return make_error("input.bad_value", std::string(key) + " must be 0-120 printable characters without spaces.");
  return std::string(value);
}

Result<std::int64_t> InputCommand::integer(std::string_view key, std::int64_t low, std::int64_t high,
                                           std::int64_t fallback) const {
  std::optional<std::string_view> value = find(key);
  if (!value) return fallback;
  const std::string field = "v=" + std::string(*value);
  std::optional<std::int64_t> number = PayloadReader(field).integer("v");
  if (!number || *number < low || *number > high) {
    return make_error("input.bad_value", std::string(key) + "=" + std::string(*value) +
                                             " is out of range: use a whole number from " + std::to_string(low) +
                                             " to " + std::to_string(high) + ".");
  }
  return *number;
}

Result<bool> InputCommand::flag(std::string_view key) const {
  Result<std::int64_t> value = integer(key, 0, 1, 0);
  if (!value.ok()) return value.error();
  return value.value() == 1;
}

Result<InputCommand> parse_input(std::string_view text, std::string_view protocol,
                                 const std::vector<std::pair<std::string_view, std::string_view>>& verbs) {
  InputCommand command;
  command.protocol_ = std::string(protocol);
  std::vector<std::string_view> words;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::string verb_list;
  for (const auto& [verb, keys] : verbs) verb_list += (verb_list.empty() ? "" : ", ") + std::string(verb);
  if (words.empty())
    return make_error("input.empty", std::string(protocol) + " input starts with one of: " + verb_list + ".");
  const auto verb =
      std::find_if(verbs.begin(), verbs.end(), [&](const auto& entry) { return entry.first == words[0]; });
  if (verb == verbs.end()) {
    return make_error("input.unknown_verb", "unknown " + std::string(protocol) + " command \"" + std::string(words[0]) +
                                                "\"; use one of: " + verb_list + ".");
  }
  command.verb_ = std::string(words[0]);
  const std::string allowed = " " + std::string(verb->second) + " ";
  for (std::size_t i = 1; i < words.size(); ++i) {
    std::size_t equals = words[i].find('=');
    std::string_view key = words[i].substr(0, equals);
    if (equals == std::string_view::npos || key.empty() ||
        allowed.find(" " + std::string(key) + " ") == std::string::npos) {
      return make_error("input.unknown_option",
                        "\"" + std::string(words[i]) + "\" is not an option of \"" + command.verb_ +
                            "\"; it takes key=value options among: " + std::string(verb->second) + ".");
    }
    if (command.has(key)) return make_error("input.repeated_option", std::string(key) + "= is given twice.");
    command.options_.emplace_back(std::string(key), std::string(words[i].substr(equals + 1)));
  }
  return command;
}

Result<SendRequest> read_send_request(const InputCommand& command) {
  SendRequest request;
  auto fail_on = [](const auto& result) { return !result.ok(); };
  Result<std::string> to = command.token("to", std::string()), topic = command.token("topic", std::string()),
                      type = command.token("type", std::string("data_request")),
                      conversation = command.token("conv", std::string());
  Result<std::string> body = command.body("payload");
  for (const auto* text : {&to, &topic, &type, &conversation, &body})
    if (fail_on(*text)) return text->error();
  const auto& types = course_message_types();
  if (std::find(types.begin(), types.end(), type.value()) == types.end()) {
    std::string message = "type=" + type.value() +
                          " is not a message type; use data_request, data_response, schema_proposal, "
                          "validation_vote, consensus_result or pipeline_status.";
    if (auto suggestion = closest_match(type.value(), types)) message += " Did you mean \"" + *suggestion + "\"?";
    return make_error("input.bad_type", message);
  }
  Result<std::int64_t> priority = command.integer("priority", kPriorityLow, kPriorityEmergency, kPriorityNormal),
                       expires = command.integer("expires_in", 1, kMaxExpiresInTicks, 0),
                       count = command.integer("count", 1, kMaxSendCount, 1);
  for (const auto* number : {&priority, &expires, &count})
    if (fail_on(*number)) return number->error();
  Result<bool> response = command.flag("response"), direct = command.flag("direct");
  if (!response.ok()) return response.error();
  if (!direct.ok()) return direct.error();
  request.to = to.value();
  request.topic = topic.value();
  request.type = type.value();
  request.body = body.value();
  request.conversation = conversation.value();
  request.priority = priority.value();
  if (command.has("expires_in")) request.expires_in_ticks = expires.value();
  request.requires_response = response.value();
  request.direct = direct.value();
  request.count = count.value();
  return request;
}

std::optional<NodeId> node_named(const std::vector<std::string>& node_names, std::string_view name) {
  for (std::size_t i = 0; i < node_names.size(); ++i)
    if (node_names[i] == name) return NodeId{static_cast<std::uint16_t>(i)};
  return std::nullopt;
}

}  // namespace coordlab::protocols::messaging

#include "screens/command_words.hpp"

#include "check/check.hpp"

namespace coordlab::ui {
namespace {

std::string text_of(const Json& command, const char* field) {
  const auto found = command.find(field);
  if (found == command.end()) return "?";
  return found->is_string() ? found->get<std::string>() : found->dump();
}

// {"a","b"} -> "a, b"
std::string names(const Json& group) {
  std::string text;
  if (!group.is_array()) return group.dump();
  for (const Json& name : group) text += (text.empty() ? "" : ", ") + (name.is_string() ? name.get<std::string>() : name.dump());
  return text;
}

std::string describe_partition(const Json& command) {
  const Json groups = command.value("groups", Json::array());
  if (groups.size() == 1) return "Cut off " + names(groups[0]) + " from the rest";
  std::string text = "Partition the network into ";
  for (std::size_t i = 0; i < groups.size(); ++i) text += (i > 0 ? " | " : "") + names(groups[i]);
  return text;
}

std::string describe_message_op(const std::string& op, const Json& command) {
  const std::string message = "message #" + text_of(command, "message");
  if (op == "deliver") return "Deliver " + message;
  if (op == "drop") return "Drop " + message;
  if (op == "duplicate") return "Duplicate " + message;
  if (op == "delay") return "Delay " + message + " by " + text_of(command, "ticks") + " ticks";
  return "Fire timer #" + text_of(command, "timer");
}

std::string describe_time_op(const std::string& op, const Json& command) {
  if (op == "run") return "Run " + text_of(command, "ticks") + " ticks";
  if (op == "run_until") return "Run until tick " + text_of(command, "tick");
  const std::string count = text_of(command, "count");
  return "Step " + count + (count == "1" ? " event" : " events");
}

// "slow_ticks 25, clock_drift_percent 0" for the settings a command changes.
std::string settings_of(const Json& command) {
  std::string text;
  for (const auto& item : command.items()) {
    if (item.key() == "op" || item.key() == "node" || item.key() == "from" || item.key() == "to") continue;
    text += (text.empty() ? "" : ", ") + item.key() + " " + (item.value().is_string() ? item.value().get<std::string>() : item.value().dump());
  }
  return text;
}

}  // namespace

std::string describe_command(const Json& command) {
  if (!command.is_object() || !command.contains("op") || !command["op"].is_string()) return command.dump();
  const std::string op = command["op"].get<std::string>();
  if (op == "run" || op == "run_until" || op == "step") return describe_time_op(op, command);
  if (op == "deliver" || op == "drop" || op == "duplicate" || op == "delay" || op == "fire") return describe_message_op(op, command);
  if (op == "crash") return "Crash " + text_of(command, "node");
  if (op == "restart") return "Restart " + text_of(command, "node");
  if (op == "partition") return describe_partition(command);
  if (op == "heal") return "Heal the network";
  if (op == "input") return "Send " + text_of(command, "node") + " the input line: " + text_of(command, "text");
  if (op == "mode") return "Switch to " + text_of(command, "delivery") + " delivery";
  if (op == "byzantine") {
    const std::string kind = text_of(command, "kind");
    return kind == "none" ? "Make " + text_of(command, "node") + " honest again" : "Make " + text_of(command, "node") + " Byzantine (" + kind + ")";
  }
  if (op == "set_node") return "Set " + text_of(command, "node") + ": " + settings_of(command);
  if (op == "set_link") return "Set the link " + text_of(command, "from") + " \u2192 " + text_of(command, "to") + ": " + settings_of(command);
  return command.dump();
}

std::string describe_check(const lesson::CheckCall& call) {
  const check::CheckSpec* spec = check::find_check(call.id);
  std::string text = spec != nullptr ? spec->summary : call.id;
  const std::string arguments = call.args.is_object() ? settings_of(call.args) : "";
  if (!arguments.empty()) text += " (" + arguments + ")";
  return text;
}

}  // namespace coordlab::ui

#include "app/command.hpp"

#include <algorithm>

#include "app/scenario.hpp"
#include "core/limits.hpp"

namespace coordlab::app {
namespace {

Result<std::uint32_t> read_id(const ObjectReader& reader, std::string_view key) {
  Result<std::int64_t> id = reader.integer(key, 0, UINT32_MAX);
  if (!id.ok()) return id.error();
  return static_cast<std::uint32_t>(id.value());
}

Result<Command> parse_message_op(const ObjectReader& reader, std::string_view op) {
  Command command;
  const bool is_delay = op == "delay";
  if (op == "fire") {
    RETURN_IF_ERROR(reader.check({"op", "timer"}));
    Result<std::uint32_t> timer = read_id(reader, "timer");
    if (!timer.ok()) return timer.error();
    command.kind = Command::Kind::fire;
    command.subject = timer.value();
    return command;
  }
  RETURN_IF_ERROR(is_delay ? reader.check({"op", "message", "ticks"}) : reader.check({"op", "message"}));
  Result<std::uint32_t> message = read_id(reader, "message");
  if (!message.ok()) return message.error();
  command.subject = message.value();
  command.kind = op == "deliver" ? Command::Kind::deliver : op == "drop" ? Command::Kind::drop
               : op == "duplicate" ? Command::Kind::duplicate : Command::Kind::delay;
  if (is_delay) {
    Result<std::int64_t> ticks = reader.integer("ticks", 1, limits::kMaxLatencyTicks);
    if (!ticks.ok()) return ticks.error();
    command.delay_ticks = ticks.value();
  }
  return command;
}

Result<Command> parse_time_op(const ObjectReader& reader, std::string_view op, const sim::World& world) {
  Command command;
  if (op == "step") {
    RETURN_IF_ERROR(reader.check({"op", "count"}));
    Result<std::int64_t> count = reader.integer("count", 1, static_cast<std::int64_t>(limits::kMaxTraceEvents), 1);
    if (!count.ok()) return count.error();
    command.kind = Command::Kind::step;
    command.count = static_cast<std::uint64_t>(count.value());
    return command;
  }
  command.kind = Command::Kind::run_until;
  if (op == "run") {
    RETURN_IF_ERROR(reader.check({"op", "ticks"}));
    Result<std::int64_t> ticks = reader.integer("ticks", 1, limits::kMaxRunTicks);
    if (!ticks.ok()) return ticks.error();
    command.until = world.now() + ticks.value();
  } else {
    RETURN_IF_ERROR(reader.check({"op", "tick"}));
    Result<std::int64_t> tick = reader.integer("tick", world.now().value, world.now().value + limits::kMaxRunTicks);
    if (!tick.ok()) return tick.error();
    command.until = Tick{tick.value()};
  }
  if (command.until.value > limits::kMaxTick) {
    return make_error("command.time_limit", "simulated time cannot pass tick " + std::to_string(limits::kMaxTick) + ".", reader.pointer());
  }
  return command;
}

}  // namespace

const std::vector<std::string_view>& command_ops() {
  static const std::vector<std::string_view> ops = {"run", "run_until", "step", "crash", "restart", "partition", "heal",
                                                    "set_link", "set_node", "input", "deliver", "drop", "duplicate",
                                                    "delay", "fire", "mode", "byzantine"};
  return ops;
}

Result<Command> parse_command(const Json& value, const std::string& pointer, const sim::World& world) {
  ObjectReader reader(value, pointer, "a command");
  if (!value.is_object()) {
    return make_error("command.not_object", "a command is an object such as {\"op\": \"run\", \"ticks\": 100}.", pointer);
  }
  Result<std::string> op = reader.string("op");
  if (!op.ok()) return op.error();
  const std::string& name = op.value();
  const auto& ops = command_ops();
  if (std::find(ops.begin(), ops.end(), name) == ops.end()) {
    std::string message = "unknown op \"" + name + "\".";
    if (auto suggestion = closest_match(name, ops)) message += " Did you mean \"" + *suggestion + "\"?";
    return make_error("command.unknown_op", message, reader.pointer_of("op"));
  }
  if (name == "run" || name == "run_until" || name == "step") return parse_time_op(reader, name, world);
  if (name == "deliver" || name == "drop" || name == "duplicate" || name == "delay" || name == "fire") {
    return parse_message_op(reader, name);
  }
  if (name == "mode") {
    RETURN_IF_ERROR(reader.check({"op", "delivery"}));
    Result<std::string> delivery = reader.string("delivery");
    if (!delivery.ok()) return delivery.error();
    if (delivery.value() != "automatic" && delivery.value() != "manual") {
      return make_error("command.bad_mode", "\"delivery\" must be \"automatic\" or \"manual\".", reader.pointer_of("delivery"));
    }
    Command command;
    command.kind = Command::Kind::mode;
    command.mode = delivery.value() == "manual" ? sim::DeliveryMode::manual : sim::DeliveryMode::automatic;
    return command;
  }
  Result<sim::WorldCommand> world_command =
      read_world_command(reader, name, world.trace().node_names(), {}, world.network().default_link(), world.byzantine_kinds());
  if (!world_command.ok()) return world_command.error();
  Command command;
  command.kind = Command::Kind::world;
  command.world = std::move(world_command.value());
  return command;
}

Result<Command> parse_command_text(std::string_view text, const sim::World& world) {
  Result<Json> document = parse_json_text(text, "command");
  if (!document.ok()) return document.error();
  return parse_command(document.value(), "", world);
}

}  // namespace coordlab::app

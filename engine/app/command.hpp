// Session commands: what a learner, a lesson script or a share link can do to a run. Each is validated
// against the current world, resolved (relative times become absolute) and appended to the command log,
// so the run is a pure function of (scenario, seed, command log).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_input.hpp"
#include "sim/world.hpp"

namespace coordlab::app {

struct Command {
  enum class Kind : std::uint8_t { run_until, step, world, deliver, drop, duplicate, delay, fire, mode };
  Kind kind = Kind::step;
  Tick until;                  // run_until
  std::uint64_t count = 0;     // step; for run_until, the steps it took (set by the Session)
  sim::WorldCommand world;     // world
  std::uint32_t subject = 0;   // message id (deliver, drop, duplicate, delay) or timer id (fire)
  std::int64_t delay_ticks = 0;
  sim::DeliveryMode mode = sim::DeliveryMode::automatic;
};

// Every op a command can name, for help texts and suggestions.
const std::vector<std::string_view>& command_ops();

// Parses one command object (e.g. {"op":"run","ticks":100}); `world` resolves names and relative times.
Result<Command> parse_command(const Json& value, const std::string& pointer, const sim::World& world);
Result<Command> parse_command_text(std::string_view text, const sim::World& world);

// The resolved command as JSON, in a form parse_command accepts (so a log can be replayed).
Json command_to_json(const Command& command, const sim::Trace& trace);

}  // namespace coordlab::app

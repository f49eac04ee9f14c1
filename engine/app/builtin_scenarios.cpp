#include "app/builtin_scenarios.hpp"

#include "app/session.hpp"
#include "core/embedded_file.hpp"

namespace coordlab {
const std::vector<EmbeddedFile>& embedded_scenario_files();
}

namespace coordlab::app {
namespace {
constexpr std::uint64_t kTraceHashSeeds[] = {1, 2, 3, 42, 20261123};
constexpr std::uint64_t kManualStepsForHash = 60;

std::string stem(std::string_view file_name) {
  std::string_view name = file_name;
  if (name.size() > 5 && name.substr(name.size() - 5) == ".json") name.remove_suffix(5);
  return std::string(name);
}
}  // namespace

std::vector<std::string> builtin_scenario_names() {
  std::vector<std::string> names;
  for (const EmbeddedFile& file : embedded_scenario_files()) names.push_back(stem(file.name));
  return names;
}

std::string_view builtin_scenario_text(std::string_view name) {
  for (const EmbeddedFile& file : embedded_scenario_files())
    if (stem(file.name) == name) return file.contents;
  return {};
}

Result<Scenario> builtin_scenario(std::string_view name) {
  std::string_view text = builtin_scenario_text(name);
  if (text.empty()) {
    return make_error("scenario.unknown_builtin", "there is no built-in scenario \"" + std::string(name) +
                                                      "\"; run `coordlab scenario list` to see them.");
  }
  return parse_scenario_text(text, "builtin:" + std::string(name) + ".json");
}

Result<std::vector<TraceHashLine>> compute_trace_hashes() {
  std::vector<TraceHashLine> lines;
  for (const std::string& name : builtin_scenario_names()) {
    for (std::uint64_t seed : kTraceHashSeeds) {
      Result<Scenario> scenario = builtin_scenario(name);
      if (!scenario.ok()) return scenario.error();
      Result<Session> session = Session::create(scenario.value(), seed);
      if (!session.ok()) return session.error();
      Session& run = session.value();
      if (run.world().mode() == sim::DeliveryMode::manual) {
        // Exercise manual delivery: always pick the newest pending event instead of the earliest.
        for (std::uint64_t i = 0; i < kManualStepsForHash; ++i) {
          // pending() leaves out cancelled and dead timers, which pending_count() still counts.
          const std::vector<sim::PendingEvent> pending = run.world().pending();
          if (pending.empty()) break;
          const sim::PendingEvent& choice = pending.back();
          Json command = choice.queued.kind == sim::QueuedKind::timer     ? Json{{"op", "fire"}, {"timer", choice.queued.subject}}
                         : choice.queued.kind == sim::QueuedKind::message ? Json{{"op", "deliver"}, {"message", choice.queued.subject}}
                                                                          : Json{{"op", "step"}};
          RETURN_IF_ERROR(run.apply(command));
        }
      } else {
        RETURN_IF_ERROR(run.apply(Json{{"op", "run"}, {"ticks", kTraceHashRunTicks}}));
      }
      lines.push_back(TraceHashLine{name, seed, kTraceHashRunTicks, run.trace().event_count(), run.trace().hash()});
    }
  }
  return lines;
}

}  // namespace coordlab::app

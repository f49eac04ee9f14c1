// coordlab bench: throughput, trace memory and seek latency, printed as a table or one JSON object.
// Wall-clock timing lives here in the CLI, never in the engine. Figures are printed, never asserted.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "app/session.hpp"
#include "cli/cli.hpp"

namespace coordlab::cli {
namespace {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Json network_scenario(const std::string& protocol, int node_count, Json params, Json network) {
  return Json{{"format", "coordlab.scenario/1"}, {"name", "bench_" + protocol}, {"protocol", protocol},
              {"nodes", node_count}, {"params", params}, {"network", network}};
}

Json flood_100() {
  return network_scenario("flood", 100, {{"round_ticks", 10}},
                          {{"latency_min_ticks", 1}, {"latency_max_ticks", 5}, {"drop_ratio", "5%"}});
}

Json gossip_1000() {
  return network_scenario("gossip", 1000, {{"round_ticks", 10}, {"fanout", 2}},
                          {{"latency_min_ticks", 1}, {"latency_max_ticks", 8}});
}

struct Throughput {
  double steps_per_s = 0;   // events taken off the queue and processed (deliveries, drops, timers)
  double trace_events_per_s = 0;  // everything recorded, sends included
  std::size_t trace_events = 0;
  std::size_t trace_bytes = 0;
};

// Runs a bare world (no session snapshots) until the trace holds `event_target` events.
Result<Throughput> measure_world(const Json& document, std::size_t event_target) {
  Result<app::Scenario> scenario = app::parse_scenario(document);
  if (!scenario.ok()) return scenario.error();
  sim::WorldSetup setup = scenario.value().setup;
  setup.seed = 7;
  sim::Trace trace(setup.node_names, setup.message_types, setup.timer_kinds);
  const Clock::time_point start = Clock::now();
  sim::World world(std::move(setup), trace);
  while (trace.event_count() < event_target) RETURN_IF_ERROR(world.step());
  const double seconds = elapsed_ms(start) / 1000.0;
  Throughput result;
  result.steps_per_s = static_cast<double>(world.step_count()) / seconds;
  result.trace_events_per_s = static_cast<double>(trace.event_count()) / seconds;
  result.trace_events = trace.event_count();
  result.trace_bytes = trace.memory_bytes();
  return result;
}

// Builds a session past `far_event` trace events, seeks there, then times seeking back to `near_event`.
Result<double> measure_seek_back_ms(std::size_t far_event, std::size_t near_event) {
  Result<app::Scenario> scenario = app::parse_scenario(flood_100());
  if (!scenario.ok()) return scenario.error();
  Result<app::Session> created = app::Session::create(std::move(scenario.value()), 7);
  if (!created.ok()) return created.error();
  app::Session& session = created.value();
  while (session.trace().event_count() <= far_event) RETURN_IF_ERROR(session.apply(Json{{"op", "run"}, {"ticks", 50}}));
  const std::uint64_t far_step = session.trace().step_of_event(far_event);
  const std::uint64_t near_step = session.trace().step_of_event(near_event);
  std::vector<double> samples;
  for (int repeat = 0; repeat < 7; ++repeat) {
    RETURN_IF_ERROR(session.seek(far_step));
    const Clock::time_point start = Clock::now();
    RETURN_IF_ERROR(session.seek(near_step));
    samples.push_back(elapsed_ms(start));
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

struct Figure {
  std::string name;
  double value;
  std::string unit;
  std::string target;  // human-readable target, empty when there is none
  bool meets;
};

void print_table(const std::vector<Figure>& figures, bool quick) {
  std::printf("%-32s %16s  %-10s %-26s %s\n", "figure", "value", "unit", "target", "status");
  for (const Figure& figure : figures) {
    std::printf("%-32s %16.3f  %-10s %-26s %s\n", figure.name.c_str(), figure.value, figure.unit.c_str(),
                figure.target.c_str(), figure.target.empty() ? "" : figure.meets ? "meets" : "MISSES");
  }
  if (quick) std::puts("(--quick: smaller runs; use the full run for the README figures)");
}

}  // namespace

int run_bench(const std::vector<std::string>& argv) {
  Result<Arguments> arguments = parse_arguments(argv, {}, {"json", "quick", "help"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  if (arguments.value().has("help")) {
    std::puts("usage: coordlab bench [--json] [--quick]\n\nevents_per_s.flood_100   100 nodes, all-to-all every round, latency 1-5, 5% drop\n"
              "events_per_s.gossip_1000 1,000 nodes, push gossip (fanout 2)\ntrace_bytes_per_event    trace memory / events at 1,000,000 events\n"
              "seek_back_ms.100k        seek from event 100,000 back to event 50,000 (median of 7)\n"
              "An event is one trace event: a send, delivery, drop, duplicate, timer or fault. queue_events_per_s\n"
              "counts only the events taken off the queue (deliveries, drops, timers), each of which is one step.");
    return kExitOk;
  }
  const bool quick = arguments.value().has("quick");
  const std::size_t scale = quick ? 10 : 1;
  Result<Throughput> flood = measure_world(flood_100(), 2'000'000 / scale);
  if (!flood.ok()) return report(flood.error());
  Result<Throughput> gossip = measure_world(gossip_1000(), 1'000'000 / scale);
  if (!gossip.ok()) return report(gossip.error());
  Result<Throughput> memory = measure_world(flood_100(), 1'000'000 / scale);
  if (!memory.ok()) return report(memory.error());
  Result<double> seek = measure_seek_back_ms(100'000 / scale, 50'000 / scale);
  if (!seek.ok()) return report(seek.error());

  const double bytes_per_event = static_cast<double>(memory.value().trace_bytes) / static_cast<double>(memory.value().trace_events);
  const double flood_rate = flood.value().trace_events_per_s;
  std::vector<Figure> figures = {
      {"events_per_s.flood_100", flood_rate, "events/s", ">= 5,000,000 (native)", flood_rate >= 5e6},
      {"queue_events_per_s.flood_100", flood.value().steps_per_s, "events/s", "", true},
      {"events_per_s.gossip_1000", gossip.value().trace_events_per_s, "events/s", "", true},
      {"queue_events_per_s.gossip_1000", gossip.value().steps_per_s, "events/s", "", true},
      {"trace_bytes_per_event", bytes_per_event, "bytes", "<= 64", bytes_per_event <= 64},
      {"seek_back_ms.100k", seek.value(), "ms", "< 50", seek.value() < 50},
  };
  if (arguments.value().has("json")) {
    Json out = Json::object();
    for (const Figure& figure : figures) out[figure.name] = figure.value;
    out["quick"] = quick;
    std::puts(out.dump().c_str());
  } else {
    print_table(figures, quick);
  }
  return kExitOk;
}

}  // namespace coordlab::cli

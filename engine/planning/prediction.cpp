// Re-runs of one execution at several risk tolerances (prediction.hpp).
#include "planning/prediction.hpp"

namespace coordlab::planning {

std::unique_ptr<sim::Actor> make_execution_actor(std::shared_ptr<const ExecutionParams> params, NodeId self);

namespace {

ToleranceRun run_once(std::shared_ptr<const ExecutionParams> params, const sim::World& like) {
  const protocols::ProtocolSpec spec = htn_protocol();
  sim::WorldSetup setup;
  setup.node_names = like.trace().node_names();
  for (std::size_t i = 0; i < like.node_count(); ++i) setup.node_settings.push_back(like.network().node(NodeId{static_cast<std::uint16_t>(i)}));
  setup.message_types = spec.message_types;
  setup.timer_kinds = spec.timer_kinds;
  setup.default_link = like.network().default_link();
  setup.seed = like.seed();
  setup.factory = [params](NodeId self, std::size_t, std::string_view) { return make_execution_actor(params, self); };
  sim::Trace trace(setup.node_names, setup.message_types, setup.timer_kinds);
  sim::World world(std::move(setup), trace);
  ToleranceRun run;
  run.tolerance_permille = params->tolerance_permille;
  for (std::uint64_t steps = 0; steps < limits::kMaxHtnRerunSteps; ++steps) {
    const ExecutorView view = executor_view(world.actor(NodeId{0}));
    run.finished = view.finished;
    run.proactive_replans = view.proactive_replans;
    if (view.params == nullptr || view.finished || !world.next_event_tick() || !world.step().ok()) break;
  }
  return run;
}

}  // namespace

std::vector<ToleranceRun> rerun_at_tolerances(const ExecutionParams& params, const std::vector<std::int64_t>& tolerances_permille,
                                              const sim::World& like) {
  std::vector<ToleranceRun> runs;
  for (const std::int64_t tolerance : tolerances_permille) {
    auto changed = std::make_shared<ExecutionParams>(params);
    changed->tolerance_permille = tolerance;
    runs.push_back(run_once(changed, like));
  }
  return runs;
}

}  // namespace coordlab::planning

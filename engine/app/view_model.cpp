#include "app/view_model.hpp"

#include <algorithm>

namespace coordlab::app {

NodeFields node_fields(const sim::World& world, NodeId node) {
  const sim::Actor* actor = world.actor(node);
  if (actor == nullptr) return {};
  sim::StateWriter writer;
  actor->describe(writer);
  return writer.fields();
}

std::vector<bool> changed_fields(const NodeFields& before, const NodeFields& after) {
  std::vector<bool> changed;
  changed.reserve(after.size());
  for (const auto& field : after) {
    const auto same_name = [&](const auto& other) { return other.first == field.first; };
    const auto found = std::find_if(before.begin(), before.end(), same_name);
    changed.push_back(found == before.end() || found->second != field.second);
  }
  return changed;
}

std::vector<InFlightMessage> in_flight_messages(const sim::World& world) {
  std::vector<InFlightMessage> messages;
  const sim::Trace& trace = world.trace();
  for (const sim::PendingEvent& pending : world.pending()) {
    if (pending.queued.kind != sim::QueuedKind::message) continue;
    const MessageId id{pending.queued.subject};
    const sim::MessageRecord& record = trace.message(id);
    InFlightMessage message{id, record.from, record.to, record.type, record.sent_tick, pending.queued.tick, 0.0, pending.queued.doomed};
    const std::int64_t span = message.due.value - message.sent.value;
    if (span > 0) message.progress = std::clamp(static_cast<double>(world.now().value - message.sent.value) / static_cast<double>(span), 0.0, 1.0);
    messages.push_back(message);
  }
  return messages;
}

NodeHealth node_health(const sim::World& world, NodeId node) {
  if (!world.node_up(node)) return NodeHealth::crashed;
  if (!world.byzantine_kind(node).empty()) return NodeHealth::byzantine;
  if (world.network().node(node).slow_ticks > 0) return NodeHealth::slow;
  return NodeHealth::up;
}

std::vector<InvariantLight> invariant_lights(const Session& session) {
  const check::CheckInput input{session.trace(), session.world(), session.world().cursor().events};
  std::vector<InvariantLight> lights;
  for (const check::CheckSpec& spec : check::check_catalog()) {
    if (spec.kind != check::CheckKind::invariant) continue;
    if (!spec.protocol.empty() && spec.protocol != session.scenario().protocol) continue;
    InvariantLight light{spec.id, spec.summary, false, "", std::nullopt};
    // An invariant whose arguments have no defaults is shown as failed with the reason, not left out.
    Result<Json> args = check::validate_check_args(spec, Json::object(), "");
    if (!args.ok()) {
      light.reason = "needs arguments: " + args.error().message;
      lights.push_back(std::move(light));
      continue;
    }
    const check::CheckResult result = spec.evaluate(input, args.value());
    light.passed = result.passed;
    light.reason = result.reason;
    if (result.first_violation) light.first_violation_step = session.trace().step_of_event(*result.first_violation);
    lights.push_back(std::move(light));
  }
  return lights;
}

}  // namespace coordlab::app

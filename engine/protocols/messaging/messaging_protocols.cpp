// The messaging family's protocol specs: message and timer names, and validated params.
#include "protocols/messaging/hub.hpp"
#include "protocols/messaging/ordered.hpp"
#include "protocols/messaging/reliable.hpp"
#include "protocols/params_reader.hpp"

namespace coordlab::protocols::messaging {
namespace {

// A node named in params (the hub, the sequencer); `fallback` when absent.
Result<NodeId> read_node_param(const ObjectReader& reader, std::string_view key, const std::vector<std::string>& names,
                               NodeId fallback) {
  if (!reader.has(key)) return fallback;
  Result<std::string> name = reader.string(key);
  if (!name.ok()) return name.error();
  if (std::optional<NodeId> node = node_named(names, name.value())) return *node;
  std::vector<std::string_view> candidates(names.begin(), names.end());
  std::string message = "\"" + std::string(key) + "\" names no node: \"" + name.value() + "\".";
  if (auto suggestion = closest_match(name.value(), candidates)) message += " Did you mean \"" + *suggestion + "\"?";
  return make_error("params.unknown_node", message, reader.pointer_of(key));
}

Result<HubParams> parse_hub_params(const Json& params, const std::string& pointer,
                                   const std::vector<std::string>& names) {
  HubParams parsed;
  const Json object = params.is_null() ? Json::object() : params;
  ObjectReader reader(object, pointer, "hub params");
  RETURN_IF_ERROR(reader.check({"hub", "capacity", "route_delay_ticks", "auto_register"}));
  // Default hub: a node called "hub" if there is one, else the first node.
  Result<NodeId> hub = read_node_param(reader, "hub", names, node_named(names, "hub").value_or(NodeId{0}));
  if (!hub.ok()) return hub.error();
  Result<std::int64_t> capacity = reader.integer("capacity", 1, kMaxHubCapacity, parsed.capacity);
  if (!capacity.ok()) return capacity.error();
  Result<std::int64_t> delay = reader.integer("route_delay_ticks", 1, 1'000'000, parsed.route_delay_ticks);
  if (!delay.ok()) return delay.error();
  Result<bool> auto_register = reader.boolean("auto_register", parsed.auto_register);
  if (!auto_register.ok()) return auto_register.error();
  if (names.size() < 2)
    return make_error("params.too_few_nodes",
                      "the hub pattern needs the hub and at least one agent: list 2 or more nodes.", pointer);
  parsed.hub = hub.value();
  parsed.capacity = capacity.value();
  parsed.route_delay_ticks = delay.value();
  parsed.auto_register = auto_register.value();
  return parsed;
}

Result<ReliableParams> parse_reliable_params(const Json& params, const std::string& pointer) {
  ReliableParams parsed;
  const Json object = params.is_null() ? Json::object() : params;
  ObjectReader reader(object, pointer, "reliable params");
  RETURN_IF_ERROR(reader.check(
      {"ack_timeout_ticks", "backoff_multiplier", "backoff_cap_ticks", "max_attempts", "dedupe", "guarantee"}));
  Result<RetryPolicy> retry = read_retry_policy(reader, parsed.retry);
  if (!retry.ok()) return retry.error();
  Result<bool> dedupe = reader.boolean("dedupe", parsed.dedupe);
  if (!dedupe.ok()) return dedupe.error();
  Result<Guarantee> guarantee = read_choice<Guarantee>(
      reader, "guarantee", {{"acknowledged", Guarantee::acknowledged}, {"course", Guarantee::course}});
  if (!guarantee.ok()) return guarantee.error();
  parsed.retry = retry.value();
  parsed.dedupe = dedupe.value();
  parsed.guarantee = guarantee.value();
  return parsed;
}

Result<OrderedParams> parse_ordered_params(const Json& params, const std::string& pointer,
                                           const std::vector<std::string>& names) {
  OrderedParams parsed;
  const Json object = params.is_null() ? Json::object() : params;
  ObjectReader reader(object, pointer, "ordered params");
  RETURN_IF_ERROR(reader.check({"order", "delivery", "sequencer", "ack_timeout_ticks", "backoff_multiplier",
                                "backoff_cap_ticks", "max_attempts"}));
  Result<OrderMode> order = read_choice<OrderMode>(
      reader, "order", {{"fifo", OrderMode::fifo}, {"causal", OrderMode::causal}, {"total", OrderMode::total}});
  if (!order.ok()) return order.error();
  Result<DeliveryDiscipline> delivery =
      read_choice<DeliveryDiscipline>(reader, "delivery",
                                      {{"ordered", DeliveryDiscipline::ordered},
                                       {"arrival", DeliveryDiscipline::arrival},
                                       {"course_strict", DeliveryDiscipline::course_strict}});
  if (!delivery.ok()) return delivery.error();
  if (delivery.value() == DeliveryDiscipline::course_strict && order.value() != OrderMode::fifo) {
    return make_error("params.bad_choice",
                      "\"course_strict\" is the course's per-conversation ordering: use it with \"order\": \"fifo\".",
                      reader.pointer_of("delivery"));
  }
  Result<NodeId> sequencer = read_node_param(reader, "sequencer", names, NodeId{0});
  if (!sequencer.ok()) return sequencer.error();
  Result<RetryPolicy> retry = read_retry_policy(reader, parsed.retry);
  if (!retry.ok()) return retry.error();
  if (names.size() < 2) return make_error("params.too_few_nodes", "ordered delivery needs at least 2 nodes.", pointer);
  parsed.order = order.value();
  parsed.delivery = delivery.value();
  parsed.sequencer = sequencer.value();
  parsed.retry = retry.value();
  return parsed;
}

}  // namespace

ProtocolSpec hub_protocol() {
  ProtocolSpec spec;
  spec.name = "hub";
  spec.summary =
      "Hub (broker) messaging: registration, routing by priority, expiry, pub/sub; input \"send to=AGENT type=T "
      "payload=P\"";
  spec.message_types = {"Register", "Registration", "Subscribe", "Route", "Deliver", "Failure", "Direct"};
  spec.timer_kinds = {"Route"};
  spec.configure_with_nodes = [](const Json& params, const std::string& pointer,
                                 const std::vector<std::string>& names) -> Result<sim::ActorFactory> {
    Result<HubParams> parsed = parse_hub_params(params, pointer, names);
    if (!parsed.ok()) return parsed.error();
    HubParams chosen = parsed.value();
    NodeNames shared = std::make_shared<const std::vector<std::string>>(names);
    return sim::ActorFactory(
        [chosen, shared](NodeId self, std::size_t, std::string_view persisted) -> std::unique_ptr<sim::Actor> {
          if (self == chosen.hub) return std::make_unique<HubBroker>(chosen, shared);
          return std::make_unique<HubAgent>(chosen, shared, self, persisted);
        });
  };
  return spec;
}

ProtocolSpec reliable_protocol() {
  ProtocolSpec spec;
  spec.name = "reliable";
  spec.summary = "Reliable delivery: acks, back-off, dead letters, de-duplication; input \"send to=NODE count=N\"";
  spec.message_types = {"Data", "Ack"};
  spec.timer_kinds = {"Retry"};
  spec.configure_with_nodes = [](const Json& params, const std::string& pointer,
                                 const std::vector<std::string>& names) -> Result<sim::ActorFactory> {
    Result<ReliableParams> parsed = parse_reliable_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    ReliableParams chosen = parsed.value();
    NodeNames shared = std::make_shared<const std::vector<std::string>>(names);
    return sim::ActorFactory([chosen, shared](NodeId self, std::size_t, std::string_view persisted) {
      return std::make_unique<ReliableActor>(chosen, shared, self, persisted);
    });
  };
  return spec;
}

ProtocolSpec ordered_protocol() {
  ProtocolSpec spec;
  spec.name = "ordered";
  spec.summary =
      "Ordered delivery: per-conversation FIFO, causal (vector clocks) or total (sequencer); input \"send to=NODE "
      "conv=C\"";
  spec.message_types = {"Data", "Ack", "Submit", "Sequenced"};
  spec.timer_kinds = {"Retry"};
  spec.configure_with_nodes = [](const Json& params, const std::string& pointer,
                                 const std::vector<std::string>& names) -> Result<sim::ActorFactory> {
    Result<OrderedParams> parsed = parse_ordered_params(params, pointer, names);
    if (!parsed.ok()) return parsed.error();
    OrderedParams chosen = parsed.value();
    NodeNames shared = std::make_shared<const std::vector<std::string>>(names);
    return sim::ActorFactory([chosen, shared](NodeId self, std::size_t, std::string_view persisted) {
      return std::make_unique<OrderedActor>(chosen, shared, self, persisted);
    });
  };
  return spec;
}

}  // namespace coordlab::protocols::messaging

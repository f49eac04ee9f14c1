#include "app/scenario.hpp"

#include <algorithm>
#include <set>

#include "app/protocol_catalog.hpp"
#include "core/limits.hpp"

namespace coordlab::app {
namespace {

constexpr std::string_view kScenarioFormat = "coordlab.scenario/1";

bool valid_name(std::string_view name, std::size_t max_size) {
  return !name.empty() && name.size() <= max_size && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

Result<std::vector<std::string>> read_nodes(const ObjectReader& reader) {
  const Json* nodes = reader.find("nodes");
  const std::string pointer = reader.pointer_of("nodes");
  if (nodes == nullptr) return make_error("scenario.missing_nodes", "a scenario needs \"nodes\": a count or a list of names.", reader.pointer());
  std::vector<std::string> names;
  if (nodes->is_number_integer()) {
    std::int64_t count = nodes->get<std::int64_t>();
    if (count < 1 || count > static_cast<std::int64_t>(limits::kMaxNodes)) {
      return make_error("scenario.bad_node_count", "\"nodes\" is " + std::to_string(count) + "; use 1 to " +
                                                       std::to_string(limits::kMaxNodes) + " nodes.", pointer);
    }
    for (std::int64_t i = 0; i < count; ++i) names.push_back("n" + std::to_string(i));
    return names;
  }
  if (!nodes->is_array() || nodes->empty() || nodes->size() > limits::kMaxNodes) {
    return make_error("scenario.bad_node_count", "\"nodes\" must be a count or a non-empty list of at most " +
                                                     std::to_string(limits::kMaxNodes) + " names.", pointer);
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const Json& name = (*nodes)[i];
    if (!name.is_string() || !valid_name(name.get<std::string>(), 24)) {
      return make_error("scenario.bad_node_name", "node names are 1-24 characters of a-z, 0-9, '_' or '-'.", pointer_append(pointer, i));
    }
    if (!seen.insert(name.get<std::string>()).second) {
      return make_error("scenario.duplicate_node", "node \"" + name.get<std::string>() + "\" is listed twice.", pointer_append(pointer, i));
    }
    names.push_back(name.get<std::string>());
  }
  return names;
}

Status read_node_settings(const ObjectReader& reader, sim::WorldSetup& setup) {
  setup.node_settings.assign(setup.node_names.size(), sim::NodeSettings{});
  const Json* settings = reader.find("node_settings");
  if (settings == nullptr) return {};
  const std::string pointer = reader.pointer_of("node_settings");
  if (!settings->is_object()) return make_error("json.wrong_type", "\"node_settings\" must be an object keyed by node name.", pointer);
  for (const auto& item : settings->items()) {
    Result<NodeId> node = read_node(Json(item.key()), pointer_append(pointer, item.key()), setup.node_names);
    if (!node.ok()) return node.error();
    ObjectReader node_reader(item.value(), pointer_append(pointer, item.key()), "node settings");
    RETURN_IF_ERROR(node_reader.check({"slow_ticks", "clock_offset_ticks", "clock_drift_percent"}));
    Json as_command = item.value();
    as_command["op"] = "set_node";
    as_command["node"] = item.key();
    ObjectReader command_reader(as_command, node_reader.pointer(), "node settings");
    Result<sim::WorldCommand> command = read_world_command(command_reader, "set_node", setup.node_names, {}, setup.default_link, setup.byzantine_kinds);
    if (!command.ok()) return command.error();
    setup.node_settings[node.value().value] = std::get<sim::SetNodeSettings>(command.value()).settings;
  }
  return {};
}

Status read_faults(const ObjectReader& reader, sim::WorldSetup& setup) {
  const Json* faults = reader.find("faults");
  if (faults == nullptr) return {};
  const std::string pointer = reader.pointer_of("faults");
  if (!faults->is_array()) return make_error("json.wrong_type", "\"faults\" must be an array of {\"at_tick\", \"op\", ...}.", pointer);
  if (faults->size() > limits::kMaxScheduledFaults) {
    return make_error("scenario.too_many_faults", "at most " + std::to_string(limits::kMaxScheduledFaults) + " faults.", pointer);
  }
  for (std::size_t i = 0; i < faults->size(); ++i) {
    ObjectReader fault(faults->at(i), pointer_append(pointer, i), "a fault");
    if (!faults->at(i).is_object()) return make_error("json.wrong_type", "each fault must be an object.", fault.pointer());
    Result<std::int64_t> tick = fault.integer("at_tick", 0, limits::kMaxTick);
    if (!tick.ok()) return tick.error();
    Result<std::string> op = fault.string("op");
    if (!op.ok()) return op.error();
    const auto& ops = world_command_ops();
    if (std::find(ops.begin(), ops.end(), op.value()) == ops.end()) {
      std::string message = "unknown fault op \"" + op.value() + "\".";
      if (auto suggestion = closest_match(op.value(), ops)) message += " Did you mean \"" + *suggestion + "\"?";
      return make_error("scenario.unknown_fault", message, fault.pointer_of("op"));
    }
    Result<sim::WorldCommand> command = read_world_command(fault, op.value(), setup.node_names, {"at_tick"}, setup.default_link, setup.byzantine_kinds);
    if (!command.ok()) return command.error();
    setup.scheduled.push_back(sim::ScheduledCommand{Tick{tick.value()}, std::move(command.value())});
  }
  return {};
}

Status read_header(const ObjectReader& reader, Scenario& scenario) {
  Result<std::string> format = reader.string("format");
  if (!format.ok()) return format.error();
  if (format.value() != kScenarioFormat) {
    return make_error("scenario.bad_format", "\"format\" must be \"" + std::string(kScenarioFormat) + "\".", reader.pointer_of("format"));
  }
  Result<std::string> name = reader.string("name");
  if (!name.ok()) return name.error();
  if (!valid_name(name.value(), 64)) {
    return make_error("scenario.bad_name", "\"name\" must be 1-64 characters of a-z, 0-9, '_' or '-'.", reader.pointer_of("name"));
  }
  Result<std::string> title = reader.string("title", name.value());
  if (!title.ok()) return title.error();
  Result<std::int64_t> seed = reader.integer("seed", 0, INT64_MAX, 1);
  if (!seed.ok()) return seed.error();
  Result<std::string> delivery = reader.string("delivery", "automatic");
  if (!delivery.ok()) return delivery.error();
  if (delivery.value() != "automatic" && delivery.value() != "manual") {
    return make_error("scenario.bad_delivery", "\"delivery\" must be \"automatic\" or \"manual\".", reader.pointer_of("delivery"));
  }
  scenario.name = name.value();
  scenario.title = title.value();
  scenario.default_seed = static_cast<std::uint64_t>(seed.value());
  scenario.setup.mode = delivery.value() == "manual" ? sim::DeliveryMode::manual : sim::DeliveryMode::automatic;
  return {};
}

Status read_protocol(const ObjectReader& reader, Scenario& scenario) {
  Result<std::string> protocol = reader.string("protocol");
  if (!protocol.ok()) return protocol.error();
  const protocols::ProtocolSpec* spec = find_protocol(protocol.value());
  if (spec == nullptr) {
    std::vector<std::string_view> names;
    for (const auto& candidate : protocol_catalog()) names.push_back(candidate.name);
    std::string message = "unknown protocol \"" + protocol.value() + "\".";
    if (auto suggestion = closest_match(protocol.value(), names)) message += " Did you mean \"" + *suggestion + "\"?";
    return make_error("scenario.unknown_protocol", message, reader.pointer_of("protocol"));
  }
  scenario.protocol = spec->name;
  scenario.setup.message_types = spec->message_types;
  scenario.setup.timer_kinds = spec->timer_kinds;
  scenario.setup.byzantine_kinds = spec->byzantine_kinds;
  if (spec->configure_with_nodes) return {};  // configured once the node names are read
  const Json* params = reader.find("params");
  Result<sim::ActorFactory> factory = spec->configure(params == nullptr ? Json() : *params, reader.pointer_of("params"));
  if (!factory.ok()) return factory.error();
  scenario.setup.factory = factory.value();
  return {};
}

Status configure_with_node_names(const ObjectReader& reader, Scenario& scenario) {
  const protocols::ProtocolSpec* spec = find_protocol(scenario.protocol);
  ENGINE_ASSERT(spec != nullptr);
  if (!spec->configure_with_nodes) return {};
  const Json* params = reader.find("params");
  Result<sim::ActorFactory> factory =
      spec->configure_with_nodes(params == nullptr ? Json() : *params, reader.pointer_of("params"), scenario.setup.node_names);
  if (!factory.ok()) return factory.error();
  scenario.setup.factory = factory.value();
  return {};
}

}  // namespace

Result<Scenario> parse_scenario(const Json& document) {
  ObjectReader reader(document, "", "a scenario");
  RETURN_IF_ERROR(reader.check({"format", "name", "title", "protocol", "params", "nodes", "network", "node_settings",
                                "faults", "delivery", "seed"}));
  Scenario scenario;
  scenario.source = document;
  RETURN_IF_ERROR(read_header(reader, scenario));
  RETURN_IF_ERROR(read_protocol(reader, scenario));
  Result<std::vector<std::string>> names = read_nodes(reader);
  if (!names.ok()) return names.error();
  scenario.setup.node_names = names.value();
  RETURN_IF_ERROR(configure_with_node_names(reader, scenario));
  if (const Json* network = reader.find("network")) {
    ObjectReader network_reader(*network, "/network", "\"network\"");
    RETURN_IF_ERROR(network_reader.check({"latency_min_ticks", "latency_max_ticks", "drop_ratio", "duplicate_ratio", "reorder_ratio"}));
    Result<sim::LinkConfig> link = read_link_config(network_reader, sim::LinkConfig{});
    if (!link.ok()) return link.error();
    scenario.setup.default_link = link.value();
  }
  RETURN_IF_ERROR(read_node_settings(reader, scenario.setup));
  RETURN_IF_ERROR(read_faults(reader, scenario.setup));
  return scenario;
}

Result<Scenario> parse_scenario_text(std::string_view text, std::string_view file) {
  if (text.size() > limits::kMaxScenarioBytes) {
    Error error = make_error("scenario.too_large", "the scenario is " + std::to_string(text.size()) + " bytes; the limit is " +
                                                       std::to_string(limits::kMaxScenarioBytes) + ".");
    error.file = std::string(file);
    return error;
  }
  Result<Json> document = parse_json_text(text, file);
  if (!document.ok()) return document.error();
  Result<Scenario> scenario = parse_scenario(document.value());
  if (!scenario.ok()) return locate_error(scenario.error(), text, file);
  return scenario;
}

}  // namespace coordlab::app

// Proves scenario files are validated completely and explained exactly: a folder-like table of broken
// scenarios, each compared against its full golden message (file:line:column, JSON pointer, sentence,
// stable code) from Error::to_string(); and that valid scenarios, built-in ones included, parse into
// the expected world setup.
#include <doctest/doctest.h>

#include <string>

#include "app/builtin_scenarios.hpp"
#include "app/scenario.hpp"

using namespace coordlab;

namespace {

struct BrokenScenario {
  const char* name;      // also the file name the error names
  const char* text;
  const char* expected;  // Error::to_string()
};

const BrokenScenario kBrokenScenarios[] = {
    {"bad_json",
     "{\"format\": \"coordlab.scenario/1\",\n \"name\": \"x\"\n \"protocol\": \"ping_echo\"}",
     "bad_json.json:3:11: invalid JSON: syntax error while parsing object - unexpected string literal; expected '}'. Check for a missing comma, quote or bracket near this point. [json.syntax]"},
    {"unknown_key",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"netwrok\": {}}",
     "unknown_key.json:2:13: /netwrok: unknown key \"netwrok\" in a scenario. Did you mean \"network\"? Allowed keys: format, name, title, protocol, params, nodes, network, node_settings, faults, delivery, seed. [json.unknown_key]"},
    {"wrong_type",
     "{\"format\": \"coordlab.scenario/1\", \"name\": 5, \"protocol\": \"ping_echo\", \"nodes\": 3}",
     "wrong_type.json:1:43: /name: \"name\" must be a string, but it is a whole number. [json.wrong_type]"},
    {"bad_node_count",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\",\n \"nodes\": 0}",
     "bad_node_count.json:2:11: /nodes: \"nodes\" is 0; use 1 to 4096 nodes. [scenario.bad_node_count]"},
    {"unknown_node_fault",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"faults\": [\n  {\"at_tick\": 5, \"op\": \"crash\", \"node\": \"n7\"}\n ]}",
     "unknown_node_fault.json:3:41: /faults/0/node: there is no node \"n7\". Did you mean \"n0\"? Nodes are n0 to n2. [command.unknown_node]"},
    {"partition_two_groups",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"faults\": [{\"at_tick\": 5, \"op\": \"partition\", \"groups\": [[\"n0\", \"n1\"], [\"n1\"]]}]}",
     "partition_two_groups.json:2:73: /faults/0/groups/1/0: node \"n1\" is in two groups. [command.bad_partition]"},
    {"latency_max_below_min",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"network\": {\"latency_min_ticks\": 5, \"latency_max_ticks\": 2}}",
     "latency_max_below_min.json:2:59: /network/latency_max_ticks: \"latency_max_ticks\" (2) is below \"latency_min_ticks\" (5). [network.bad_latency]"},
    {"bad_ratio",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"network\": {\"drop_ratio\": \"3/2\"}}",
     "bad_ratio.json:2:28: /network/drop_ratio: '3/2' is not a valid ratio: it is greater than 1 (write it as \"a/b\" like \"1/20\", or as a percentage like \"5%\") [ratio.invalid]"},
    {"decimal_ratio",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"network\": {\"drop_ratio\": 0.1}}",
     "decimal_ratio.json:2:28: /network/drop_ratio: \"drop_ratio\" must be a ratio written as a string such as \"1/20\" or \"5%\" (decimals like 0.05 are not allowed, so results are exact on every platform). [json.wrong_type]"},
    {"unknown_protocol",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_ech\", \"nodes\": 3}",
     "unknown_protocol.json:1:60: /protocol: unknown protocol \"ping_ech\". Did you mean \"ping_echo\"? [scenario.unknown_protocol]"},
    {"unknown_fault_op",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"faults\": [{\"at_tick\": 5, \"op\": \"crsh\", \"node\": \"n0\"}]}",
     "unknown_fault_op.json:2:34: /faults/0/op: unknown fault op \"crsh\". Did you mean \"crash\"? [scenario.unknown_fault]"},
    {"bad_params",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"params\": {\"round_ticks\": 1}}",
     "bad_params.json:2:28: /params/round_ticks: \"round_ticks\" is 1; it must be between 2 and 1000000. [json.out_of_range]"},
    {"unknown_param",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"gossip\", \"nodes\": 3,\n \"params\": {\"fan_out\": 2}}",
     "unknown_param.json:2:24: /params/fan_out: unknown key \"fan_out\" in gossip params. Did you mean \"fanout\"? Allowed keys: round_ticks, fanout. [json.unknown_key]"},
    {"duplicate_key",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"nodes\": 4}",
     "duplicate_key.json:2:11: /nodes: the key \"nodes\" appears twice in the same object; keep only one. [json.duplicate_key]"},
    {"bad_format",
     "{\"format\": \"coordlab.scenario/2\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3}",
     "bad_format.json:1:12: /format: \"format\" must be \"coordlab.scenario/1\". [scenario.bad_format]"},
    {"missing_protocol",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"nodes\": 3}",
     "missing_protocol.json:1:1: a scenario needs \"protocol\" (a string). [json.missing_key]"},
    {"duplicate_node",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": [\"a\", \"b\", \"a\"]}",
     "duplicate_node.json:1:93: /nodes/2: node \"a\" is listed twice. [scenario.duplicate_node]"},
    {"bad_node_name",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": [\"a\", \"B c\"]}",
     "bad_node_name.json:1:88: /nodes/1: node names are 1-24 characters of a-z, 0-9, '_' or '-'. [scenario.bad_node_name]"},
    {"node_settings_unknown",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"node_settings\": {\"n9\": {\"slow_ticks\": 1}}}",
     "node_settings_unknown.json:2:26: /node_settings/n9: there is no node \"n9\". Did you mean \"n0\"? Nodes are n0 to n2. [command.unknown_node]"},
    {"drift_range",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"node_settings\": {\"n1\": {\"clock_drift_percent\": 500}}}",
     "drift_range.json:2:50: /node_settings/n1/clock_drift_percent: \"clock_drift_percent\" is 500; it must be between -50 and 200. [json.out_of_range]"},
    {"bad_delivery",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3, \"delivery\": \"auto\"}",
     "bad_delivery.json:1:97: /delivery: \"delivery\" must be \"automatic\" or \"manual\". [scenario.bad_delivery]"},
    {"fault_negative_tick",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"faults\": [{\"at_tick\": -1, \"op\": \"heal\"}]}",
     "fault_negative_tick.json:2:25: /faults/0/at_tick: \"at_tick\" is -1; it must be between 0 and 1000000000000. [json.out_of_range]"},
    {"fault_extra_key",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"faults\": [{\"at_tick\": 1, \"op\": \"heal\", \"node\": \"n0\"}]}",
     "fault_extra_key.json:2:50: /faults/0/node: unknown key \"node\" in a fault. Allowed keys: op, at_tick. [json.unknown_key]"},
    {"link_half",
     "{\"format\": \"coordlab.scenario/1\", \"name\": \"x\", \"protocol\": \"ping_echo\", \"nodes\": 3,\n \"faults\": [{\"at_tick\": 1, \"op\": \"set_link\", \"from\": \"n0\", \"drop_ratio\": \"1%\"}]}",
     "link_half.json:2:13: /faults/0: give both \"from\" and \"to\" for one link, or neither to change the default. [command.bad_link]"},
};

}  // namespace

TEST_CASE("app: scenario: broken scenarios give golden errors with code, pointer and line:column (24 files)") {
  for (const BrokenScenario& scenario : kBrokenScenarios) {
    CAPTURE(scenario.name);
    Result<app::Scenario> parsed = app::parse_scenario_text(scenario.text, std::string(scenario.name) + ".json");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().to_string() == scenario.expected);
  }
}

TEST_CASE("app: scenario: a pointer error is located on the line of the offending value") {
  const char* text =
      "{\n"
      "  \"format\": \"coordlab.scenario/1\",\n"
      "  \"name\": \"x\",\n"
      "  \"protocol\": \"ping_echo\",\n"
      "  \"nodes\": 3,\n"
      "  \"faults\": [\n"
      "    {\"at_tick\": 1, \"op\": \"heal\"},\n"
      "    {\"at_tick\": 2, \"op\": \"restart\", \"node\": \"n3\"}\n"
      "  ]\n"
      "}\n";
  Result<app::Scenario> parsed = app::parse_scenario_text(text, "f.json");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "command.unknown_node");
  CHECK(parsed.error().pointer == "/faults/1/node");
  CHECK(parsed.error().line == 8);
  CHECK(parsed.error().column == 45);  // the opening quote of "n3"
}

TEST_CASE("app: scenario: too large and non-object documents are refused") {
  std::string huge(1'000'001, ' ');
  Result<app::Scenario> large = app::parse_scenario_text(huge, "big.json");
  REQUIRE_FALSE(large.ok());
  CHECK(large.error().to_string() == "big.json: the scenario is 1000001 bytes; the limit is 1000000. [scenario.too_large]");
  Result<app::Scenario> array = app::parse_scenario_text("[1]", "a.json");
  REQUIRE_FALSE(array.ok());
  CHECK(array.error().to_string() == "a.json:1:1: a scenario must be an object, but it is an array. [json.wrong_type]");
}

TEST_CASE("app: scenario: a valid scenario fills the world setup (names, link, settings, faults, defaults)") {
  const char* text = R"({
    "format": "coordlab.scenario/1", "name": "ok", "protocol": "gossip",
    "nodes": ["alpha", "beta", "gamma"],
    "network": {"latency_min_ticks": 4, "drop_ratio": "2.5%", "reorder_ratio": 1},
    "node_settings": {"beta": {"slow_ticks": 3, "clock_drift_percent": -20}},
    "faults": [{"at_tick": 9, "op": "partition", "groups": [["alpha"], ["gamma"]]},
               {"at_tick": 12, "op": "set_link", "from": "alpha", "to": "beta", "latency_max_ticks": 9}]
  })";
  Result<app::Scenario> parsed = app::parse_scenario_text(text, "ok.json");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().to_string());
  const app::Scenario& scenario = parsed.value();
  CHECK(scenario.title == "ok");  // defaults to the name
  CHECK(scenario.default_seed == 1);
  CHECK(scenario.setup.mode == sim::DeliveryMode::automatic);
  CHECK(scenario.setup.node_names == std::vector<std::string>{"alpha", "beta", "gamma"});
  CHECK(scenario.setup.message_types == std::vector<std::string>{"Rumor"});
  // Only the minimum given: the latency is fixed at it.
  CHECK(scenario.setup.default_link.latency_min_ticks == 4);
  CHECK(scenario.setup.default_link.latency_max_ticks == 4);
  CHECK(scenario.setup.default_link.drop_ratio == Ratio{25, 1000});
  CHECK(scenario.setup.default_link.reorder_ratio == Ratio::one());
  REQUIRE(scenario.setup.node_settings.size() == 3);
  CHECK(scenario.setup.node_settings[1] == sim::NodeSettings{3, 0, -20});
  CHECK(scenario.setup.node_settings[0] == sim::NodeSettings{});
  REQUIRE(scenario.setup.scheduled.size() == 2);
  CHECK(scenario.setup.scheduled[0].tick == Tick{9});
  const auto& partition = std::get<sim::PartitionNodes>(scenario.setup.scheduled[0].command);
  REQUIRE(partition.groups.size() == 2);
  CHECK(partition.groups[1] == std::vector<NodeId>{NodeId{2}});
  const auto& link = std::get<sim::SetLink>(scenario.setup.scheduled[1].command);
  CHECK(link.from == NodeId{0});
  CHECK(link.to == NodeId{1});
  // Unchanged fields come from the scenario's default link.
  CHECK(link.config.latency_min_ticks == 4);
  CHECK(link.config.latency_max_ticks == 9);
  CHECK(link.config.drop_ratio == Ratio{25, 1000});
}

TEST_CASE("app: scenario: every built-in scenario parses and names its protocol") {
  const std::vector<std::string> names = app::builtin_scenario_names();
  CHECK(names.size() >= 6);
  for (const std::string& name : names) {
    CAPTURE(name);
    Result<app::Scenario> scenario = app::builtin_scenario(name);
    REQUIRE_MESSAGE(scenario.ok(), scenario.error().to_string());
    CHECK(scenario.value().name == name);
    CHECK_FALSE(scenario.value().protocol.empty());
  }
  Result<app::Scenario> manual = app::builtin_scenario("ping_echo_manual");
  REQUIRE(manual.ok());
  CHECK(manual.value().setup.mode == sim::DeliveryMode::manual);
  CHECK(app::builtin_scenario("nope").error().code == "scenario.unknown_builtin");
}

#include "app/protocol_catalog.hpp"

#include "allocation/auction.hpp"
#include "allocation/clock_auction.hpp"
#include "allocation/combinatorial.hpp"
#include "allocation/contract_net.hpp"
#include "allocation/game_protocol.hpp"
#include "allocation/negotiation.hpp"
#include "allocation/hierarchy.hpp"
#include "ops/ops.hpp"
#include "protocols/demo/demo_protocols.hpp"
#include "protocols/messaging/hub.hpp"
#include "protocols/messaging/ordered.hpp"
#include "protocols/messaging/reliable.hpp"
#include "protocols/pbft/pbft.hpp"
#include "protocols/raft/raft.hpp"
#include "protocols/voting/voting.hpp"
#include "reasoning/react.hpp"
#include "planning/execution.hpp"
#include "planning/htn_hand_tree.hpp"

namespace coordlab::app {

const std::vector<protocols::ProtocolSpec>& protocol_catalog() {
  static const std::vector<protocols::ProtocolSpec> catalog = {
      protocols::ping_echo_protocol(),
      protocols::gossip_protocol(),
      protocols::flood_protocol(),
      protocols::raft::raft_protocol(),
      protocols::pbft::pbft_protocol(),
      protocols::messaging::hub_protocol(),
      protocols::messaging::reliable_protocol(),
      protocols::messaging::ordered_protocol(),
      protocols::voting::voting_protocol(),
      allocation::auction_protocol(),
      allocation::clock_auction_protocol(),
      ops::fleet_protocol(), ops::breaker_protocol(), ops::alerts_protocol(), ops::health_protocol(), ops::config_protocol(),
      reasoning::react_protocol(),
      reasoning::reflection_protocol(),
      planning::htn_protocol(),
      allocation::contract_net_protocol(),
      planning::htn_tree_protocol(),
      allocation::game_protocol(), allocation::negotiation_protocol(),  // h18c
      allocation::hierarchy_protocol(),
      allocation::combinatorial_auction_protocol(),  // h19a
  };
  return catalog;
}

const protocols::ProtocolSpec* find_protocol(std::string_view name) {
  for (const auto& spec : protocol_catalog())
    if (spec.name == name) return &spec;
  return nullptr;
}

}  // namespace coordlab::app

// Shared between the contract net's files (see contract_net.hpp); not part of the module's interface.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "allocation/auction.hpp"  // node_list, shared with the auctions
#include "allocation/contract_net.hpp"

namespace coordlab::allocation {

std::unique_ptr<sim::Actor> make_cnet_manager(const ContractNetParams& params, std::string_view persisted);
std::unique_ptr<sim::Actor> make_cnet_contractor(const ContractNetParams& params, NodeId self);

}  // namespace coordlab::allocation

// Shared between the contract net's files (see contract_net.hpp); not part of the module's interface.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "allocation/contract_net.hpp"

namespace coordlab::allocation {

std::unique_ptr<sim::Actor> make_cnet_manager(const ContractNetParams& params, bool rebooted);
std::unique_ptr<sim::Actor> make_cnet_contractor(const ContractNetParams& params, NodeId self);

// "1,3,4" (node numbers), or "none".
inline std::string node_list(const std::vector<std::uint16_t>& nodes) {
  std::string text;
  for (std::uint16_t node : nodes) text.append(text.empty() ? "" : ",").append(std::to_string(node));
  return text.empty() ? "none" : text;
}

}  // namespace coordlab::allocation

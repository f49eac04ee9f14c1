// Every protocol a scenario can name, in a fixed order.
#pragma once
#include <string_view>
#include <vector>

#include "protocols/protocol_spec.hpp"

namespace coordlab::app {

const std::vector<protocols::ProtocolSpec>& protocol_catalog();
const protocols::ProtocolSpec* find_protocol(std::string_view name);

}  // namespace coordlab::app

// Small protocols that exercise the simulation kernel end to end:
//  - ping_echo: each node pings a peer every round; the peer echoes; echo counts survive a crash.
//  - gossip: n0 bumps a version every round; every node pushes the newest version it knows to a few
//    random peers each round (push gossip), so the version spreads in O(log n) rounds.
//  - flood: every node sends to every other node every round (the throughput benchmark).
#pragma once
#include "protocols/protocol_spec.hpp"

namespace coordlab::protocols {

ProtocolSpec ping_echo_protocol();
ProtocolSpec gossip_protocol();
ProtocolSpec flood_protocol();

}  // namespace coordlab::protocols

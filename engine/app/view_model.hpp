// Pure helpers the lab's simulator views read (no drawing): a node's described state and which fields
// a step changed, the messages in flight with how far along their link they are, the look of a node,
// and the invariant lights of a session at its current position.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/session.hpp"
#include "check/check.hpp"

namespace coordlab::app {

using NodeFields = std::vector<std::pair<std::string, std::string>>;

// Actor::describe of a node, or empty while it is crashed.
NodeFields node_fields(const sim::World& world, NodeId node);
// One flag per field of `after`: true when `before` lacks the field or holds another value.
std::vector<bool> changed_fields(const NodeFields& before, const NodeFields& after);

struct InFlightMessage {
  MessageId message;
  std::uint16_t from = 0;
  std::uint16_t to = 0;
  std::uint16_t type = 0;
  Tick sent;
  Tick due;
  double progress = 0;  // 0 at the sender, 1 at the recipient, by the current tick
  bool doomed = false;  // the network already decided to lose it
};

// Messages queued for delivery, in delivery order.
std::vector<InFlightMessage> in_flight_messages(const sim::World& world);

// How a node looks: its health first (crashed, Byzantine, slow), then its protocol role.
enum class NodeHealth : std::uint8_t { up, crashed, slow, byzantine };
NodeHealth node_health(const sim::World& world, NodeId node);

struct InvariantLight {
  std::string id;
  std::string summary;
  bool passed = false;
  std::string reason;
  std::optional<std::uint64_t> first_violation_step;  // the step to seek to for the first violating event
};

// Every invariant of the catalog that reads runs of the session's protocol (or any protocol), with its
// default arguments, evaluated over the events that have happened at the current position.
std::vector<InvariantLight> invariant_lights(const Session& session);

}  // namespace coordlab::app

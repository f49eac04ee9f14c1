// The one shape every simulated participant has (a Raft replica, a bidder, a ReAct agent...): a
// deterministic state machine that handles a message, a timer or an outside input, writes what it
// wants done into its Outbox (which the simulator drains after each call), and shows a read-only
// description of its state. It never sees the simulator, the clock or other actors directly.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ids.hpp"
#include "core/random.hpp"
#include "core/result.hpp"

namespace coordlab::sim {

struct Message {
  MessageId id;
  NodeId from;
  NodeId to;
  std::uint16_t type = 0;  // index into the protocol's message types
  Tick sent_tick;
  std::string_view payload;  // valid only during the handler call
};

// What an actor asks the simulator to do. Payload bytes are kept in one buffer to avoid an allocation
// per message on the hot path.
class Outbox {
 public:
  enum class Kind : std::uint8_t { send, set_timer, cancel_timers, note };
  struct Item {
    Kind kind;
    std::uint16_t node_or_kind;  // recipient for send, timer kind for timers
    std::uint16_t type;          // message type for send
    std::int64_t delay_ticks;    // for set_timer
    std::uint32_t text_offset;   // payload or note text in text()
    std::uint32_t text_size;
  };

  void send(NodeId to, std::uint16_t type, std::string_view payload);
  void set_timer(std::uint16_t timer_kind, std::int64_t delay_ticks);
  void cancel_timers(std::uint16_t timer_kind);
  // A line for the trace about a state change worth seeing ("became leader in term 3").
  void note(std::string_view text);

  const std::vector<Item>& items() const { return items_; }
  std::string_view text(const Item& item) const { return std::string_view(buffer_).substr(item.text_offset, item.text_size); }
  void clear() {
    items_.clear();
    buffer_.clear();
  }

 private:
  std::uint32_t store(std::string_view text);
  std::vector<Item> items_;
  std::string buffer_;
};

struct Context {
  Tick now;  // this node's local clock (global time plus its clock offset)
  NodeId self;
  std::size_t node_count = 0;
  Random& random;  // this node's own stream
  Outbox& out;
};

// What an actor shows of its state, for inspectors, checks and domain views: an ordered list of
// (field, value) pairs, the integer ones also kept as numbers (for plots and view models), and named
// tables (a log, a bid list, a plan) with fixed columns and text cells. One mechanism for every domain:
// views read these, never an actor's members. Table rows are capped (limits::kMaxStateTableRows); rows
// past the cap are counted in `rows_omitted`, never silently lost.
struct StateTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each as wide as `columns`
  std::size_t rows_omitted = 0;
};

class StateWriter {
 public:
  void field(std::string_view name, std::string_view value) { fields_.emplace_back(std::string(name), std::string(value)); }
  void field(std::string_view name, std::int64_t value) {
    field(name, std::string_view(std::to_string(value)));
    numbers_.emplace_back(std::string(name), value);
  }
  // Starts a table; rows added with row() go to the latest table.
  void table(std::string_view name, std::vector<std::string> columns);
  void row(std::vector<std::string> cells);
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }
  const std::vector<std::pair<std::string, std::int64_t>>& numbers() const { return numbers_; }
  const std::vector<StateTable>& tables() const { return tables_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
  std::vector<std::pair<std::string, std::int64_t>> numbers_;
  std::vector<StateTable> tables_;
};

class Actor {
 public:
  virtual ~Actor() = default;
  virtual std::unique_ptr<Actor> clone() const = 0;
  // Called when the node boots and again after each restart.
  virtual void start(Context& context) = 0;
  virtual void handle_message(const Message& message, Context& context) = 0;
  virtual void handle_timer(std::uint16_t timer_kind, Context& context) = 0;
  // Input from outside the system (a client request, a learner's action). Bad input is an error.
  virtual Status handle_input(std::string_view text, Context& context) = 0;
  // Switches to one of the protocol's Byzantine behaviours (ProtocolSpec::byzantine_kinds), or back to
  // honest with "none". Only called with a kind the protocol declared.
  virtual void set_byzantine(std::string_view kind) { (void)kind; }
  // What survives a crash; the actor is rebuilt from it on restart. Empty = nothing persists.
  virtual std::string persistent_state() const { return {}; }
  // A short role for display ("leader", "follower", "idle").
  virtual std::string role() const = 0;
  virtual void describe(StateWriter& writer) const = 0;
};

// Builds the actor for one node; `persisted` is what persistent_state() returned before a crash
// (empty on first boot).
using ActorFactory = std::function<std::unique_ptr<Actor>(NodeId self, std::size_t node_count, std::string_view persisted)>;

}  // namespace coordlab::sim

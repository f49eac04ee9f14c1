// Proves the simulator's contract on small, hand-built worlds: events run in (tick, sequence) order,
// links are FIFO unless reordered, partitions, crashes and learner actions drop, duplicate and delay
// exactly the messages they should (with the right reason in the trace), crashes lose volatile state
// and timers while persistent state survives, and manual delivery moves time only in manual mode. A
// scriptable test actor drives the worlds; assertions read its state and the canonical trace lines.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "sim/event_queue.hpp"
#include "sim/world.hpp"

using namespace coordlab;
using namespace coordlab::sim;

namespace {

// Inputs: "send TO COUNT" sends COUNT messages "i=K" to node TO; "timer DELAY" sets a timer;
// "cancel" cancels its timers; "keep N" sets the persistent value; "mark N" the volatile one.
class ScriptActor final : public Actor {
 public:
  explicit ScriptActor(std::string_view persisted) {
    if (persisted.size() > 2) persistent_value = std::stoll(std::string(persisted.substr(2)));
  }
  std::unique_ptr<Actor> clone() const override { return std::make_unique<ScriptActor>(*this); }
  void start(Context& context) override {
    ++starts;
    started_at = context.now.value;
  }
  void handle_message(const Message& message, Context& context) override {
    received.push_back(std::string(message.payload));
    received_at.push_back(context.now.value);
    senders.push_back(message.from.value);
  }
  void handle_timer(std::uint16_t, Context& context) override { timer_ticks.push_back(context.now.value); }
  Status handle_input(std::string_view text, Context& context) override {
    const std::string input(text);
    const std::size_t space = input.find(' ');
    const std::string verb = input.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : input.substr(space + 1);
    if (verb == "send") {
      const std::size_t second = rest.find(' ');
      const auto to = static_cast<std::uint16_t>(std::stoi(rest.substr(0, second)));
      const int count = std::stoi(rest.substr(second + 1));
      for (int k = 0; k < count; ++k) context.out.send(NodeId{to}, 0, "i=" + std::to_string(sent++));
    } else if (verb == "timer") {
      context.out.set_timer(0, std::stoll(rest));
    } else if (verb == "cancel") {
      context.out.cancel_timers(0);
    } else if (verb == "keep") {
      persistent_value = std::stoll(rest);
    } else if (verb == "mark") {
      volatile_value = std::stoll(rest);
    } else if (verb == "note") {
      context.out.note(rest);
    } else {
      return make_error("input.invalid", "unknown script input.");
    }
    return {};
  }
  std::string persistent_state() const override { return "p=" + std::to_string(persistent_value); }
  std::string role() const override { return "script"; }
  void describe(StateWriter& writer) const override {
    writer.field("volatile", volatile_value);
    writer.field("persistent", persistent_value);
  }

  std::vector<std::string> received;
  std::vector<std::int64_t> received_at;
  std::vector<std::uint16_t> senders;
  std::vector<std::int64_t> timer_ticks;
  std::int64_t sent = 0;
  std::int64_t starts = 0;
  std::int64_t started_at = -1;
  std::int64_t volatile_value = 0;
  std::int64_t persistent_value = 0;
};

struct Harness {
  explicit Harness(std::size_t node_count, LinkConfig link = {}, std::uint64_t seed = 1,
                   DeliveryMode mode = DeliveryMode::automatic, std::vector<ScheduledCommand> scheduled = {},
                   std::vector<NodeSettings> settings = {}) {
    WorldSetup setup;
    for (std::size_t i = 0; i < node_count; ++i) setup.node_names.push_back("n" + std::to_string(i));
    setup.message_types = {"Data"};
    setup.timer_kinds = {"Tick"};
    setup.factory = [](NodeId, std::size_t, std::string_view persisted) { return std::make_unique<ScriptActor>(persisted); };
    setup.default_link = link;
    setup.node_settings = settings.empty() ? std::vector<NodeSettings>(node_count) : settings;
    setup.scheduled = std::move(scheduled);
    setup.mode = mode;
    setup.seed = seed;
    trace = std::make_unique<Trace>(setup.node_names, setup.message_types, setup.timer_kinds);
    world = std::make_unique<World>(setup, *trace);
  }
  const ScriptActor& actor(std::uint16_t node) const {
    const auto* actor = dynamic_cast<const ScriptActor*>(world->actor(NodeId{node}));
    ENGINE_ASSERT(actor != nullptr);
    return *actor;
  }
  void input(std::uint16_t node, const std::string& text) {
    Status status = world->apply(NodeInput{NodeId{node}, text});
    REQUIRE_MESSAGE(status.ok(), status.error().to_string());
  }
  void run_all() {
    while (world->pending_count() > 0) {
      Status status = world->step();
      if (!status.ok()) {
        CHECK(status.error().code == "sim.nothing_pending");
        break;
      }
    }
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < trace->event_count(); ++i) out.push_back(trace->canonical_line(i));
    return out;
  }
  std::size_t count_lines_containing(const std::string& text) const {
    std::size_t count = 0;
    for (const std::string& line : lines()) count += line.find(text) != std::string::npos ? 1 : 0;
    return count;
  }

  std::unique_ptr<Trace> trace;
  std::unique_ptr<World> world;
};

LinkConfig latency(std::int64_t low, std::int64_t high) {
  LinkConfig link;
  link.latency_min_ticks = low;
  link.latency_max_ticks = high;
  return link;
}

std::vector<std::int64_t> indices_of(const std::vector<std::string>& payloads) {
  std::vector<std::int64_t> out;
  for (const std::string& payload : payloads) out.push_back(std::stoll(payload.substr(2)));
  return out;
}

QueuedEvent queued(std::int64_t tick, std::uint64_t sequence) {
  QueuedEvent event;
  event.tick = Tick{tick};
  event.sequence = sequence;
  event.subject = static_cast<std::uint32_t>(sequence);
  return event;
}

}  // namespace

TEST_CASE("sim: event_queue: ties in time pop in sequence order, near and far (window 1024)") {
  EventQueue queue;
  // Pushed out of order in time; equal ticks must come out by sequence number.
  queue.push(queued(5, 3));
  queue.push(queued(2, 4));
  queue.push(queued(5, 5));
  queue.push(queued(5000, 6));
  queue.push(queued(2, 7));
  queue.push(queued(5000, 8));
  queue.push(queued(3000, 9));
  std::vector<std::pair<std::int64_t, std::uint64_t>> order;
  while (!queue.empty()) {
    QueuedEvent event = queue.pop();
    order.emplace_back(event.tick.value, event.sequence);
  }
  const std::vector<std::pair<std::int64_t, std::uint64_t>> expected = {
      {2, 4}, {2, 7}, {5, 3}, {5, 5}, {3000, 9}, {5000, 6}, {5000, 8}};
  CHECK(order == expected);
}

TEST_CASE("sim: event_queue: matches a sorted reference under random push, pop, peek and cancel (seed 4)") {
  // The world may schedule at its clock after a peek moved the window further (run_until peeks, then
  // stops at its target): pushes at any tick >= the last popped one must keep the total order.
  Random random(4);
  EventQueue queue;
  std::vector<QueuedEvent> reference;
  std::uint64_t sequence = 0;
  std::int64_t clock = 0;
  auto earlier = [](const QueuedEvent& a, const QueuedEvent& b) {
    return a.tick != b.tick ? a.tick < b.tick : a.sequence < b.sequence;
  };
  for (int round = 0; round < 20000; ++round) {
    const std::uint64_t action = random.below(10);
    if (action < 5) {
      const std::int64_t ahead = random.chance(Ratio{1, 10}) ? random.range(1000, 5000) : random.range(0, 40);
      QueuedEvent event = queued(clock + ahead, sequence++);
      queue.push(event);
      reference.push_back(event);
    } else if (action < 6 && !reference.empty()) {
      const std::size_t victim = random.below(reference.size());
      queue.cancel(reference[victim].sequence);
      reference.erase(reference.begin() + static_cast<std::ptrdiff_t>(victim));
    } else if (action < 7 && !queue.empty()) {
      (void)queue.top();  // a peek, like World::next_event_tick
    } else if (!queue.empty()) {
      REQUIRE(!reference.empty());
      auto first = std::min_element(reference.begin(), reference.end(), earlier);
      QueuedEvent popped = queue.pop();
      REQUIRE(popped == *first);
      clock = std::max(clock, popped.tick.value);
      reference.erase(first);
    }
    REQUIRE(queue.size() == reference.size());
  }
  std::sort(reference.begin(), reference.end(), earlier);
  CHECK(queue.sorted_live() == reference);
}

TEST_CASE("sim: world: scheduling after run_until stopped short of a later event does not abort") {
  // Regression: run_until peeked the next timer (tick >= 10) and stopped at tick 1; a message sent at
  // tick 1 then hit ENGINE_ASSERT(event.tick >= window_start_).
  Harness harness(2, latency(1, 1));
  harness.input(0, "timer 50");
  CHECK(harness.world->run_until(Tick{1}).value() == 0);
  CHECK(harness.world->now() == Tick{1});
  harness.input(0, "send 1 1");
  CHECK(harness.world->run_until(Tick{10}).value() == 1);
  CHECK(harness.actor(1).received_at == std::vector<std::int64_t>{2});
  CHECK(harness.world->run_until(Tick{100}).value() == 1);
  CHECK(harness.actor(0).timer_ticks == std::vector<std::int64_t>{50});
}

TEST_CASE("sim: world: run_until stops at its target even when a crashed node's timer comes first") {
  // Regression: the dead timer at tick 10 counted as "an event at or before 11", and step() then ran the
  // live timer at tick 12 too.
  Harness harness(2);
  harness.input(0, "timer 10");
  harness.input(1, "timer 12");
  REQUIRE(harness.world->apply(CrashNode{NodeId{0}}).ok());
  Result<std::uint64_t> steps = harness.world->run_until(Tick{11});
  REQUIRE(steps.ok());
  CHECK(steps.value() == 0);
  CHECK(harness.world->now() == Tick{11});
  CHECK(harness.actor(1).timer_ticks.empty());
  CHECK(harness.world->run_until(Tick{12}).value() == 1);
  CHECK(harness.actor(1).timer_ticks == std::vector<std::int64_t>{12});
  // Only dead timers left: running on is quiet, not an error.
  REQUIRE(harness.world->apply(CrashNode{NodeId{1}}).ok());
  CHECK(harness.world->run_until(Tick{500}).ok());
  CHECK(harness.world->now() == Tick{500});
}

TEST_CASE("sim: world: events at the same tick run in scheduling order (10 sends with latency 5)") {
  Harness harness(3, latency(5, 5));
  harness.input(0, "send 2 5");
  harness.input(1, "send 2 5");
  harness.run_all();
  // All ten arrive at tick 5: n0's five first (scheduled first), then n1's.
  CHECK(harness.actor(2).received_at == std::vector<std::int64_t>(10, 5));
  CHECK(harness.actor(2).senders == std::vector<std::uint16_t>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1});
  CHECK(indices_of(harness.actor(2).received) == std::vector<std::int64_t>{0, 1, 2, 3, 4, 0, 1, 2, 3, 4});
}

TEST_CASE("sim: network: links are FIFO without reordering (500 messages, latency 1..50)") {
  for (std::uint64_t seed : {1, 2, 3}) {
    CAPTURE(seed);
    Harness harness(2, latency(1, 50), seed);
    harness.input(0, "send 1 250");
    REQUIRE(harness.world->run_until(Tick{7}).ok());
    harness.input(0, "send 1 250");
    harness.run_all();
    const auto& actor = harness.actor(1);
    REQUIRE(actor.received.size() == 500);
    std::vector<std::int64_t> order = indices_of(actor.received);
    CHECK(std::is_sorted(order.begin(), order.end()));
    CHECK(std::is_sorted(actor.received_at.begin(), actor.received_at.end()));
    CHECK(actor.received_at.front() >= 1);
    CHECK(actor.received_at.back() <= 7 + 50);
  }
}

TEST_CASE("sim: network: reorder ratio 1/2 lets later messages overtake (400 messages, latency 1..20)") {
  LinkConfig link = latency(1, 20);
  link.reorder_ratio = Ratio{1, 2};
  Harness harness(2, link, 9);
  harness.input(0, "send 1 400");
  harness.run_all();
  std::vector<std::int64_t> order = indices_of(harness.actor(1).received);
  REQUIRE(order.size() == 400);
  int inversions = 0;
  for (std::size_t i = 1; i < order.size(); ++i) inversions += order[i] < order[i - 1] ? 1 : 0;
  CHECK(inversions > 20);
  // Nothing is lost or invented by reordering, and held-back messages wait at most 2 x max latency.
  std::sort(order.begin(), order.end());
  for (std::size_t i = 0; i < order.size(); ++i) CHECK(order[i] == static_cast<std::int64_t>(i));
  CHECK(*std::max_element(harness.actor(1).received_at.begin(), harness.actor(1).received_at.end()) <= 40);
}

TEST_CASE("sim: network: latency stays inside [3, 9] and slow nodes add their ticks on both ends") {
  std::vector<NodeSettings> settings(3);
  settings[2].slow_ticks = 4;
  LinkConfig link = latency(3, 9);
  link.reorder_ratio = Ratio::zero();
  Harness harness(3, link, 5, DeliveryMode::automatic, {}, settings);
  std::set<std::int64_t> seen;
  for (int round = 0; round < 200; ++round) {
    harness.input(0, "send 1 1");
    const std::int64_t sent_at = harness.world->now().value;
    harness.run_all();
    const std::int64_t delay = harness.actor(1).received_at.back() - sent_at;
    REQUIRE(delay >= 3);
    REQUIRE(delay <= 9);
    seen.insert(delay);
  }
  CHECK(seen.size() == 7);  // every latency in the range occurs
  harness.input(0, "send 2 1");
  const std::int64_t sent_at = harness.world->now().value;
  harness.run_all();
  const std::int64_t slow_delay = harness.actor(2).received_at.back() - sent_at;
  CHECK(slow_delay >= 3 + 4);
  CHECK(slow_delay <= 9 + 4);
}

TEST_CASE("sim: network: drop ratio 1/4 loses about a quarter of 20000 messages") {
  LinkConfig link = latency(1, 3);
  link.drop_ratio = Ratio{1, 4};
  Harness harness(2, link, 11);
  for (int batch = 0; batch < 4; ++batch) harness.input(0, "send 1 5000");
  harness.run_all();
  const std::size_t delivered = harness.actor(1).received.size();
  const std::size_t lost = harness.count_lines_containing("(loss)");
  CHECK(delivered + lost == 20000);
  // Expected 5000 lost, standard deviation about 61.
  CHECK(lost > 4600);
  CHECK(lost < 5400);
}

TEST_CASE("sim: network: duplicate ratio 1 delivers every message twice, ratio 0 never") {
  LinkConfig link = latency(1, 4);
  link.duplicate_ratio = Ratio::one();
  Harness harness(2, link, 3);
  harness.input(0, "send 1 50");
  harness.run_all();
  std::vector<std::int64_t> order = indices_of(harness.actor(1).received);
  CHECK(order.size() == 100);
  std::sort(order.begin(), order.end());
  for (std::size_t i = 0; i < order.size(); ++i) CHECK(order[i] == static_cast<std::int64_t>(i / 2));
  CHECK(harness.count_lines_containing(" duplicate #") == 50);
  // The canonical line names the original.
  CHECK(harness.lines()[2] == "t=0 duplicate #1 of #0 n0->n1 Data");

  Harness calm(2, latency(1, 4), 3);
  calm.input(0, "send 1 50");
  calm.run_all();
  CHECK(calm.actor(1).received.size() == 50);
}

TEST_CASE("sim: world: partitions drop with reason partition until healed") {
  Harness harness(3, latency(2, 2));
  REQUIRE(harness.world->apply(PartitionNodes{{{NodeId{0}}, {NodeId{1}}}}).ok());
  CHECK(harness.world->network().partitioned());
  CHECK_FALSE(harness.world->network().connected(NodeId{0}, NodeId{1}));
  CHECK_FALSE(harness.world->network().connected(NodeId{0}, NodeId{2}));  // n2 is in the unlisted group
  harness.input(0, "send 1 1");
  harness.input(1, "send 0 1");
  harness.run_all();
  CHECK(harness.actor(1).received.empty());
  CHECK(harness.actor(0).received.empty());
  CHECK(harness.count_lines_containing("drop #0 n0->n1 Data (partition)") == 1);
  CHECK(harness.count_lines_containing("drop #1 n1->n0 Data (partition)") == 1);
  CHECK(harness.lines()[0] == "t=0 partition {n0} {n1}");

  // A message sent while partitioned but arriving after the heal is delivered (checked at arrival).
  harness.input(0, "send 1 1");
  REQUIRE(harness.world->apply(HealPartition{}).ok());
  CHECK_FALSE(harness.world->network().partitioned());
  harness.run_all();
  CHECK(harness.actor(1).received.size() == 1);
  CHECK(harness.count_lines_containing(" heal") == 1);
}

TEST_CASE("sim: world: crash drops messages with node_down, loses volatile state and timers; restart keeps persistent") {
  Harness harness(2, latency(3, 3));
  harness.input(1, "mark 7");
  harness.input(1, "keep 42");
  harness.input(1, "timer 5");
  harness.input(0, "send 1 2");
  REQUIRE(harness.world->apply(CrashNode{NodeId{1}}).ok());
  CHECK_FALSE(harness.world->node_up(NodeId{1}));
  CHECK(harness.world->actor(NodeId{1}) == nullptr);
  harness.run_all();
  CHECK(harness.count_lines_containing("(node_down)") == 2);
  CHECK(harness.count_lines_containing("timer n1") == 0);  // the timer died with the node
  REQUIRE(harness.world->apply(RestartNode{NodeId{1}}).ok());
  const ScriptActor& restarted = harness.actor(1);
  CHECK(restarted.volatile_value == 0);
  CHECK(restarted.persistent_value == 42);
  CHECK(restarted.starts == 1);
  CHECK(restarted.started_at == harness.world->now().value);
  CHECK(harness.world->pending().empty());
  CHECK(harness.count_lines_containing("crash n1") == 1);
  CHECK(harness.count_lines_containing("restart n1") == 1);
}

TEST_CASE("sim: world: cancel_timers removes pending timers of that kind") {
  Harness harness(1);
  harness.input(0, "timer 5");
  harness.input(0, "timer 9");
  CHECK(harness.world->pending().size() == 2);
  harness.input(0, "cancel");
  CHECK(harness.world->pending().empty());
  REQUIRE(harness.world->run_until(Tick{100}).ok());
  CHECK(harness.actor(0).timer_ticks.empty());
}

TEST_CASE("sim: world: clock offset shifts what a node reads; drift stretches its timers (+50%, -50%)") {
  std::vector<NodeSettings> settings(3);
  settings[0].clock_offset_ticks = 1000;
  settings[1].clock_drift_percent = 50;
  settings[2].clock_drift_percent = -50;
  Harness harness(3, latency(1, 1), 1, DeliveryMode::automatic, {}, settings);
  CHECK(harness.actor(0).started_at == 1000);
  harness.input(1, "timer 10");
  harness.input(2, "timer 10");
  harness.input(2, "timer 1");
  REQUIRE(harness.world->run_until(Tick{100}).ok());
  CHECK(harness.actor(1).timer_ticks == std::vector<std::int64_t>{15});
  CHECK(harness.actor(2).timer_ticks == std::vector<std::int64_t>{1, 5});  // rounded up, never zero
  harness.input(0, "timer 3");
  REQUIRE(harness.world->run_until(Tick{200}).ok());
  CHECK(harness.actor(0).timer_ticks == std::vector<std::int64_t>{1103});
}

TEST_CASE("sim: world: manual delivery lets the learner pick; time moves only in manual mode") {
  Harness manual(3, latency(5, 5), 1, DeliveryMode::manual);
  manual.input(0, "send 1 1");  // #0 due at 5
  REQUIRE(manual.world->run_until(Tick{2}).ok());
  manual.input(0, "send 2 1");  // #1 due at 7
  std::vector<PendingEvent> pending = manual.world->pending();
  REQUIRE(pending.size() == 2);
  CHECK(pending[0].queued.subject == 0);
  CHECK(pending[1].queued.subject == 1);
  REQUIRE(manual.world->deliver_now(MessageId{1}).ok());
  CHECK(manual.world->now() == Tick{7});
  CHECK(manual.actor(2).received_at == std::vector<std::int64_t>{7});
  // The earlier message is still pending; delivering it never moves time backwards.
  REQUIRE(manual.world->deliver_now(MessageId{0}).ok());
  CHECK(manual.world->now() == Tick{7});
  CHECK(manual.actor(1).received_at == std::vector<std::int64_t>{7});
  CHECK(manual.world->deliver_now(MessageId{0}).error().code == "sim.not_in_flight");
  manual.input(1, "timer 4");
  const std::uint32_t timer = manual.world->pending().front().queued.subject;
  REQUIRE(manual.world->fire_now(TimerId{timer}).ok());
  CHECK(manual.world->now() == Tick{11});
  CHECK(manual.world->fire_now(TimerId{timer}).error().code == "sim.no_such_timer");

  Harness automatic(2, latency(5, 5));
  automatic.input(0, "send 1 1");
  automatic.input(1, "timer 30");
  REQUIRE(automatic.world->deliver_now(MessageId{0}).ok());
  CHECK(automatic.world->now() == Tick{0});
  CHECK(automatic.actor(1).received_at == std::vector<std::int64_t>{0});
  const std::uint32_t automatic_timer = automatic.world->pending().front().queued.subject;
  REQUIRE(automatic.world->fire_now(TimerId{automatic_timer}).ok());
  CHECK(automatic.world->now() == Tick{0});
  CHECK(automatic.world->pending().empty());
}

TEST_CASE("sim: world: learner drop, duplicate and delay change exactly one message in flight") {
  Harness harness(2, latency(4, 4));
  harness.input(0, "send 1 3");  // #0 #1 #2 due at 4
  REQUIRE(harness.world->drop(MessageId{0}).ok());
  REQUIRE(harness.world->duplicate(MessageId{1}).ok());  // copy #3, also due at 4
  REQUIRE(harness.world->delay(MessageId{2}, 10).ok());   // now due at 14
  CHECK(harness.world->drop(MessageId{0}).error().code == "sim.not_in_flight");
  CHECK(harness.world->delay(MessageId{99}, 1).error().to_string() ==
        "message #99 is not in flight (it was delivered, dropped, or never sent). [sim.not_in_flight]");
  harness.run_all();
  CHECK(harness.actor(1).received == std::vector<std::string>{"i=1", "i=1", "i=2"});
  CHECK(harness.actor(1).received_at == std::vector<std::int64_t>{4, 4, 14});
  CHECK(harness.count_lines_containing("drop #0 n0->n1 Data (learner)") == 1);
  CHECK(harness.count_lines_containing("duplicate #3 of #1 n0->n1 Data") == 1);
  CHECK(harness.count_lines_containing("network delay #2 by 10 ticks") == 1);
  // A learner's delivery overrides a network loss.
  LinkConfig lossy = latency(2, 2);
  lossy.drop_ratio = Ratio::one();
  Harness forced(2, lossy);
  forced.input(0, "send 1 1");
  REQUIRE(forced.world->deliver_now(MessageId{0}).ok());
  CHECK(forced.actor(1).received.size() == 1);
}

TEST_CASE("sim: world: bad requests are errors that change nothing") {
  Harness harness(2);
  CHECK(harness.world->step().error().code == "sim.nothing_pending");
  CHECK(harness.world->apply(RestartNode{NodeId{0}}).error().to_string() == "n0 is running; crash it first. [sim.node_up]");
  REQUIRE(harness.world->apply(CrashNode{NodeId{0}}).ok());
  CHECK(harness.world->apply(CrashNode{NodeId{0}}).error().to_string() == "n0 is already crashed. [sim.node_down]");
  CHECK(harness.world->apply(NodeInput{NodeId{0}, "mark 1"}).error().code == "sim.node_down");
  const std::size_t events = harness.trace->event_count();
  const std::uint64_t steps = harness.world->step_count();
  Status rejected = harness.world->apply(NodeInput{NodeId{1}, "nonsense"});
  CHECK(rejected.error().code == "input.invalid");
  CHECK(harness.trace->event_count() == events);  // a rejected input is not a step
  CHECK(harness.world->step_count() == steps);
  CHECK(harness.world->fire_now(TimerId{5}).error().code == "sim.no_such_timer");
}

TEST_CASE("sim: world: a scheduled fault that cannot apply is skipped with a trace line") {
  std::vector<ScheduledCommand> scheduled = {{Tick{5}, CrashNode{NodeId{1}}}, {Tick{6}, CrashNode{NodeId{1}}},
                                             {Tick{8}, RestartNode{NodeId{1}}}};
  Harness harness(2, latency(1, 1), 1, DeliveryMode::automatic, scheduled);
  REQUIRE(harness.world->run_until(Tick{10}).ok());
  const std::vector<std::string> expected = {"t=5 crash n1", "t=6 network scheduled fault skipped: n1 is already crashed.",
                                             "t=8 restart n1"};
  CHECK(harness.lines() == expected);
  CHECK(harness.world->node_up(NodeId{1}));
}

TEST_CASE("sim: world: the in-flight limit is an error, not a crash (900000 messages pending)") {
  Harness harness(2, latency(1'000'000, 1'000'000));
  // The check leaves room for one more step's worth of sends (2 x 100000) below 1000000.
  for (int batch = 0; batch < 9; ++batch) harness.input(0, "send 1 99999");
  Status status = harness.world->step();
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == "sim.in_flight_limit");
  CHECK(harness.world->apply(NodeInput{NodeId{0}, "mark 1"}).error().code == "sim.in_flight_limit");
}

TEST_CASE("sim: trace: canonical lines and FNV-1a hash over them") {
  Harness harness(2, latency(2, 2));
  harness.input(0, "note hello \\ world");
  harness.input(0, "send 1 1");
  harness.input(1, "timer 3");
  harness.run_all();
  const std::vector<std::string> expected = {
      "t=0 input n0 note hello \\\\ world",  // the input, then what the actor did with it
      "t=0 note n0 hello \\\\ world",
      "t=0 input n0 send 1 1",
      "t=0 send #0 n0->n1 Data i=0",
      "t=0 input n1 timer 3",
      "t=2 deliver #0 n0->n1 Data",
      "t=3 timer n1 Tick",
  };
  CHECK(harness.lines() == expected);
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const std::string& line : expected) {
    for (char c : line + "\n") {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
  }
  CHECK(harness.trace->hash() == hash);
  CHECK(harness.trace->hash_of_prefix(harness.trace->event_count()) == hash);
  CHECK(format_hash(0x1fULL) == "000000000000001f");
  CHECK(harness.trace->to_json()["hash"] == format_hash(hash));
}

TEST_CASE("sim: trace: step_of_event, first_event_of_step and truncate with the hash cache") {
  Harness harness(2, latency(2, 2));
  harness.input(0, "send 1 2");  // step 1: input + 2 sends
  harness.run_all();             // steps 2 and 3: two delivers
  CHECK(harness.trace->step_count() == 3);
  CHECK(harness.trace->step_of_event(0) == 1);
  CHECK(harness.trace->step_of_event(2) == 1);
  CHECK(harness.trace->step_of_event(3) == 2);
  CHECK(harness.trace->step_of_event(4) == 3);
  CHECK(harness.trace->first_event_of_step(0) == 0);
  CHECK(harness.trace->first_event_of_step(3) == 4);
  const std::uint64_t full_hash = harness.trace->hash();
  const std::uint64_t prefix_hash = harness.trace->hash_of_prefix(3);
  TraceCursor cursor;
  cursor.events = 3;
  cursor.messages = 2;
  cursor.texts = 1;
  cursor.steps = 1;
  harness.trace->truncate(cursor);
  CHECK(harness.trace->event_count() == 3);
  CHECK(harness.trace->hash() == prefix_hash);
  CHECK(harness.trace->hash() != full_hash);
}

TEST_CASE("sim: world: a copied world replays against the trace and reaches the same state") {
  LinkConfig link = latency(1, 9);
  link.drop_ratio = Ratio{1, 5};
  link.duplicate_ratio = Ratio{1, 5};
  link.reorder_ratio = Ratio{1, 5};
  Harness harness(4, link, 77);
  const World start = *harness.world;
  harness.input(0, "send 1 30");
  harness.input(2, "send 3 30");
  harness.input(1, "timer 4");
  harness.run_all();
  const std::uint64_t hash = harness.trace->hash();
  const std::size_t events = harness.trace->event_count();
  // Replaying the same inputs from the boot copy verifies each event instead of appending.
  World replay = start;
  REQUIRE(replay.apply(NodeInput{NodeId{0}, "send 1 30"}).ok());
  REQUIRE(replay.apply(NodeInput{NodeId{2}, "send 3 30"}).ok());
  REQUIRE(replay.apply(NodeInput{NodeId{1}, "timer 4"}).ok());
  while (replay.step().ok()) {
  }
  CHECK(replay.cursor() == harness.world->cursor());
  CHECK(harness.trace->event_count() == events);
  CHECK(harness.trace->hash() == hash);
  const auto* a = dynamic_cast<const ScriptActor*>(replay.actor(NodeId{1}));
  REQUIRE(a != nullptr);
  CHECK(a->received == harness.actor(1).received);
}

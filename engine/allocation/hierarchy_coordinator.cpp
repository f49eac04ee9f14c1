// A hierarchy coordinator (the root and every node with children): holds subtasks, delegates each to
// one child by the strategy within capacity, re-delegates after a failure, a refusal or silence, and
// escalates to its parent what none of its children can do (see hierarchy.hpp). The course's block
// split is in course_start / course_split.
#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "allocation/hierarchy_internal.hpp"
#include "protocols/payload.hpp"

namespace coordlab::allocation {

using protocols::PayloadReader;
using protocols::PayloadWriter;

namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

enum class Phase : std::uint8_t { queued, delegated, done, escalated, unassignable };

struct Held {
  std::string needs;
  Phase phase = Phase::queued;
  std::uint16_t holder = 0;  // while delegated
  std::int64_t due = kNever;
  std::int64_t attempts = 0;
  bool noted_queued = false;
  std::set<std::uint16_t> struck;             // failed, refused or went silent on this subtask
  std::vector<std::uint16_t> course_holders;  // the course: every worker it was given to
};

class CoordinatorActor final : public sim::Actor {
 public:
  CoordinatorActor(HierarchyParamsPtr params, NodeId self, bool rebooted) : params_(std::move(params)), self_(self), rebooted_(rebooted) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<CoordinatorActor>(*this); }
  std::string persistent_state() const override { return self_.value == 0 ? "booted" : ""; }

  void start(sim::Context& context) override {
    if (self_.value != 0 || rebooted_) return;  // a restarted root has lost its books; it does not start over
    std::string workers;
    for (std::size_t node = 0; node < params_->org.size(); ++node)
      if (!params_->is_coordinator(node)) workers.append(workers.empty() ? "" : ",").append(std::to_string(node));
    context.out.note("org subtasks=" + std::to_string(params_->subtasks.size()) + " workers=" + workers);
    if (params_->course()) return course_start(context);
    for (std::size_t node = 0; node < params_->org.size(); ++node)
      if (params_->is_coordinator(node)) note_team(node, params_->children[node], context);
    for (const HierarchySubtask& subtask : params_->subtasks) hold(subtask.name, subtask.needs);
    dispatch(context);
    rearm(context);
  }

  void handle_message(const sim::Message& message, sim::Context& context) override {
    PayloadReader reader(message.payload);
    const std::string subtask(reader.text("subtask").value_or(""));
    const std::uint16_t from = message.from.value;
    suspect_.erase(from);  // heard from: alive
    if (message.type == kHBlock) return course_split(reader, context);
    if (subtask.empty()) return;
    if (message.type == kHDelegate) {
      received(subtask, std::string(reader.text("needs").value_or("")), context);
    } else if (message.type == kHCancel) {
      cancelled(subtask, context);
    } else if (held_.count(subtask) && message.type == kHDone) {
      done(subtask, from, context);
    } else if (held_.count(subtask) && message.type == kHFailed) {
      failed(subtask, from, std::string(reader.text("reason").value_or("failed")), context);
    }
    dispatch(context);
    rearm(context);
  }

  void handle_timer(std::uint16_t, sim::Context& context) override {
    for (const std::string& name : order_) {
      Held& held = held_[name];
      if (held.phase != Phase::delegated || context.now.value < held.due) continue;
      context.out.note("silent subtask=" + name + " child=" + std::to_string(held.holder));
      suspect_.insert(held.holder);
      send(held.holder, kHCancel, name, "", context);
      release(held);
    }
    dispatch(context);
    rearm(context);
  }

  Status handle_input(std::string_view, sim::Context&) override {
    return make_error("input.not_accepted", "a hierarchy coordinator takes no input; change the strategy or the org in the scenario's params.");
  }

  std::string role() const override { return self_.value == 0 ? "root" : "coordinator"; }
  void describe(sim::StateWriter& writer) const override;

 private:
  void hold(const std::string& name, const std::string& needs) {
    Held& held = held_[name];
    if (std::find(order_.begin(), order_.end(), name) == order_.end()) order_.push_back(name);
    held = Held{};
    held.needs = needs;
  }

  void received(const std::string& name, const std::string& needs, sim::Context& context) {
    const auto found = held_.find(name);
    if (found != held_.end() && found->second.phase == Phase::done) return send(parent(), kHDone, name, "", context);
    if (found != held_.end() && (found->second.phase == Phase::queued || found->second.phase == Phase::delegated)) return;  // a duplicate
    hold(name, needs);
  }

  void cancelled(const std::string& name, sim::Context& context) {
    const auto found = held_.find(name);
    if (found == held_.end() || (found->second.phase != Phase::queued && found->second.phase != Phase::delegated)) return;
    if (found->second.phase == Phase::delegated) {
      send(found->second.holder, kHCancel, name, "", context);
      release(found->second);
    }
    found->second.phase = Phase::escalated;  // no longer ours
    context.out.note("cancelled subtask=" + name);
  }

  void done(const std::string& name, std::uint16_t child, sim::Context& context) {
    Held& held = held_[name];
    if (params_->course()) {
      const auto holder = std::find(held.course_holders.begin(), held.course_holders.end(), child);
      if (holder != held.course_holders.end()) {
        --load_[child];
        held.course_holders.erase(holder);
      }
    } else if (held.phase == Phase::delegated) {
      if (held.holder != child) send(held.holder, kHCancel, name, "", context);  // an earlier holder finished after all
      --load_[held.holder];
    }
    if (held.phase == Phase::done) return;
    held.phase = Phase::done;
    context.out.note("done subtask=" + name + " child=" + std::to_string(child));
    if (self_.value != 0) send(parent(), kHDone, name, "", context);
  }

  void failed(const std::string& name, std::uint16_t child, const std::string& reason, sim::Context& context) {
    Held& held = held_[name];
    if (params_->course()) {
      context.out.note("failed subtask=" + name + " child=" + std::to_string(child) + " reason=" + reason);  // the course does not re-delegate
      return;
    }
    if (held.phase != Phase::delegated || held.holder != child) return;  // stale
    context.out.note("failed subtask=" + name + " child=" + std::to_string(child) + " reason=" + reason);
    release(held);
  }

  // Ends the open delegation: the child is struck off for this subtask, which is queued again.
  void release(Held& held) {
    --load_[held.holder];
    held.struck.insert(held.holder);
    held.phase = Phase::queued;
    held.noted_queued = false;
    held.due = kNever;
  }

  void dispatch(sim::Context& context) {
    if (params_->course()) return;
    for (const std::string& name : order_) {
      Held& held = held_[name];
      if (held.phase != Phase::queued) continue;
      if (held.attempts >= params_->max_attempts) {
        escalate(name, held, "max_attempts", context);
        continue;
      }
      std::vector<std::uint16_t> candidates;
      for (std::uint16_t child : params_->children[self_.value])
        if (!held.struck.count(child) && (params_->strategy != HierarchyStrategy::capability_based || can_do(child, held.needs))) candidates.push_back(child);
      if (candidates.empty()) {
        escalate(name, held, "no_child_left", context);
        continue;
      }
      const bool all_suspect = std::all_of(candidates.begin(), candidates.end(), [&](std::uint16_t child) { return suspect_.count(child) > 0; });
      std::vector<std::uint16_t> room;
      for (std::uint16_t child : candidates)
        if (load_[child] < params_->subtree_capacity[child] && (all_suspect || !suspect_.count(child))) room.push_back(child);
      if (room.empty()) {
        if (!held.noted_queued) context.out.note("queued subtask=" + name);
        held.noted_queued = true;
        continue;
      }
      delegate(name, held, choose(room), context);
    }
  }

  bool can_do(std::uint16_t child, const std::string& needs) const {
    const std::vector<std::string>& skills = params_->subtree_skills[child];
    return needs.empty() || std::find(skills.begin(), skills.end(), needs) != skills.end();
  }

  std::uint16_t choose(const std::vector<std::uint16_t>& room) {
    const std::vector<std::uint16_t>& children = params_->children[self_.value];
    if (params_->strategy == HierarchyStrategy::round_robin) {
      for (std::size_t step = 0; step < children.size(); ++step) {
        const std::size_t position = (next_child_ + step) % children.size();
        if (std::find(room.begin(), room.end(), children[position]) == room.end()) continue;
        next_child_ = position + 1;
        return children[position];
      }
    }
    std::uint16_t best = room.front();  // least loaded relative to capacity: load_a / cap_a < load_b / cap_b, cross-multiplied
    for (std::uint16_t child : room)
      if (load_[child] * params_->subtree_capacity[best] < load_[best] * params_->subtree_capacity[child]) best = child;
    return best;
  }

  void delegate(const std::string& name, Held& held, std::uint16_t child, sim::Context& context) {
    const std::int64_t deadline = params_->deadline_for(child);
    ++held.attempts;
    held.phase = Phase::delegated;
    held.holder = child;
    held.due = deadline == 0 ? kNever : context.now.value + deadline;
    ++load_[child];
    context.out.note("delegate subtask=" + name + " child=" + std::to_string(child) + " attempt=" + std::to_string(held.attempts) +
                     " due=" + (held.due == kNever ? std::string("none") : std::to_string(held.due)));
    send(child, kHDelegate, name, held.needs, context);
  }

  void escalate(const std::string& name, Held& held, std::string_view reason, sim::Context& context) {
    if (self_.value == 0) {
      held.phase = Phase::unassignable;
      context.out.note("unassignable subtask=" + name + " reason=" + std::string(reason));
      return;
    }
    held.phase = Phase::escalated;
    context.out.note("escalate subtask=" + name + " to=" + std::to_string(parent()) + " reason=" + std::string(reason));
    send(parent(), kHFailed, name, "", context, "escalated");
  }

  // The course: the root splits workers and subtasks into blocks per coordinator (see hierarchy.hpp).
  void course_start(sim::Context& context) {
    const std::vector<std::uint16_t>& coordinators = params_->children[0];
    std::vector<std::string> workers;
    for (std::size_t node = 0; node < params_->org.size(); ++node)
      if (!params_->is_coordinator(node)) workers.push_back(std::to_string(node));
    note_team(0, coordinators, context);
    for (std::size_t part = 0; part < coordinators.size(); ++part) {
      const auto [team_begin, team_end] = course_worker_block(workers.size(), coordinators.size(), part);
      const std::vector<std::string> team(workers.begin() + static_cast<std::ptrdiff_t>(team_begin), workers.begin() + static_cast<std::ptrdiff_t>(team_end));
      context.out.note("team coordinator=" + std::to_string(coordinators[part]) + " members=" + join_list(team));
      const auto [begin, end] = course_subtask_block(params_->subtasks.size(), coordinators.size(), part);
      std::vector<std::string> block;
      for (std::size_t i = begin; i < end; ++i) block.push_back(params_->subtasks[i].name);
      course_hand_out(block, coordinators[part], context);
      context.out.send(NodeId{coordinators[part]}, kHBlock, PayloadWriter().add("subtasks", join_list(block)).add("team", join_list(team)).text());
    }
  }

  // The course: a coordinator splits its block over the team the root gave it, by the same rule.
  void course_split(const PayloadReader& reader, sim::Context& context) {
    const std::vector<std::string> block = split_list(reader.text("subtasks").value_or(""));
    const std::vector<std::string> team = split_list(reader.text("team").value_or(""));
    for (std::size_t part = 0; part < team.size(); ++part) {
      const auto worker = protocols::parse_decimal(team[part]);
      if (!worker || *worker < 1 || *worker >= static_cast<std::int64_t>(params_->org.size())) continue;
      const auto [begin, end] = course_subtask_block(block.size(), team.size(), part);
      for (std::size_t i = begin; i < end; ++i) course_hand_out({block[i]}, static_cast<std::uint16_t>(*worker), context);
    }
  }

  void course_hand_out(const std::vector<std::string>& names, std::uint16_t child, sim::Context& context) {
    for (const std::string& name : names) {
      if (std::find(order_.begin(), order_.end(), name) == order_.end()) order_.push_back(name);
      Held& held = held_[name];
      held.phase = held.phase == Phase::done ? Phase::done : Phase::delegated;
      held.course_holders.push_back(child);
      ++held.attempts;
      ++load_[child];
      context.out.note("delegate subtask=" + name + " child=" + std::to_string(child) + " attempt=1 due=none");
      if (!params_->is_coordinator(child)) send(child, kHDelegate, name, needs_of(name), context);
    }
  }

  std::string needs_of(const std::string& name) const {
    for (const HierarchySubtask& subtask : params_->subtasks)
      if (subtask.name == name) return subtask.needs;
    return {};
  }

  void note_team(std::size_t coordinator, const std::vector<std::uint16_t>& members, sim::Context& context) const {
    std::vector<std::string> names;
    for (std::uint16_t member : members) names.push_back(std::to_string(member));
    context.out.note("team coordinator=" + std::to_string(coordinator) + " members=" + join_list(names));
  }

  std::uint16_t parent() const { return static_cast<std::uint16_t>(std::max(0, params_->org[self_.value].parent)); }

  void send(std::uint16_t to, std::uint16_t type, const std::string& name, const std::string& needs, sim::Context& context,
            std::string_view reason = "") const {
    PayloadWriter payload;
    payload.add("subtask", name);
    if (!needs.empty()) payload.add("needs", needs);
    if (!reason.empty()) payload.add("reason", reason);
    context.out.send(NodeId{to}, type, payload.text());
  }

  void rearm(sim::Context& context) const {
    std::int64_t next = kNever;
    for (const auto& [name, held] : held_)
      if (held.phase == Phase::delegated) next = std::min(next, held.due);
    context.out.cancel_timers(kHWake);
    if (next != kNever) context.out.set_timer(kHWake, std::max<std::int64_t>(1, next - context.now.value));
  }

  HierarchyParamsPtr params_;
  NodeId self_;
  bool rebooted_ = false;
  std::map<std::string, Held> held_;
  std::vector<std::string> order_;            // subtasks in the order they arrived: the queue's order
  std::map<std::uint16_t, std::int64_t> load_;  // open delegations per child
  std::set<std::uint16_t> suspect_;           // went silent and not heard from since
  std::size_t next_child_ = 0;                // round robin: where the next turn starts
};

void CoordinatorActor::describe(sim::StateWriter& writer) const {
  std::int64_t load = 0, done = 0, queued = 0, unassignable = 0, delegated = 0;
  for (const auto& [child, open] : load_) load += open;
  std::string holds;
  for (const std::string& name : order_) {
    const Held& held = held_.at(name);
    done += held.phase == Phase::done ? 1 : 0;
    queued += held.phase == Phase::queued ? 1 : 0;
    unassignable += held.phase == Phase::unassignable ? 1 : 0;
    delegated += held.phase == Phase::delegated ? 1 : 0;
    if (held.phase == Phase::queued) holds.append(holds.empty() ? "" : ", ").append(name).append(" (queued)");
    if (held.phase == Phase::delegated && !params_->course()) holds.append(holds.empty() ? "" : ", ").append(name).append(" \u2192 ").append(params_->names[held.holder]);
  }
  const std::int64_t capacity = params_->subtree_capacity[self_.value];
  const auto total = static_cast<std::int64_t>(params_->subtasks.size());
  writer.field("load", load);
  writer.field("capacity", capacity);
  writer.field("done", done);
  writer.field("queued", queued);
  writer.field("unassignable", unassignable);
  if (self_.value == 0) {
    // What the root would report: the course counts subtasks handed out (messages), the lab completed ones.
    writer.field("reported_success_permille", (params_->course() ? delegated + done : done) * 1000 / total);
  }
  writer.table("tree", {"tree", "role", "load (permille)", "load", "holds", "breakdown"});
  writer.row({hierarchy_unit_label(*params_, self_.value), self_.value == 0 ? "root" : "coordinator", std::to_string(load * 1000 / capacity),
              std::to_string(load) + " / " + std::to_string(capacity), holds.empty() ? "-" : holds,
              "open delegations " + std::to_string(load) + " of the subtree's capacity " + std::to_string(capacity) + "; done " + std::to_string(done) +
                  "; queued " + std::to_string(queued) + "; unassignable " + std::to_string(unassignable)});
}

}  // namespace

std::unique_ptr<sim::Actor> make_hierarchy_coordinator(const HierarchyParamsPtr& params, NodeId self, bool rebooted) {
  return std::make_unique<CoordinatorActor>(params, self, rebooted);
}

}  // namespace coordlab::allocation

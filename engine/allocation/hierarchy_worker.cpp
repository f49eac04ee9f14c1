// A hierarchy worker: takes a delegated subtask if it has the skill and room, works on it and reports
// done or failed to whoever delegated it (see hierarchy.hpp). The course's workers take everything.
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

class WorkerActor final : public sim::Actor {
 public:
  WorkerActor(HierarchyParamsPtr params, NodeId self) : params_(std::move(params)), self_(self), unit_(params_->org[self.value]) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<WorkerActor>(*this); }
  void start(sim::Context&) override {}

  void handle_message(const sim::Message& message, sim::Context& context) override {
    PayloadReader reader(message.payload);
    const std::string subtask(reader.text("subtask").value_or(""));
    if (subtask.empty()) return;
    if (message.type == kHDelegate) {
      take(subtask, std::string(reader.text("needs").value_or("")), message.from, context);
    } else if (message.type == kHCancel && working_.erase(subtask) > 0) {
      context.out.note("cancelled subtask=" + subtask);
    }
    rearm(context);
  }

  void handle_timer(std::uint16_t, sim::Context& context) override {
    std::vector<std::string> due;
    for (const auto& [subtask, until] : working_)
      if (context.now.value >= until) due.push_back(subtask);
    for (const std::string& subtask : due) complete(subtask, context);
    rearm(context);
  }

  Status handle_input(std::string_view, sim::Context&) override {
    return make_error("input.not_accepted", "a hierarchy worker takes no input; change the strategy or the org in the scenario's params.");
  }

  std::string role() const override { return working_.empty() ? "idle" : "working"; }
  void describe(sim::StateWriter& writer) const override;

 private:
  void take(const std::string& subtask, const std::string& needs, NodeId from, sim::Context& context) {
    if (finished_.count(subtask)) return report(subtask, from, kHDone, "", context);  // done before: say so again
    if (working_.count(subtask)) return;                                              // a duplicate delegation
    std::string refusal;
    if (!needs.empty() && std::find(unit_.skills.begin(), unit_.skills.end(), needs) == unit_.skills.end()) refusal = "incapable";
    if (refusal.empty() && !params_->course() && static_cast<std::int64_t>(working_.size()) >= unit_.capacity) refusal = "full";
    if (!refusal.empty()) {
      context.out.note("refuse subtask=" + subtask + " reason=" + refusal);
      return report(subtask, from, kHFailed, refusal, context);
    }
    working_[subtask] = context.now.value + unit_.work_ticks;
    delegator_[subtask] = from;
    context.out.note("accept subtask=" + subtask + " load=" + std::to_string(working_.size()) + " capacity=" + std::to_string(unit_.capacity));
  }

  void complete(const std::string& subtask, sim::Context& context) {
    working_.erase(subtask);
    const bool failed = unit_.fail_permille > 0 && context.random.range(1, 1000) <= unit_.fail_permille;
    if (!failed) finished_.insert(subtask);
    context.out.note("finished subtask=" + subtask + " outcome=" + (failed ? "failure" : "done"));
    report(subtask, delegator_[subtask], failed ? kHFailed : kHDone, failed ? "failed" : "", context);
  }

  void report(const std::string& subtask, NodeId to, std::uint16_t type, std::string_view reason, sim::Context& context) const {
    PayloadWriter payload;
    payload.add("subtask", subtask);
    if (!reason.empty()) payload.add("reason", reason);
    context.out.send(to, type, payload.text());
  }

  void rearm(sim::Context& context) const {
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    for (const auto& [subtask, until] : working_) next = std::min(next, until);
    context.out.cancel_timers(kHWake);
    if (next != std::numeric_limits<std::int64_t>::max()) context.out.set_timer(kHWake, std::max<std::int64_t>(1, next - context.now.value));
  }

  HierarchyParamsPtr params_;
  NodeId self_;
  HierarchyUnit unit_;
  std::map<std::string, std::int64_t> working_;  // subtask -> finishes at
  std::map<std::string, NodeId> delegator_;      // subtask -> who delegated it (last)
  std::set<std::string> finished_;
};

void WorkerActor::describe(sim::StateWriter& writer) const {
  const auto load = static_cast<std::int64_t>(working_.size());
  writer.field("load", load);
  writer.field("capacity", unit_.capacity);
  writer.field("finished", static_cast<std::int64_t>(finished_.size()));
  std::vector<std::string> holds;
  for (const auto& [subtask, until] : working_) holds.push_back(subtask);
  std::string skills = join_list(unit_.skills);
  writer.table("tree", {"tree", "role", "load (permille)", "load", "holds", "breakdown"});
  writer.row({hierarchy_unit_label(*params_, self_.value), "worker", std::to_string(load * 1000 / unit_.capacity),
              std::to_string(load) + " / " + std::to_string(unit_.capacity), holds.empty() ? "-" : join_list(holds),
              "load " + std::to_string(load) + " of capacity " + std::to_string(unit_.capacity) + "; finished " + std::to_string(finished_.size()) +
                  "; skills " + (skills.empty() ? "none" : skills)});
}

}  // namespace

std::unique_ptr<sim::Actor> make_hierarchy_worker(const HierarchyParamsPtr& params, NodeId self) { return std::make_unique<WorkerActor>(params, self); }

}  // namespace coordlab::allocation

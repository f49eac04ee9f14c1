// A contract net contractor (nodes 1..n): proposes or refuses, waits for the manager's answer until
// its proposal's reply-by (silence = reject, as JADE's ContractNetResponder), works when accepted and
// reports done or failure (see contract_net.hpp).
#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "allocation/contract_net.hpp"
#include "allocation/contract_net_internal.hpp"
#include "core/limits.hpp"
#include "protocols/payload.hpp"

namespace coordlab::allocation {

using protocols::PayloadReader;
using protocols::PayloadWriter;

namespace {

struct Commitment {
  std::string task;
  std::int64_t until = 0;  // proposed: wait for an answer until; working: finishes at
};

struct OpenCall {
  std::string conv;
  std::int64_t reply_by = 0;
  NodeId manager{0};
};

class ContractorActor final : public sim::Actor {
 public:
  ContractorActor(const ContractorProfile& profile, std::int64_t decision_window_ticks)
      : profile_(profile), decision_window_ticks_(decision_window_ticks) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<ContractorActor>(*this); }
  void start(sim::Context&) override {}

  void handle_message(const sim::Message& message, sim::Context& context) override {
    PayloadReader reader(message.payload);
    const std::string task(reader.text("task").value_or(""));
    const std::string conv(reader.text("conv").value_or(""));
    if (!valid_task_name(task) || conv.empty()) return;
    if (message.type == kCfp) {
      const OpenCall call{conv, reader.integer("reply_by").value_or(context.now.value), message.from};
      if (finished_.count(task)) {
        reply(call, kInformDone, task, context, {});  // already done under an earlier award: say so again
      } else if (profile_.strategy == CnetStrategy::learner) {
        calls_[task] = call;
        answer_learner_call(task, context);
      } else {
        answer(task, call, profile_.capable ? std::optional<std::int64_t>(profile_.price_cents) : std::nullopt, context);
      }
    } else if (message.type == kAcceptProposal) {
      const auto proposed = proposed_.find(conv);
      if (proposed == proposed_.end()) {
        context.out.note("accept_after_timeout conv=" + conv);  // out of sequence: we count it as rejected already
      } else {
        working_[conv] = Commitment{task, context.now.value + profile_.work_ticks};
        managers_[conv] = message.from;
        proposed_.erase(proposed);
        context.out.note("work task=" + task + " conv=" + conv);
      }
    } else if (message.type == kRejectProposal) {
      proposed_.erase(conv);
    } else if (message.type == kCancel && working_.erase(conv) > 0) {
      context.out.note("cancelled task=" + task + " conv=" + conv);
    }
    rearm(context);
  }

  void handle_timer(std::uint16_t, sim::Context& context) override {
    for (auto it = proposed_.begin(); it != proposed_.end();) {
      if (context.now.value >= it->second.until) {
        context.out.note("no_answer conv=" + it->first + " treated_as=reject");
        it = proposed_.erase(it);
      } else {
        ++it;
      }
    }
    std::vector<std::string> due;
    for (const auto& [conv, commitment] : working_)
      if (context.now.value >= commitment.until) due.push_back(conv);
    for (const std::string& conv : due) complete(conv, context);
    rearm(context);
  }

  Status handle_input(std::string_view text, sim::Context& context) override {
    if (profile_.strategy != CnetStrategy::learner) {
      return make_error("input.not_learner", "this contractor answers by its own profile; only one with \"strategy\": \"learner\" takes input.");
    }
    PayloadReader reader(text);
    const std::string task(reader.text("task").value_or(""));
    const auto cents = reader.integer("cents");
    const bool propose = text.rfind("propose ", 0) == 0 && cents && *cents >= 1 && *cents <= limits::kMaxQuoteCents;
    if (!valid_task_name(task) || !(propose || text.rfind("refuse ", 0) == 0)) {
      return make_error("input.invalid", "a contractor takes \"propose task=NAME cents=P\" (P from 1 to " + std::to_string(limits::kMaxQuoteCents) +
                                             ") or \"refuse task=NAME\".");
    }
    if (decisions_.size() >= limits::kMaxCnetTasks) return make_error("limit.cnet_tasks", "too many answers kept.");
    decisions_[task] = propose ? *cents : 0;
    answer_learner_call(task, context);
    rearm(context);
    return {};
  }

  std::string role() const override { return working_.empty() ? "contractor" : "working"; }
  void describe(sim::StateWriter& writer) const override {
    writer.field("price_cents", profile_.price_cents);
    writer.field("work_ticks", profile_.work_ticks);
    writer.field("working", static_cast<std::int64_t>(working_.size()));
    writer.field("finished", static_cast<std::int64_t>(finished_.size()));
  }

 private:
  void answer_learner_call(const std::string& task, sim::Context& context) {
    const auto call = calls_.find(task);
    const auto decision = decisions_.find(task);
    if (call == calls_.end() || decision == decisions_.end()) return;
    answer(task, call->second, decision->second > 0 ? std::optional<std::int64_t>(decision->second) : std::nullopt, context);
    calls_.erase(call);
  }

  void answer(const std::string& task, const OpenCall& call, std::optional<std::int64_t> price, sim::Context& context) {
    if (!price) return reply(call, kRefuse, task, context, {});
    const std::int64_t reply_by = call.reply_by + decision_window_ticks_;  // our proposal's own reply-by
    proposed_[call.conv] = Commitment{task, reply_by};
    reply(call, kPropose, task, context, PayloadWriter().add("price", *price).add("reply_by", reply_by).text());
  }

  void reply(const OpenCall& call, std::uint16_t type, const std::string& task, sim::Context& context, const std::string& extra) {
    std::string payload = PayloadWriter().add("task", task).add("conv", call.conv).text();
    if (!extra.empty()) payload.append(" ").append(extra);
    context.out.send(call.manager, type, payload);
  }

  void complete(const std::string& conv, sim::Context& context) {
    const Commitment commitment = working_[conv];
    working_.erase(conv);
    const bool failed = profile_.fail_permille > 0 && context.random.range(1, 1000) <= profile_.fail_permille;
    if (!failed) finished_.insert(commitment.task);
    context.out.note("finished task=" + commitment.task + " conv=" + conv + " outcome=" + (failed ? "failure" : "done"));
    reply(OpenCall{conv, 0, managers_[conv]}, failed ? kFailure : kInformDone, commitment.task, context, {});
  }

  void rearm(sim::Context& context) const {
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    for (const auto& [conv, commitment] : proposed_) next = std::min(next, commitment.until);
    for (const auto& [conv, commitment] : working_) next = std::min(next, commitment.until);
    context.out.cancel_timers(kCnetWake);
    if (next != std::numeric_limits<std::int64_t>::max()) context.out.set_timer(kCnetWake, std::max<std::int64_t>(1, next - context.now.value));
  }

  ContractorProfile profile_;
  std::int64_t decision_window_ticks_;
  std::map<std::string, Commitment> proposed_;  // by conversation: waiting for accept or reject
  std::map<std::string, Commitment> working_;   // by conversation
  std::map<std::string, NodeId> managers_;      // by conversation
  std::set<std::string> finished_;              // tasks done (answered again if re-announced)
  std::map<std::string, OpenCall> calls_;       // learner: calls waiting for its answer, by task
  std::map<std::string, std::int64_t> decisions_;  // learner: price by task, 0 = refuse
};

}  // namespace

std::unique_ptr<sim::Actor> make_cnet_contractor(const ContractNetParams& params, NodeId self) {
  const std::size_t index = self.value - 1u;
  return std::make_unique<ContractorActor>(index < params.contractors.size() ? params.contractors[index] : ContractorProfile{},
                                           params.decision_window_ticks);
}

}  // namespace coordlab::allocation

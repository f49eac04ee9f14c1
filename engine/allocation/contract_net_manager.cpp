// The contract net manager (node 0): calls, decisions, awards, result deadlines and re-announcement
// (see contract_net.hpp).
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

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

enum class Phase : std::uint8_t { calling, deciding, awarded, done, unassignable, abandoned };

std::string_view phase_name(Phase phase) {
  switch (phase) {
    case Phase::calling: return "calling";
    case Phase::deciding: return "deciding";
    case Phase::awarded: return "awarded";
    case Phase::done: return "done";
    case Phase::unassignable: return "unassignable";
    case Phase::abandoned: return "abandoned";
  }
  return "?";
}

struct Proposal {
  std::int64_t price_cents = 0;
  std::int64_t at = 0;
  bool late = false;
};

struct CnetTask {
  std::string id;
  std::int64_t round = 0;
  std::string conv;
  Phase phase = Phase::calling;
  std::int64_t reply_by = 0, decision_by = 0;
  std::vector<std::uint16_t> invited;
  std::map<std::uint16_t, Proposal> proposals;  // this round's, in time or late
  std::set<std::uint16_t> answered;
  std::map<std::uint16_t, std::int64_t> open_awards;  // node -> result deadline (kNever: none)
  std::set<std::uint16_t> struck;                     // failed or silent after an award: not called again
  std::set<std::uint16_t> chosen;                     // the learner's accepts, kept for the decision
  std::uint16_t done_by = 0;
  std::int64_t price_cents = 0;  // of the last award
};

class ManagerActor final : public sim::Actor {
 public:
  ManagerActor(const ContractNetParams& params, std::string_view persisted) : params_(params), persisted_(persisted) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<ManagerActor>(*this); }
  std::string persistent_state() const override;

  void start(sim::Context& context) override {
    if (persisted_.empty()) {
      for (const std::string& task : params_.tasks) announce(task, context);
    } else {
      resume(context);
    }
    rearm(context);
  }

  void handle_message(const sim::Message& message, sim::Context& context) override {
    PayloadReader reader(message.payload);
    const auto found = tasks_.find(std::string(reader.text("task").value_or("")));
    if (found == tasks_.end()) return;  // for no task of ours
    CnetTask& task = found->second;
    const std::string conv(reader.text("conv").value_or(""));
    const std::uint16_t node = message.from.value;
    if (message.type == kInformDone) {
      finish(task, node, conv, context);  // a result for any round counts: the work is done (idempotent)
    } else if (conv != task.conv) {
      if (message.type == kPropose) send(node, kRejectProposal, task, conv, context, "stale");  // out of sequence
    } else if (message.type == kPropose || message.type == kRefuse) {
      answer(task, node, message.type == kPropose ? reader.integer("price") : std::nullopt, context);
    } else if (message.type == kFailure && task.open_awards.count(node)) {
      close_award(task, node, "failed", context);
    }
    rearm(context);
  }

  void handle_timer(std::uint16_t, sim::Context& context) override {
    for (auto& [id, task] : tasks_) {
      if (task.phase == Phase::calling && params_.deadline == CnetDeadline::reply_by && context.now.value >= task.reply_by) decide(task, context);
      if (task.phase == Phase::deciding && context.now.value >= task.decision_by) end_decision(task, context);
      if (task.phase != Phase::awarded) continue;
      std::vector<std::uint16_t> silent;
      for (const auto& [node, result_by] : task.open_awards)
        if (context.now.value >= result_by) silent.push_back(node);
      for (std::uint16_t node : silent) close_award(task, node, "result_timeout", context);
    }
    rearm(context);
  }

  Status handle_input(std::string_view text, sim::Context& context) override {
    PayloadReader reader(text);
    const std::string name(reader.text("task").value_or(""));
    if (text.rfind("announce ", 0) == 0 && valid_task_name(name)) {
      if (tasks_.count(name)) return make_error("input.duplicate", "task " + name + " exists already; pick a new name.");
      if (tasks_.size() >= limits::kMaxCnetTasks) return make_error("limit.cnet_tasks", "at most " + std::to_string(limits::kMaxCnetTasks) + " tasks per run.");
      announce(name, context);
    } else if (text.rfind("accept ", 0) == 0 && valid_task_name(name)) {
      RETURN_IF_ERROR(learner_accept(name, std::string(reader.text("node").value_or("")), context));
    } else {
      return make_error("input.invalid", "the manager (node 0) accepts \"announce task=NAME\" and, when it is the learner's, \"accept task=NAME node=nK\".");
    }
    rearm(context);
    return {};
  }

  std::string role() const override { return "manager"; }
  CnetProgress progress() const {
    CnetProgress counts;
    counts.tasks = static_cast<std::int64_t>(tasks_.size());
    for (const auto& [id, task] : tasks_)
      counts.settled += task.phase == Phase::done || task.phase == Phase::unassignable || task.phase == Phase::abandoned ? 1 : 0;
    return counts;
  }
  void describe(sim::StateWriter& writer) const override;

 private:
  void announce(const std::string& name, sim::Context& context) {
    CnetTask& task = tasks_[name];
    task.id = name;
    call(task, context);
  }

  // A new round: a cfp to every contractor not struck off, or the task is unassignable.
  void call(CnetTask& task, sim::Context& context) {
    task.proposals.clear();
    task.answered.clear();
    task.invited.clear();
    if (task.round >= params_.max_rounds) return give_up(task, Phase::unassignable, "max_rounds", context);
    ++task.round;
    task.conv = task.id + "." + std::to_string(task.round);
    for (std::size_t node = 1; node < context.node_count; ++node)
      if (!task.struck.count(static_cast<std::uint16_t>(node))) task.invited.push_back(static_cast<std::uint16_t>(node));
    if (task.invited.empty()) return give_up(task, Phase::unassignable, "no_contractors", context);
    task.phase = Phase::calling;
    task.reply_by = context.now.value + params_.reply_window_ticks;
    context.out.note("cfp task=" + task.id + " conv=" + task.conv + " round=" + std::to_string(task.round) + " reply_by=" +
                     std::to_string(task.reply_by) + " to=" + node_list(task.invited));
    const std::string cfp = PayloadWriter().add("task", task.id).add("conv", task.conv).add("reply_by", task.reply_by).text();
    for (std::uint16_t node : task.invited) context.out.send(NodeId{node}, kCfp, cfp);
  }

  void answer(CnetTask& task, std::uint16_t node, std::optional<std::int64_t> price, sim::Context& context) {
    if (task.answered.count(node) || std::find(task.invited.begin(), task.invited.end(), node) == task.invited.end()) return;  // duplicate
    task.answered.insert(node);
    const std::string head = "task=" + task.id + " conv=" + task.conv + " node=" + std::to_string(node);
    if (!price || *price < 1) {
      context.out.note("refuse " + head);
    } else {
      const bool late = context.now.value > task.reply_by;
      context.out.note("propose " + head + " price=" + std::to_string(*price) + " at=" + std::to_string(context.now.value) +
                       " reply_by=" + std::to_string(task.reply_by) + " late=" + (late ? "1" : "0"));
      const bool open = task.phase == Phase::calling && (!late || params_.deadline == CnetDeadline::wait_for_all);
      if (!open) return send(node, kRejectProposal, task, task.conv, context, "late");  // FIPA: late proposals are rejected
      task.proposals[node] = Proposal{*price, context.now.value, late};
    }
    if (task.phase == Phase::calling && task.answered.size() == task.invited.size()) decide(task, context);  // all answered: JADE closes early
  }

  void decide(CnetTask& task, sim::Context& context) {
    context.out.note("decide task=" + task.id + " conv=" + task.conv + " proposals=" + std::to_string(task.proposals.size()));
    if (params_.manager == CnetManager::learner) {
      task.phase = Phase::deciding;
      task.decision_by = std::max(context.now.value, task.reply_by) + params_.decision_window_ticks / 2;
      for (std::uint16_t node : task.chosen)
        if (task.proposals.count(node)) award(task, node, context);
      return;
    }
    std::uint16_t best = 0;
    for (const auto& [node, proposal] : task.proposals)  // ascending nodes: ties go to the lowest
      if (best == 0 || proposal.price_cents < task.proposals[best].price_cents) best = node;
    if (best != 0) award(task, best, context);
    end_decision(task, context);
  }

  // Rejects every proposal not accepted; an empty decision is a failed round.
  void end_decision(CnetTask& task, sim::Context& context) {
    for (const auto& [node, proposal] : task.proposals)
      if (!task.open_awards.count(node)) send(node, kRejectProposal, task, task.conv, context, "not_chosen");
    if (!task.open_awards.empty()) {
      task.phase = Phase::awarded;
      return;
    }
    const bool undecided = params_.manager == CnetManager::learner && !task.proposals.empty();
    context.out.note("failure task=" + task.id + " conv=" + task.conv + " node=none reason=" + (undecided ? "decision_timeout" : "no_proposals"));
    after_failure(task, context);
  }

  void award(CnetTask& task, std::uint16_t node, sim::Context& context) {
    const std::int64_t result_by = params_.result_deadline_ticks == 0 ? kNever : context.now.value + params_.result_deadline_ticks;
    task.open_awards[node] = result_by;
    task.price_cents = task.proposals[node].price_cents;
    context.out.note("award task=" + task.id + " conv=" + task.conv + " node=" + std::to_string(node) + " price=" + std::to_string(task.price_cents) +
                     " result_by=" + (result_by == kNever ? std::string("none") : std::to_string(result_by)));
    send(node, kAcceptProposal, task, task.conv, context, "");
  }

  Status learner_accept(const std::string& name, const std::string& node_text, sim::Context& context) {
    if (params_.manager != CnetManager::learner) {
      return make_error("input.not_learner", "this manager accepts the cheapest proposal itself; set \"manager\": \"learner\" to choose.");
    }
    const auto node = node_text.size() > 1 && node_text[0] == 'n' ? protocols::parse_decimal(node_text.substr(1)) : std::nullopt;
    if (!node || *node < 1 || *node >= static_cast<std::int64_t>(context.node_count)) {
      return make_error("input.invalid", "\"accept task=NAME node=nK\" names a contractor n1 to n" + std::to_string(context.node_count - 1) + ".");
    }
    const auto found = tasks_.find(name);
    if (found == tasks_.end()) return make_error("input.unknown_task", "no task " + name + " has been announced.");
    CnetTask& task = found->second;
    const auto contractor = static_cast<std::uint16_t>(*node);
    if (task.phase == Phase::calling) {
      task.chosen.insert(contractor);  // kept for the decision
    } else if (task.phase == Phase::deciding && task.proposals.count(contractor) && !task.open_awards.count(contractor)) {
      award(task, contractor, context);
    } else {
      return make_error("input.not_open", "task " + name + " has no open proposal from n" + std::to_string(contractor) + " to accept.");
    }
    return {};
  }

  void close_award(CnetTask& task, std::uint16_t node, std::string_view reason, sim::Context& context) {
    task.open_awards.erase(node);
    task.struck.insert(node);
    context.out.note("failure task=" + task.id + " conv=" + task.conv + " node=" + std::to_string(node) + " reason=" + std::string(reason));
    if (reason == "result_timeout") send(node, kCancel, task, task.conv, context, "result_timeout");  // FIPA cancel
    if (task.open_awards.empty() && task.phase == Phase::awarded) after_failure(task, context);
  }

  void after_failure(CnetTask& task, sim::Context& context) {
    if (params_.on_failure == CnetOnFailure::give_up) return give_up(task, Phase::abandoned, "give_up", context);
    context.out.note("reannounce task=" + task.id);
    call(task, context);
  }

  void give_up(CnetTask& task, Phase phase, std::string_view reason, sim::Context& context) {
    task.phase = phase;
    context.out.note(std::string(phase == Phase::abandoned ? "abandoned" : "unassignable") + " task=" + task.id + " reason=" + std::string(reason));
  }

  void finish(CnetTask& task, std::uint16_t node, const std::string& conv, sim::Context& context) {
    if (task.phase == Phase::done || task.phase == Phase::unassignable || task.phase == Phase::abandoned) return;
    if (task.phase == Phase::calling || task.phase == Phase::deciding)
      for (const auto& [other, proposal] : task.proposals)
        if (!task.open_awards.count(other)) send(other, kRejectProposal, task, task.conv, context, "done_elsewhere");
    task.phase = Phase::done;
    task.done_by = node;
    context.out.note("done task=" + task.id + " conv=" + conv + " node=" + std::to_string(node));
    for (const auto& [other, result_by] : task.open_awards)
      if (other != node) send(other, kCancel, task, task.conv, context, "done_elsewhere");
    task.open_awards.clear();
  }

  void send(std::uint16_t node, std::uint16_t type, const CnetTask& task, const std::string& conv, sim::Context& context, std::string_view reason) {
    PayloadWriter payload;
    payload.add("task", task.id).add("conv", conv);
    if (!reason.empty()) payload.add("reason", reason);
    context.out.send(NodeId{node}, type, payload.text());
  }

  // One wake-up timer at the earliest pending deadline.
  void rearm(sim::Context& context) const {
    std::int64_t next = kNever;
    for (const auto& [id, task] : tasks_) {
      if (task.phase == Phase::calling && params_.deadline == CnetDeadline::reply_by) next = std::min(next, task.reply_by);
      if (task.phase == Phase::deciding) next = std::min(next, task.decision_by);
      if (task.phase == Phase::awarded)
        for (const auto& [node, result_by] : task.open_awards) next = std::min(next, result_by);
    }
    context.out.cancel_timers(kCnetWake);
    if (next != kNever) context.out.set_timer(kCnetWake, std::max<std::int64_t>(1, next - context.now.value));
  }

  void resume(sim::Context& context);

  ContractNetParams params_;
  std::string persisted_;  // the contract log kept across a crash ("" on the first boot)
  std::map<std::string, CnetTask> tasks_;
};

// The contract log a manager keeps on disk: one line per task, "ID ROUND STATUS AWARDS STRUCK" (STATUS
// open, done, unassignable or abandoned; AWARDS the open awards, or who did it; node lists as 1,2 or -). What happened inside a round (proposals, the decision) is not kept.
std::string ManagerActor::persistent_state() const {
  std::string log = "booted\n";
  const auto nodes = [](auto begin, auto end) {
    std::vector<std::uint16_t> list;
    for (auto it = begin; it != end; ++it) list.push_back(*it);
    return list.empty() ? std::string("-") : node_list(list);
  };
  for (const auto& [id, task] : tasks_) {
    std::vector<std::uint16_t> awarded;
    for (const auto& [node, result_by] : task.open_awards) awarded.push_back(node);
    if (task.phase == Phase::done) awarded = {task.done_by};
    const bool settled = task.phase == Phase::done || task.phase == Phase::unassignable || task.phase == Phase::abandoned;
    log.append(id).append(" ").append(std::to_string(task.round)).append(" ").append(settled ? phase_name(task.phase) : "open").append(" ");
    log.append(nodes(awarded.begin(), awarded.end())).append(" ").append(nodes(task.struck.begin(), task.struck.end())).append("\n");
  }
  return log;
}

// After a restart: every open award is cancelled (its deadline timer is gone; the contractor may have
// worked, and a late inform-done still counts) and every unsettled task is announced in a new round.
void ManagerActor::resume(sim::Context& context) {
  std::size_t start = persisted_.find('\n');
  while (start != std::string::npos && start + 1 < persisted_.size() && tasks_.size() < limits::kMaxCnetTasks) {
    const std::size_t end = persisted_.find('\n', start + 1);
    const std::string line = persisted_.substr(start + 1, end - start - 1);
    start = end;
    std::vector<std::string> fields;
    for (std::size_t at = 0; at <= line.size();) {
      const std::size_t space = std::min(line.find(' ', at), line.size());
      fields.push_back(line.substr(at, space - at));
      at = space + 1;
    }
    ENGINE_ASSERT(fields.size() == 5 && valid_task_name(fields[0]));
    CnetTask& task = tasks_[fields[0]];
    task.id = fields[0];
    task.round = protocols::parse_decimal(fields[1]).value_or(0);
    const auto read_nodes = [](const std::string& text, auto&& add) {
      for (std::size_t at = 0; text != "-" && at < text.size();) {
        const std::size_t comma = std::min(text.find(',', at), text.size());
        add(static_cast<std::uint16_t>(protocols::parse_decimal(text.substr(at, comma - at)).value_or(0)));
        at = comma + 1;
      }
    };
    read_nodes(fields[4], [&](std::uint16_t node) { task.struck.insert(node); });
    task.conv = task.id + "." + std::to_string(task.round);
    if (fields[2] != "open") {  // settled before the crash: nothing more to do
      task.phase = fields[2] == "done" ? Phase::done : fields[2] == "unassignable" ? Phase::unassignable : Phase::abandoned;
      read_nodes(fields[3], [&](std::uint16_t node) { task.done_by = node; });
      continue;
    }
    bool had_award = false;
    read_nodes(fields[3], [&](std::uint16_t node) {
      had_award = true;  // not struck off: if it finished, it answers the new call with inform-done
      context.out.note("failure task=" + task.id + " conv=" + task.conv + " node=" + std::to_string(node) + " reason=manager_restart");
      send(node, kCancel, task, task.conv, context, "manager_restart");
    });
    if (had_award) {
      after_failure(task, context);
    } else {
      context.out.note("reannounce task=" + task.id);  // the call or decision in progress was lost with the crash
      call(task, context);
    }
  }
}

void ManagerActor::describe(sim::StateWriter& writer) const {
  std::int64_t done = 0, unassignable = 0;
  for (const auto& [id, task] : tasks_) {
    done += task.phase == Phase::done ? 1 : 0;
    unassignable += task.phase == Phase::unassignable ? 1 : 0;
  }
  writer.field("tasks", static_cast<std::int64_t>(tasks_.size()));
  writer.field("done", done);
  writer.field("unassignable", unassignable);
  writer.table("board", {"task", "round", "conv", "reply_by", "proposals (node:cents)", "awarded_to", "status"});
  for (const auto& [id, task] : tasks_) {
    std::string proposals;
    for (const auto& [node, proposal] : task.proposals)
      proposals.append(proposals.empty() ? "" : ", ").append("n").append(std::to_string(node)).append(":").append(std::to_string(proposal.price_cents));
    std::string awarded;
    for (const auto& [node, result_by] : task.open_awards) {  // with the result deadline, so a stalled award shows
      awarded.append(awarded.empty() ? "n" : ", n").append(std::to_string(node));
      if (result_by == kNever) awarded.append(" (no deadline)");
      else awarded.append(" (result by ").append(std::to_string(result_by)).append(")");
    }
    if (task.phase == Phase::done) awarded = "n" + std::to_string(task.done_by);
    writer.row({id, std::to_string(task.round), task.conv, std::to_string(task.reply_by), proposals.empty() ? "-" : proposals,
                awarded.empty() ? "-" : awarded, std::string(phase_name(task.phase))});
  }
}

}  // namespace

std::optional<CnetProgress> cnet_manager_progress(const sim::Actor& actor) {
  const auto* manager = dynamic_cast<const ManagerActor*>(&actor);
  if (!manager) return std::nullopt;
  return manager->progress();
}

std::unique_ptr<sim::Actor> make_cnet_manager(const ContractNetParams& params, std::string_view persisted) {
  return std::make_unique<ManagerActor>(params, persisted);
}

}  // namespace coordlab::allocation

// Checks of the FIPA contract net, recomputed from the manager's notes (see allocation/contract_net.hpp):
// no task held by two contractors at once or done twice, no proposal accepted after its call's reply-by,
// every failure followed by a new call or an unassignable report, and the goals: every task settled, and
// a contractor delivered enough tasks at a good enough price (the learner as a contractor).
#include <algorithm>
#include <map>
#include <set>

#include "check/check.hpp"
#include "check/notes.hpp"

namespace coordlab::check {
namespace {

using protocols::PayloadReader;

enum class Settled : std::uint8_t { open, done, unassignable, abandoned };

struct TaskRecord {
  std::map<std::int64_t, std::int64_t> open_awards;  // node -> award tick
  std::map<std::int64_t, bool> result_deadline;      // node -> whether its award has a result deadline
  Settled settled = Settled::open;
  bool failure_pending = false;
  std::size_t failure_event = 0;
};

std::string_view first_word(std::string_view text) { return text.substr(0, text.find(' ')); }

// Replays the manager's notes task by task; `visit(word, event, task, record, note)` is called before
// the note updates the record and may return a failure, which stops the replay.
std::optional<CheckResult> replay(const CheckInput& input, std::map<std::string, TaskRecord>& tasks,
                                  const std::function<std::optional<CheckResult>(std::string_view, std::size_t, const std::string&, TaskRecord&,
                                                                                 const PayloadReader&)>& visit) {
  std::optional<CheckResult> failure;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    if (node != 0) return true;
    const std::string_view word = first_word(input.trace.text(input.trace.event(event).subject));
    const std::string task(note.text("task").value_or(""));
    if (task.empty()) return true;
    TaskRecord& record = tasks[task];
    if ((failure = visit(word, event, task, record, note))) return false;
    const std::int64_t contractor = note.integer("node").value_or(0);
    if (word == "award") {
      record.open_awards[contractor] = input.trace.event(event).tick.value;
      record.result_deadline[contractor] = note.text("result_by").value_or("none") != "none";
    } else if (word == "failure") {
      record.open_awards.erase(contractor);
      if (record.open_awards.empty()) {
        record.failure_pending = true;
        record.failure_event = event;
      }
    } else if (word == "cfp" || word == "reannounce") {
      record.failure_pending = false;
    } else if (word == "done" || word == "unassignable" || word == "abandoned") {
      record.open_awards.clear();
      if (record.settled == Settled::open) record.settled = word == "done" ? Settled::done : word == "unassignable" ? Settled::unassignable : Settled::abandoned;
      record.failure_pending = word == "abandoned" ? record.failure_pending : false;
    }
    return true;
  });
  return failure;
}

CheckResult every_task_awarded_once(const CheckInput& input, const Json&) {
  std::map<std::string, TaskRecord> tasks;
  std::size_t awards = 0;
  auto failure = replay(input, tasks, [&](std::string_view word, std::size_t event, const std::string& task, TaskRecord& record,
                                          const PayloadReader& note) -> std::optional<CheckResult> {
    const std::string node = "n" + std::to_string(note.integer("node").value_or(0));
    if (word == "award") {
      ++awards;
      if (record.settled != Settled::open) return fail("task " + task + " was awarded to " + node + " after it was settled.", event);
      if (!record.open_awards.empty()) {
        return fail("task " + task + " was awarded to " + node + " while n" + std::to_string(record.open_awards.begin()->first) +
                        "'s award was still open: two contractors hold it.", event);
      }
    }
    if (word == "done" && record.settled == Settled::done) return fail("task " + task + " was counted done twice.", event);
    return std::nullopt;
  });
  if (failure) return *failure;
  return pass(std::to_string(tasks.size()) + " task(s), " + std::to_string(awards) + " award(s); no task was held by two contractors at once.");
}

CheckResult deadline_respected(const CheckInput& input, const Json&) {
  std::map<std::string, TaskRecord> tasks;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> proposals;  // "conv/node" -> (arrival, reply_by)
  std::size_t awards = 0;
  auto failure = replay(input, tasks, [&](std::string_view word, std::size_t event, const std::string& task, TaskRecord&,
                                          const PayloadReader& note) -> std::optional<CheckResult> {
    const std::string node(note.text("node").value_or(""));
    const std::string key = std::string(note.text("conv").value_or("")) + "/" + node;
    if (word == "propose") proposals[key] = {note.integer("at").value_or(0), note.integer("reply_by").value_or(0)};
    if (word != "award") return std::nullopt;
    ++awards;
    const auto found = proposals.find(key);
    if (found == proposals.end()) return fail("task " + task + " was awarded to n" + node + ", which made no proposal in that round.", event);
    if (found->second.first > found->second.second) {
      return fail("task " + task + ": n" + node + "'s proposal arrived at tick " + std::to_string(found->second.first) + ", after the call's reply-by " +
                      std::to_string(found->second.second) + ", and was accepted; late proposals must be rejected.",
                  event);
    }
    return std::nullopt;
  });
  if (failure) return *failure;
  return pass(std::to_string(awards) + " award(s), each to a proposal that arrived by its call's reply-by.");
}

CheckResult reannounced_after_failure(const CheckInput& input, const Json& args) {
  const std::int64_t silence_ticks = args["silence_ticks"].get<std::int64_t>();
  std::map<std::string, TaskRecord> tasks;
  std::size_t failures = 0;
  auto failure = replay(input, tasks, [&](std::string_view word, std::size_t event, const std::string& task, TaskRecord& record,
                                          const PayloadReader&) -> std::optional<CheckResult> {
    failures += word == "failure" ? 1 : 0;
    if (word == "abandoned") return fail("task " + task + " failed and was dropped: neither announced again nor reported unassignable.", event);
    (void)record;
    return std::nullopt;
  });
  if (failure) return *failure;
  // The world's clock, which runs on through quiet stretches with no events.
  const std::int64_t now = std::max(input.world.now().value, input.event_count == 0 ? 0 : input.trace.event(input.event_count - 1).tick.value);
  for (const auto& [task, record] : tasks) {
    if (record.failure_pending && record.settled == Settled::open) {
      return fail("task " + task + " failed and was not announced again.", record.failure_event);
    }
    for (const auto& [node, since] : record.open_awards) {
      if (!record.result_deadline.at(node) && now - since > silence_ticks) {
        return fail("task " + task + " has waited " + std::to_string(now - since) + " ticks for n" + std::to_string(node) +
                    "'s result with no result deadline: a lost accept or a crashed contractor stalls it forever.");
      }
    }
  }
  return pass(std::to_string(failures) + " failure(s), each followed by a new call or an unassignable report; no award waits without a deadline.");
}

CheckResult tasks_settled(const CheckInput& input, const Json& args) {
  const std::int64_t wanted = args["min_done"].get<std::int64_t>();
  std::map<std::string, TaskRecord> tasks;
  replay(input, tasks, [](std::string_view, std::size_t, const std::string&, TaskRecord&, const PayloadReader&) { return std::nullopt; });
  std::int64_t done = 0, unassignable = 0;
  for (const auto& [task, record] : tasks) {
    if (record.settled == Settled::open || record.settled == Settled::abandoned) {
      return fail("task " + task + " is " + (record.settled == Settled::open ? "still open" : "abandoned") + ": neither done nor reported unassignable.");
    }
    done += record.settled == Settled::done ? 1 : 0;
    unassignable += record.settled == Settled::unassignable ? 1 : 0;
  }
  const std::string summary = std::to_string(done) + " task(s) done, " + std::to_string(unassignable) + " reported unassignable";
  if (done < wanted) return fail(summary + "; at least " + std::to_string(wanted) + " must be done.");
  return pass(summary + ".");
}

// The contractor's view: how many tasks `node` was awarded at `min_cents` or more and reported done.
CheckResult contractor_delivered(const CheckInput& input, const Json& args) {
  const std::string wanted_node = args["node"].get<std::string>();
  const std::int64_t min_cents = args["min_cents"].get<std::int64_t>();
  const std::int64_t min_tasks = args["min_tasks"].get<std::int64_t>();
  std::map<std::string, std::int64_t> award_price;  // "conv/node" -> price
  std::int64_t delivered = 0, cheap = 0;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t from, const PayloadReader& note) {
    if (from != 0) return true;
    const std::string_view word = first_word(input.trace.text(input.trace.event(event).subject));
    const std::string node = "n" + std::to_string(note.integer("node").value_or(0));
    const std::string key = std::string(note.text("conv").value_or("")) + "/" + node;
    if (word == "award") award_price[key] = note.integer("price").value_or(0);
    if (word == "done" && node == wanted_node && award_price.count(key)) {
      (award_price[key] >= min_cents ? delivered : cheap) += 1;
    }
    return true;
  });
  std::string summary = wanted_node + " delivered " + std::to_string(delivered) + " task(s) at " + std::to_string(min_cents) + " cents or more";
  if (cheap > 0) summary.append(" (and ").append(std::to_string(cheap)).append(" for less)");
  if (delivered < min_tasks) return fail(summary + "; it must deliver at least " + std::to_string(min_tasks) + ".");
  return pass(summary + ".");
}

}  // namespace

std::vector<CheckSpec> contract_net_checks() {
  return {
      CheckSpec{"cnet.every_task_awarded_once", CheckKind::invariant, "contract_net",
                "no task is awarded while an earlier award of it is open or after it is settled, and none is counted done twice", {},
                every_task_awarded_once},
      CheckSpec{"cnet.deadline_respected", CheckKind::invariant, "contract_net",
                "every accepted proposal arrived by its call's reply-by (FIPA: late proposals are rejected)", {}, deadline_respected},
      CheckSpec{"cnet.reannounced_after_failure", CheckKind::invariant, "contract_net",
                "after a failure, an empty round or a missed result deadline the task is announced again or reported unassignable; no award "
                "waits longer than `silence_ticks` without a result deadline",
                {ArgSpec{"silence_ticks", ArgType::integer, "how long an award may wait with no result deadline", Json(300), 1, 1'000'000}},
                reannounced_after_failure},
      CheckSpec{"cnet.tasks_settled", CheckKind::goal, "contract_net",
                "every announced task is done or reported unassignable, and at least `min_done` are done",
                {ArgSpec{"min_done", ArgType::integer, "tasks that must be done", Json(1), 0, 1000}}, tasks_settled},
      CheckSpec{"cnet.contractor_delivered", CheckKind::goal, "contract_net",
                "contractor `node` was awarded at least `min_tasks` tasks at `min_cents` or more and reported each done",
                {ArgSpec{"node", ArgType::string, "the contractor, as n1, n2, ...", Json(), 0, 0},
                 ArgSpec{"min_cents", ArgType::integer, "the lowest award price that counts", Json(1), 1, 1'000'000'000},
                 ArgSpec{"min_tasks", ArgType::integer, "tasks it must deliver", Json(1), 1, 1000}},
                contractor_delivered},
  };
}

}  // namespace coordlab::check

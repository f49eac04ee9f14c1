// Checks of hierarchical coordination, recomputed from the actors' notes (see allocation/hierarchy.hpp):
// no coordinator gives a subtask to a second child while the first holds it (or after it is done), no
// worker ever holds more than its capacity, every worker is in the team of a coordinator reachable from
// the root, and the goal: the share of subtasks that workers actually completed.
#include <map>
#include <set>
#include <vector>

#include "check/check.hpp"
#include "check/notes.hpp"

namespace coordlab::check {
namespace {

using protocols::PayloadReader;

std::string node_label(std::int64_t node) { return "n" + std::to_string(node); }

std::vector<std::int64_t> node_list(std::string_view text) {
  std::vector<std::int64_t> nodes;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    if (auto node = protocols::parse_decimal(text.substr(0, comma))) nodes.push_back(*node);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return nodes;
}

struct Books {
  std::set<std::int64_t> holders;  // children holding the subtask now
  bool done = false;
};

CheckResult assigned_once(const CheckInput& input, const Json&) {
  std::map<std::pair<std::uint16_t, std::string>, Books> books;  // (coordinator, subtask)
  std::size_t delegations = 0;
  std::optional<CheckResult> failure;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    const std::string_view text = input.trace.text(input.trace.event(event).subject);
    const std::string_view word = text.substr(0, text.find(' '));
    const std::string subtask(note.text("subtask").value_or(""));
    if (subtask.empty()) return true;
    Books& record = books[{node, subtask}];
    const std::int64_t child = note.integer("child").value_or(-1);
    if (word == "delegate") {
      ++delegations;
      if (record.done) {
        failure = fail(node_label(node) + " delegated subtask " + subtask + " to " + node_label(child) + " after it was done.", event);
      } else if (!record.holders.empty()) {
        failure = fail(node_label(node) + " delegated subtask " + subtask + " to " + node_label(child) + " while " + node_label(*record.holders.begin()) +
                           " still held it: assigned twice.", event);
      }
      record.holders.insert(child);
    } else if (word == "done") {
      record.done = true;
      record.holders.clear();
    } else if (word == "failed" || word == "silent") {
      record.holders.erase(child);
    } else if (word == "cancelled") {
      record.holders.clear();
    }
    return !failure;
  });
  if (failure) return *failure;
  return pass(std::to_string(delegations) + " delegation(s); no coordinator gave a subtask to a second child while the first held it.");
}

CheckResult within_capacity(const CheckInput& input, const Json&) {
  std::size_t accepted = 0;
  std::optional<CheckResult> failure;
  for_each_note(input, "accept ", [&](std::size_t event, std::uint16_t node, const PayloadReader& note) {
    ++accepted;
    const std::int64_t load = note.integer("load").value_or(0), capacity = note.integer("capacity").value_or(0);
    if (load > capacity) {
      failure = fail("worker " + node_label(node) + " took subtask " + std::string(note.text("subtask").value_or("?")) + " and held " +
                         std::to_string(load) + " subtasks at once; its capacity is " + std::to_string(capacity) + ".",
                     event);
    }
    return !failure;
  });
  if (failure) return *failure;
  return pass(std::to_string(accepted) + " subtask(s) taken; no worker held more than its capacity.");
}

CheckResult all_reachable(const CheckInput& input, const Json&) {
  std::vector<std::int64_t> workers;
  std::map<std::int64_t, std::vector<std::int64_t>> teams;  // coordinator -> members
  bool found_org = false;
  for_each_note(input, "org ", [&](std::size_t, std::uint16_t node, const PayloadReader& note) {
    if (node != 0) return true;
    found_org = true;
    workers = node_list(note.text("workers").value_or(""));
    return true;
  });
  if (!found_org) return pass("the root (n0) has not described its org yet: nothing to reach.");
  for_each_note(input, "team ", [&](std::size_t, std::uint16_t node, const PayloadReader& note) {
    if (node == 0) teams[note.integer("coordinator").value_or(-1)] = node_list(note.text("members").value_or(""));
    return true;
  });
  std::set<std::int64_t> reached = {0};
  std::vector<std::int64_t> frontier = {0};
  while (!frontier.empty()) {
    const std::int64_t coordinator = frontier.back();
    frontier.pop_back();
    for (std::int64_t member : teams[coordinator])
      if (reached.insert(member).second) frontier.push_back(member);
  }
  for (std::int64_t worker : workers) {
    if (!reached.count(worker)) return fail("worker " + node_label(worker) + " is in no team reachable from the root: nothing is ever delegated to it, so it idles.");
  }
  return pass("all " + std::to_string(workers.size()) + " worker(s) are in a team reachable from the root.");
}

CheckResult completed_ratio(const CheckInput& input, const Json& args) {
  const std::int64_t wanted = args["min_permille"].get<std::int64_t>();
  std::int64_t total = -1;
  for_each_note(input, "org ", [&](std::size_t, std::uint16_t node, const PayloadReader& note) {
    if (node == 0) total = note.integer("subtasks").value_or(0);
    return node != 0;
  });
  if (total <= 0) return fail("the root (n0) never described its org: is this a hierarchy run that has started?");
  std::set<std::string> completed;  // by the workers' own notes, never by messages delivered
  for_each_note(input, "finished ", [&](std::size_t, std::uint16_t, const PayloadReader& note) {
    if (note.text("outcome").value_or("") == "done") completed.insert(std::string(note.text("subtask").value_or("")));
    return true;
  });
  const auto count = static_cast<std::int64_t>(completed.size());
  const std::int64_t permille = count * 1000 / total;
  const std::string summary = std::to_string(count) + " of " + std::to_string(total) + " subtasks completed by a worker (" + std::to_string(permille) + " permille)";
  if (permille < wanted) return fail(summary + "; at least " + std::to_string(wanted) + " permille must be completed.");
  return pass(summary + ".");
}

}  // namespace

std::vector<CheckSpec> hierarchy_checks() {
  return {
      CheckSpec{"hierarchy.assigned_once", CheckKind::invariant, "hierarchy",
                "no coordinator delegates a subtask while a child of its own still holds it, or after it is done", {}, assigned_once},
      CheckSpec{"hierarchy.within_capacity", CheckKind::invariant, "hierarchy", "no worker ever holds more subtasks at once than its capacity", {},
                within_capacity},
      CheckSpec{"hierarchy.all_reachable", CheckKind::invariant, "hierarchy",
                "every worker is in the team of a coordinator that the root reaches, so work can flow to it", {}, all_reachable},
      CheckSpec{"hierarchy.completed_ratio", CheckKind::goal, "hierarchy",
                "at least `min_permille` of the subtasks were completed by a worker (counted from the workers' completions, not from messages)",
                {ArgSpec{"min_permille", ArgType::integer, "completed subtasks, in permille of all", Json(1000), 0, 1000}}, completed_ratio},
  };
}

}  // namespace coordlab::check

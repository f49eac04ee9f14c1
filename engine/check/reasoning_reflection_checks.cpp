// reflection.* checks over the reflection protocol's notes: every recommendation must rest on
// experiences that really show what it claims, and learning must beat the untrained agent on held-out
// episodes, summed over every seed (a result measured on the training request itself does not count).
#include <map>
#include <set>

#include "check/notes.hpp"

namespace coordlab::check {
namespace {

using protocols::PayloadReader;

struct ExperienceNote {
  std::string situation, strategy;
  bool success = false;
};

std::vector<std::int64_t> split_ids(std::string_view list) {
  std::vector<std::int64_t> ids;
  while (!list.empty() && list != "-") {
    const std::size_t comma = list.find(',');
    if (auto id = protocols::parse_decimal(list.substr(0, comma))) ids.push_back(*id);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return ids;
}

// Why a cited experience does not support a recommendation, or "" when it does.
std::string unsupported(std::string_view kind, std::string_view situation, std::string_view strategy, const ExperienceNote& e) {
  if (e.situation != situation) return "is from situation " + e.situation;
  if (kind == "failure_prevention" && e.success) return "succeeded, so it shows no failure";
  if (kind == "failure_prevention" && e.strategy == strategy) return "used the recommended strategy itself";
  if (kind == "efficiency_optimization" && (!e.success || e.strategy == strategy)) return "is not a slow success of another strategy";
  if (kind == "strategy_selection" && (!e.success || e.strategy != strategy)) return "is not a success of the recommended strategy";
  return "";
}

CheckResult cites_evidence(const CheckInput& input, const Json& args) {
  std::map<std::int64_t, ExperienceNote> experiences;
  std::set<std::string> kinds;
  std::int64_t recommendations = 0;
  CheckResult result = pass("");
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    std::string_view text = input.trace.text(input.trace.event(event).subject);
    if (text.substr(0, 11) == "experience ") {
      experiences[note.integer("id").value_or(-1)] = ExperienceNote{std::string(note.text("situation").value_or("")),
                                                                    std::string(note.text("strategy").value_or("")), note.integer("success").value_or(0) == 1};
      return true;
    }
    if (text.substr(0, 15) != "recommendation ") return true;
    ++recommendations;
    const std::string kind(note.text("kind").value_or(""));
    kinds.insert(kind);
    const std::vector<std::int64_t> cites = split_ids(note.text("cites").value_or("-"));
    const std::string name = kind + " for " + std::string(note.text("situation").value_or("")) + " (" + std::string(note.text("strategy").value_or("")) + ")";
    if (cites.empty() || split_ids(note.text("insights").value_or("-")).empty()) {
      result = fail("recommendation " + name + " cites no experience or no insight.", event);
      return false;
    }
    for (std::int64_t id : cites) {
      auto found = experiences.find(id);
      const std::string why = found == experiences.end() ? "does not exist"
                                                        : unsupported(kind, note.text("situation").value_or(""), note.text("strategy").value_or(""), found->second);
      if (why.empty()) continue;
      result = fail("recommendation " + name + " cites experience " + std::to_string(id) + ", which " + why + ".", event);
      return false;
    }
    return true;
  });
  if (!result.passed) return result;
  std::string_view required = args["require_kinds"].get_ref<const std::string&>();
  while (!required.empty()) {
    const std::size_t comma = required.find(',');
    const std::string kind(required.substr(0, comma));
    if (!kinds.count(kind)) return fail("no " + kind + " recommendation was made; look at the thresholds and the experiences.");
    required = comma == std::string_view::npos ? std::string_view{} : required.substr(comma + 1);
  }
  if (recommendations < args["min_recommendations"].get<std::int64_t>()) return fail(std::to_string(recommendations) + " recommendation(s); more are needed.");
  return pass(std::to_string(recommendations) + " recommendation(s), each citing experiences that show what it claims.");
}

CheckResult heldout_improvement(const CheckInput& input, const Json& args) {
  std::int64_t learned = 0, baseline = 0, episodes = 0, seeds = 0, improved = 0, worse = 0;
  std::string scope;
  std::optional<std::size_t> last_event;
  for_each_note(input, "", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    std::string_view text = input.trace.text(input.trace.event(event).subject);
    if (text.substr(0, 8) == "heldout ") {
      const std::int64_t l = note.integer("learned").value_or(0), b = note.integer("baseline").value_or(0);
      learned += l;
      baseline += b;
      episodes += note.integer("episodes").value_or(0);
      ++seeds;
      improved += l > b ? 1 : 0;
      worse += l < b ? 1 : 0;
      last_event = event;
    } else if (text.substr(0, 9) == "learning ") {
      scope = std::string(note.text("scope").value_or(""));
    }
    return true;
  });
  if (seeds == 0) return fail("no held-out results in the run yet.");
  if (scope != "cross_episode_heldout")
    return fail("the comparison was made on " + (scope.empty() ? std::string("an unknown set") : scope) +
                    ", not on held-out episodes: an agent compared on the request it learned from proves nothing about new ones.", last_event);
  if (seeds < args["min_seeds"].get<std::int64_t>())
    return fail(std::to_string(seeds) + " seed(s); at least " + std::to_string(args["min_seeds"].get<std::int64_t>()) + " are needed to tell a gain from luck.");
  const std::int64_t gain = 1000 * (learned - baseline) / episodes;
  const std::string said = "held-out success " + std::to_string(learned) + "/" + std::to_string(episodes) + " learned vs " + std::to_string(baseline) + "/" +
                           std::to_string(episodes) + " untrained over " + std::to_string(seeds) + " seeds (" + std::to_string(improved) + " better, " +
                           std::to_string(worse) + " worse)";
  if (gain < args["min_gain_permille"].get<std::int64_t>())
    return fail(said + ": a gain of " + std::to_string(gain) + " permille, below the " + std::to_string(args["min_gain_permille"].get<std::int64_t>()) + " asked for.", last_event);
  return pass(said + ": a gain of " + std::to_string(gain) + " permille.");
}

}  // namespace

std::vector<CheckSpec> reflection_checks() {
  return {
      CheckSpec{"reflection.recommendation_cites_evidence", CheckKind::invariant, "reflection",
                "every recommendation cites insights and experiences that show what it claims; the required kinds are present",
                {ArgSpec{"require_kinds", ArgType::string, "comma-separated kinds that must appear, e.g. efficiency_optimization,failure_prevention", Json("")},
                 ArgSpec{"min_recommendations", ArgType::integer, "recommendations the run must hold", Json(1), 0, 10000}},
                cites_evidence},
      CheckSpec{"reflection.heldout_improvement", CheckKind::goal, "reflection",
                "learning raised held-out success over the untrained agent with the same attempts, summed over seeds",
                {ArgSpec{"min_gain_permille", ArgType::integer, "smallest gain in success rate that counts", Json(1), -1000, 1000},
                 ArgSpec{"min_seeds", ArgType::integer, "seeds the experiment must cover", Json(10), 1, 64}},
                heldout_improvement},
  };
}

}  // namespace coordlab::check

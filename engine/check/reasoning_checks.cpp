// react.*, reflection.* and tool.* checks, read from the reasoning protocols' trace notes (see
// reasoning/react.hpp and reasoning/reflection_actor.cpp for their format). Each failure names the
// first step or record at fault. Ground truth never comes from the detector under test: a trace "loops"
// when, within one stretch without progress, it twice repeats an earlier call with the same input and
// the same observation (one retry of a failed call is not a loop); the detector's flags are compared.
#include <algorithm>
#include <map>
#include <set>

#include "check/notes.hpp"
#include "reasoning/quality.hpp"
#include "reasoning/react.hpp"

namespace coordlab::check {
namespace {

using protocols::PayloadReader;

struct StepNote {
  std::size_t event = 0;
  std::int64_t step = 0;
  std::string action, input, observation, dimensions, intervention;
  std::int64_t quality = 0, fit = 0, outcome = 0, clarity = 0;
  bool progress = false, repeat = false, off_goal = false, loop = false;
};

struct AgentNotes {
  std::vector<StepNote> steps;
  std::optional<std::size_t> stop_event;
  std::string stop_reason;
  std::int64_t stop_step = 0;
  bool success = false;
};

std::map<std::int64_t, AgentNotes> read_agents(const CheckInput& input) {
  std::map<std::int64_t, AgentNotes> agents;
  for_each_note(input, "react ", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    AgentNotes& agent = agents[note.integer("agent").value_or(-1)];
    if (note.text("reason")) {
      agent.stop_event = event;
      agent.stop_reason = std::string(note.text("reason").value_or(""));
      agent.stop_step = note.integer("step").value_or(0);
      agent.success = note.integer("success").value_or(0) == 1;
      return true;
    }
    StepNote step;
    step.event = event;
    step.step = note.integer("step").value_or(0);
    step.action = std::string(note.text("action").value_or(""));
    step.input = std::string(note.text("input").value_or(""));
    step.observation = std::string(note.text("obs").value_or(""));
    step.dimensions = std::string(note.text("d").value_or(""));
    step.intervention = std::string(note.text("intervention").value_or("-"));
    step.quality = note.integer("q").value_or(-1);
    step.fit = note.integer("fit").value_or(-1);
    step.outcome = note.integer("outcome").value_or(-1);
    step.clarity = note.integer("clarity").value_or(-1);
    step.progress = note.integer("progress").value_or(0) == 1;
    step.repeat = note.integer("repeat").value_or(0) == 1;
    step.off_goal = note.integer("off_goal").value_or(0) == 1;
    step.loop = note.integer("loop").value_or(0) == 1;
    agent.steps.push_back(step);
    return true;
  });
  return agents;
}

const AgentNotes* find_agent(const std::map<std::int64_t, AgentNotes>& agents, std::int64_t agent) {
  auto it = agents.find(agent);
  return it == agents.end() ? nullptr : &it->second;
}

std::string agent_name(std::int64_t agent) { return "n" + std::to_string(agent); }

CheckResult stopped_because(const CheckInput& input, const Json& args) {
  const std::int64_t agent = args["agent"].get<std::int64_t>();
  const std::string& reason = args["reason"].get_ref<const std::string&>();
  const std::int64_t step = args["step"].get<std::int64_t>();
  const auto agents = read_agents(input);
  const AgentNotes* notes = find_agent(agents, agent);
  if (notes == nullptr || !notes->stop_event) return fail(agent_name(agent) + " has not stopped yet; run longer.");
  std::string said = agent_name(agent) + " stopped at step " + std::to_string(notes->stop_step) + " because of " + notes->stop_reason;
  if (notes->stop_reason != reason) return fail(said + ", not " + reason + ".", notes->stop_event);
  if (step > 0 && notes->stop_step != step) return fail(said + ", not at step " + std::to_string(step) + ".", notes->stop_event);
  return pass(said + ".");
}

// Repeats of an earlier (action, input, observation) with no progress since it.
std::vector<std::size_t> true_loop_repeats(const AgentNotes& notes) {
  std::vector<std::size_t> repeats;
  for (std::size_t j = 0; j < notes.steps.size(); ++j) {
    bool progress_since = false;  // in steps (i, j]
    for (std::size_t i = j; i-- > 0;) {
      progress_since = progress_since || notes.steps[i + 1].progress;
      if (progress_since) break;
      const StepNote& a = notes.steps[i];
      const StepNote& b = notes.steps[j];
      if (a.action == b.action && a.input == b.input && a.observation == b.observation) {
        repeats.push_back(j);
        break;
      }
    }
  }
  return repeats;
}

CheckResult loop_flags(const CheckInput& input, const Json& args) {
  const std::int64_t min_loops = args["min_loops"].get<std::int64_t>();
  const std::int64_t min_clean = args["min_clean"].get<std::int64_t>();
  const auto agents = read_agents(input);
  std::int64_t loops = 0, clean = 0;
  for (const auto& [agent, notes] : agents) {
    const std::vector<std::size_t> all_repeats = true_loop_repeats(notes);
    // Two repeats in one stretch without progress make a loop; a single retry of a failed call does not.
    std::vector<std::size_t> repeats;
    for (std::size_t r = 0; r < all_repeats.size() && repeats.size() < 2; ++r) {
      bool progress_between = false;
      if (!repeats.empty())
        for (std::size_t k = repeats.front() + 1; k <= all_repeats[r]; ++k) progress_between = progress_between || notes.steps[k].progress;
      if (progress_between) repeats.clear();
      repeats.push_back(all_repeats[r]);
    }
    const bool looping = repeats.size() >= 2;
    auto flagged = std::find_if(notes.steps.begin(), notes.steps.end(), [](const StepNote& s) { return s.loop; });
    (looping ? loops : clean) += 1;
    if (looping && flagged == notes.steps.end())
      return fail(agent_name(agent) + " loops (step " + std::to_string(notes.steps[repeats[1]].step) + " repeats an earlier call and its result with no progress) but was never flagged.",
                  notes.steps[repeats[1]].event);
    if (!looping && flagged != notes.steps.end())
      return fail(agent_name(agent) + " was flagged at step " + std::to_string(flagged->step) + " but it does not loop: every repeated action saw something new or made progress.",
                  flagged->event);
  }
  if (loops < min_loops) return fail(std::to_string(loops) + " looping trace(s) in the run; the check needs at least " + std::to_string(min_loops) + ".");
  if (clean < min_clean) return fail(std::to_string(clean) + " trace(s) without a loop; the check needs at least " + std::to_string(min_clean) + ".");
  return pass("the detector flagged exactly the " + std::to_string(loops) + " looping trace(s) and none of the " + std::to_string(clean) + " others.");
}

CheckResult intervened_within(const CheckInput& input, const Json& args) {
  const std::int64_t agent = args["agent"].get<std::int64_t>();
  const std::int64_t k = args["k"].get<std::int64_t>();
  const auto agents = read_agents(input);
  const AgentNotes* notes = find_agent(agents, agent);
  if (notes == nullptr) return fail(agent_name(agent) + " took no step yet.");
  auto flag = std::find_if(notes->steps.begin(), notes->steps.end(), [](const StepNote& s) { return s.loop; });
  if (flag == notes->steps.end()) return fail("no loop was flagged for " + agent_name(agent) + ", so there is nothing to intervene on.");
  // An intervention before the flag (on low quality, say) caught the loop even earlier: it counts.
  for (auto it = notes->steps.begin(); it != notes->steps.end() && it->step <= flag->step + k; ++it)
    if (it->intervention != "-") return pass("loop flagged at step " + std::to_string(flag->step) + ", " + it->intervention + " at step " + std::to_string(it->step) + ".");
  return fail("loop flagged at step " + std::to_string(flag->step) + " but no intervention within " + std::to_string(k) + " step(s).", flag->event);
}

CheckResult final_before_max_steps(const CheckInput& input, const Json& args) {
  const std::int64_t agent = args["agent"].get<std::int64_t>();
  const auto agents = read_agents(input);
  const AgentNotes* notes = find_agent(agents, agent);
  if (notes == nullptr || !notes->stop_event) return fail(agent_name(agent) + " has not finished yet.");
  if (notes->stop_reason != "final_answer")
    return fail(agent_name(agent) + " stopped at step " + std::to_string(notes->stop_step) + " because of " + notes->stop_reason + ", without a final answer.", notes->stop_event);
  if (args["require_success"].get<bool>() && !notes->success)
    return fail(agent_name(agent) + " gave its final answer at step " + std::to_string(notes->stop_step) + " without loading the data.", notes->stop_event);
  return pass(agent_name(agent) + " reached its final answer at step " + std::to_string(notes->stop_step) + ".");
}

CheckResult quality_of_step(const CheckInput& input, const Json& args) {
  const std::int64_t agent = args["agent"].get<std::int64_t>();
  const std::int64_t wanted = args["step"].get<std::int64_t>();
  const auto agents = read_agents(input);
  const AgentNotes* notes = find_agent(agents, agent);
  if (notes == nullptr || static_cast<std::int64_t>(notes->steps.size()) < wanted) return fail(agent_name(agent) + " has not taken step " + std::to_string(wanted) + " yet.");
  const StepNote& step = notes->steps[static_cast<std::size_t>(wanted - 1)];
  reasoning::QualityFacts facts{step.clarity > 0, step.clarity == 1000, step.fit, step.outcome, step.progress, step.repeat, step.off_goal};
  const reasoning::Quality expected = reasoning::score_step(facts);
  if (expected.overall != step.quality) return fail("step " + std::to_string(wanted) + " recorded quality " + std::to_string(step.quality) + " but its facts give " + std::to_string(expected.overall) + ".", step.event);
  const std::int64_t low = args["min_permille"].get<std::int64_t>(), high = args["max_permille"].get<std::int64_t>();
  const std::string said = "step " + std::to_string(wanted) + " (" + step.action + ") scored " + std::to_string(step.quality) + " permille";
  if (step.quality < low || step.quality > high) return fail(said + ", outside " + std::to_string(low) + "-" + std::to_string(high) + ".", step.event);
  return pass(said + ".");
}

CheckResult calculate_safe(const CheckInput& input, const Json& args) {
  std::int64_t calls = 0;
  CheckResult result = pass("");
  for_each_note(input, "tool ", [&](std::size_t event, std::uint16_t, const PayloadReader& note) {
    if (note.text("tool").value_or("") != "calculate") return true;
    ++calls;
    const std::string_view answer = note.text("result").value_or("");
    if (answer.substr(0, 6) == "value=" || answer.substr(0, 11) == "error:calc." || answer == "error:tool_failed") return true;
    result = fail("calculate(" + reasoning::decode_token(note.text("input").value_or("-")) + ") got " + std::string(answer) + ": neither a bounded value nor a clear error.", event);
    return false;
  });
  if (!result.passed) return result;
  if (calls < args["min_calls"].get<std::int64_t>()) return fail(std::to_string(calls) + " calculate call(s); the check needs " + std::to_string(args["min_calls"].get<std::int64_t>()) + ".");
  return pass(std::to_string(calls) + " calculate call(s), each answered with a bounded value or a clear error.");
}

std::vector<CheckSpec> react_checks() {
  const ArgSpec agent{"agent", ArgType::integer, "the agent's node index", Json(0), 0, 7};
  return {
      CheckSpec{"react.stopped_because", CheckKind::goal, "react", "the agent stopped for the given reason (and at the given step)",
                {agent, ArgSpec{"reason", ArgType::string, "final_answer, max_steps, script_ended, no_rule_matched or intervention_stop", Json("final_answer")},
                 ArgSpec{"step", ArgType::integer, "the stop step, 0 for any", Json(0), 0, 200}},
                stopped_because},
      CheckSpec{"react.loop_flags", CheckKind::invariant, "react", "the loop detector flags exactly the traces that loop (repeat a call and its result without progress)",
                {ArgSpec{"min_loops", ArgType::integer, "looping traces the run must hold (a lesson sets it; 0 keeps the light green before a run)", Json(0), 0, 8},
                 ArgSpec{"min_clean", ArgType::integer, "traces without a loop the run must hold (a lesson sets it)", Json(0), 0, 8}},
                loop_flags},
      CheckSpec{"react.intervened_within", CheckKind::goal, "react", "meta-reasoning intervened within k steps of the first loop flag",
                {agent, ArgSpec{"k", ArgType::integer, "steps allowed after the first flag", Json(2), 0, 200}}, intervened_within},
      CheckSpec{"react.final_before_max_steps", CheckKind::goal, "react", "the agent reached its final answer before max_steps ran out",
                {agent, ArgSpec{"require_success", ArgType::boolean, "the data must also have been loaded", Json(true)}}, final_before_max_steps},
      CheckSpec{"react.quality_of_step", CheckKind::goal, "react", "a step's quality follows from its facts with the six weights, within bounds",
                {agent, ArgSpec{"step", ArgType::integer, "the step (1-based)", Json(1), 1, 200},
                 ArgSpec{"min_permille", ArgType::integer, "lowest allowed quality", Json(0), 0, 1000},
                 ArgSpec{"max_permille", ArgType::integer, "highest allowed quality", Json(1000), 0, 1000}},
                quality_of_step},
      CheckSpec{"tool.calculate_safe", CheckKind::invariant, "react", "every calculate call was answered with a bounded value or a clear error",
                {ArgSpec{"min_calls", ArgType::integer, "calculate calls the run must hold (0: an invariant light that holds until a call goes wrong)", Json(0), 0, 1000}}, calculate_safe},
  };
}

}  // namespace

std::vector<CheckSpec> reflection_checks();  // reflection_checks.cpp

std::vector<CheckSpec> reasoning_checks() {
  std::vector<CheckSpec> all = react_checks();
  for (auto& spec : reflection_checks()) all.push_back(std::move(spec));
  return all;
}

}  // namespace coordlab::check

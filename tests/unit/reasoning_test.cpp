// Reasoning, the pure parts: the safe calculator answers hostile input with a coded error, never a crash
// or a hang; step quality is the course's six weights over observable facts; the loop rules differ
// exactly where the design says (the course's flag a legitimate alternation, the lab's does not);
// policies and the agent stop for a recorded reason; the course's meta-reasoning trigger never fires.
#include <doctest/doctest.h>

#include <string>

#include "reasoning/agent.hpp"
#include "reasoning/episode_runner.hpp"
#include "reasoning/safe_calc.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::reasoning;

std::string calc_error(std::string_view text) {
  Result<std::int64_t> value = safe_calculate(text);
  return value.ok() ? "ok" : value.error().code;
}

}  // namespace

TEST_CASE("reasoning: calculate: arithmetic with precedence and right-associative powers") {
  CHECK(safe_calculate("(120 - 8) * 3").value() == 336);
  CHECK(safe_calculate("2 ** 3 ** 2").value() == 512);
  CHECK(safe_calculate("-2 ** 2").value() == -4);
  CHECK(safe_calculate("7 / 2 + 7 % 2").value() == 4);
  CHECK(safe_calculate("10 ** 15").value() == 1'000'000'000'000'000);
}

TEST_CASE("reasoning: calculate: hostile input gets a coded error (9**9**9, nesting, empty, non-ASCII, code)") {
  CHECK(calc_error("9**9**9") == "calc.too_large");
  CHECK(calc_error("10 ** 16") == "calc.too_large");
  CHECK(calc_error("999999999999999999999") == "calc.too_large");
  std::string nested(40, '(');
  nested.append("1").append(40, ')');
  CHECK(calc_error(nested) == "calc.too_deep");
  std::string signs(60, '-');
  signs.append("1");
  CHECK(calc_error(signs) == "calc.too_deep");
  CHECK(calc_error("") == "calc.empty");
  CHECK(calc_error("   ") == "calc.empty");
  CHECK(calc_error("2 \xc3\x97 3") == "calc.bad_character");
  CHECK(calc_error("__import__('os')") == "calc.bad_character");
  CHECK(calc_error("1 / 0") == "calc.division_by_zero");
  CHECK(calc_error("2 ** -1") == "calc.negative_exponent");
  CHECK(calc_error("(1 + 2") == "calc.syntax");
  CHECK(calc_error("1 +") == "calc.syntax");
  CHECK(calc_error(std::string(300, '1')) == "calc.too_long");
  // Every byte string up to length 3 over the calculator's alphabet terminates with a value or an error.
  const std::string alphabet = "0129+-*/%() ";
  std::size_t answered = 0;
  for (char a : alphabet)
    for (char b : alphabet)
      for (char c : alphabet) {
        Result<std::int64_t> value = safe_calculate(std::string{a, b, c});
        answered += value.ok() || !value.error().message.empty() ? 1 : 0;
      }
  CHECK(answered == alphabet.size() * alphabet.size() * alphabet.size());
}

TEST_CASE("reasoning: quality: the six course weights over the facts, in permille") {
  QualityFacts facts{true, true, 1000, 1000, true, false, false};
  CHECK(score_step(facts).overall == 1000);
  facts = QualityFacts{true, false, 500, 500, false, false, false};  // 100 + 125 + 125 + 0 + 100 + 50
  CHECK(score_step(facts).overall == 500);
  facts = QualityFacts{false, false, 0, 0, false, true, true};
  CHECK(score_step(facts).overall == 0);
  std::int64_t sum = 0;
  for (std::int64_t w : kCourseWeightsPermille) sum += w;
  CHECK(sum == 1000);
}

TEST_CASE("reasoning: loop rules: the course's rules flag a legitimate alternation, the lab's only a real loop") {
  // transform / validate alternation that fixes one issue each time: progress, different observations.
  std::vector<LoopSample> alternation = {{"validate_data", "", "data:issues=nulls,duplicates", ""}, {"transform_data", "nulls", "fixed=nulls", ""},
                                         {"validate_data", "", "data:issues=duplicates", ""}, {"transform_data", "duplicates", "fixed=duplicates", ""}};
  std::vector<LoopSample> loop = {{"route_pipeline", "", "rejected:unresolved=1", ""}, {"validate_data", "", "data:ok", ""},
                                  {"route_pipeline", "", "rejected:unresolved=1", ""}, {"validate_data", "", "data:ok", ""}};
  const LoopRule lab = loop_rule_preset("lab").value();
  const LoopRule course_text = loop_rule_preset("course_text").value();
  const LoopRule course_code = loop_rule_preset("course_code").value();
  CHECK_FALSE(loop_flagged(alternation, lab));
  CHECK(loop_flagged(loop, lab));
  CHECK(loop_flagged(alternation, course_text));
  CHECK(loop_flagged(loop, course_text));
  std::vector<LoopSample> prefix(alternation.begin(), alternation.begin() + 3);
  CHECK(loop_flagged(prefix, course_text));  // 3 steps, 2 distinct actions: already flagged
  CHECK_FALSE(loop_flagged(prefix, course_code));
  std::vector<LoopSample> thoughts = {{"analyze_schema", "", "schema:ok", "Check step 1"}, {"validate_data", "", "data:ok", "Check step 2"}};
  CHECK(loop_flagged(thoughts, course_code));  // near-identical thoughts
  CHECK(loop_rule_preset("nope").error().code == "params.bad_choice");
}

TEST_CASE("reasoning: rules: parsing errors say what is wrong") {
  CHECK(parse_rule("known_issue -> transform_data $issue").ok());
  CHECK(parse_rule("known_issue transform_data").error().code == "react.bad_rule");
  CHECK(parse_rule("sunny -> analyze_schema").error().message.find("unknown condition \"sunny\"") != std::string::npos);
  CHECK(parse_rule("always -> launch_rockets").error().message.find("unknown action") != std::string::npos);
  CHECK(parse_script_step("calculate (3 + 4) * 2 | how many rows?").value().input == "(3 + 4) * 2");
}

namespace {

AgentConfig rules_agent(std::int64_t max_steps = 15) {
  AgentConfig config;
  config.policy.kind = PolicyKind::rules;
  for (const std::string& line : default_rule_lines()) config.policy.rules.push_back(parse_rule(line).value());
  config.max_steps = max_steps;
  return config;
}

}  // namespace

TEST_CASE("reasoning: agent: the lab's rule table loads every episode within max_steps (500 episodes, no faults)") {
  for (std::int64_t i = 0; i < 500; ++i) {
    const Episode episode = generate_episode(7, i, IssueDistribution::linked);
    Random faults(1);
    EpisodeResult result = run_episode(episode, rules_agent(), 0, faults);
    CAPTURE(i);
    CHECK(result.success);
    CHECK(result.stop_reason == "final_answer");
    CHECK(result.steps <= 9);  // analyze, validate, up to 4 fixes, route, final
  }
}

TEST_CASE("reasoning: agent: the course's mock never finishes; meta-reasoning rescues it, the course's trigger never fires") {
  AgentConfig config;
  config.policy.kind = PolicyKind::course_mock;
  config.max_steps = 15;
  config.meta.trigger = MetaTrigger::course;
  const Episode episode = generate_episode(3, 0, IssueDistribution::linked);
  Random faults(1);
  EpisodeResult stuck = run_episode(episode, config, 0, faults);
  CHECK(stuck.stop_reason == "max_steps");
  CHECK(stuck.steps == 15);
  CHECK_FALSE(stuck.success);
  config.meta.trigger = MetaTrigger::loop_or_low_quality;
  EpisodeResult rescued = run_episode(episode, config, 0, faults);
  CHECK(rescued.stop_reason == "final_answer");
  CHECK(rescued.success);
  config.meta.intervention = Intervention::stop;
  CHECK(run_episode(episode, config, 0, faults).stop_reason == "intervention_stop");
}

TEST_CASE("reasoning: agent: a scripted policy stops when its script ends, and records why") {
  AgentConfig config;
  config.policy.kind = PolicyKind::scripted;
  config.policy.script = {parse_script_step("analyze_schema").value(), parse_script_step("validate_data").value()};
  Random faults(1);
  EpisodeResult result = run_episode(generate_episode(1, 0, IssueDistribution::linked), config, 0, faults);
  CHECK(result.stop_reason == "script_ended");
  CHECK(result.steps == 2);
}

TEST_CASE("reasoning: agent: the learner chooses each step; choosing after the stop is an error") {
  AgentConfig config;
  config.policy.kind = PolicyKind::learner;
  config.max_steps = 1;
  ReactAgent agent(config);
  CHECK_FALSE(agent.next_decision().has_value());
  CHECK_FALSE(agent.stopped());
  REQUIRE(agent.choose(Decision{Tool::analyze_schema, "", "look at the schema", -1}).ok());
  std::optional<Decision> decision = agent.next_decision();
  REQUIRE(decision.has_value());
  agent.record(*decision, "schema:ok", true, 0, 3);
  CHECK(agent.stop_reason() == "max_steps");
  CHECK(agent.choose(Decision{}).error().code == "react.stopped");
  CHECK(agent.steps()[0].quality.overall == 1000);
}

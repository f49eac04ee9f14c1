// Reflection and learning: recommendations cite the experiences that show them; a strategy learned per
// situation raises held-out success over the untrained agent with the same attempts when issues depend
// on the situation, and honestly shows no gain when they do not; the course's variants (storing what
// nothing reads, comparing on the training request) are caught by reflection.heldout_improvement;
// Reflexion's per-task memory helps retries of the same task and is labelled as such.
#include <doctest/doctest.h>

#include "reasoning/reflection.hpp"
#include "support/protocol_session.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::reasoning;
using test_support::evaluate;

app::Session run_reflection(const Json& params, std::uint64_t run_seed = 1) {
  Json scenario = {{"format", "coordlab.scenario/1"}, {"name", "reflection_test"}, {"protocol", "reflection"}, {"nodes", 1}, {"params", params}};
  app::Session session = test_support::make_session(scenario, run_seed);
  test_support::apply(session, Json{{"op", "run"}, {"ticks", 10}});
  return session;
}

}  // namespace

TEST_CASE("reasoning: reflection: recommendations name their kind and cite supporting experiences") {
  LearningParams params;
  params.seeds = 1;
  params.training_episodes = 60;
  LearningReport report = run_learning_experiment(params);
  REQUIRE_FALSE(report.reflection.recommendations.empty());
  std::set<std::string> kinds;
  for (const Recommendation& r : report.reflection.recommendations) {
    kinds.insert(r.kind);
    CHECK_FALSE(r.cites.empty());
    CHECK_FALSE(r.insights.empty());
  }
  CHECK(kinds.count("failure_prevention"));
  CHECK(kinds.count("strategy_selection"));
}

TEST_CASE("reasoning: reflection: learning beats the untrained agent on held-out episodes (20 seeds), not when nothing can be learned") {
  LearningParams params;
  LearningReport linked = run_learning_experiment(params);
  CHECK(linked.scope == "cross_episode_heldout");
  CHECK(linked.seeds.size() == 20);
  CHECK(linked.gain_permille_mean > 100);
  CHECK(linked.seeds_improved > linked.seeds_worse);
  params.variant = LearningVariant::store_only;
  LearningReport stored = run_learning_experiment(params);
  CHECK(stored.gain_permille_mean == 0);  // nothing reads what was stored
  params.variant = LearningVariant::lab;
  params.distribution = IssueDistribution::uniform;
  params.baseline = Strategy::full_check;
  LearningReport uniform = run_learning_experiment(params);
  CHECK(uniform.gain_permille_mean <= 0);  // no situation predicts the issues: an honest "no improvement"
}

TEST_CASE("reasoning: reflection: without a seed param the experiment follows the run's seed; with one it does not") {
  const Json small = {{"seeds", 2}, {"training_episodes", 12}, {"heldout_episodes", 6}};
  CHECK(run_reflection(small, 1).trace().hash() == run_reflection(small, 1).trace().hash());
  CHECK(run_reflection(small, 1).trace().hash() != run_reflection(small, 2).trace().hash());
  Json pinned = small;
  pinned["seed"] = 7;
  CHECK(run_reflection(pinned, 1).trace().hash() == run_reflection(pinned, 2).trace().hash());
}

TEST_CASE("reasoning: reflection: the checks pass on the lab's experiment and fail on the course's variants") {
  app::Session lab = run_reflection(Json::object());
  CHECK(evaluate(lab, "reflection.heldout_improvement", {{"min_gain_permille", 50}, {"min_seeds", 20}}).passed);
  CHECK(evaluate(lab, "reflection.recommendation_cites_evidence", {{"require_kinds", "failure_prevention,strategy_selection"}}).passed);
  app::Session same_request = run_reflection({{"variant", "same_request"}});
  CHECK_FALSE(evaluate(same_request, "reflection.heldout_improvement").passed);
  app::Session store_only = run_reflection({{"variant", "store_only"}});
  CHECK_FALSE(evaluate(store_only, "reflection.heldout_improvement").passed);
  app::Session course = run_reflection({{"thresholds", "course"}});
  CHECK_FALSE(evaluate(course, "reflection.recommendation_cites_evidence", {{"require_kinds", "efficiency_optimization"}}).passed);
}

TEST_CASE("reasoning: reflection: Reflexion's per-task memory helps retries of the same task") {
  LearningParams params;
  params.heldout_episodes = 60;
  params.baseline = Strategy::schema_first;
  ReflexionReport report = run_reflexion(params, 3, 3);
  REQUIRE(report.solved_with_memory.size() == 3);
  CHECK(report.solved_with_memory[0] == report.solved_without_memory[0]);  // the first attempt has no memory yet
  CHECK(report.solved_with_memory[2] > report.solved_without_memory[2]);
  for (std::size_t a = 1; a < 3; ++a) CHECK(report.solved_with_memory[a] >= report.solved_with_memory[a - 1]);
}

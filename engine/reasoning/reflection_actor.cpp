// The `reflection` protocol: node 0 runs a learning experiment when it boots (training episodes, the
// reflection over their experiences, held-out evaluation against the untrained agent, the learning
// curve, and Reflexion's per-task retries) and writes every result as a trace note, so checks, views and
// plots read the run like any other. Notes:
//   "experience id= situation= strategy= success= steps= ticks="
//   "insight n= kind= situation= strategy= confidence= impact= evidence=1,4"
//   "recommendation n= kind= situation= strategy= cites=1,4 insights=0"
//   "heldout seed= episodes= learned= baseline= learned_steps= baseline_steps="
//   "curve training= training_success= heldout_success="
//   "learning scope= seeds= gain_mean= gain_min= gain_max= improved= worse="
//   "reflexion attempt= with_memory= without_memory= tasks= scope=same_task_retried"
#include <memory>

#include "core/limits.hpp"
#include "protocols/params_reader.hpp"
#include "protocols/payload.hpp"
#include "reasoning/react.hpp"

namespace coordlab::reasoning {
namespace {

using protocols::PayloadWriter;

constexpr std::int64_t kMaxExperimentSeed = 1'000'000'000;

std::string join_ids(const std::vector<std::int64_t>& ids) {
  std::string text;
  for (std::int64_t id : ids) {
    if (!text.empty()) text += ',';
    text += std::to_string(id);
  }
  return text.empty() ? "-" : text;
}

class ReflectionActor final : public sim::Actor {
 public:
  ReflectionActor(const LearningParams& params, bool seed_from_run, std::int64_t attempts, std::int64_t window)
      : params_(params), seed_from_run_(seed_from_run), attempts_(attempts), window_(window) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<ReflectionActor>(*this); }

  void start(sim::Context& context) override {
    // Without a `seed` param the experiment's seeds follow the run's seed, so another run seed (or a
    // shared link's) gives other episodes and another trace hash.
    if (seed_from_run_) params_.seed = static_cast<std::uint64_t>(context.random.range(1, kMaxExperimentSeed));
    report_ = run_learning_experiment(params_);
    for (const Experience& e : report_.experiences) {
      PayloadWriter note;
      note.add("id", e.id).add("situation", e.situation).add("strategy", strategy_name(e.strategy)).add("success", e.success ? 1 : 0)
          .add("steps", e.steps).add("ticks", e.ticks);
      context.out.note("experience " + note.text());
    }
    for (std::size_t i = 0; i < report_.reflection.insights.size(); ++i) {
      const Insight& insight = report_.reflection.insights[i];
      PayloadWriter note;
      note.add("n", static_cast<std::int64_t>(i)).add("kind", insight.kind).add("situation", insight.situation).add("strategy", strategy_name(insight.strategy))
          .add("confidence", insight.confidence_permille).add("impact", insight.impact_permille).add("evidence", join_ids(insight.evidence));
      context.out.note("insight " + note.text());
    }
    for (std::size_t i = 0; i < report_.reflection.recommendations.size(); ++i) {
      const Recommendation& r = report_.reflection.recommendations[i];
      std::vector<std::int64_t> insights(r.insights.begin(), r.insights.end());
      PayloadWriter note;
      note.add("n", static_cast<std::int64_t>(i)).add("kind", r.kind).add("situation", r.situation).add("strategy", strategy_name(r.strategy))
          .add("cites", join_ids(r.cites)).add("insights", join_ids(insights));
      context.out.note("recommendation " + note.text());
    }
    write_results(context);
  }

  void handle_message(const sim::Message&, sim::Context&) override {}
  void handle_timer(std::uint16_t, sim::Context&) override {}
  Status handle_input(std::string_view, sim::Context&) override {
    return make_error("input.invalid", "the reflection engine takes no input; change the scenario's params and run again.");
  }
  std::string role() const override { return "reflection"; }
  void describe(sim::StateWriter& writer) const override;

 private:
  void write_results(sim::Context& context) const {
    for (const SeedOutcome& o : report_.seeds) {
      PayloadWriter note;
      note.add("seed", static_cast<std::int64_t>(o.seed)).add("episodes", o.episodes).add("learned", o.learned_successes).add("baseline", o.baseline_successes)
          .add("learned_steps", o.learned_steps).add("baseline_steps", o.baseline_steps);
      context.out.note("heldout " + note.text());
    }
    for (const CurvePoint& point : report_.curve) {
      PayloadWriter note;
      note.add("training", point.training_episodes).add("training_success", point.training_success_permille).add("heldout_success", point.heldout_success_permille);
      context.out.note("curve " + note.text());
    }
    PayloadWriter summary;
    summary.add("scope", report_.scope).add("seeds", static_cast<std::int64_t>(report_.seeds.size())).add("gain_mean", report_.gain_permille_mean)
        .add("gain_min", report_.gain_permille_min).add("gain_max", report_.gain_permille_max).add("improved", report_.seeds_improved).add("worse", report_.seeds_worse);
    context.out.note("learning " + summary.text());
    if (attempts_ == 0) return;
    const ReflexionReport reflexion = run_reflexion(params_, attempts_, window_);
    for (std::size_t a = 0; a < reflexion.solved_with_memory.size(); ++a) {
      PayloadWriter note;
      note.add("attempt", static_cast<std::int64_t>(a + 1)).add("with_memory", reflexion.solved_with_memory[a]).add("without_memory", reflexion.solved_without_memory[a])
          .add("tasks", reflexion.tasks).add("scope", "same_task_retried");
      context.out.note("reflexion " + note.text());
    }
  }

  LearningParams params_;
  bool seed_from_run_ = false;
  std::int64_t attempts_ = 0, window_ = 3;
  LearningReport report_;
};

void ReflectionActor::describe(sim::StateWriter& writer) const {
  writer.field("scope", report_.scope);
  writer.field("gain_mean_permille", report_.gain_permille_mean);
  writer.field("gain_min_permille", report_.gain_permille_min);
  writer.field("gain_max_permille", report_.gain_permille_max);
  writer.field("seeds_improved", report_.seeds_improved);
  writer.table("reflection.experiences", {"id", "situation", "strategy", "outcome", "steps", "ticks"});
  for (const Experience& e : report_.experiences)
    writer.row({std::to_string(e.id), e.situation, std::string(strategy_name(e.strategy)), e.success ? "success" : "failure", std::to_string(e.steps), std::to_string(e.ticks)});
  writer.table("reflection.recommendations", {"kind", "situation", "use strategy", "from insights", "cites experiences"});
  for (const Recommendation& r : report_.reflection.recommendations) {
    std::string from;
    for (std::size_t i : r.insights) {
      const Insight& insight = report_.reflection.insights[i];
      if (!from.empty()) from += "; ";
      from += insight.kind + " " + std::string(strategy_name(insight.strategy)) + " (confidence " + std::to_string(insight.confidence_permille) + ", impact " +
              std::to_string(insight.impact_permille) + ")";
    }
    writer.row({r.kind, r.situation, std::string(strategy_name(r.strategy)), from, join_ids(r.cites)});
  }
}

Result<LearningParams> parse_learning(const Json& json, const std::string& pointer, std::int64_t& attempts, std::int64_t& window, bool& seed_from_run) {
  LearningParams p;
  Json given = json.is_null() ? Json::object() : json;
  ObjectReader reader(given, pointer, "reflection params");
  RETURN_IF_ERROR(reader.check({"seed", "seeds", "training_episodes", "heldout_episodes", "fault_permille", "max_steps", "baseline", "distribution",
                                "thresholds", "min_support", "min_confidence_permille", "min_impact_permille", "variant", "reflexion_attempts", "reflexion_window"}));
  struct IntField { const char* key; std::int64_t low, high, fallback; std::int64_t* target; };
  std::int64_t seed = 1, max_steps = 6;
  seed_from_run = !given.contains("seed");
  const IntField fields[] = {{"seed", 0, kMaxExperimentSeed, 1, &seed}, {"seeds", 1, limits::kMaxLearningSeeds, 20, &p.seeds},
      {"training_episodes", 0, limits::kMaxTrainingEpisodes, 60, &p.training_episodes}, {"heldout_episodes", 1, limits::kMaxHeldoutEpisodes, 30, &p.heldout_episodes},
      {"fault_permille", 0, 1000, 50, &p.fault_permille}, {"max_steps", 1, limits::kMaxReactSteps, 6, &max_steps},
      {"reflexion_attempts", 0, 10, 0, &attempts}, {"reflexion_window", 1, static_cast<std::int64_t>(limits::kMaxReflectionWindow), 3, &window}};
  for (const IntField& field : fields) {
    Result<std::int64_t> value = reader.integer(field.key, field.low, field.high, field.fallback);
    if (!value.ok()) return value.error();
    *field.target = value.value();
  }
  p.seed = static_cast<std::uint64_t>(seed);
  p.max_steps = max_steps;
  // The lab's thresholds, or the course's (so strict that no efficiency recommendation is ever made).
  Result<std::string> preset = reader.string("thresholds", "lab");
  if (!preset.ok()) return preset.error();
  if (preset.value() == "course") p.thresholds = ReflectionThresholds{5, 800, 1000};
  else if (preset.value() != "lab") return make_error("params.bad_choice", "\"thresholds\" must be \"lab\" or \"course\".", reader.pointer_of("thresholds"));
  const IntField thresholds[] = {{"min_support", 1, 1000, p.thresholds.min_support, &p.thresholds.min_support},
      {"min_confidence_permille", 0, 1000, p.thresholds.min_confidence_permille, &p.thresholds.min_confidence_permille},
      {"min_impact_permille", 0, 10'000, p.thresholds.min_impact_permille, &p.thresholds.min_impact_permille}};
  for (const IntField& field : thresholds) {
    Result<std::int64_t> value = reader.integer(field.key, field.low, field.high, field.fallback);
    if (!value.ok()) return value.error();
    *field.target = value.value();
  }
  Result<std::string> baseline = reader.string("baseline", "schema_first");
  if (!baseline.ok()) return baseline.error();
  if (!parse_strategy(baseline.value(), p.baseline))
    return make_error("params.bad_choice", "\"baseline\" must be one of \"schema_first\", \"validate_first\", \"full_check\".", reader.pointer_of("baseline"));
  Result<IssueDistribution> distribution = protocols::read_choice<IssueDistribution>(reader, "distribution", {{"linked", IssueDistribution::linked}, {"uniform", IssueDistribution::uniform}});
  if (!distribution.ok()) return distribution.error();
  p.distribution = distribution.value();
  Result<LearningVariant> variant = protocols::read_choice<LearningVariant>(reader, "variant", {{"lab", LearningVariant::lab},
      {"store_only", LearningVariant::store_only}, {"same_request", LearningVariant::same_request}});
  if (!variant.ok()) return variant.error();
  p.variant = variant.value();
  return p;
}

}  // namespace

std::unique_ptr<sim::Actor> make_reflection_actor(const LearningParams& params, bool seed_from_run, std::int64_t attempts, std::int64_t window) {
  return std::make_unique<ReflectionActor>(params, seed_from_run, attempts, window);
}

protocols::ProtocolSpec reflection_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "reflection";
  spec.summary = "a reflection engine (node 0) learning a strategy per situation, measured on held-out episodes against the untrained agent";
  spec.views = {protocols::ViewSpec{"reflection.experiences", "Experiences", protocols::ViewKind::table, "reflection.experiences", "the training experiences of the first seed"},
                protocols::ViewSpec{"reflection.recommendations", "Recommendations", protocols::ViewKind::table, "reflection.recommendations",
                                    "insights -> recommendations, with the experiences each cites"},
                protocols::ViewSpec{"reflection.learning_curve", "Learning curve", protocols::ViewKind::plot, "reflection.learning_curve",
                                    "training and held-out success against the number of training episodes"}};
  spec.configure_with_nodes = [](const Json& json, const std::string& pointer, const std::vector<std::string>& nodes) -> Result<sim::ActorFactory> {
    if (nodes.size() != 1) return make_error("scenario.bad_node_count", "a reflection scenario has one node: the reflection engine.", "/nodes");
    std::int64_t attempts = 0, window = 3;
    bool seed_from_run = false;
    Result<LearningParams> parsed = parse_learning(json, pointer, attempts, window, seed_from_run);
    if (!parsed.ok()) return parsed.error();
    LearningParams chosen = parsed.value();
    return sim::ActorFactory([chosen, seed_from_run, attempts, window](NodeId, std::size_t, std::string_view) {
      return make_reflection_actor(chosen, seed_from_run, attempts, window);
    });
  };
  return spec;
}

}  // namespace coordlab::reasoning

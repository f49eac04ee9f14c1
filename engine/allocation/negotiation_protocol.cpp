// The negotiation protocol's spec and validated params (see negotiation.hpp).
#include <memory>

#include "allocation/negotiation.hpp"
#include "core/limits.hpp"
#include "protocols/params_reader.hpp"

namespace coordlab::allocation {

std::unique_ptr<sim::Actor> make_negotiation_actor(const NegotiationParams& params, NodeId self);

namespace {

using protocols::read_choice;

Result<std::vector<std::string>> read_items(const ObjectReader& reader) {
  const Json* items = reader.find("items");
  if (items == nullptr || !items->is_array() || items->empty() || items->size() > limits::kMaxNegotiationItems) {
    return make_error("params.bad_items", "\"items\" lists the 1 to " + std::to_string(limits::kMaxNegotiationItems) + " items negotiated over, e.g. [\"price\", \"days\"].",
                      reader.pointer_of("items"));
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const Json& name = (*items)[i];
    const bool ok = name.is_string() && !name.get<std::string>().empty() && name.get<std::string>().size() <= 32 &&
                    name.get<std::string>().find_first_of(" ,=") == std::string::npos;
    if (!ok) return make_error("params.bad_items", "an item name is 1 to 32 characters without spaces, commas or '='.", pointer_append(reader.pointer_of("items"), i));
    names.push_back(name.get<std::string>());
  }
  return names;
}

Result<ItemPreference> read_item_preference(const Json& value, const std::string& pointer) {
  ObjectReader reader(value, pointer, "an item preference");
  RETURN_IF_ERROR(reader.check({"weight_permille", "ideal", "reservation"}));
  ItemPreference item;
  Result<std::int64_t> weight = reader.integer("weight_permille", 0, 1000);
  if (!weight.ok()) return weight.error();
  Result<std::int64_t> ideal = reader.integer("ideal", -limits::kMaxNegotiationValue, limits::kMaxNegotiationValue);
  if (!ideal.ok()) return ideal.error();
  Result<std::int64_t> reservation = reader.integer("reservation", -limits::kMaxNegotiationValue, limits::kMaxNegotiationValue);
  if (!reservation.ok()) return reservation.error();
  if (ideal.value() == reservation.value()) {
    return make_error("params.bad_preference", "\"ideal\" (score 1000) and \"reservation\" (score 0) must differ.", reader.pointer_of("ideal"));
  }
  item.weight_permille = weight.value();
  item.ideal = ideal.value();
  item.reservation = reservation.value();
  return item;
}

// The exponent beta must name the tactic's family: Boulware beta < 1, linear beta = 1, Conceder beta > 1.
Status check_beta(const NegotiatorProfile& profile, const ObjectReader& reader) {
  const bool fits = (profile.tactic == Tactic::boulware && profile.beta_permille < 1000) || (profile.tactic == Tactic::linear && profile.beta_permille == 1000) ||
                    (profile.tactic == Tactic::conceder && profile.beta_permille > 1000) ||
                    profile.tactic == Tactic::schedule || profile.tactic == Tactic::course_drift;
  if (fits) return {};
  return make_error("params.bad_beta", "\"beta_permille\" is beta x 1000 in the Faratin/GENIUS convention a(t) = k + (1-k)(t/T)^(1/beta): Boulware needs beta < 1 "
                                       "(below 1000), linear exactly 1000, Conceder above 1000. (NegMAS's exponent is 1/beta.)",
                    reader.pointer_of("beta_permille"));
}

Result<NegotiatorProfile> read_agent(const Json& value, const std::string& pointer, std::size_t items) {
  ObjectReader reader(value, pointer, "a negotiating agent");
  RETURN_IF_ERROR(reader.check({"tactic", "beta_permille", "k_permille", "prefs"}));
  NegotiatorProfile profile;
  Result<Tactic> tactic = read_choice<Tactic>(reader, "tactic", {{"linear", Tactic::linear}, {"boulware", Tactic::boulware}, {"conceder", Tactic::conceder},
                                                                 {"schedule", Tactic::schedule}, {"course_drift", Tactic::course_drift}});
  if (!tactic.ok()) return tactic.error();
  profile.tactic = tactic.value();
  const std::int64_t default_beta = profile.tactic == Tactic::boulware ? 200 : profile.tactic == Tactic::conceder ? 5000 : 1000;
  Result<std::int64_t> beta = reader.integer("beta_permille", limits::kMinNegotiationBetaPermille, limits::kMaxNegotiationBetaPermille, default_beta);
  if (!beta.ok()) return beta.error();
  profile.beta_permille = beta.value();
  RETURN_IF_ERROR(check_beta(profile, reader));
  Result<std::int64_t> k = reader.integer("k_permille", 0, 1000, 0);
  if (!k.ok()) return k.error();
  profile.k_permille = k.value();
  const Json* prefs = reader.find("prefs");
  if (prefs == nullptr || !prefs->is_array() || prefs->size() != items) {
    return make_error("params.bad_preferences", "\"prefs\" has one {\"weight_permille\", \"ideal\", \"reservation\"} per item (" + std::to_string(items) + ").",
                      reader.pointer_of("prefs"));
  }
  std::int64_t weights = 0;
  for (std::size_t j = 0; j < items; ++j) {
    Result<ItemPreference> item = read_item_preference((*prefs)[j], pointer_append(reader.pointer_of("prefs"), j));
    if (!item.ok()) return item.error();
    weights += item.value().weight_permille;
    profile.prefs.push_back(item.value());
  }
  if (weights != 1000) {
    return make_error("params.bad_weights", "the item weights must sum to 1000 permille; these sum to " + std::to_string(weights) + ".", reader.pointer_of("prefs"));
  }
  return profile;
}

Result<std::vector<std::int64_t>> read_schedule(const ObjectReader& reader) {
  std::vector<std::int64_t> schedule;
  const Json* list = reader.find("schedule_permille");
  if (list == nullptr) return schedule;
  const std::string pointer = reader.pointer_of("schedule_permille");
  const std::string hint = "\"schedule_permille\" lists a(t) for t = 0, 1, ... (round t + 1): up to " + std::to_string(limits::kMaxNegotiationRounds) +
                           " whole numbers from 0 (ideal) to 1000 (reservation).";
  if (!list->is_array() || list->empty() || list->size() > static_cast<std::size_t>(limits::kMaxNegotiationRounds)) return make_error("params.bad_schedule", hint, pointer);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& entry = (*list)[i];
    if (!entry.is_number_integer() || entry.get<std::int64_t>() < 0 || entry.get<std::int64_t>() > 1000) {
      return make_error("params.bad_schedule", hint, pointer_append(pointer, i));
    }
    schedule.push_back(entry.get<std::int64_t>());
  }
  return schedule;
}

Status read_numbers(const ObjectReader& reader, NegotiationParams& parsed) {
  struct Field {
    const char* key;
    std::int64_t* target;
    std::int64_t low, high;
  };
  for (const Field& field : {Field{"deadline_rounds", &parsed.deadline_rounds, 1, limits::kMaxNegotiationRounds},
                             Field{"resend_ticks", &parsed.resend_ticks, 1, limits::kMaxNegotiationResendTicks},
                             Field{"max_resends", &parsed.max_resends, 0, limits::kMaxNegotiationResends},
                             Field{"course_drift_step_permille", &parsed.course_drift_step_permille, 0, 1000},
                             Field{"course_drift_bound_permille", &parsed.course_drift_bound_permille, 0, 1000}}) {
    Result<std::int64_t> read = reader.integer(field.key, field.low, field.high, *field.target);
    if (!read.ok()) return read.error();
    *field.target = read.value();
  }
  return {};
}

Result<NegotiationParams> parse_params(const Json& params, const std::string& pointer) {
  if (params.is_null()) return make_error("params.missing", "the negotiation protocol needs params: \"items\" and two \"agents\".", pointer);
  ObjectReader reader(params, pointer, "negotiation params");
  RETURN_IF_ERROR(reader.check({"items", "agents", "deadline_rounds", "acceptance", "schedule_permille", "resend_ticks", "max_resends",
                                "course_drift_step_permille", "course_drift_bound_permille"}));
  NegotiationParams parsed;
  Result<std::vector<std::string>> items = read_items(reader);
  if (!items.ok()) return items.error();
  parsed.items = items.value();
  RETURN_IF_ERROR(read_numbers(reader, parsed));
  Result<Acceptance> acceptance = read_choice<Acceptance>(reader, "acceptance", {{"ac_next", Acceptance::ac_next}, {"course_item_match", Acceptance::course_item_match}});
  if (!acceptance.ok()) return acceptance.error();
  parsed.acceptance = acceptance.value();
  Result<std::vector<std::int64_t>> schedule = read_schedule(reader);
  if (!schedule.ok()) return schedule.error();
  parsed.schedule_permille = schedule.value();
  const Json* agents = reader.find("agents");
  if (agents == nullptr || !agents->is_array() || agents->size() != 2) {
    return make_error("params.bad_agents", "\"agents\" has exactly two objects, for n0 (who offers first) and n1.", reader.pointer_of("agents"));
  }
  for (std::size_t i = 0; i < 2; ++i) {
    Result<NegotiatorProfile> agent = read_agent((*agents)[i], pointer_append(reader.pointer_of("agents"), i), parsed.items.size());
    if (!agent.ok()) return agent.error();
    parsed.agents.push_back(agent.value());
  }
  return parsed;
}

}  // namespace

protocols::ProtocolSpec negotiation_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "negotiation";
  spec.summary = "bilateral alternating offers over several items with a deadline in rounds; Boulware/Conceder tactics "
                 "(beta in the Faratin/GENIUS convention: beta < 1 Boulware, > 1 Conceder), a learner schedule, AC_next";
  spec.message_types = {"Offer", "Accept", "End"};
  spec.timer_kinds = {"Resend"};
  spec.views = {{"negotiation.utilities", "Offer utilities", protocols::ViewKind::plot, "negotiation.utilities",
                 "each offer's utility to both agents (permille) by round; the offers cross where agreement becomes possible"},
                {"negotiation.offers", "Offers", protocols::ViewKind::table, "offers", "every offer each agent made, with its utility to n0 and to n1"}};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<NegotiationParams> parsed = parse_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    NegotiationParams chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId self, std::size_t, std::string_view) { return make_negotiation_actor(chosen, self); });
  };
  return spec;
}

}  // namespace coordlab::allocation

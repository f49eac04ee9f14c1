// Bilateral negotiation by alternating offers (Rubinstein 1982; the two-party case of the Stacked
// Alternating Offers Protocol of Aydogan et al. 2017) over several items, between nodes n0 and n1 on
// the simulated network. n0 makes the first offer in round 1; on its turn a party accepts the offer on
// the table or makes a counter-offer in the next round; a party that receives the offer of the last
// round (the deadline) and does not accept ends the negotiation with no agreement (each keeps its
// reservation value, utility 0). A lost offer is resent after "resend_ticks"; after "max_resends"
// silent resends the sender gives up, so every negotiation ends within its deadline and in bounded time.
//
// Utilities are integer permille. Each agent has, per item, a weight (permille, the weights sum to 1000),
// an ideal value (score 1000) and a reservation value (score 0); the score is linear between them, capped
// at 1000 beyond the ideal and negative beyond the reservation (unacceptable). Utility = sum of
// weight x score / 1000.
//
// Offers follow Faratin, Sierra & Jennings (1998) time-dependent tactics: on item j,
// x_j(t) = ideal_j + a(t) (reservation_j - ideal_j), with t = round - 1, T = deadline - 1 and
//   a(t) = k + (1 - k) (t / T)^(1 / beta)          (EXPONENT CONVENTION: Faratin / GENIUS "e")
// beta < 1 is Boulware (holds out, concedes near the deadline), beta = 1 linear, beta > 1 Conceder;
// a(T) = 1, the reservation at the deadline. NegMAS's PolyAspiration uses the inverse exponent
// (its e = 1 / beta: boulware 4.0 there is beta = 0.25 here). beta is given in permille ("beta_permille":
// 200 is beta = 0.2). The "schedule" tactic takes a(t) from the learner-edited list "schedule_permille"
// (entry t, the last entry after the list ends).
//
// Acceptance "ac_next" (GENIUS AC_next): accept if u(offer) >= u(my next offer); at the deadline, where
// there is no next offer, accept anything at least the reservation (u >= 0).
//
// Course variants: tactic "course_drift" concedes by moving its own preferences (the caller's object):
// each turn the ideal drifts "course_drift_step_permille" of the span towards the reservation, at most
// "course_drift_bound_permille" in all, so it mutates its inputs and never reaches its reservation;
// acceptance "course_item_match" accepts only when at least 800 permille of the items equal exactly what
// it would offer next. Together (the course's 8 rounds, "agree on 0.8 of items") they never converge.
//
// Trace notes (read by the negotiation.* checks and the utility plot):
//   "negotiation deadline=8 items=price,days"                                     (n0, at start)
//   "prefs agent=0 prefs=100>40@700,1>10@300"                                      (each agent, at start)
//   "offer round=3 by=0 values=60,4 u0=450 u1=700 prefs=..."  (u0, u1: utility to each agent under its
//      original preferences, written by the simulator for the plot; prefs: the offerer's current ones)
//   "agree round=3 by=1 values=60,4 u0=450 u1=700"    (by: the accepting agent)
//   "no_agreement round=8 by=1 reason=deadline|silence"
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "protocols/protocol_spec.hpp"

namespace coordlab::allocation {

enum NegotiationMessage : std::uint16_t { kNegotiationOffer, kNegotiationAccept, kNegotiationEnd };
enum NegotiationTimer : std::uint16_t { kNegotiationResendTimer };

enum class Tactic : std::uint8_t { boulware, linear, conceder, schedule, course_drift };
enum class Acceptance : std::uint8_t { ac_next, course_item_match };

struct ItemPreference {
  std::int64_t weight_permille = 0;
  std::int64_t ideal = 0;        // score 1000
  std::int64_t reservation = 0;  // score 0
};
using Preferences = std::vector<ItemPreference>;  // one per item
using Offer = std::vector<std::int64_t>;          // one value per item

struct NegotiatorProfile {
  Tactic tactic = Tactic::linear;
  std::int64_t beta_permille = 1000;  // Faratin/GENIUS beta (see above), in permille
  std::int64_t k_permille = 0;        // the initial concession k
  Preferences prefs;
};

struct NegotiationParams {
  std::vector<std::string> items;
  std::vector<NegotiatorProfile> agents;  // exactly two: n0 and n1
  std::int64_t deadline_rounds = 8;
  Acceptance acceptance = Acceptance::ac_next;
  std::vector<std::int64_t> schedule_permille;  // a(t) for tactic "schedule"; empty = linear
  std::int64_t resend_ticks = 30;
  std::int64_t max_resends = 5;
  std::int64_t course_drift_step_permille = 50;
  std::int64_t course_drift_bound_permille = 200;
};

// u(offer) in permille; negative when an item is beyond the reservation.
std::int64_t utility_permille(const Preferences& prefs, const Offer& offer);
// (t / T)^(1000 / beta_permille) in parts per million, exactly reproducible (integer bisection).
std::int64_t time_fraction_power_ppm(std::int64_t t, std::int64_t t_max, std::int64_t beta_permille);
// a(t) in permille for the time-dependent tactics and the schedule (not for course_drift).
std::int64_t concession_permille(const NegotiatorProfile& profile, const std::vector<std::int64_t>& schedule_permille, std::int64_t round,
                                 std::int64_t deadline_rounds);
// The offer at concession a: ideal + a (reservation - ideal) on every item, rounded towards the ideal.
Offer offer_at(const Preferences& prefs, std::int64_t concession_permille);
// The course's drift: `prefs` with every ideal moved towards the reservation by `drift_permille` of the span.
Preferences drifted(const Preferences& prefs, std::int64_t drift_permille);
// Acceptance: does an agent whose next offer would be `next` (none at the deadline) accept `offered`?
bool accepts(Acceptance rule, const Preferences& prefs, const Offer& offered, const Offer* next);

// "Boulware (beta = 0.2 < 1)"; names the convention.
std::string tactic_label(const NegotiatorProfile& profile);
// "100>40@700,1>10@300": ideal>reservation@weight per item (the note form of a preference object).
std::string prefs_text(const Preferences& prefs);
std::string offer_text(const Offer& offer);  // "60,4"

protocols::ProtocolSpec negotiation_protocol();

}  // namespace coordlab::allocation

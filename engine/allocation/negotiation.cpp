// The negotiation's pure rules: utilities, concession curves, offers and acceptance (negotiation.hpp).
#include "allocation/negotiation.hpp"

#include <algorithm>
#include <numeric>

#include "core/assert.hpp"

namespace coordlab::allocation {
namespace {

constexpr std::int64_t kPpm = 1'000'000;

std::int64_t floor_div(std::int64_t num, std::int64_t den) {
  ENGINE_ASSERT(den != 0);
  const std::int64_t quotient = num / den;
  return (num % den != 0 && ((num < 0) != (den < 0))) ? quotient - 1 : quotient;
}

// y^e in parts per million, floored at each product: nondecreasing in y, so bisection on it is exact.
std::int64_t power_ppm(std::int64_t base_ppm, std::int64_t exponent) {
  std::int64_t result = kPpm;
  while (exponent > 0) {
    if (exponent & 1) result = result * base_ppm / kPpm;
    base_ppm = base_ppm * base_ppm / kPpm;
    exponent >>= 1;
  }
  return result;
}

std::int64_t item_score_permille(const ItemPreference& item, std::int64_t value) {
  ENGINE_ASSERT(item.ideal != item.reservation);
  return std::min<std::int64_t>(1000, floor_div((value - item.reservation) * 1000, item.ideal - item.reservation));
}

bool within_reservation(const Preferences& prefs, const Offer& offer) {
  for (std::size_t j = 0; j < prefs.size(); ++j)
    if (item_score_permille(prefs[j], offer[j]) < 0) return false;
  return true;
}

// "0.2", "1", "12.5": a permille amount as a decimal.
std::string permille_text(std::int64_t permille) {
  std::string text = std::to_string(permille / 1000);
  std::int64_t rest = permille % 1000;
  if (rest == 0) return text;
  std::string decimals = std::to_string(1000 + rest).substr(1);
  while (decimals.back() == '0') decimals.pop_back();
  return text + "." + decimals;
}

}  // namespace

std::int64_t utility_permille(const Preferences& prefs, const Offer& offer) {
  ENGINE_ASSERT(prefs.size() == offer.size());
  std::int64_t sum = 0;
  for (std::size_t j = 0; j < prefs.size(); ++j) sum += prefs[j].weight_permille * item_score_permille(prefs[j], offer[j]);
  return floor_div(sum, 1000);
}

std::int64_t time_fraction_power_ppm(std::int64_t t, std::int64_t t_max, std::int64_t beta_permille) {
  ENGINE_ASSERT(beta_permille > 0);
  if (t_max <= 0 || t >= t_max) return kPpm;
  if (t <= 0) return 0;
  const std::int64_t x_ppm = t * kPpm / t_max;
  // (t/T)^(1000/beta): with 1000/beta = n/d in lowest terms, the largest y with y^d <= x^n.
  const std::int64_t common = std::gcd<std::int64_t>(1000, beta_permille);
  const std::int64_t n = 1000 / common, d = beta_permille / common;
  const std::int64_t target = power_ppm(x_ppm, n);
  std::int64_t low = 0, high = kPpm;
  while (low < high) {
    const std::int64_t mid = (low + high + 1) / 2;
    if (power_ppm(mid, d) <= target) low = mid;
    else high = mid - 1;
  }
  return low;
}

std::int64_t concession_permille(const NegotiatorProfile& profile, const std::vector<std::int64_t>& schedule_permille, std::int64_t round,
                                 std::int64_t deadline_rounds) {
  const std::int64_t t = std::max<std::int64_t>(0, round - 1), t_max = deadline_rounds - 1;
  switch (profile.tactic) {
    case Tactic::boulware:
    case Tactic::linear:
    case Tactic::conceder:
      return profile.k_permille + (1000 - profile.k_permille) * time_fraction_power_ppm(t, t_max, profile.beta_permille) / kPpm;
    case Tactic::schedule:
      if (schedule_permille.empty()) return t_max <= 0 ? 1000 : std::min<std::int64_t>(1000, t * 1000 / t_max);
      return schedule_permille[std::min<std::size_t>(static_cast<std::size_t>(t), schedule_permille.size() - 1)];
    case Tactic::course_drift: return 0;  // it offers its (drifted) ideal
  }
  return 0;
}

Offer offer_at(const Preferences& prefs, std::int64_t concession) {
  Offer offer;
  for (const ItemPreference& item : prefs) offer.push_back(item.ideal + concession * (item.reservation - item.ideal) / 1000);  // truncates towards the ideal
  return offer;
}

Preferences drifted(const Preferences& prefs, std::int64_t drift_permille) {
  Preferences moved = prefs;
  for (ItemPreference& item : moved) item.ideal += drift_permille * (item.reservation - item.ideal) / 1000;
  return moved;
}

bool accepts(Acceptance rule, const Preferences& prefs, const Offer& offered, const Offer* next) {
  if (rule == Acceptance::course_item_match) {
    if (next == nullptr) return false;
    std::size_t equal = 0;
    for (std::size_t j = 0; j < offered.size(); ++j) equal += offered[j] == (*next)[j] ? 1 : 0;
    return equal * 1000 >= 800 * offered.size();
  }
  if (!within_reservation(prefs, offered)) return false;
  const std::int64_t offered_utility = utility_permille(prefs, offered);
  return next == nullptr ? offered_utility >= 0 : offered_utility >= utility_permille(prefs, *next);
}

std::string tactic_label(const NegotiatorProfile& profile) {
  const std::string beta = permille_text(profile.beta_permille);
  const std::string convention = " in the Faratin/GENIUS convention a(t) = k + (1-k)(t/T)^(1/beta); NegMAS's exponent is 1/beta)";
  switch (profile.tactic) {
    case Tactic::boulware: return "Boulware (beta = " + beta + " < 1" + convention;
    case Tactic::linear: return "linear (beta = 1" + convention;
    case Tactic::conceder: return "Conceder (beta = " + beta + " > 1" + convention;
    case Tactic::schedule: return "schedule (a(t) from schedule_permille)";
    case Tactic::course_drift: return "course_drift (the course: moves its own preferences, bounded)";
  }
  return "unknown";
}

std::string prefs_text(const Preferences& prefs) {
  std::string text;
  for (const ItemPreference& item : prefs) {
    if (!text.empty()) text += ",";
    text += std::to_string(item.ideal);
    text += ">";
    text += std::to_string(item.reservation);
    text += "@";
    text += std::to_string(item.weight_permille);
  }
  return text;
}

std::string offer_text(const Offer& offer) {
  std::string text;
  for (std::int64_t value : offer) {
    if (!text.empty()) text += ",";
    text += std::to_string(value);
  }
  return text;
}

}  // namespace coordlab::allocation

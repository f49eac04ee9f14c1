// A negotiating agent (n0 or n1) of the alternating-offers protocol (negotiation.hpp). Each agent keeps
// the round it last saw or sent and its last message; a duplicate or resent offer for an old round gets
// the same answer again, so loss and duplication never make a party skip or repeat a decision.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "allocation/negotiation.hpp"
#include "protocols/payload.hpp"

namespace coordlab::allocation {
namespace {

using protocols::PayloadReader;
using protocols::PayloadWriter;

enum class Phase : std::uint8_t { negotiating, agreed, no_agreement };

std::string_view phase_name(Phase phase) {
  switch (phase) {
    case Phase::negotiating: return "negotiating";
    case Phase::agreed: return "agreed";
    case Phase::no_agreement: return "no agreement";
  }
  return "unknown";
}

std::optional<Offer> read_offer(std::string_view text, std::size_t items) {
  Offer offer;
  while (!text.empty() && offer.size() <= items) {
    const std::size_t comma = text.find(',');
    const auto value = protocols::parse_decimal(text.substr(0, comma));
    if (!value) return std::nullopt;
    offer.push_back(*value);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  if (offer.size() != items) return std::nullopt;
  return offer;
}

class NegotiatorActor final : public sim::Actor {
 public:
  NegotiatorActor(const NegotiationParams& params, std::uint16_t self) : params_(params), self_(self), prefs_(params.agents[self].prefs) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<NegotiatorActor>(*this); }

  void start(sim::Context& context) override {
    context.out.note("prefs agent=" + std::to_string(self_) + " prefs=" + prefs_text(prefs_));
    if (self_ != 0) return;
    std::string items;
    for (const std::string& item : params_.items) items += (items.empty() ? "" : ",") + item;
    context.out.note("negotiation deadline=" + std::to_string(params_.deadline_rounds) + " items=" + items);
    make_offer(1, context);
  }

  void handle_message(const sim::Message& message, sim::Context& context) override {
    const PayloadReader reader(message.payload);
    const std::int64_t round = reader.integer("round").value_or(0);
    if (message.type == kNegotiationOffer) return on_offer(round, reader, context);
    if (round != round_ || phase_ != Phase::negotiating) return;  // an answer to an older offer, or already over
    context.out.cancel_timers(kNegotiationResendTimer);
    phase_ = message.type == kNegotiationAccept ? Phase::agreed : Phase::no_agreement;
  }

  void handle_timer(std::uint16_t, sim::Context& context) override {
    if (phase_ != Phase::negotiating || !awaiting_answer_) return;
    if (resends_ >= params_.max_resends) {
      phase_ = Phase::no_agreement;
      context.out.note("no_agreement round=" + std::to_string(round_) + " by=" + std::to_string(self_) + " reason=silence");
      return;
    }
    ++resends_;
    send_last(context);
    context.out.set_timer(kNegotiationResendTimer, params_.resend_ticks);
  }

  Status handle_input(std::string_view, sim::Context&) override {
    return make_error("input.not_accepted", "negotiators take no input; change the params (tactics, schedule, acceptance) instead.");
  }

  std::string role() const override { return std::string(phase_name(phase_)); }

  void describe(sim::StateWriter& writer) const override {
    writer.field("tactic", tactic_label(params_.agents[self_]));
    writer.field("acceptance", params_.acceptance == Acceptance::ac_next ? "AC_next: accept if u(offer) >= u(my next offer)"
                                                                          : "course_item_match: accept if >= 0.8 of items equal my next offer");
    writer.field("status", phase_name(phase_));
    writer.field("round", round_);
    writer.field("deadline_rounds", params_.deadline_rounds);
    writer.field("preferences", prefs_text(prefs_));
    writer.table("offers", {"round", "values", "u_n0_permille", "u_n1_permille"});
    for (const auto& [round, offer] : sent_offers_) {
      writer.row({std::to_string(round), offer_text(offer), std::to_string(utility_permille(params_.agents[0].prefs, offer)),
                  std::to_string(utility_permille(params_.agents[1].prefs, offer))});
    }
  }

 private:
  // What this agent offers in `round`; the course's tactic drifts its own preferences first.
  Offer offer_for(std::int64_t round) {
    const NegotiatorProfile& profile = params_.agents[self_];
    if (profile.tactic == Tactic::course_drift) {
      const std::int64_t own_turns = (round + 1) / 2;
      if (own_turns > 1 && drifted_permille_ + params_.course_drift_step_permille <= params_.course_drift_bound_permille) {
        drifted_permille_ += params_.course_drift_step_permille;
        prefs_ = drifted(prefs_, params_.course_drift_step_permille);  // the course mutates its input
      }
      return offer_at(prefs_, 0);
    }
    return offer_at(prefs_, concession_permille(profile, params_.schedule_permille, round, params_.deadline_rounds));
  }

  // The offer this agent would make next (for AC_next), computed without changing anything.
  Offer peek_offer(std::int64_t round) const {
    NegotiatorActor copy(*this);
    return copy.offer_for(round);
  }

  void make_offer(std::int64_t round, sim::Context& context) {
    const Offer offer = offer_for(round);
    round_ = round;
    sent_offers_.emplace_back(round, offer);
    context.out.note("offer round=" + std::to_string(round) + " by=" + std::to_string(self_) + " values=" + offer_text(offer) +
                     " u0=" + std::to_string(utility_permille(params_.agents[0].prefs, offer)) +
                     " u1=" + std::to_string(utility_permille(params_.agents[1].prefs, offer)) + " prefs=" + prefs_text(prefs_));
    last_type_ = kNegotiationOffer;
    last_payload_ = PayloadWriter().add("round", round).add("values", offer_text(offer)).text();
    awaiting_answer_ = true;
    resends_ = 0;
    send_last(context);
    context.out.set_timer(kNegotiationResendTimer, params_.resend_ticks);
  }

  void answer(NegotiationMessage type, std::int64_t round, sim::Context& context) {
    round_ = round;
    last_type_ = type;
    last_payload_ = PayloadWriter().add("round", round).text();
    awaiting_answer_ = false;
    send_last(context);
  }

  void on_offer(std::int64_t round, const PayloadReader& reader, sim::Context& context) {
    if (round <= round_ && !last_payload_.empty()) {  // a resend of an offer already answered
      if (!awaiting_answer_ || round < round_) send_last(context);
      return;
    }
    if (round != round_ + 1 || phase_ != Phase::negotiating) return;
    const std::optional<Offer> offered = read_offer(reader.text("values").value_or(""), params_.items.size());
    if (!offered) return;
    context.out.cancel_timers(kNegotiationResendTimer);
    const bool last_round = round >= params_.deadline_rounds;
    const Offer next = last_round ? Offer{} : peek_offer(round + 1);
    const Offer own_ideal = offer_at(prefs_, 0);
    const Offer* compare = last_round ? (params_.acceptance == Acceptance::course_item_match ? &own_ideal : nullptr) : &next;
    if (accepts(params_.acceptance, prefs_, *offered, compare)) {
      phase_ = Phase::agreed;
      context.out.note("agree round=" + std::to_string(round) + " by=" + std::to_string(self_) + " values=" + offer_text(*offered) +
                       " u0=" + std::to_string(utility_permille(params_.agents[0].prefs, *offered)) +
                       " u1=" + std::to_string(utility_permille(params_.agents[1].prefs, *offered)));
      return answer(kNegotiationAccept, round, context);
    }
    if (last_round) {
      phase_ = Phase::no_agreement;
      context.out.note("no_agreement round=" + std::to_string(round) + " by=" + std::to_string(self_) + " reason=deadline");
      return answer(kNegotiationEnd, round, context);
    }
    make_offer(round + 1, context);
  }

  void send_last(sim::Context& context) {
    context.out.send(NodeId{static_cast<std::uint16_t>(1 - self_)}, last_type_, last_payload_);
  }

  NegotiationParams params_;
  std::uint16_t self_;
  Preferences prefs_;  // a copy; only the course's tactic changes it (its own "caller's object")
  Phase phase_ = Phase::negotiating;
  std::int64_t round_ = 0;  // the last round this agent saw or made an offer in
  std::int64_t drifted_permille_ = 0;
  std::int64_t resends_ = 0;
  bool awaiting_answer_ = false;
  std::uint16_t last_type_ = kNegotiationOffer;
  std::string last_payload_;
  std::vector<std::pair<std::int64_t, Offer>> sent_offers_;
};

// A node beyond n0 and n1: it takes no part (the protocol is bilateral).
class BystanderActor final : public sim::Actor {
 public:
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<BystanderActor>(*this); }
  void start(sim::Context&) override {}
  void handle_message(const sim::Message&, sim::Context&) override {}
  void handle_timer(std::uint16_t, sim::Context&) override {}
  Status handle_input(std::string_view, sim::Context&) override {
    return make_error("input.not_accepted", "only n0 and n1 negotiate; this node takes no part.");
  }
  std::string role() const override { return "bystander"; }
  void describe(sim::StateWriter&) const override {}
};

}  // namespace

std::unique_ptr<sim::Actor> make_negotiation_actor(const NegotiationParams& params, NodeId self) {
  if (self.value >= 2) return std::make_unique<BystanderActor>();
  return std::make_unique<NegotiatorActor>(params, self.value);
}

}  // namespace coordlab::allocation

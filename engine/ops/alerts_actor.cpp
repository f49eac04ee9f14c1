// ops_alerts: one actor ("prometheus") scrapes a latency metric every scrape interval (phases of a
// mean with +-noise from the PRNG), evaluates a warning and a critical rule on it every evaluation
// interval, and applies the inhibition rule (critical mutes the warning: both carry the same alertname
// and service). Notes: "metric value_ms=V", "alert severity=S state=pending|firing|inactive",
// "inhibit severity=warning muted=0|1". The course's rules (`rules: "course"`) evaluate at every scrape
// with no `for`, no keep_firing_for and no inhibition. Alerts that fire or resolve go to one Alertmanager
// group (group_by alertname) whose flushes note "notify reason=R firing=.. resolved=.. delivered=0|1".
#include <deque>

#include "core/limits.hpp"
#include "ops/alertmanager.hpp"
#include "ops/alerting.hpp"
#include "ops/fleet_params.hpp"
#include "ops/ops.hpp"
#include "protocols/params_reader.hpp"
#include "protocols/payload.hpp"

namespace coordlab::ops {
namespace {

enum TimerKind : std::uint16_t { kScrape, kFlush };

struct Phase {
  std::int64_t seconds = 600, mean_ms = 1000, noise_ms = 0;
};

struct AlertParams {
  std::vector<Phase> phases;
  std::int64_t scrape_seconds = 15, evaluation_seconds = 60;
  bool course = false, inhibit = true;
  AlertRule warning{"warning", 5000, 0, 0}, critical{"critical", 10000, 0, 0};
  GroupTiming grouping;
};

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text.append(text.empty() ? "" : ",").append(name);
  return text.empty() ? "-" : text;
}

class AlertsActor final : public sim::Actor {
 public:
  explicit AlertsActor(const AlertParams& params) : params_(params), warning_(params.warning), critical_(params.critical), group_(params.grouping) {
    for (const Phase& phase : params_.phases) duration_ += phase.seconds;
  }
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<AlertsActor>(*this); }
  void start(sim::Context& context) override {
    context.out.note("rules " + protocols::PayloadWriter().add("warning_ms", params_.warning.threshold).add("critical_ms", params_.critical.threshold)
                                     .add("for_s", params_.warning.for_seconds).add("keep_firing_for_s", params_.warning.keep_firing_for_seconds)
                                     .add("course", params_.course ? 1 : 0).text());
    context.out.set_timer(kScrape, params_.scrape_seconds);
  }
  void handle_message(const sim::Message&, sim::Context&) override {}
  Status handle_input(std::string_view, sim::Context&) override {
    return make_error("input.invalid", "the alert sandbox takes no input; change its params instead.");
  }

  void handle_timer(std::uint16_t kind, sim::Context& context) override {
    const std::int64_t now = context.now.value;
    if (kind == kFlush) return flush(context);
    if (now > duration_) return;
    std::int64_t elapsed = 0;
    const Phase* phase = &params_.phases.back();
    for (const Phase& candidate : params_.phases) {
      if (now <= elapsed + candidate.seconds) {
        phase = &candidate;
        break;
      }
      elapsed += candidate.seconds;
    }
    value_ = std::max<std::int64_t>(0, phase->mean_ms + (phase->noise_ms > 0 ? context.random.range(-phase->noise_ms, phase->noise_ms) : 0));
    context.out.note("metric value_ms=" + std::to_string(value_));
    const bool evaluate = params_.course || now % params_.evaluation_seconds == 0;
    if (evaluate) {
      for (AlertInstance* alert : {&critical_, &warning_}) {
        const bool was_firing = alert->state() == AlertState::firing;
        if (alert->evaluate(now, value_)) {
          context.out.note("alert " + protocols::PayloadWriter().add("severity", alert->rule().severity).add("state", alert_state_name(alert->state())).text());
        }
        const bool firing = alert->state() == AlertState::firing;
        if (firing != was_firing) send(now, *alert, firing, context);  // Prometheus sends firing and resolved alerts, never pending
      }
      const bool muted = params_.inhibit && !params_.course && critical_.state() == AlertState::firing && warning_.state() == AlertState::firing;
      if (muted != muted_) {
        muted_ = muted;
        context.out.note(muted ? "inhibit severity=warning muted=1" : "inhibit severity=warning muted=0");
      }
      flush(context);
    }
    context.out.set_timer(kScrape, params_.scrape_seconds);
  }

  void send(std::int64_t now, const AlertInstance& alert, bool firing, sim::Context& context) {
    const bool new_group = !group_.exists();
    group_.receive(now, alert.rule().severity, firing, alert.active_at());
    if (new_group && group_.next_flush() && *group_.next_flush() > now) context.out.set_timer(kFlush, *group_.next_flush() - now);
  }

  // A flush that is due now (a group_wait or group_interval timer, or an alert that waited long enough).
  void flush(sim::Context& context) {
    const std::int64_t now = context.now.value;
    const std::optional<std::int64_t> due = group_.next_flush();
    if (!due || *due > now) return;
    const std::set<std::string> muted = muted_ ? std::set<std::string>{"warning"} : std::set<std::string>{};
    if (std::optional<Notification> sent = group_.advance(now, muted)) {
      context.out.note("notify " + protocols::PayloadWriter().add("reason", sent->reason).add("firing", joined(sent->firing))
                                       .add("resolved", joined(sent->resolved)).add("delivered", sent->delivered ? 1 : 0).text());
      notifications_.push_back(std::move(*sent));
      if (notifications_.size() > limits::kMaxOpsNotificationRows) notifications_.pop_front();
    }
    if (group_.next_flush() && now <= duration_) context.out.set_timer(kFlush, *group_.next_flush() - now);  // the run ends with its trace
  }

  std::string role() const override { return critical_.state() == AlertState::firing ? "critical" : warning_.state() == AlertState::firing ? "warning" : "ok"; }
  void describe(sim::StateWriter& writer) const override {
    writer.field("latency ms", value_);
    writer.table("ops.alerts", {"alert", "severity", "threshold ms", "for s", "keep firing s", "state", "muted"});
    for (const AlertInstance* alert : {&warning_, &critical_}) {
      const AlertRule& rule = alert->rule();
      writer.row({"HighLatency", rule.severity, std::to_string(rule.threshold), std::to_string(rule.for_seconds), std::to_string(rule.keep_firing_for_seconds),
                  std::string(alert_state_name(alert->state())), alert == &warning_ && muted_ ? "yes" : "no"});
    }
    writer.table("ops.notifications", {"t s", "reason", "firing", "resolved", "delivered"});
    for (const Notification& sent : notifications_) {
      writer.row({std::to_string(sent.at_seconds), sent.reason, joined(sent.firing), joined(sent.resolved), sent.delivered ? "yes" : "logged only"});
    }
  }

 private:
  AlertParams params_;
  AlertInstance warning_, critical_;
  std::int64_t duration_ = 0, value_ = 0;
  bool muted_ = false;
  AlertGroup group_;
  std::deque<Notification> notifications_;
};

Result<AlertParams> read_alert_params(const Json& params, const std::string& pointer) {
  AlertParams parsed;
  const Json object = params.is_null() ? Json::object() : params;  // the reader keeps a reference
  ObjectReader reader(object, pointer, "ops_alerts params");
  RETURN_IF_ERROR(reader.check({"phases", "scrape_seconds", "evaluation_seconds", "rules", "warning_ms", "critical_ms", "for_seconds",
                                "keep_firing_for_seconds", "inhibit", "group_wait_seconds", "group_interval_seconds",
                                "repeat_interval_seconds", "send_resolved"}));
  const Json* phases = reader.find("phases");
  if (phases == nullptr || !phases->is_array() || phases->empty() || phases->size() > 100) {
    return make_error("params.bad_phases", "\"phases\" is a list of 1 to 100 objects {\"seconds\": 3600, \"mean_ms\": 5000, \"noise_ms\": 800}.", reader.pointer_of("phases"));
  }
  std::int64_t total = 0;
  for (std::size_t i = 0; i < phases->size(); ++i) {
    ObjectReader phase_reader((*phases)[i], pointer_append(reader.pointer_of("phases"), i), "a phase");
    RETURN_IF_ERROR(phase_reader.check({"seconds", "mean_ms", "noise_ms"}));
    Phase phase;
    RETURN_IF_ERROR(read_int_field(phase_reader, "seconds", 1, 7 * 86'400, phase.seconds));
    RETURN_IF_ERROR(read_int_field(phase_reader, "mean_ms", 0, 600'000, phase.mean_ms));
    RETURN_IF_ERROR(read_int_field(phase_reader, "noise_ms", 0, 600'000, phase.noise_ms));
    total += phase.seconds;
    parsed.phases.push_back(phase);
  }
  RETURN_IF_ERROR(read_int_field(reader, "scrape_seconds", 1, 3600, parsed.scrape_seconds));
  RETURN_IF_ERROR(read_int_field(reader, "evaluation_seconds", 1, 3600, parsed.evaluation_seconds));
  if (total / parsed.scrape_seconds > static_cast<std::int64_t>(limits::kMaxOpsMetricPoints)) {
    return make_error("params.too_long", "the phases last too long for the scrape interval (at most 100000 scrapes).", reader.pointer_of("phases"));
  }
  Result<bool> course = protocols::read_choice<bool>(reader, "rules", {{"prometheus", false}, {"course", true}});
  if (!course.ok()) return course.error();
  parsed.course = course.value();
  std::int64_t for_seconds = 0, keep = 0;
  RETURN_IF_ERROR(read_int_field(reader, "warning_ms", 0, 600'000, parsed.warning.threshold));
  RETURN_IF_ERROR(read_int_field(reader, "critical_ms", 0, 600'000, parsed.critical.threshold));
  RETURN_IF_ERROR(read_int_field(reader, "for_seconds", 0, 86'400, for_seconds));
  RETURN_IF_ERROR(read_int_field(reader, "keep_firing_for_seconds", 0, 86'400, keep));
  Result<bool> inhibit = reader.boolean("inhibit", true);
  if (!inhibit.ok()) return inhibit.error();
  parsed.inhibit = inhibit.value();
  RETURN_IF_ERROR(read_int_field(reader, "group_wait_seconds", 0, 86'400, parsed.grouping.group_wait_seconds));
  RETURN_IF_ERROR(read_int_field(reader, "group_interval_seconds", 1, 86'400, parsed.grouping.group_interval_seconds));
  RETURN_IF_ERROR(read_int_field(reader, "repeat_interval_seconds", 1, 30 * 86'400, parsed.grouping.repeat_interval_seconds));
  RETURN_IF_ERROR(read_flag_field(reader, "send_resolved", parsed.grouping.send_resolved));
  if (!parsed.course) {
    parsed.warning.for_seconds = parsed.critical.for_seconds = for_seconds;
    parsed.warning.keep_firing_for_seconds = parsed.critical.keep_firing_for_seconds = keep;
  }
  return parsed;
}

}  // namespace

protocols::ProtocolSpec alerts_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "ops_alerts";
  spec.summary = "Prometheus alerting rules (for, keep_firing_for) and Alertmanager inhibition on a noisy latency metric";
  spec.timer_kinds = {"Scrape", "Flush"};
  spec.views = {
      {"ops.alert_timeline", "Alerts", protocols::ViewKind::plot, "ops.alerts", "the metric, the thresholds, and each alert's pending, firing and muted spans"},
      {"ops.alerts", "Alert rules", protocols::ViewKind::table, "ops.alerts", "each rule's threshold, for, keep_firing_for and state"},
      {"ops.notifications", "Notifications", protocols::ViewKind::table, "ops.notifications",
       "Alertmanager's notifications: group_wait, group_interval, repeat_interval; why each was sent"},
  };
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<AlertParams> parsed = read_alert_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    AlertParams chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId, std::size_t, std::string_view) { return std::make_unique<AlertsActor>(chosen); });
  };
  return spec;
}

}  // namespace coordlab::ops

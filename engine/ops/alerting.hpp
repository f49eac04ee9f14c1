// Prometheus alerting rules (rules/alerting.go) on a sampled metric: at each evaluation an alert whose
// expression holds becomes Pending (ActiveAt = now) and Firing once now - ActiveAt >= `for`; when the
// expression stops holding a Pending alert is dropped (the `for` timer resets) and a Firing one resolves,
// unless `keep_firing_for` keeps it firing until that long after it first went absent. Alertmanager
// inhibition: a warning is muted while a critical alert with equal labels is firing. The course's rules
// are a labelled variant: no `for`, no keep-firing, no inhibition, evaluated at every scrape.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace coordlab::ops {

enum class AlertState : std::uint8_t { inactive, pending, firing };
std::string_view alert_state_name(AlertState state);

struct AlertRule {
  std::string severity;      // "warning", "critical"
  std::int64_t threshold = 0;  // expr: metric > threshold
  std::int64_t for_seconds = 0;
  std::int64_t keep_firing_for_seconds = 0;
};

class AlertInstance {
 public:
  explicit AlertInstance(AlertRule rule) : rule_(std::move(rule)) {}
  // One evaluation at `now_seconds` with the expression's value; returns true if the state changed.
  bool evaluate(std::int64_t now_seconds, std::int64_t value);
  AlertState state() const { return state_; }
  const AlertRule& rule() const { return rule_; }
  std::int64_t active_at() const { return active_at_; }

 private:
  AlertRule rule_;
  AlertState state_ = AlertState::inactive;
  std::int64_t active_at_ = 0;
  std::optional<std::int64_t> keep_firing_since_;
};

}  // namespace coordlab::ops

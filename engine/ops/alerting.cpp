#include "ops/alerting.hpp"

namespace coordlab::ops {

std::string_view alert_state_name(AlertState state) {
  switch (state) {
    case AlertState::inactive: return "inactive";
    case AlertState::pending: return "pending";
    case AlertState::firing: return "firing";
  }
  return "?";
}

bool AlertInstance::evaluate(std::int64_t now, std::int64_t value) {
  const AlertState before = state_;
  if (value > rule_.threshold) {
    if (state_ == AlertState::inactive) {  // a new alert, or one that resolved: Pending from now
      state_ = AlertState::pending;
      active_at_ = now;
    }
    keep_firing_since_.reset();
    if (state_ == AlertState::pending && now - active_at_ >= rule_.for_seconds) state_ = AlertState::firing;
    return state_ != before;
  }
  if (state_ == AlertState::firing && rule_.keep_firing_for_seconds > 0) {
    if (!keep_firing_since_) keep_firing_since_ = now;
    if (now - *keep_firing_since_ < rule_.keep_firing_for_seconds) return false;
  }
  state_ = AlertState::inactive;
  keep_firing_since_.reset();
  return state_ != before;
}

}  // namespace coordlab::ops

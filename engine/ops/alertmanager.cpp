#include "ops/alertmanager.hpp"

#include <algorithm>
#include <iterator>

namespace coordlab::ops {

void AlertGroup::receive(std::int64_t now, const std::string& name, bool firing, std::int64_t starts_at) {
  if (!exists_) {
    exists_ = true;
    has_flushed_ = false;
    next_flush_ = now + timing_.group_wait_seconds;
  }
  alerts_[name] = Entry{firing, starts_at};
  // dispatch.go insert(): the alert already waited group_wait since it started (strictly before now)
  if (!has_flushed_ && starts_at + timing_.group_wait_seconds < now) next_flush_ = now;
}

// DedupStage.needsUpdate, in its order.
std::optional<std::string> AlertGroup::needs_update(std::int64_t now, const std::set<std::string>& firing, const std::set<std::string>& resolved) const {
  if (!log_) return firing.empty() ? std::nullopt : std::optional<std::string>("first");
  if (!std::includes(log_->firing.begin(), log_->firing.end(), firing.begin(), firing.end())) return "new_firing";
  if (firing.empty()) return log_->firing.empty() ? std::nullopt : std::optional<std::string>("all_resolved");
  if (timing_.send_resolved && !std::includes(log_->resolved.begin(), log_->resolved.end(), resolved.begin(), resolved.end())) return "new_resolved";
  if (log_->at < now - timing_.repeat_interval_seconds) return "repeat";  // strictly older (alertmanager#676)
  return std::nullopt;
}

std::optional<Notification> AlertGroup::advance(std::int64_t now, const std::set<std::string>& muted) {
  if (!exists_ || now < next_flush_) return std::nullopt;
  std::set<std::string> firing, resolved;
  for (const auto& [name, entry] : alerts_) {
    if (muted.count(name) != 0) continue;  // the mute stage runs before dedup
    (entry.firing ? firing : resolved).insert(name);
  }
  std::optional<Notification> sent;
  if (const std::optional<std::string> reason = needs_update(now, firing, resolved)) {
    Notification notification;
    notification.at_seconds = now;
    notification.firing.assign(firing.begin(), firing.end());
    notification.resolved.assign(resolved.begin(), resolved.end());
    notification.reason = *reason;
    notification.delivered = !firing.empty() || timing_.send_resolved;
    log_ = LogEntry{now, firing, resolved};
    sent = std::move(notification);
  }
  has_flushed_ = true;
  next_flush_ = now + timing_.group_interval_seconds;
  for (auto it = alerts_.begin(); it != alerts_.end();) it = it->second.firing ? std::next(it) : alerts_.erase(it);
  if (alerts_.empty()) exists_ = false;  // an empty group is deleted; the next alert starts a new one
  return sent;
}

}  // namespace coordlab::ops

// One Alertmanager aggregation group (prometheus/alertmanager dispatch/dispatch.go, notify/notify.go
// DedupStage): created when its first alert arrives, flushed group_wait later (at once if an alert's
// StartsAt + group_wait is already past and the group never flushed), then every group_interval. A
// flush drops muted (inhibited) alerts, then notifies if nothing was notified yet and something fires,
// if a firing alert was not in the last notification, if everything resolved after something firing
// was notified (delivered only with send_resolved), if send_resolved and an alert newly resolved, or
// else only when the last notification is strictly older than repeat_interval. Resolved alerts leave
// the group after a flush; an empty group is deleted, the notification log is kept.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace coordlab::ops {

struct GroupTiming {
  std::int64_t group_wait_seconds = 30, group_interval_seconds = 300, repeat_interval_seconds = 4 * 3600;
  bool send_resolved = true;
};

struct Notification {
  std::int64_t at_seconds = 0;
  std::vector<std::string> firing, resolved;
  std::string reason;       // "first", "new_firing", "all_resolved", "new_resolved", "repeat"
  bool delivered = true;    // an all-resolved notification without send_resolved is only logged
};

class AlertGroup {
 public:
  explicit AlertGroup(GroupTiming timing) : timing_(timing) {}
  // Prometheus sends an alert: firing (starts_at = its ActiveAt) or resolved.
  void receive(std::int64_t now_seconds, const std::string& name, bool firing, std::int64_t starts_at_seconds);
  // Runs a flush if one is due at `now_seconds`; returns the notification it sends, if any.
  std::optional<Notification> advance(std::int64_t now_seconds, const std::set<std::string>& muted);
  bool exists() const { return exists_; }
  std::optional<std::int64_t> next_flush() const { return exists_ ? std::optional<std::int64_t>(next_flush_) : std::nullopt; }

 private:
  struct Entry {
    bool firing = true;
    std::int64_t starts_at = 0;
  };
  struct LogEntry {
    std::int64_t at = 0;
    std::set<std::string> firing, resolved;
  };
  std::optional<std::string> needs_update(std::int64_t now, const std::set<std::string>& firing, const std::set<std::string>& resolved) const;

  GroupTiming timing_;
  std::map<std::string, Entry> alerts_;
  bool exists_ = false, has_flushed_ = false;
  std::int64_t next_flush_ = 0;
  std::optional<LogEntry> log_;  // the notification log (nflog) outlives the group
};

}  // namespace coordlab::ops

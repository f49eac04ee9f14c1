// The PBFT client: one request outstanding at a time, sent to every replica (so backups can time the
// primary) or, with client_sends_to "primary", to the primary it last heard of; re-sent to every replica on
// a timer; accepted after f+1 matching replies from distinct replicas: at least one of them is correct,
// so the result is the replicated one.
#include <algorithm>
#include <functional>

#include "protocols/pbft/pbft_actors.hpp"

namespace coordlab::protocols::pbft {

PbftClient::PbftClient(Params params, Cluster cluster, std::int64_t self, std::string_view persisted)
    : params_(params), cluster_(cluster), self_(self) {
  // Timestamps must keep growing across a crash, or replicas would take new requests for old ones.
  if (!persisted.empty()) last_timestamp_ = PayloadReader(persisted).integer("t").value_or(0);
}

Status PbftClient::handle_input(std::string_view text, sim::Context& context) {
  std::optional<std::string_view> op;
  if (text.substr(0, 3) == "op=") op = text.substr(3);
  if (!op || !valid_op(*op) || *op == "null") {
    return make_error("input.invalid", "a PBFT client accepts \"op=NAME\" where NAME is 1-" + std::to_string(kMaxOpLength) +
                                           " characters of letters, digits and _ . + - (and not \"null\").");
  }
  Request request{self_, ++last_timestamp_, std::string(*op), ""};
  request.client_signature = sign(self_, "req/" + request_text(request));
  context.out.note("submit client=" + std::to_string(self_) + " t=" + std::to_string(request.timestamp) + " op=" + request.op);
  queue_.push_back(std::move(request));
  if (!current_) send_next(context);
  return {};
}

void PbftClient::send_next(sim::Context& context) {
  if (queue_.empty()) return;
  current_ = queue_.front();
  queue_.erase(queue_.begin());
  replies_.clear();
  send_current(params_.client_sends_to == ClientSendRule::all_replicas, context);
}

void PbftClient::send_current(bool to_every_replica, sim::Context& context) {
  PayloadWriter writer;
  const std::string payload = add_request(writer, *current_).text();
  const std::int64_t primary = cluster_.primary_of(known_view_);
  for (std::int64_t replica = 0; replica < cluster_.replica_count; ++replica) {
    if (!to_every_replica && replica != primary) continue;
    if (static_cast<std::size_t>(replica) < context.node_count) context.out.send(NodeId{static_cast<std::uint16_t>(replica)}, kRequest, payload);
  }
  context.out.cancel_timers(kClientRetryTimer);
  context.out.set_timer(kClientRetryTimer, params_.client_retry_ticks);
}

void PbftClient::handle_message(const sim::Message& message, sim::Context& context) {
  if (message.type != kReply || message.from.value >= cluster_.replica_count || !current_) return;
  PayloadReader reader(message.payload);
  auto seq = reader.integer("seq"), view = reader.integer("view"), client = reader.integer("client"), timestamp = reader.integer("t");
  auto result = reader.text("op");
  if (!seq || !result || !valid_op(*result) || client != self_ || timestamp != current_->timestamp) return;
  replies_[message.from.value] = {*seq, std::string(*result)};  // one reply per replica: the latest
  reply_views_[message.from.value] = view.value_or(0);
  std::int64_t matching = 0;
  for (const auto& [replica, reply] : replies_) matching += reply == replies_[message.from.value] ? 1 : 0;
  if (matching < cluster_.fault_bound + 1) return;
  context.out.note("client_accept seq=" + std::to_string(*seq) + " client=" + std::to_string(self_) + " t=" +
                   std::to_string(current_->timestamp) + " op=" + std::string(*result));
  ++accepted_;
  learn_view();
  current_.reset();
  context.out.cancel_timers(kClientRetryTimer);
  send_next(context);
}

// The (f+1)-th highest of the latest views the replicas' replies named: at least one correct replica has
// reached it, so f Byzantine replicas can neither push the client to a view that does not exist nor,
// by answering first, hold it in an old one.
void PbftClient::learn_view() {
  std::vector<std::int64_t> views;
  for (const auto& [replica, view] : reply_views_) views.push_back(view);
  std::sort(views.begin(), views.end(), std::greater<>());
  const auto vouched = static_cast<std::size_t>(cluster_.fault_bound);
  if (vouched < views.size()) known_view_ = std::max(known_view_, views[vouched]);
}

void PbftClient::handle_timer(std::uint16_t timer_kind, sim::Context& context) {
  if (timer_kind == kClientRetryTimer && current_) send_current(true, context);
}

void PbftClient::describe(sim::StateWriter& writer) const {
  writer.field("current", current_ ? "t=" + std::to_string(current_->timestamp) + " op=" + current_->op : "none");
  writer.field("replies", static_cast<std::int64_t>(replies_.size()));
  writer.field("queued", static_cast<std::int64_t>(queue_.size()));
  writer.field("accepted", static_cast<std::int64_t>(accepted_));
  if (params_.client_sends_to == ClientSendRule::primary) writer.field("known_view", known_view_);
}

}  // namespace coordlab::protocols::pbft

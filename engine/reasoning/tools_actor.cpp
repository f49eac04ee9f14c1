// The tools node: holds each agent's episode and answers its calls after the tool's cost in ticks. A
// call can fail (`tool_failure_permille`, drawn from this node's own random stream); a duplicated call
// is answered again from the cache instead of being applied twice. The course's calculator (a labelled
// variant) hands the text to an evaluator with no limits: on 9**9**9 it never answers.
#include <map>
#include <memory>

#include "protocols/payload.hpp"
#include "reasoning/react.hpp"
#include "reasoning/safe_calc.hpp"

namespace coordlab::reasoning {
namespace {

using protocols::PayloadReader;
using protocols::PayloadWriter;

struct AgentEpisode {
  std::int64_t epoch = -1;
  EpisodeState state;
  std::int64_t last_call = -1;
  std::string last_reply;
  std::vector<std::string> calls;  // "action input -> observation", for the side-by-side view
};

struct PendingReply {
  std::int64_t due_tick = 0;
  NodeId to;
  std::string payload;
};

// The course's calculator would try to compute any number: anything the safe parser refuses for size
// keeps it busy for good.
bool course_eval_stalls(std::string_view expression) {
  Result<std::int64_t> safe = safe_calculate(expression);
  return !safe.ok() && safe.error().code == "calc.too_large";
}

class ToolsActor final : public sim::Actor {
 public:
  ToolsActor(const ReactParams& params, NodeId self) : params_(params), self_(self) {}
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<ToolsActor>(*this); }
  void start(sim::Context&) override {}

  void handle_message(const sim::Message& message, sim::Context& context) override {
    if (message.type != kCall || message.from.value >= self_.value) return;
    PayloadReader reader(message.payload);
    const std::int64_t call = reader.integer("call").value_or(-1);
    const std::int64_t epoch = reader.integer("epoch").value_or(-1);
    AgentEpisode& agent = episodes_[message.from.value];
    if (agent.epoch != epoch) agent = AgentEpisode{epoch, start_episode(react_episode(params_, message.from.value)), -1, {}, {}};
    const Tool tool = parse_tool(reader.text("tool").value_or(""));
    if (call == agent.last_call) return queue(message.from, agent.last_reply, tool_cost_ticks(tool, agent.state.episode.large), context);
    const std::string input = decode_token(reader.text("input").value_or("-"));
    const bool fault = params_.tool_failure_permille > 0 && context.random.range(0, 999) < params_.tool_failure_permille;
    if (tool == Tool::calculate && params_.calculator == Calculator::course_eval && course_eval_stalls(input)) {
      note(message.from, call, tool, input, "stalled", 0, fault, context);
      agent.last_call = call;  // the evaluator is stuck: no answer will ever come
      return;
    }
    ToolOutcome outcome = fault ? ToolOutcome{"error:tool_failed", false} : apply_tool(agent.state, tool, input);
    const std::int64_t cost = tool_cost_ticks(tool, agent.state.episode.large);
    PayloadWriter reply;
    reply.add("call", call).add("epoch", epoch).add("obs", encode_token(outcome.observation)).add("ok", outcome.ok ? 1 : 0);
    agent.last_call = call;
    agent.last_reply = reply.text();
    agent.calls.push_back(std::string(tool_name(tool)) + (input.empty() ? "" : " " + input) + " -> " + outcome.observation);
    note(message.from, call, tool, input, outcome.observation, cost, fault, context);
    queue(message.from, agent.last_reply, cost, context);
  }

  void handle_timer(std::uint16_t, sim::Context& context) override {
    std::vector<PendingReply> later;
    for (PendingReply& reply : pending_) {
      if (reply.due_tick <= context.now.value) context.out.send(reply.to, kObservation, reply.payload);
      else later.push_back(std::move(reply));
    }
    pending_ = std::move(later);
  }

  Status handle_input(std::string_view, sim::Context&) override {
    return make_error("input.invalid", "the tools node takes no input; send actions to an agent (n0).");
  }
  std::string role() const override { return "tools"; }
  void describe(sim::StateWriter& writer) const override;

 private:
  void queue(NodeId to, const std::string& payload, std::int64_t cost, sim::Context& context) {
    pending_.push_back(PendingReply{context.now.value + cost, to, payload});
    context.out.set_timer(kToolDone, cost);
  }

  void note(NodeId agent, std::int64_t call, Tool tool, const std::string& input, const std::string& result, std::int64_t cost, bool fault,
            sim::Context& context) const {
    PayloadWriter text;
    text.add("call", call).add("agent", agent.value).add("tool", tool_name(tool)).add("input", encode_token(input))
        .add("result", encode_token(result)).add("cost", cost).add("fault", fault ? 1 : 0);
    context.out.note("tool " + text.text());
  }

  ReactParams params_;
  NodeId self_;
  std::map<std::uint16_t, AgentEpisode> episodes_;
  std::vector<PendingReply> pending_;
};

void ToolsActor::describe(sim::StateWriter& writer) const {
  writer.field("pending_replies", static_cast<std::int64_t>(pending_.size()));
  for (const auto& [agent, episode] : episodes_) {
    writer.field("n" + std::to_string(agent) + " remaining_issues", static_cast<std::int64_t>(episode.state.remaining));
    writer.field("n" + std::to_string(agent) + " routed", episode.state.routed ? 1 : 0);
  }
  auto first = episodes_.find(0), second = episodes_.find(1);
  if (first == episodes_.end() || second == episodes_.end()) return;
  // Two episodes side by side, aligned call by call, with the first call where they differ marked.
  writer.table("react.compare", {"call", "n0", "n1", "same"});
  const std::vector<std::string>& a = first->second.calls;
  const std::vector<std::string>& b = second->second.calls;
  bool differed = false;
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string left = i < a.size() ? a[i] : "", right = i < b.size() ? b[i] : "";
    std::string same = left == right ? "yes" : differed ? "no" : "FIRST DIFFERENCE";
    differed = differed || left != right;
    writer.row({std::to_string(i + 1), left, right, same});
  }
}

}  // namespace

std::unique_ptr<sim::Actor> make_tools_actor(const ReactParams& params, NodeId self) { return std::make_unique<ToolsActor>(params, self); }

}  // namespace coordlab::reasoning

// The hand-expanded decomposition tree (htn_hand_tree.hpp): the actor, its input and its views.
#include "planning/htn_hand_tree.hpp"

#include <charconv>

#include "planning/search_state.hpp"

namespace coordlab::planning {
namespace {

constexpr std::string_view kUsage = "write `expand ID METHOD`, e.g. `expand 0 m_process_etl` (the ids are in the Decomposition view).";

// The tree's task nodes left to right, depth first: leaves only, or every node in preorder.
void walk(const std::vector<HandNode>& nodes, bool leaves_only, std::vector<std::int32_t>& out) {
  std::vector<std::int32_t> stack;
  for (std::size_t i = nodes.size(); i-- > 0;)
    if (nodes[i].parent < 0) stack.push_back(static_cast<std::int32_t>(i));
  while (!stack.empty()) {
    const std::int32_t at = stack.back();
    stack.pop_back();
    const HandNode& node = nodes[static_cast<std::size_t>(at)];
    if (!leaves_only || node.kids.empty()) out.push_back(at);
    for (std::size_t k = node.kids.size(); k-- > 0;) stack.push_back(node.kids[k]);
  }
}

class HandTreeActor final : public sim::Actor {
 public:
  explicit HandTreeActor(std::shared_ptr<const HandTreeParams> params) : params_(std::move(params)) {
    for (const TaskCall& call : params_->problem->tasks) nodes_.push_back(HandNode{ground(call), -1, -1, false, {}, {}, {}});
  }
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<HandTreeActor>(*this); }
  void start(sim::Context&) override {}
  void handle_message(const sim::Message&, sim::Context&) override {}
  void handle_timer(std::uint16_t, sim::Context&) override {}
  std::string role() const override { return first_open() < 0 ? "planned" : "planning"; }

  Status handle_input(std::string_view text, sim::Context& context) override {
    Result<std::pair<std::int32_t, std::string>> parsed = parse(text);
    if (!parsed.ok()) return parsed.error();
    const auto [id, method_name] = parsed.value();
    const HandNode& node = nodes_[static_cast<std::size_t>(id)];
    const TaskSignature& signature = domain().tasks[node.task.task];
    std::int32_t method = -1;
    for (std::uint32_t index : signature.methods)
      if (domain().methods[index].name == method_name) method = static_cast<std::int32_t>(index);
    if (method < 0) return make_error("input.unknown_method", "`" + method_name + "` is not a method of " + signature.name + "; its methods are " + method_names(signature) + ".");
    if (nodes_.size() + domain().methods[static_cast<std::size_t>(method)].subtasks.size() + 1 > limits::kMaxHtnHandTreeNodes)
      return make_error("limit.htn_tree", "the tree has reached " + std::to_string(limits::kMaxHtnHandTreeNodes) + " nodes; reset the run to start over.");
    expand(id, method, context);
    return {};
  }

  void describe(sim::StateWriter& writer) const override {
    const std::vector<GroundTask> steps = prefix_steps();
    writer.field("open tasks", static_cast<std::int64_t>(open_count()));
    writer.field("steps so far", static_cast<std::int64_t>(steps.size()));
    write_tree_table(writer, "htn.tree", rows());
    write_timeline_table(writer, "htn.timeline", domain(), problem(), problem().initial_state, steps);
  }

  const HandTreeParams& params() const { return *params_; }
  const std::vector<HandNode>& nodes() const { return nodes_; }

 private:
  const Domain& domain() const { return *params_->domain; }
  const Problem& problem() const { return *params_->problem; }
  bool is_open(const HandNode& node) const { return node.kids.empty() && !domain().tasks[node.task.task].primitive; }

  std::int32_t first_open() const {
    std::vector<std::int32_t> leaves;
    walk(nodes_, true, leaves);
    for (std::int32_t leaf : leaves)
      if (is_open(nodes_[static_cast<std::size_t>(leaf)])) return leaf;
    return -1;
  }

  std::size_t open_count() const {
    std::vector<std::int32_t> leaves;
    walk(nodes_, true, leaves);
    return static_cast<std::size_t>(std::count_if(leaves.begin(), leaves.end(), [&](std::int32_t leaf) { return is_open(nodes_[static_cast<std::size_t>(leaf)]); }));
  }

  // The steps before the first open task: the part of the plan whose state is known.
  std::vector<GroundTask> prefix_steps() const {
    std::vector<std::int32_t> leaves;
    walk(nodes_, true, leaves);
    std::vector<GroundTask> steps;
    for (std::int32_t leaf : leaves) {
      if (is_open(nodes_[static_cast<std::size_t>(leaf)])) break;
      steps.push_back(nodes_[static_cast<std::size_t>(leaf)].task);
    }
    return steps;
  }

  std::vector<AtomKey> projected_state() const { return states_along(domain(), problem().initial_state, prefix_steps()).back(); }

  std::string method_names(const TaskSignature& signature) const {
    std::string text;
    for (std::uint32_t index : signature.methods) text.append(text.empty() ? "" : ", ").append(domain().methods[index].name);
    return text.empty() ? "(none)" : text;
  }

  Result<std::pair<std::int32_t, std::string>> parse(std::string_view text) const {
    const std::vector<std::string_view> words = split_words(text);
    std::int32_t id = -1;
    if (words.size() != 3 || words[0] != "expand" || std::from_chars(words[1].data(), words[1].data() + words[1].size(), id).ec != std::errc() || id < 0)
      return make_error("input.invalid", std::string(kUsage));
    if (static_cast<std::size_t>(id) >= nodes_.size() || nodes_[static_cast<std::size_t>(id)].tried_and_failed)
      return make_error("input.unknown_node", "the tree has no task with id " + std::to_string(id) + "; " + std::string(kUsage));
    const HandNode& node = nodes_[static_cast<std::size_t>(id)];
    const std::string name = ground_text(domain(), problem(), node.task);
    if (domain().tasks[node.task.task].primitive) return make_error("input.primitive_task", name + " is a primitive task: it is a step of the plan and has no methods.");
    if (!node.kids.empty()) return make_error("input.already_expanded", name + " is already expanded.");
    const std::int32_t first = first_open();
    if (first != id) {
      return make_error("input.not_leftmost", "expand " + ground_text(domain(), problem(), nodes_[static_cast<std::size_t>(first)].task) + " (id " + std::to_string(first) +
                                                  ") first: the planner works depth first, left to right, and the state at " + name + " depends on the steps before it.");
    }
    return std::pair<std::int32_t, std::string>{id, std::string(words[2])};
  }

  static std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t at = 0;
    while (at < text.size() && words.size() < 4) {
      while (at < text.size() && text[at] == ' ') ++at;
      const std::size_t end = std::min(text.find(' ', at), text.size());
      if (end > at) words.push_back(text.substr(at, end - at));
      at = end;
    }
    return words;
  }

  void expand(std::int32_t id, std::int32_t method_index, sim::Context& context) {
    const Method& method = domain().methods[static_cast<std::size_t>(method_index)];
    std::vector<std::int32_t> binding;
    std::string reason = method_failure(domain(), problem(), projected_state(), method, nodes_[static_cast<std::size_t>(id)].task, binding);
    const auto added = static_cast<std::int32_t>(nodes_.size());
    if (!reason.empty()) {
      nodes_.push_back(HandNode{nodes_[static_cast<std::size_t>(id)].task, id, method_index, true, reason, {}, {}});
      nodes_[static_cast<std::size_t>(id)].tries.push_back(added);
      context.out.note("tried node=" + std::to_string(id) + " method=" + method.name + " failed=1");
      return;
    }
    std::string children;
    for (const TaskCall& call : method.subtasks) {
      children.append(children.empty() ? "" : ",").append(std::to_string(nodes_.size()));
      nodes_[static_cast<std::size_t>(id)].kids.push_back(static_cast<std::int32_t>(nodes_.size()));
      nodes_.push_back(HandNode{bind_call(call, binding), id, -1, false, {}, {}, {}});
    }
    nodes_[static_cast<std::size_t>(id)].method = method_index;
    context.out.note("expand node=" + std::to_string(id) + " method=" + method.name + " children=" + children);
  }

  std::vector<TreeRow> rows() const {
    std::vector<std::int32_t> order;
    walk(nodes_, false, order);
    const std::int32_t first = first_open();
    const std::vector<GroundTask> steps = prefix_steps();
    const std::vector<std::vector<AtomKey>> states = states_along(domain(), problem().initial_state, steps);
    std::vector<TreeRow> rows;
    std::size_t step = 0;
    bool past_first = false;  // the projected state is known up to the first open task
    for (std::int32_t id : order) {
      const HandNode& node = nodes_[static_cast<std::size_t>(id)];
      rows.push_back(task_row(id, node, first, past_first ? nullptr : &states[std::min(step, states.size() - 1)], step));
      past_first = past_first || id == first;
      if (domain().tasks[node.task.task].primitive) ++step;
      for (std::int32_t tried : node.tries) rows.push_back(tried_row(tried));
    }
    return rows;
  }

  // `state` is the projected state at the node, or null when a task before it is still open.
  TreeRow task_row(std::int32_t id, const HandNode& node, std::int32_t first, const std::vector<AtomKey>* state, std::size_t step) const {
    TreeRow row{id, node.parent, ground_text(domain(), problem(), node.task), TreeRowStatus::done, {}, {}, {}};
    const TaskSignature& signature = domain().tasks[node.task.task];
    const std::string state_line = state != nullptr ? "projected state here: " + state_text(domain(), problem(), *state) : "projected state: not known until the tasks before it are steps";
    if (signature.primitive) {
      const Operator& op = domain().operators[signature.op];
      row.status = TreeRowStatus::step;
      row.note = state != nullptr ? "step " + std::to_string(step + 1) : "primitive";
      row.details = "operator " + op.name + ", bindings: " + binding_text(problem(), op.variables, std::vector<std::int32_t>(node.task.args, node.task.args + node.task.arity)) +
                    "\n" + state_line;
      return row;
    }
    if (!node.kids.empty()) {
      const Method& method = domain().methods[static_cast<std::size_t>(node.method)];
      row.note = "via " + method.name;
      row.details = "expanded with " + method.name + "\n" + state_line;
      return row;
    }
    row.status = id == first ? TreeRowStatus::open : TreeRowStatus::waiting;
    row.note = id == first ? "click to expand: methods " + method_names(signature) : "waiting: the tasks before it come first";
    row.details = "compound task; methods: " + method_names(signature) + "\n" + state_line;
    if (id == first)
      for (std::uint32_t index : signature.methods)
        row.choices.push_back(TreeChoice{domain().methods[index].name, "expand " + std::to_string(id) + " " + domain().methods[index].name});
    return row;
  }

  TreeRow tried_row(std::int32_t id) const {
    const HandNode& node = nodes_[static_cast<std::size_t>(id)];
    const std::string& name = domain().methods[static_cast<std::size_t>(node.method)].name;
    return TreeRow{id, node.parent, name, TreeRowStatus::failed, node.reason, "method " + name + " tried here and failed: " + node.reason, {}};
  }

  std::shared_ptr<const HandTreeParams> params_;
  std::vector<HandNode> nodes_;
};

Result<HandTreeParams> parse_params(const Json& json, const std::string& pointer) {
  ObjectReader reader(json, pointer, "htn_tree params");
  RETURN_IF_ERROR(reader.check({"domain", "problem"}));
  const Json* domain = reader.find("domain");
  const Json* problem = reader.find("problem");
  if (domain == nullptr || problem == nullptr) return make_error("params.missing_domain", "the htn_tree protocol needs \"domain\" and \"problem\" objects in the coordlab.htn formats.", pointer);
  Result<Domain> parsed_domain = read_domain(*domain, reader.pointer_of("domain"));
  if (!parsed_domain.ok()) return parsed_domain.error();
  HandTreeParams params;
  params.domain = std::make_shared<const Domain>(std::move(parsed_domain).value());
  Result<Problem> parsed_problem = read_problem(*problem, reader.pointer_of("problem"), *params.domain);
  if (!parsed_problem.ok()) return parsed_problem.error();
  if (parsed_problem.value().tasks.empty()) return make_error("params.no_tasks", "the problem needs at least one task to expand.", reader.pointer_of("problem"));
  params.problem = std::make_shared<const Problem>(std::move(parsed_problem).value());
  return params;
}

class EmptyActor final : public sim::Actor {
 public:
  std::unique_ptr<sim::Actor> clone() const override { return std::make_unique<EmptyActor>(*this); }
  void start(sim::Context&) override {}
  void handle_message(const sim::Message&, sim::Context&) override {}
  void handle_timer(std::uint16_t, sim::Context&) override {}
  Status handle_input(std::string_view, sim::Context&) override { return make_error("input.invalid", "only node 0 holds the tree; send it `expand ID METHOD`."); }
  std::string role() const override { return "idle"; }
  void describe(sim::StateWriter&) const override {}
};

}  // namespace

protocols::ProtocolSpec htn_tree_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "htn_tree";
  spec.summary = "node 0 holds an HTN decomposition tree the learner expands by hand (input `expand ID METHOD`)";
  spec.views = {protocols::ViewSpec{"htn.tree", "Decomposition", protocols::ViewKind::tree, "htn.tree", "the decomposition tree: click the open task to expand it"},
                protocols::ViewSpec{"htn.timeline", "Timeline", protocols::ViewKind::table, "htn.timeline", "the steps so far, what each changed and the state after it"}};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<HandTreeParams> parsed = parse_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    auto shared = std::make_shared<const HandTreeParams>(std::move(parsed).value());
    return sim::ActorFactory([shared](NodeId self, std::size_t, std::string_view) -> std::unique_ptr<sim::Actor> {
      if (self.value == 0) return std::make_unique<HandTreeActor>(shared);
      return std::make_unique<EmptyActor>();
    });
  };
  return spec;
}

HandTreeView hand_tree_view(const sim::Actor* actor) {
  const auto* tree = dynamic_cast<const HandTreeActor*>(actor);
  if (tree == nullptr) return {};
  HandTreeView view{&tree->params(), &tree->nodes(), {}, 0};
  std::vector<std::int32_t> leaves;
  walk(tree->nodes(), true, leaves);
  for (std::int32_t leaf : leaves) {
    const HandNode& node = tree->nodes()[static_cast<std::size_t>(leaf)];
    view.leaves.push_back(node.task);
    if (!tree->params().domain->tasks[node.task.task].primitive) ++view.open;
  }
  return view;
}

}  // namespace coordlab::planning

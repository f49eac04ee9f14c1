// The contract net protocol's spec and validated params (see contract_net.hpp).
#include <memory>

#include "allocation/contract_net.hpp"
#include "allocation/contract_net_internal.hpp"
#include "core/limits.hpp"
#include "protocols/params_reader.hpp"

namespace coordlab::allocation {

bool valid_task_name(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

namespace {

using protocols::read_choice;

Result<ContractorProfile> read_contractor(const Json& value, const std::string& pointer) {
  ObjectReader reader(value, pointer, "a contractor");
  RETURN_IF_ERROR(reader.check({"price_cents", "work_ticks", "fail_permille", "capable", "strategy"}));
  ContractorProfile profile;
  Result<std::int64_t> price = reader.integer("price_cents", 1, limits::kMaxQuoteCents, profile.price_cents);
  if (!price.ok()) return price.error();
  Result<std::int64_t> work = reader.integer("work_ticks", 1, limits::kMaxCnetWindowTicks, profile.work_ticks);
  if (!work.ok()) return work.error();
  Result<std::int64_t> fail = reader.integer("fail_permille", 0, 1000, profile.fail_permille);
  if (!fail.ok()) return fail.error();
  Result<bool> capable = reader.boolean("capable", true);
  if (!capable.ok()) return capable.error();
  Result<CnetStrategy> strategy = read_choice<CnetStrategy>(reader, "strategy", {{"automatic", CnetStrategy::automatic}, {"learner", CnetStrategy::learner}});
  if (!strategy.ok()) return strategy.error();
  profile.price_cents = price.value();
  profile.work_ticks = work.value();
  profile.fail_permille = fail.value();
  profile.capable = capable.value();
  profile.strategy = strategy.value();
  return profile;
}

Status read_tasks(const ObjectReader& reader, ContractNetParams& parsed) {
  const Json* tasks = reader.find("tasks");
  if (!tasks) return {};
  if (!tasks->is_array() || tasks->size() > limits::kMaxCnetTasks) {
    return make_error("json.wrong_type", "\"tasks\" is an array of up to " + std::to_string(limits::kMaxCnetTasks) + " task names.", reader.pointer_of("tasks"));
  }
  for (std::size_t i = 0; i < tasks->size(); ++i) {
    const Json& task = (*tasks)[i];
    const std::string pointer = pointer_append(reader.pointer_of("tasks"), i);
    if (!task.is_string() || !valid_task_name(task.get<std::string>())) {
      return make_error("params.bad_task", "a task name is 1 to 32 letters, digits, _ or -.", pointer);
    }
    if (std::find(parsed.tasks.begin(), parsed.tasks.end(), task.get<std::string>()) != parsed.tasks.end()) {
      return make_error("params.duplicate_task", "task \"" + task.get<std::string>() + "\" is listed twice; task names are unique.", pointer);
    }
    parsed.tasks.push_back(task.get<std::string>());
  }
  return {};
}

Result<ContractNetParams> parse_params(const Json& params, const std::string& pointer) {
  ContractNetParams parsed;
  if (params.is_null()) return parsed;
  ObjectReader reader(params, pointer, "contract net params");
  RETURN_IF_ERROR(reader.check({"tasks", "reply_window_ticks", "decision_window_ticks", "result_deadline_ticks", "max_rounds", "deadline", "on_failure",
                                "manager", "contractors"}));
  RETURN_IF_ERROR(read_tasks(reader, parsed));
  struct Field {
    const char* key;
    std::int64_t* target;
    std::int64_t low, high;
  };
  for (const Field& field : {Field{"reply_window_ticks", &parsed.reply_window_ticks, 1, limits::kMaxCnetWindowTicks},
                             Field{"decision_window_ticks", &parsed.decision_window_ticks, 2, limits::kMaxCnetWindowTicks},
                             Field{"result_deadline_ticks", &parsed.result_deadline_ticks, 0, limits::kMaxCnetWindowTicks},
                             Field{"max_rounds", &parsed.max_rounds, 1, limits::kMaxCnetRounds}}) {
    Result<std::int64_t> read = reader.integer(field.key, field.low, field.high, *field.target);
    if (!read.ok()) return read.error();
    *field.target = read.value();
  }
  Result<CnetDeadline> deadline = read_choice<CnetDeadline>(reader, "deadline", {{"reply_by", CnetDeadline::reply_by}, {"wait_for_all", CnetDeadline::wait_for_all}});
  if (!deadline.ok()) return deadline.error();
  Result<CnetOnFailure> on_failure = read_choice<CnetOnFailure>(reader, "on_failure", {{"reannounce", CnetOnFailure::reannounce}, {"give_up", CnetOnFailure::give_up}});
  if (!on_failure.ok()) return on_failure.error();
  Result<CnetManager> manager = read_choice<CnetManager>(reader, "manager", {{"lowest_price", CnetManager::lowest_price}, {"learner", CnetManager::learner}});
  if (!manager.ok()) return manager.error();
  parsed.deadline = deadline.value();
  parsed.on_failure = on_failure.value();
  parsed.manager = manager.value();
  if (const Json* contractors = reader.find("contractors")) {
    if (!contractors->is_array()) {
      return make_error("json.wrong_type", "\"contractors\" is an array with one object per contractor (n1, n2, ...).", reader.pointer_of("contractors"));
    }
    for (std::size_t i = 0; i < contractors->size(); ++i) {
      Result<ContractorProfile> contractor = read_contractor((*contractors)[i], pointer_append(reader.pointer_of("contractors"), i));
      if (!contractor.ok()) return contractor.error();
      parsed.contractors.push_back(contractor.value());
    }
  }
  return parsed;
}

}  // namespace

protocols::ProtocolSpec contract_net_protocol() {
  protocols::ProtocolSpec spec;
  spec.name = "contract_net";
  spec.summary = "FIPA contract net: node 0 calls for proposals with a deadline, accepts the cheapest, re-announces on failure or silence";
  spec.message_types = {"Cfp", "Propose", "Refuse", "AcceptProposal", "RejectProposal", "InformDone", "Failure", "Cancel"};
  spec.timer_kinds = {"Wake"};
  spec.views = {{"cnet.board", "Contract board", protocols::ViewKind::table, "board",
                 "every task: its round and conversation, the call's reply-by, the proposals, who holds the award, and its status"}};
  spec.configure = [](const Json& params, const std::string& pointer) -> Result<sim::ActorFactory> {
    Result<ContractNetParams> parsed = parse_params(params, pointer);
    if (!parsed.ok()) return parsed.error();
    ContractNetParams chosen = parsed.value();
    return sim::ActorFactory([chosen](NodeId self, std::size_t, std::string_view persisted) {
      return self.value == 0 ? make_cnet_manager(chosen, persisted) : make_cnet_contractor(chosen, self);
    });
  };
  return spec;
}

}  // namespace coordlab::allocation

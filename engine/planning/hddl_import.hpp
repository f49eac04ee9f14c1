// HDDL import: the totally ordered subset of the hierarchical planning language of the International
// Planning Competitions 2020 and 2023 (the total-order track): typing, constants, :ordered-subtasks,
// :subtasks with an :ordering that totally orders them, method preconditions, negative preconditions,
// equality, forall in preconditions, empty methods and a problem :goal that must hold after the last
// step. The result is our JSON format (coordlab.htn.domain/1 and .problem/1), read back by the strict
// readers. A construct outside the subset is an error naming it and its line, never a wrong plan.
#pragma once
#include <string_view>

#include "planning/domain.hpp"

namespace coordlab::planning {

struct HddlImport {
  Json domain_json;   // coordlab.htn.domain/1
  Json problem_json;  // coordlab.htn.problem/1
  Domain domain;
  Problem problem;
};

Result<HddlImport> import_hddl(std::string_view domain_text, std::string_view domain_file, std::string_view problem_text, std::string_view problem_file);

// A domain and problem in either language: HDDL (looks_like_hddl) is imported, JSON is read strictly.
Result<HddlImport> load_planning_texts(std::string_view domain_text, std::string_view domain_file, std::string_view problem_text, std::string_view problem_file);

// A found plan in the IPC 2020 plan format the competition's verifier reads: "==>", one line per
// primitive step "id action args", "root ids", one line per method application
// "id task args -> method subtask-ids", "<==".
struct Plan;
std::string ipc_plan_text(const Domain& domain, const Problem& problem, const Plan& plan);

// An HDDL file of engine/planning/domains/ compiled into the binary ("transport.hddl"), or "" if none.
std::string_view embedded_hddl_file(std::string_view name);

// Whether a file's text is HDDL (its first character other than spaces and `;` comments is `(`).
bool looks_like_hddl(std::string_view text);

}  // namespace coordlab::planning

// Loading a domain and problem in either language, and printing a plan in the IPC plan format with its
// decomposition: primitive steps keep their plan positions as ids, compound nodes follow them.
#include "core/embedded_file.hpp"
#include "planning/hddl_import.hpp"
#include "planning/planner.hpp"

namespace coordlab {
const std::vector<EmbeddedFile>& embedded_hddl_files();
}  // namespace coordlab

namespace coordlab::planning {

std::string_view embedded_hddl_file(std::string_view name) {
  for (const EmbeddedFile& file : embedded_hddl_files())
    if (file.name == name) return file.contents;
  return {};
}

Result<HddlImport> load_planning_texts(std::string_view domain_text, std::string_view domain_file, std::string_view problem_text, std::string_view problem_file) {
  if (looks_like_hddl(domain_text)) return import_hddl(domain_text, domain_file, problem_text, problem_file);
  HddlImport loaded;
  Result<Json> domain_json = parse_json_text(domain_text, domain_file);
  if (!domain_json.ok()) return domain_json.error();
  Result<Domain> domain = parse_domain_text(domain_text, domain_file);
  if (!domain.ok()) return domain.error();
  Result<Problem> problem = parse_problem_text(problem_text, problem_file, domain.value());
  if (!problem.ok()) return problem.error();
  loaded.domain_json = std::move(domain_json).value();
  loaded.problem_json = parse_json_text(problem_text, problem_file).value();
  loaded.domain = std::move(domain).value();
  loaded.problem = std::move(problem).value();
  return loaded;
}

std::string ipc_plan_text(const Domain& domain, const Problem& problem, const Plan& plan) {
  const std::size_t count = plan.decomposition.size();
  std::vector<std::size_t> id(count, 0);
  std::size_t next_id = plan.steps.size();
  for (std::size_t i = 0; i < count; ++i) id[i] = plan.decomposition[i].method < 0 ? plan.decomposition[i].first_step : next_id++;
  std::vector<std::vector<std::size_t>> children(count);
  std::string roots;
  for (std::size_t i = 0; i < count; ++i) {
    const std::int32_t parent = plan.decomposition[i].parent;
    if (parent >= 0) children[static_cast<std::size_t>(parent)].push_back(i);
    else roots.append(" ").append(std::to_string(id[i]));
  }
  std::string text = "==>\n";
  for (std::size_t s = 0; s < plan.steps.size(); ++s) text.append(std::to_string(s)).append(" ").append(ground_text(domain, problem, plan.steps[s].task)).append("\n");
  text.append("root").append(roots).append("\n");
  for (std::size_t i = 0; i < count; ++i) {
    const DecompositionNode& node = plan.decomposition[i];
    if (node.method < 0) continue;
    text.append(std::to_string(id[i])).append(" ").append(ground_text(domain, problem, node.task)).append(" -> ");
    text.append(domain.methods[static_cast<std::size_t>(node.method)].name);
    for (std::size_t child : children[i]) text.append(" ").append(std::to_string(id[child]));
    text.append("\n");
  }
  text.append("<==\n");
  return text;
}

}  // namespace coordlab::planning

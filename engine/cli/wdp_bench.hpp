// The winner determination figures of `coordlab bench` (wdp_bench.cpp).
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace coordlab::cli {

struct WdpBenchFigure {
  std::string name;  // wdp_solve_ms.<distribution>_<goods>x<bids>.median or .worst
  double value_ms;
  std::string target;
  bool meets;  // within the target and every instance proven optimal
};
// `instances` seeded instances per distribution and size; only the figures `wanted` names.
std::vector<WdpBenchFigure> measure_wdp_figures(std::size_t instances, const std::function<bool(const std::string&)>& wanted);

}  // namespace coordlab::cli

// The winner determination benchmark (issue 17): wdp_solve_ms median and worst over seeded CATS-style
// instances at (goods, bids) = (20, 100), (25, 250), (30, 500) for each distribution, with the issue's
// targets (stated for the wasm build). An instance that stops at the node limit counts as a miss.
#include <algorithm>
#include <chrono>

#include "allocation/wdp.hpp"
#include "cli/wdp_bench.hpp"

namespace coordlab::cli {

std::vector<WdpBenchFigure> measure_wdp_figures(std::size_t instances, const std::function<bool(const std::string&)>& wanted) {
  struct Size {
    std::uint32_t goods, bids;
    double median_target_ms, worst_target_ms;  // 0: none
    const char* median_target;
    const char* worst_target;
  };
  const Size sizes[] = {{20, 100, 0, 20, "", "<= 20, all optimal (wasm)"},
                        {25, 250, 30, 300, "<= 30 (wasm)", "<= 300 (wasm)"},
                        {30, 500, 150, 2000, "<= 150 (wasm)", "<= 2,000 (wasm)"}};
  std::vector<WdpBenchFigure> figures;
  for (allocation::WdpDistribution distribution : {allocation::WdpDistribution::arbitrary, allocation::WdpDistribution::paths,
                                                   allocation::WdpDistribution::legacy_l3, allocation::WdpDistribution::legacy_l7}) {
    for (const Size& size : sizes) {
      std::string name = "wdp_solve_ms.";
      name += allocation::wdp_distribution_name(distribution);
      name += '_';
      name += std::to_string(size.goods);
      name += 'x';
      name += std::to_string(size.bids);
      if (!wanted(name + ".median") && !wanted(name + ".worst")) continue;
      std::vector<double> times_ms;
      bool all_optimal = true;
      for (std::size_t seed = 1; seed <= instances; ++seed) {
        allocation::WdpInstance instance = allocation::generate_wdp_instance(distribution, size.goods, size.bids, seed);
        auto start = std::chrono::steady_clock::now();
        allocation::WdpSolution solution = allocation::solve_wdp(instance);
        times_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        all_optimal = all_optimal && solution.status == allocation::WdpStatus::optimal;
      }
      std::sort(times_ms.begin(), times_ms.end());
      double median = times_ms[times_ms.size() / 2], worst = times_ms.back();
      if (wanted(name + ".median")) {
        figures.push_back({name + ".median", median, size.median_target, all_optimal && (size.median_target_ms == 0 || median <= size.median_target_ms)});
      }
      if (wanted(name + ".worst")) figures.push_back({name + ".worst", worst, size.worst_target, all_optimal && worst <= size.worst_target_ms});
    }
  }
  return figures;
}

}  // namespace coordlab::cli

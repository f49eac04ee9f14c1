// coordlab auction wdp FILE [--json] [--node-limit N] [--allocation 0,3]: exact winner determination for one
// `coordlab.wdp/1` instance (see allocation/wdp.hpp and the README): the welfare, the chosen bids and
// whether optimality was proven. With --allocation, a proposed allocation is checked for feasibility and
// compared with the optimum. On the node limit the answer is the best allocation found, the bound and
// the gap, and the exit code is 1.
// coordlab auction wdp-generate DIST --goods N --bids M [--seed S] [--out FILE]: a CATS-style instance.
#include <chrono>
#include <cstdio>

#include "allocation/wdp.hpp"
#include "cli/cli.hpp"
#include "core/limits.hpp"

namespace coordlab::cli {
namespace {

using allocation::WdpInstance;
using allocation::WdpSolution;

Result<std::vector<std::uint32_t>> parse_bid_list(const std::string& text) {
  std::vector<std::uint32_t> bids;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    Result<std::uint64_t> number = parse_unsigned(item, "each bid of --allocation");
    if (!number.ok()) return number.error();
    if (number.value() >= limits::kMaxWdpBids) return make_error("cli.bad_number", "--allocation names bid " + item + ", beyond any instance.");
    bids.push_back(static_cast<std::uint32_t>(number.value()));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return bids;
}

Json solution_json(const WdpInstance& instance, const WdpSolution& solution, double solve_ms) {
  Json chosen = Json::array();
  for (std::uint32_t index : solution.chosen) {
    const allocation::WdpBid& bid = instance.bids[index];
    chosen.push_back(Json{{"bid", index}, {"bidder", bid.bidder}, {"goods", bid.goods}, {"price", bid.price}});
  }
  return Json{{"format", "coordlab.wdp_result/1"},
              {"status", allocation::wdp_status_name(solution.status)},
              {"optimal", solution.status == allocation::WdpStatus::optimal},
              {"welfare", solution.welfare},
              {"upper_bound", solution.upper_bound},
              {"gap", solution.upper_bound - solution.welfare},
              {"chosen", chosen},
              {"nodes", solution.nodes},
              {"root_bound", solution.root_bound},
              {"solve_ms", solve_ms}};
}

void print_solution(const WdpInstance& instance, const WdpSolution& solution, double solve_ms) {
  std::printf("%u goods, %zu bids\n", instance.good_count, instance.bids.size());
  std::printf("welfare: %lld\n", static_cast<long long>(solution.welfare));
  std::puts("chosen bids (index, bidder: goods, price):");
  if (solution.chosen.empty()) std::puts("  none");
  for (std::uint32_t index : solution.chosen) {
    const allocation::WdpBid& bid = instance.bids[index];
    std::string goods;
    for (std::uint32_t good : bid.goods) {
      if (!goods.empty()) goods += ' ';
      goods += std::to_string(good);
    }
    std::printf("  %u, %s: %s, %lld\n", index, bid.bidder.c_str(), goods.c_str(), static_cast<long long>(bid.price));
  }
  if (solution.status == allocation::WdpStatus::optimal) {
    std::printf("optimal: proven (%lld search nodes, %.3f ms)\n", static_cast<long long>(solution.nodes), solve_ms);
  } else {
    std::printf("optimal: NOT proven: node limit %lld reached; best found %lld, upper bound %lld, gap %lld\n", static_cast<long long>(solution.nodes),
                static_cast<long long>(solution.welfare), static_cast<long long>(solution.upper_bound),
                static_cast<long long>(solution.upper_bound - solution.welfare));
  }
}

// The learner's allocation against the optimum: exit 0 only when feasible and optimal.
int compare_allocation(const WdpInstance& instance, const WdpSolution& solution, const std::string& list, bool json) {
  Result<std::vector<std::uint32_t>> bids = parse_bid_list(list);
  if (!bids.ok()) return report(bids.error(), kExitUsage);
  Result<std::int64_t> welfare = allocation::allocation_welfare(instance, bids.value());
  bool optimal = welfare.ok() && solution.status == allocation::WdpStatus::optimal && welfare.value() == solution.welfare;
  if (json) {
    Json answer = {{"feasible", welfare.ok()}, {"optimal", optimal}, {"optimum", solution.welfare}};
    if (welfare.ok()) answer["welfare"] = welfare.value();
    else answer["error"] = welfare.error().message;
    std::puts(answer.dump().c_str());
  } else if (!welfare.ok()) {
    std::printf("allocation: infeasible: %s\n", welfare.error().message.c_str());
  } else {
    std::printf("allocation: feasible, welfare %lld of the optimum %lld%s\n", static_cast<long long>(welfare.value()),
                static_cast<long long>(solution.welfare), optimal ? " (optimal)" : "");
  }
  return optimal ? kExitOk : kExitFailure;
}

int run_wdp(const Arguments& parsed) {
  if (parsed.positional.size() != 2) {
    std::fputs("usage: coordlab auction wdp FILE [--json] [--node-limit N] [--allocation I,J,...]\n", stderr);
    return kExitUsage;
  }
  allocation::WdpOptions options;
  if (auto limit = parsed.value("node-limit")) {
    Result<std::uint64_t> nodes = parse_unsigned(*limit, "--node-limit");
    if (!nodes.ok()) return report(nodes.error(), kExitUsage);
    if (nodes.value() < 1 || nodes.value() > static_cast<std::uint64_t>(limits::kMaxWdpNodes)) {
      return report(make_error("cli.bad_number", "--node-limit must be between 1 and " + std::to_string(limits::kMaxWdpNodes) + "."), kExitUsage);
    }
    options.node_limit = static_cast<std::int64_t>(nodes.value());
  }
  Result<std::string> text = read_file(parsed.positional[1]);
  if (!text.ok()) return report(text.error());
  Result<WdpInstance> instance = allocation::parse_wdp_instance(text.value(), parsed.positional[1]);
  if (!instance.ok()) return report(instance.error());
  auto start = std::chrono::steady_clock::now();
  WdpSolution solution = allocation::solve_wdp(instance.value(), options);
  double solve_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (auto proposed = parsed.value("allocation")) return compare_allocation(instance.value(), solution, *proposed, parsed.has("json"));
  if (parsed.has("json")) {
    std::puts(solution_json(instance.value(), solution, solve_ms).dump().c_str());
  } else {
    print_solution(instance.value(), solution, solve_ms);
  }
  if (solution.status != allocation::WdpStatus::optimal) {
    return report(make_error("wdp.node_limit", "the search stopped at its node limit: the allocation above is the best found, not proven optimal."));
  }
  return kExitOk;
}

Result<std::uint32_t> bounded_option(const Arguments& parsed, const std::string& name, std::uint32_t low, std::uint32_t high, std::uint32_t fallback) {
  auto text = parsed.value(name);
  if (!text) return fallback;
  Result<std::uint64_t> number = parse_unsigned(*text, "--" + name);
  if (!number.ok()) return number.error();
  if (number.value() < low || number.value() > high) {
    return make_error("cli.bad_number", "--" + name + " must be between " + std::to_string(low) + " and " + std::to_string(high) + ".");
  }
  return static_cast<std::uint32_t>(number.value());
}

int run_generate(const Arguments& parsed) {
  if (parsed.positional.size() != 2) {
    std::fputs("usage: coordlab auction wdp-generate arbitrary|paths|L3|L7 --goods N --bids M [--seed S] [--out FILE]\n", stderr);
    return kExitUsage;
  }
  Result<allocation::WdpDistribution> distribution = allocation::wdp_distribution_from_name(parsed.positional[1]);
  if (!distribution.ok()) return report(distribution.error(), kExitUsage);
  Result<std::uint32_t> goods = bounded_option(parsed, "goods", 1, limits::kMaxWdpGeneratedGoods, 20);
  if (!goods.ok()) return report(goods.error(), kExitUsage);
  Result<std::uint32_t> bids = bounded_option(parsed, "bids", 0, limits::kMaxWdpGeneratedBids, 100);
  if (!bids.ok()) return report(bids.error(), kExitUsage);
  std::uint64_t seed = 1;
  if (auto text = parsed.value("seed")) {
    Result<std::uint64_t> number = parse_unsigned(*text, "--seed");
    if (!number.ok()) return report(number.error(), kExitUsage);
    seed = number.value();
  }
  WdpInstance instance = allocation::generate_wdp_instance(distribution.value(), goods.value(), bids.value(), seed);
  std::string text = allocation::wdp_instance_json(instance).dump();
  text += '\n';
  if (auto out = parsed.value("out")) {
    Status written = write_file(*out, text);
    if (!written.ok()) return report(written.error());
    return kExitOk;
  }
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

}  // namespace

int run_wdp_command(const std::vector<std::string>& argv) {
  Result<Arguments> arguments = parse_arguments(argv, {"node-limit", "allocation", "goods", "bids", "seed", "out"}, {"json"});
  if (!arguments.ok()) return report(arguments.error(), kExitUsage);
  const Arguments& parsed = arguments.value();
  if (!parsed.positional.empty() && parsed.positional[0] == "wdp-generate") return run_generate(parsed);
  return run_wdp(parsed);
}

}  // namespace coordlab::cli

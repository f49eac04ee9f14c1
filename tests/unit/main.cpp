// The doctest runner for the engine tests. Besides doctest's own options it takes --sweep-percent=N
// (1 to 100): every seed sweep runs N% of its full seed count (see support/sweep_size.hpp).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <string_view>
#include <vector>

#include "support/sweep_size.hpp"

int main(int argc, char** argv) {
  constexpr std::string_view kSweepOption = "--sweep-percent=";
  std::vector<char*> doctest_args;
  for (int index = 0; index < argc; ++index) {
    const std::string_view arg = argv[index];
    if (!arg.starts_with(kSweepOption)) {
      doctest_args.push_back(argv[index]);
    } else if (!coordlab::test_support::set_sweep_percent(arg.substr(kSweepOption.size()))) {
      std::fprintf(stderr, "coordlab_tests: %s: the sweep percentage must be a whole number from 1 to 100\n", argv[index]);
      return 2;
    }
  }
  doctest::Context context(static_cast<int>(doctest_args.size()), doctest_args.data());
  return context.run();
}

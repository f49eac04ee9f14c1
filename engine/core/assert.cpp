#include "core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace coordlab {
void assertion_failed(const char* expression, const char* file, int line, const char* detail) {
  std::fprintf(stderr, "ENGINE_ASSERT failed: %s\n  at %s:%d\n", expression, file, line);
  if (detail != nullptr) std::fprintf(stderr, "  detail: %s\n", detail);
  if (g_assert_context.active) {
    std::fprintf(stderr, "  simulation: seed=%llu tick=%lld\n",
                 static_cast<unsigned long long>(g_assert_context.seed), static_cast<long long>(g_assert_context.tick));
  }
  std::fflush(stderr);
  std::abort();
}

}  // namespace coordlab

// Always-on assertions for our own bugs (never for bad input, which gets a Result error).
// A failure prints the expression, file:line and the simulation context (seed, tick), then aborts.
#pragma once
#include <cstdint>

namespace coordlab {

struct AssertContext {
  std::uint64_t seed = 0;
  std::int64_t tick = 0;
  bool active = false;
};

// The context the simulator last entered; diagnostic only, it never influences behaviour. Inline, as
// the simulator sets it on every step.
inline AssertContext g_assert_context;
inline void set_assert_context(const AssertContext& context) { g_assert_context = context; }
[[noreturn]] void assertion_failed(const char* expression, const char* file, int line, const char* detail);

}  // namespace coordlab

#define ENGINE_ASSERT(expression)                                              \
  do {                                                                         \
    if (!(expression)) ::coordlab::assertion_failed(#expression, __FILE__, __LINE__, nullptr); \
  } while (false)

#define ENGINE_ASSERT_MSG(expression, detail)                                  \
  do {                                                                         \
    if (!(expression)) ::coordlab::assertion_failed(#expression, __FILE__, __LINE__, detail); \
  } while (false)

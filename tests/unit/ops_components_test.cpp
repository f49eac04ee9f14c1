// The ops building blocks against their sources: resilience4j's breaker (minimum calls, inclusive
// thresholds, slow calls, rejected calls not recorded, the lazy OPEN -> HALF_OPEN strictly after the
// wait, half-open permits, time-based buckets), Polly's consecutive breaker and the course's lifetime
// count, histogram_quantile's interpolation, Prometheus `for` / keep_firing_for, and AWS back-off.
#include <doctest/doctest.h>

#include "ops/alerting.hpp"
#include "ops/breaker.hpp"
#include "ops/fleet.hpp"
#include "ops/metrics.hpp"

namespace {

using namespace coordlab;
using namespace coordlab::ops;

BreakerConfig small_resilience4j() {
  BreakerConfig config;
  config.window_size = 10;
  config.minimum_calls = 5;
  config.wait_open_ms = 60'000;
  config.half_open_calls = 3;
  return config;
}

}  // namespace

TEST_CASE("ops: breaker: resilience4j waits for the minimum calls, trips at >= the rate, rejects without recording") {
  Breaker breaker(small_resilience4j());
  for (int i = 0; i < 4; ++i) {
    REQUIRE(breaker.acquire(i));
    breaker.record(i, 10, true);
  }
  CHECK(breaker.state() == BreakerState::closed);  // 4 calls < minimum 5: no decision
  REQUIRE(breaker.acquire(5));
  breaker.record(5, 10, false);  // 4 of 5 failed = 80% >= 50%
  CHECK(breaker.state() == BreakerState::open);
  CHECK_FALSE(breaker.acquire(1000));
  CHECK(breaker.rejected() == 1);
  CHECK(breaker.window_totals(1000).calls == 5);  // the rejected call was not recorded
  CHECK_FALSE(breaker.acquire(60'005));  // exactly at the deadline: still open (lazy, strictly after)
  CHECK(breaker.acquire(60'006));
  CHECK(breaker.state() == BreakerState::half_open);
  CHECK(breaker.acquire(60'007));
  CHECK(breaker.acquire(60'008));
  CHECK_FALSE(breaker.acquire(60'009));  // 3 permits only
  breaker.record(60'010, 10, true);
  breaker.record(60'010, 10, false);
  CHECK(breaker.state() == BreakerState::half_open);
  breaker.record(60'010, 10, false);  // 1 of 3 = 33% < 50%: closed, fresh window
  CHECK(breaker.state() == BreakerState::closed);
  CHECK(breaker.window_totals(60'010).calls == 0);
}

TEST_CASE("ops: breaker: exactly the failure threshold trips; slow calls trip by their own rate") {
  Breaker half(small_resilience4j());
  for (int i = 0; i < 10; ++i) half.record(i, 10, i % 2 == 0);  // 5 of 10 = 50%: inclusive
  CHECK(half.state() == BreakerState::open);
  BreakerConfig config = small_resilience4j();
  config.slow_call_ms = 100;
  config.slow_rate_percent = 60;
  Breaker slow(config);
  for (int i = 0; i < 5; ++i) slow.record(i, i < 2 ? 100 : 101, false);  // 100 ms is not slow (strictly above)
  CHECK(slow.state() == BreakerState::open);  // 3 of 5 slow = 60%
}

TEST_CASE("ops: breaker: automatic transition opens the half-open state at the deadline; time-based windows forget old seconds") {
  BreakerConfig config = small_resilience4j();
  config.automatic_transition = true;
  Breaker breaker(config);
  for (int i = 0; i < 5; ++i) breaker.record(0, 10, true);
  breaker.advance(60'000);
  CHECK(breaker.state() == BreakerState::half_open);
  SlidingWindow window(WindowType::time_based, 3);
  window.record(0, true, false);
  window.record(500, true, false);
  window.record(2'000, false, false);
  CHECK(window.totals(2'999).calls == 3);
  CHECK(window.totals(3'000).calls == 1);  // second 0 has age 3 >= 3
}

TEST_CASE("ops: breaker: Polly's consecutive count resets on success; the course's lifetime count never does and never rejects") {
  BreakerConfig config;
  config.kind = BreakerKind::consecutive;
  config.failure_threshold = 3;
  config.wait_open_ms = 1000;
  Breaker polly(config);
  polly.record(0, 1, true), polly.record(0, 1, true), polly.record(0, 1, false), polly.record(0, 1, true), polly.record(0, 1, true);
  CHECK(polly.state() == BreakerState::closed);
  polly.record(0, 1, true);
  CHECK(polly.state() == BreakerState::open);
  CHECK_FALSE(polly.acquire(999));
  CHECK(polly.acquire(1000));  // one trial once the break is over
  CHECK_FALSE(polly.acquire(1000));
  polly.record(1000, 1, false);
  CHECK(polly.state() == BreakerState::closed);
  config.kind = BreakerKind::course_lifetime;
  Breaker course(config);
  course.record(0, 1, true), course.record(0, 1, true), course.record(0, 1, false), course.record(0, 1, true);
  CHECK(course.state() == BreakerState::open);  // 3 lifetime failures
  CHECK(course.acquire(10));                     // and it still routes calls
}

TEST_CASE("ops: metrics: histogram_quantile interpolates inside the rank's bucket and caps at the highest finite bound") {
  LatencyHistogram histogram;
  CHECK_FALSE(histogram.quantile_ms(950).has_value());  // no observations: NaN
  for (int i = 0; i < 100; ++i) histogram.observe(50);
  CHECK(histogram.quantile_ms(500) == 37);  // 25 + 25 * 50/100 = 37.5, truncated
  CHECK(histogram.quantile_ms(1000) == 50);
  LatencyHistogram mixed;
  for (int i = 0; i < 90; ++i) mixed.observe(8);       // le=10
  for (int i = 0; i < 10; ++i) mixed.observe(900);     // le=1000
  CHECK(mixed.quantile_ms(500) == 5 + 5 * (50 - 0) / 90);  // lower bound 5 of the le=10 bucket
  CHECK(mixed.quantile_ms(950) == 500 + 500 * (95 - 90) / 10);
  LatencyHistogram beyond;
  beyond.observe(20'000);
  CHECK(beyond.quantile_ms(990) == 10'000);  // the +Inf bucket returns the second-highest bound
}

TEST_CASE("ops: alerting: `for` holds an alert pending, keep_firing_for holds it firing, absence resets pending") {
  AlertInstance alert(AlertRule{"warning", 100, 120, 120});
  CHECK(alert.evaluate(60, 150));
  CHECK(alert.state() == AlertState::pending);
  CHECK_FALSE(alert.evaluate(120, 150));  // 60 s < for
  CHECK(alert.evaluate(180, 150));
  CHECK(alert.state() == AlertState::firing);
  CHECK_FALSE(alert.evaluate(240, 50));  // absent: keep firing since 240
  CHECK_FALSE(alert.evaluate(300, 50));
  CHECK(alert.evaluate(360, 50));  // 120 s after it went absent
  CHECK(alert.state() == AlertState::inactive);
  CHECK(alert.evaluate(420, 150));
  CHECK(alert.evaluate(480, 50));  // a pending alert is dropped: the timer resets
  CHECK(alert.state() == AlertState::inactive);
  AlertInstance immediate(AlertRule{"critical", 100, 0, 0});
  immediate.evaluate(0, 101);
  CHECK(immediate.state() == AlertState::firing);  // for: 0 fires on the first evaluation
}

TEST_CASE("ops: retries: AWS back-off stays within its bounds (full, equal, decorrelated) and exponential doubles to the cap") {
  Random random(7);
  RetryPolicy policy{Backoff::exponential, 5, 100, 1000};
  CHECK(backoff_ms(policy, 1, 0, random) == 200);
  CHECK(backoff_ms(policy, 3, 0, random) == 800);
  CHECK(backoff_ms(policy, 4, 0, random) == 1000);
  for (int i = 0; i < 1000; ++i) {
    policy.backoff = Backoff::full_jitter;
    const std::int64_t full = backoff_ms(policy, 2, 0, random);
    CHECK((full >= 0 && full <= 400));
    policy.backoff = Backoff::equal_jitter;
    const std::int64_t equal = backoff_ms(policy, 2, 0, random);
    CHECK((equal >= 200 && equal <= 400));
    policy.backoff = Backoff::decorrelated;
    const std::int64_t decorrelated = backoff_ms(policy, 2, 300, random);
    CHECK((decorrelated >= 100 && decorrelated <= 900));
  }
}

TEST_CASE("ops: breaker: resilience4j's maxWaitDurationInHalfOpenState reopens a half-open breaker whose trial calls never come") {
  BreakerConfig config = small_resilience4j();
  config.max_wait_half_open_ms = 5'000;
  Breaker breaker(config);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(breaker.acquire(i));
    breaker.record(i, 1, true);
  }
  REQUIRE(breaker.state() == BreakerState::open);
  const std::int64_t half_open_at = breaker.open_until_ms() + 1;
  REQUIRE(breaker.acquire(half_open_at));  // lazily half-open, one trial permitted
  CHECK(breaker.state() == BreakerState::half_open);
  breaker.advance(half_open_at + 4'999);
  CHECK(breaker.state() == BreakerState::half_open);  // still waiting for the other two trial calls
  breaker.advance(half_open_at + 5'000);
  CHECK(breaker.state() == BreakerState::open);
  CHECK(breaker.open_until_ms() == half_open_at + 5'000 + 60'000);  // the wait counts from the scheduled instant
  config.max_wait_half_open_ms = 0;  // the default: wait forever
  Breaker patient(config);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(patient.acquire(i));
    patient.record(i, 1, true);
  }
  REQUIRE(patient.acquire(patient.open_until_ms() + 1));
  patient.advance(10'000'000);
  CHECK(patient.state() == BreakerState::half_open);
}

package io.vestnik.ratelimit;

import java.time.Clock;

class LocalRateLimiterTest extends RateLimiterContract {
    @Override
    protected RateLimiter open() {
        return new LocalRateLimiter(Clock.systemUTC());
    }
}

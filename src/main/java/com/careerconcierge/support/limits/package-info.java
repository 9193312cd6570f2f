/**
 * Rate limits: named token buckets per client address, session or agent, answered 429
 * with {@code Retry-After}.
 */
package com.careerconcierge.support.limits;

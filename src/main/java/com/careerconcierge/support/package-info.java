/**
 * Infrastructure shared by every module and knowing none of them: where Redis comes from,
 * the clock, per-key ordered work, and (in its sub-packages) web security, request
 * guards, problem answers, event streams and rate limits. Open: every module may use any
 * of its types.
 */
@ApplicationModule(displayName = "Support", type = ApplicationModule.Type.OPEN, allowedDependencies = {})
package com.careerconcierge.support;

import org.springframework.modulith.ApplicationModule;

/**
 * The application's web security: the default chain (public paths that modules declare,
 * health, everything else refused), the shared security headers and problem answers for
 * 401 and 403.
 */
package com.careerconcierge.support.security;

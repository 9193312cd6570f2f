/**
 * The consultation's machinery: the Spring State Machine (the only package that imports
 * it), the script loaded from resources, text matching, and the session record kept in
 * Redis.
 */
package com.careerconcierge.consultation.internal;

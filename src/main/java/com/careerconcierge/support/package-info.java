/**
 * Infrastructure shared by every module: where Redis comes from, and how errors are
 * answered.
 */
package com.careerconcierge.support;

/**
 * What every HTTP request shares: the request body guard, problem answers, trusted
 * proxies, and the hub of server-sent-event streams.
 */
package com.careerconcierge.support.web;

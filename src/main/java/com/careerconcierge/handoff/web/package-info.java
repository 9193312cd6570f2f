/**
 * The agents' side over HTTP: bearer-token authentication, the REST API under
 * {@code /api/agent}, and the server-sent event stream.
 */
package com.careerconcierge.handoff.web;

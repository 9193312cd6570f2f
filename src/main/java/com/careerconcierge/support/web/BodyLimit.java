package com.careerconcierge.support.web;

import org.springframework.util.unit.DataSize;

/**
 * The largest body one endpoint takes, declared by the module that owns the endpoint
 * (every other path gets {@code concierge.http.max-body-size}).
 *
 * @param path the exact path, e.g. {@code /telegram/webhook}; other spellings of it get
 * the default, which is the smallest
 * @param maxSize the largest body
 * @param platform whether the callers are a messaging platform's servers (a webhook):
 * they send many bodies at once from few addresses, so the per-address limit on bodies in
 * progress does not apply
 */
public record BodyLimit(String path, DataSize maxSize, boolean platform) {

	/**
	 * Where a filter that answers a platform's webhook itself goes: after the guard of
	 * this limit has wrapped the body and a wildcard Content-Type has been refused,
	 * before Spring Session, Spring Security and Spring MVC.
	 */
	public static final int WEBHOOK_FILTER_ORDER = WildcardContentTypeCheck.ORDER + 1;

}

package com.careerconcierge.channel.line;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when both the channel secret and the access token are set and not blank, so
 * that every bean of the channel, the webhook controller included, exists only then.
 */
class LineChannelCondition implements Condition {

	static final String SECRET = "concierge.line.channel-secret";

	static final String TOKEN = "concierge.line.channel-access-token";

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return enabled(context.getEnvironment());
	}

	static boolean enabled(Environment environment) {
		return StringUtils.hasText(environment.getProperty(SECRET))
				&& StringUtils.hasText(environment.getProperty(TOKEN));
	}

}

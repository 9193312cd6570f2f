package com.careerconcierge.support.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * A request that outlives its session (the console's event stream while the agent signs
 * out in another request, or while the session times out) must not write it back: Spring
 * Session's Redis repository refuses that with an exception, which surfaced as an error
 * with a stack trace at every sign-out with the console open. Here such a save is skipped
 * (the session stays ended, nothing is recreated) and noted at debug level; every other
 * failure passes through.
 */
@Configuration(proxyBeanMethods = false)
class EndedSessions {

	private static final Logger log = LoggerFactory.getLogger(EndedSessions.class);

	@Bean
	static BeanPostProcessor endedSessionsStayEnded() {
		return new BeanPostProcessor() {

			@Override
			@SuppressWarnings("unchecked")
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof SessionRepository<?> sessions
						&& !(bean instanceof FindByIndexNameSessionRepository)) {
					return new Forgiving<>((SessionRepository<Session>) sessions);
				}
				return bean;
			}

		};
	}

	private record Forgiving<S extends Session>(SessionRepository<S> sessions) implements SessionRepository<S> {

		@Override
		public S createSession() {
			return this.sessions.createSession();
		}

		@Override
		public void save(S session) {
			try {
				this.sessions.save(session);
			}
			catch (IllegalStateException ex) {
				if (this.sessions.findById(session.getId()) != null) {
					throw ex;
				}
				log.debug("A request outlived its session; not saved again ({})", ex.getMessage());
			}
		}

		@Override
		public S findById(String id) {
			return this.sessions.findById(id);
		}

		@Override
		public void deleteById(String id) {
			this.sessions.deleteById(id);
		}

	}

}

package com.careerconcierge.consultation.internal;

import com.careerconcierge.consultation.ConsultationProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/**
 * Loads the script (failing start-up if it is broken) and builds the dialogue on it.
 */
@Configuration(proxyBeanMethods = false)
class ConsultationConfiguration {

	@Bean
	Script consultationScript(
			@Value("${concierge.consultation.script:classpath:script/consultation.yml}") Resource resource) {
		return ScriptLoader.load(resource);
	}

	@Bean
	Dialogue dialogue(Script script, ConsultationMachine machine, ConsultationProperties properties) {
		return new Dialogue(script, machine, properties.agencyName());
	}

}

package com.careerconcierge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Career consultation chatbot for sales people who consider a back-office job.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CareerConciergeApplication {

	public static void main(String[] args) {
		SpringApplication.run(CareerConciergeApplication.class, args);
	}

}

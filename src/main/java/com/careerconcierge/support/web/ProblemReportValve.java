package com.careerconcierge.support.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Errors Tomcat answers itself, before any servlet (a malformed URI), as problem JSON.
 */
class ProblemReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle(title);
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(Problems.json(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone, or the response was taken: nothing more to say
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
			return (factory) -> factory.addContextCustomizers(
					(context) -> context.getParent().getPipeline().addValve(new ProblemReportValve()));
		}

	}

}

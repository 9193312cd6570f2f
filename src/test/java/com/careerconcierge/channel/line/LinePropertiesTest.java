package com.careerconcierge.channel.line;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The LINE channel's settings: blank means unset, both credentials or none, and secrets
 * never in {@code toString()}.
 */
class LinePropertiesTest {

	@Test
	void blankValuesAreUnsetAndTheApiUrlDefaultsToLines() {
		LineProperties properties = new LineProperties(" ", "", null, null, null);
		assertThat(properties.enabled()).isFalse();
		assertThat(properties.channelSecret()).isNull();
		assertThat(properties.apiUrl()).isEqualTo("https://api.line.me");
		assertThat(properties.apiEndPoint()).hasToString("https://api.line.me/");
	}

	@Test
	void aTrailingSlashOnTheApiUrlIsDropped() {
		LineProperties properties = new LineProperties("secret", "token", "http://127.0.0.1:8089/", null, null);
		assertThat(properties.enabled()).isTrue();
		assertThat(properties.apiUrl()).isEqualTo("http://127.0.0.1:8089");
		assertThat(properties.apiEndPoint()).hasToString("http://127.0.0.1:8089/");
	}

	@Test
	void refusesASecretWithoutATokenAndTheOtherWayRound() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LineProperties("secret", " ", null, null, null))
			.withMessageContaining("LINE_CHANNEL_ACCESS_TOKEN");
		assertThatIllegalArgumentException().isThrownBy(() -> new LineProperties(null, "token", null, null, null))
			.withMessageContaining("LINE_CHANNEL_SECRET");
	}

	@Test
	void refusesAnApiUrlThatIsNotHttp() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LineProperties("secret", "token", "api.line.me", null, null))
			.withMessageContaining("LINE_API_URL");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LineProperties("secret", "token", "ftp://api.line.me", null, null))
			.withMessageContaining("LINE_API_URL");
	}

	@Test
	void toStringHidesTheSecretAndTheToken() {
		assertThat(new LineProperties("the-secret", "the-token", null, null, null)).asString()
			.doesNotContain("the-secret")
			.doesNotContain("the-token")
			.contains("https://api.line.me");
	}

	@Test
	void theChannelIsOnOnlyWithBothCredentials() {
		assertThat(LineChannelCondition.enabled(new MockEnvironment())).isFalse();
		assertThat(LineChannelCondition.enabled(new MockEnvironment().withProperty(LineChannelCondition.SECRET, "s")
			.withProperty(LineChannelCondition.TOKEN, " "))).isFalse();
		assertThat(LineChannelCondition.enabled(new MockEnvironment().withProperty(LineChannelCondition.SECRET, "s")
			.withProperty(LineChannelCondition.TOKEN, "t"))).isTrue();
	}

	@Test
	void bindsFromTheEnvironmentAndStopsTheStartWhenOnlyOneCredentialIsSet() {
		ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Binding.class);
		runner
			.withPropertyValues("concierge.line.channel-secret=", "concierge.line.channel-access-token=",
					"concierge.line.api-url=")
			.run((context) -> assertThat(context.getBean(LineProperties.class))
				.isEqualTo(new LineProperties(null, null, "https://api.line.me", null, null)));
		runner.withPropertyValues("concierge.line.channel-secret=s3cr3t")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("LINE_CHANNEL_ACCESS_TOKEN"));
	}

	@EnableConfigurationProperties(LineProperties.class)
	static class Binding {

	}

}

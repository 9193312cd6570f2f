package com.careerconcierge.consultation.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.careerconcierge.CareerConciergeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A script a channel could not show is refused with a message that names the entry.
 */
class ScriptValidationTest {

	@TempDir
	Path dir;

	@Test
	void theShippedScriptIsValid() {
		Script script = ScriptLoader.load(new ClassPathResource("script/consultation.yml"));
		assertThat(script.concerns()).hasSizeGreaterThanOrEqualTo(6);
		assertThat(script.roles()).extracting(Script.Option::label).contains("営業事務", "経理", "人事", "総務", "法務");
	}

	@Test
	void refusesALabelLongerThanTwentyCharacters() throws IOException {
		Path bad = edit("label: 給料が下がりそう", "label: 給料が下がりそうで生活が成り立つか心配でたまらない");
		assertThatThrownBy(() -> ScriptLoader.load(new FileSystemResource(bad)))
			.hasMessageContaining("concerns[1].label")
			.hasMessageContaining("longer than 20");
	}

	@Test
	void refusesMoreChoicesThanALineQuickReplyHolds() throws IOException {
		StringBuilder extra = new StringBuilder();
		for (int i = 0; i < 6; i++) {
			extra.append("  - id: extra")
				.append(i)
				.append("\n    label: 追加")
				.append(i)
				.append("\n    reply: 説明\n    plan: 計画\n");
		}
		Path bad = edit("\nstrengths:\n", "\n" + extra + "\nstrengths:\n");
		assertThatThrownBy(() -> ScriptLoader.load(new FileSystemResource(bad))).hasMessageContaining("'concerns'")
			.hasMessageContaining("at most 13");
	}

	@Test
	void refusesAPostbackLongerThanSixtyFourBytes() throws IOException {
		Path bad = edit("- id: accounting", "- id: accounting_" + "x".repeat(50));
		assertThatThrownBy(() -> ScriptLoader.load(new FileSystemResource(bad))).hasMessageContaining("roles[2].id")
			.hasMessageContaining("64 bytes");
	}

	@Test
	void refusesAMissingMessage() throws IOException {
		Path bad = edit("  planHint: |-", "  planHintTypo: |-");
		assertThatThrownBy(() -> ScriptLoader.load(new FileSystemResource(bad)))
			.hasMessageContaining("messages.planHint");
	}

	@Test
	void refusesAFitCheckWeightForAnUnknownRole() throws IOException {
		Path bad = edit("weights: { accounting: 3, general_admin: 2 }", "weights: { acounting: 2 }");
		assertThatThrownBy(() -> ScriptLoader.load(new FileSystemResource(bad)))
			.hasMessageContaining("fitCheck[0].weights.acounting");
	}

	@Test
	void theApplicationRefusesToStartWithABrokenScript() throws IOException {
		Path bad = edit("label: 経理", "label: " + "経".repeat(21));
		assertThatThrownBy(() -> new SpringApplicationBuilder(CareerConciergeApplication.class).run("--server.port=0",
				"--concierge.consultation.script=file:" + bad))
			.rootCause()
			.hasMessageContaining("roles[2].label");
	}

	private Path edit(String from, String to) throws IOException {
		String original = new ClassPathResource("script/consultation.yml").getContentAsString(StandardCharsets.UTF_8);
		assertThat(original).contains(from);
		Path file = this.dir.resolve("script.yml");
		Files.writeString(file, original.replaceFirst(java.util.regex.Pattern.quote(from),
				java.util.regex.Matcher.quoteReplacement(to)));
		return file;
	}

}

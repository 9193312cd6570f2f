package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.careerconcierge.consultation.Stage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fit check's sixteen answer patterns, pressed through the real dialogue: every role
 * can come out, the recommendation follows the answers, and four noes lead to an advisor
 * rather than to a role.
 */
class FitCheckTest {

	private static final Script SCRIPT = Talk.WORDING.script();

	@Test
	void everyPatternRecommendsARoleWithTheMostPointsAndEveryRoleCanComeOut() {
		Set<String> reached = new HashSet<>();
		for (int pattern = 1; pattern < 16; pattern++) {
			List<Boolean> answers = answers(pattern);
			Talk talk = answer(answers);
			String recommended = talk.session.recommended();
			Map<String, Integer> points = points(answers);
			int best = points.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
			assertThat(points.get(recommended)).as(answers + " → " + recommended + " of " + points).isEqualTo(best);
			String label = SCRIPT.role(recommended).orElseThrow().label();
			assertThat(talk.labels()).containsExactly("この職種で進める", "ほかの職種を選ぶ", "担当者と話す");
			assertThat(String.join("\n", talk.press("この職種で進める"))).contains("目指す職種は「" + label + "」");
			reached.add(recommended);
		}
		assertThat(reached).as("every role is reachable")
			.containsExactlyInAnyOrder("sales_admin", "general_admin", "accounting", "hr", "general_affairs", "legal");
	}

	@Test
	void eachQuestionAloneNamesItsOwnRole() {
		assertThat(answer(List.of(true, false, false, false)).session.recommended()).isEqualTo("accounting");
		assertThat(answer(List.of(false, true, false, false)).session.recommended()).isEqualTo("hr");
		assertThat(answer(List.of(false, false, true, false)).session.recommended()).isEqualTo("legal");
		assertThat(answer(List.of(false, false, false, true)).session.recommended()).isEqualTo("sales_admin");
		assertThat(answer(List.of(true, false, true, false)).session.recommended()).isEqualTo("general_admin");
		assertThat(answer(List.of(false, true, false, true)).session.recommended()).isEqualTo("general_affairs");
	}

	@Test
	void fourNoesLeadToAnAdvisorAndNoRole() {
		Talk talk = new Talk().toTargetRole();
		talk.press("まだわからない");
		List<String> said = List.of();
		for (int i = 0; i < 4; i++) {
			said = talk.press("いいえ");
		}
		assertThat(said).singleElement().asString().contains("キャリアアドバイザーと一緒に");
		assertThat(talk.session.recommended()).isNull();
		assertThat(talk.session.role()).isNull();
		assertThat(talk.session.stage()).isEqualTo(Stage.TARGET_ROLE);
		assertThat(talk.labels()).first().isEqualTo("担当者と話す");
		assertThat(talk.labels()).contains("経理", "人事", "総務", "法務");
		talk.press("担当者と話す");
		assertThat(talk.desk).containsExactly("requested");
	}

	private static Talk answer(List<Boolean> answers) {
		Talk talk = new Talk().toTargetRole();
		talk.press("まだわからない");
		answers.forEach((yes) -> talk.press(yes ? "はい" : "いいえ"));
		return talk;
	}

	private static List<Boolean> answers(int pattern) {
		List<Boolean> answers = new ArrayList<>();
		for (int question = 0; question < 4; question++) {
			answers.add((pattern & (1 << question)) != 0);
		}
		return answers;
	}

	/** The points as the script's weights give them (its comment is the rule). */
	private static Map<String, Integer> points(List<Boolean> answers) {
		Map<String, Integer> points = new HashMap<>();
		SCRIPT.roles()
			.stream()
			.filter((role) -> !role.id().equals(Wording.UNSURE))
			.forEach((role) -> points.put(role.id(), 0));
		for (int i = 0; i < answers.size(); i++) {
			if (answers.get(i)) {
				SCRIPT.fitCheck().get(i).weights().forEach((role, weight) -> points.merge(role, weight, Integer::sum));
			}
		}
		return points;
	}

}

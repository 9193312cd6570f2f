package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.List;

import com.careerconcierge.consultation.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every plan the script can write: each role × each strength alone and all of them × with
 * and without an episode × each worry alone, all worries, and a worry in the user's own
 * words. Each is checked the way an advisor would read it before signing it.
 */
class PlanTest {

	private static final Script SCRIPT = Talk.WORDING.script();

	/** A phrase this long that appears twice is a repetition a reader notices. */
	private static final int REPEATED_PHRASE = 12;

	/** A phone screen's worth of a bubble (LINE and Telegram show it whole). */
	private static final int MAX_BUBBLE = 250;

	private static final String EPISODE = "月に100件の新規電話をかけ続け、半年で新規契約を12件とれるようになった";

	private final PlanStages stages = new PlanStages(Talk.WORDING, null, null);

	@Test
	void everyPlanReadsWellAndUsesEachPieceOnce() {
		int rendered = 0;
		for (Script.Option role : roles()) {
			for (List<String> strengths : strengthSets()) {
				for (boolean episode : List.of(true, false)) {
					for (List<String[]> concerns : concernSets()) {
						Session session = session(role.id(), strengths, episode, concerns);
						List<Reply> plan = this.stages.plan(session, List.of());
						check(session, plan, describe(role, strengths, episode, concerns));
						rendered++;
					}
				}
			}
		}
		assertThat(rendered).isEqualTo(6 * 5 * 2 * 9);
	}

	@Test
	void theMotiveClaimsOnlyWhatTheUserSaidForEveryRoleAndStrength() {
		for (Script.Option role : roles()) {
			for (Script.Option strength : SCRIPT.strengths()) {
				Session session = session(role.id(), List.of(strength.id()), false, List.of());
				String motive = Talk.WORDING.say("planMotive", session);
				String why = role.label() + " × " + strength.label() + ": " + motive;
				assertThat(count(motive, "活か")).as(why).isEqualTo(1);
				assertThat(motive).as(why).contains(strength.plan()).contains("営業で");
				// what follows the role's name must not claim experience in it
				int at = motive.indexOf(role.label());
				if (at >= 0) {
					assertThat(motive.substring(at)).as(why).doesNotContain("てきた", "経験");
				}
				assertThat(motive).as(why).doesNotContain("{", "。。", "、、", "をを", "にに");
			}
		}
	}

	@Test
	void severalStrengthsReadAsSeveral() {
		Session session = session("hr", List.of("communication", "office"), false, List.of());
		assertThat(Talk.WORDING.say("planNoEpisode", session)).contains("「コミュニケーション力」と「PC・資料作成」が活きた場面");
		session = session("hr", List.of("communication", "customer", "office"), false, List.of());
		assertThat(Talk.WORDING.say("planNoEpisode", session)).contains("「コミュニケーション力」、「お客様目線」と「PC・資料作成」");
	}

	private void check(Session session, List<Reply> plan, String why) {
		String all = String.join("\n", plan.stream().map(Reply::text).toList());
		assertThat(all).as(why).doesNotContain("{", "「」", "。。", "、、", "：：");
		assertThat(repeated(all)).as(why + "\n" + all).isNull();
		if (session.episode() != null) {
			assertThat(count(all, session.episode())).as(why).isEqualTo(1);
		}
		for (String id : session.concerns()) {
			Script.Option concern = SCRIPT.concern(id).orElseThrow();
			assertThat(all).as(why + ": every worry is addressed").contains(concern.plan());
			assertThat(all).as(why + ": a button's label is not quoted as the user's words")
				.doesNotContain("「" + concern.label() + "」");
			String words = session.concernWords(id);
			if (words != null) {
				assertThat(all).as(why).contains("「" + words + "」");
			}
		}
		for (int i = 0; i < plan.size() - 1; i++) {
			assertThat(plan.get(i).text().length()).as(why + ": bubble " + i).isLessThanOrEqualTo(MAX_BUBBLE);
		}
		int worries = session.concerns().size();
		assertThat(plan.get(plan.size() - 1).text().length()).as(why + ": the worries and the next step")
			.isLessThanOrEqualTo(MAX_BUBBLE + 90 * Math.max(0, worries - 1));
		assertThat(plan.get(plan.size() - 1).text()).as(why).endsWith(Talk.WORDING.say("planNext", session));
		// about one and a half phone screens for one worry, a line more for each further
		// one
		assertThat(all.length()).as(why + "\n" + all).isLessThanOrEqualTo(720 + 90 * Math.max(0, worries - 1));
	}

	/** The first phrase of {@value #REPEATED_PHRASE} characters found twice, or null. */
	private static String repeated(String text) {
		String flat = text.replace("\n", "");
		for (int i = 0; i + REPEATED_PHRASE <= flat.length(); i++) {
			String phrase = flat.substring(i, i + REPEATED_PHRASE);
			if (flat.indexOf(phrase, i + 1) >= 0) {
				return phrase;
			}
		}
		return null;
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			count++;
		}
		return count;
	}

	private static List<Script.Option> roles() {
		return SCRIPT.roles().stream().filter((role) -> !role.id().equals(Wording.UNSURE)).toList();
	}

	private static List<List<String>> strengthSets() {
		List<List<String>> sets = new ArrayList<>();
		SCRIPT.strengths().forEach((strength) -> sets.add(List.of(strength.id())));
		sets.add(SCRIPT.strengths().stream().map(Script.Option::id).toList());
		return sets;
	}

	/** Each worry pressed alone, every worry pressed, and two typed in one message. */
	private static List<List<String[]>> concernSets() {
		List<List<String[]>> sets = new ArrayList<>();
		SCRIPT.concerns().forEach((concern) -> sets.add(List.<String[]>of(new String[] { concern.id(), null })));
		sets.add(SCRIPT.concerns().stream().map((concern) -> new String[] { concern.id(), null }).toList());
		sets.add(List.of(new String[] { "pay", "給料が下がるのが心配で、あと評価も" }, new String[] { "evaluation", null }));
		return sets;
	}

	private static Session session(String role, List<String> strengths, boolean episode, List<String[]> concerns) {
		Session session = new Session();
		session.named("山田");
		concerns.forEach((concern) -> session.addConcern(concern[0], concern[1]));
		strengths.forEach(session::addStrength);
		if (episode) {
			session.tellEpisode(EPISODE);
		}
		session.chooseRole(role);
		return session;
	}

	private static String describe(Script.Option role, List<String> strengths, boolean episode,
			List<String[]> concerns) {
		return role.id() + " " + strengths + (episode ? " with episode " : " without episode ")
				+ concerns.stream().map((concern) -> concern[0]).toList();
	}

}

package com.careerconcierge.consultation.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.careerconcierge.consultation.Stage;

/**
 * What is kept about one user between messages: where the machine stands, where it
 * resumes after a handoff, and what the user told the bot. Stored as compact JSON; empty
 * fields are left out to keep each user under a kilobyte.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Session {

	/** Current stage. */
	public Stage stage = Stage.WELCOME;

	/**
	 * The consultation stage to resume after a handoff (the machine's shallow history).
	 */
	public Stage resume;

	/** The user's display name, if the channel gave one. */
	public String name;

	/** Chosen concern ids, in the order chosen. */
	public List<String> concerns = new ArrayList<>();

	/** Chosen strength ids, in the order chosen. */
	public List<String> strengths = new ArrayList<>();

	/** The user's own episode for their strengths. */
	public String episode;

	/** The chosen target role id. */
	public String role;

	/** A sub-step within the stage (see {@link Dialogue}). */
	public String step;

	/** Fit-check answers so far. */
	public List<Boolean> fit = new ArrayList<>();

	/** The role the fit check recommended. */
	public String recommended;

	/** Misunderstood messages in a row. */
	public int misses;

	/** Set while the bot waits for the user to confirm /forget. */
	public boolean confirmingForget;

	/** The 1–5 rating given after a closed handoff. */
	public Integer rating;

	/**
	 * Set when the user confirmed /forget: everything stored about them is to be deleted.
	 */
	@JsonIgnore
	public boolean erase;

	/** Clears everything the user told the bot, keeping the name. */
	void clearProfile() {
		this.concerns.clear();
		this.strengths.clear();
		this.episode = null;
		this.role = null;
		this.step = null;
		this.fit.clear();
		this.recommended = null;
		this.misses = 0;
		this.confirmingForget = false;
	}

}

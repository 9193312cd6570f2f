package com.careerconcierge.handoff.web;

/**
 * The signed-in agent, as Spring Security's principal (kept in the console's session,
 * hence serializable).
 *
 * @param name the agent's name (what users and other agents see)
 * @param supervisor whether the agent may see and act on every conversation
 */
record Agent(String name, boolean supervisor) implements java.io.Serializable {

	@Override
	public String toString() {
		return this.name;
	}

}

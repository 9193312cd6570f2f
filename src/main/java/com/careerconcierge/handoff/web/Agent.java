package com.careerconcierge.handoff.web;

/**
 * The signed-in agent, as Spring Security's principal.
 *
 * @param name the agent's name (what users and other agents see)
 * @param supervisor whether the agent may see and act on every conversation
 */
record Agent(String name, boolean supervisor) {

	@Override
	public String toString() {
		return this.name;
	}

}

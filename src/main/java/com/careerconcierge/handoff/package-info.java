/**
 * Human handoff: the queue of conversations waiting for a career agent, who owns each
 * one, the relay of messages both ways, and the agent API. Implements the consultation's
 * {@code AgentDesk}; reaches users through the channels' {@code ChannelDelivery}.
 */
@ApplicationModule(displayName = "Handoff", allowedDependencies = { "consultation", "support" })
package com.careerconcierge.handoff;

import org.springframework.modulith.ApplicationModule;

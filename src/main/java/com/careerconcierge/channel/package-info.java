/**
 * Channel adapters: each turns a platform's payloads into {@code InboundMessage}s and the
 * core's replies into platform calls (the web chat, Telegram, LINE). Nothing depends on
 * them.
 */
@ApplicationModule(displayName = "Channels", allowedDependencies = { "consultation", "support" })
package com.careerconcierge.channel;

import org.springframework.modulith.ApplicationModule;

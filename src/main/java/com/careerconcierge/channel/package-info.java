/**
 * Channel adapters: each turns a platform's payloads into {@code InboundMessage}s and the
 * core's replies into platform calls. Nothing depends on them.
 */
package com.careerconcierge.channel;

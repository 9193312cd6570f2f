/**
 * The LINE channel: a signed webhook at {@code /line/webhook} whose events become
 * {@code InboundMessage}s, and replies sent back through the Messaging API as text
 * messages with quick replies (reply API first, push API when the reply token is no
 * longer accepted). On only when {@code LINE_CHANNEL_SECRET} and
 * {@code LINE_CHANNEL_ACCESS_TOKEN} are both set.
 */
package com.careerconcierge.channel.line;

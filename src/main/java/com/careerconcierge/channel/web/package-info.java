/**
 * The built-in web chat: a JSON API under {@code /api/chat} and the page at {@code /}.
 */
package com.careerconcierge.channel.web;

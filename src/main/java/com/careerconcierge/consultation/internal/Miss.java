package com.careerconcierge.consultation.internal;

import java.util.List;

import com.careerconcierge.consultation.Stage;

/**
 * A typed message the bot did not understand, or understood only well enough to ask back
 * about.
 *
 * @param stage where the user was
 * @param text what they typed, trimmed
 * @param candidates the buttons on offer
 * @param suggested the button the bot asked back about, or null
 */
record Miss(Stage stage, String text, List<Postback> candidates, Postback suggested) {
}

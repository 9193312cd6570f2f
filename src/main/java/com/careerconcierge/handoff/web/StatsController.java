package com.careerconcierge.handoff.web;

import java.util.List;

import com.careerconcierge.consultation.Funnel;
import com.careerconcierge.consultation.Funnel.Day;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The funnel by day for agents: how many users started a consultation, finished each
 * step, asked for a person, were taken by an agent and rated it, per channel.
 */
@RestController
@RequestMapping("/api/agent/stats")
class StatsController {

	private final Funnel funnel;

	StatsController(Funnel funnel) {
		this.funnel = funnel;
	}

	@GetMapping
	Stats stats(@RequestParam(defaultValue = "30") int days) {
		return new Stats(Funnel.EVENTS, this.funnel.days(Math.max(1, Math.min(days, 90))));
	}

	/**
	 * @param steps the funnel's steps in order
	 * @param days one entry per day, oldest first
	 */
	record Stats(List<String> steps, List<Day> days) {
	}

}

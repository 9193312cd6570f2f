package com.careerconcierge;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the modules' dependencies pointing one way, and Spring Statemachine in one
 * package.
 */
class ArchitectureTest {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.careerconcierge");

	@Test
	void onlyTheConsultationsInternalsUseSpringStatemachine() {
		noClasses().that()
			.resideOutsideOfPackage("com.careerconcierge.consultation.internal..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.statemachine..")
			.check(this.classes);
	}

	@Test
	void nothingDependsOnTheChannels() {
		noClasses().that()
			.resideOutsideOfPackage("com.careerconcierge.channel..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.careerconcierge.channel..")
			.check(this.classes);
	}

	@Test
	void onlyTheConsultationUsesItsInternals() {
		noClasses().that()
			.resideOutsideOfPackage("com.careerconcierge.consultation..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.careerconcierge.consultation.internal..")
			.check(this.classes);
	}

	@Test
	void modulesHaveNoCycles() {
		slices().matching("com.careerconcierge.(*)..").should().beFreeOfCycles().check(this.classes);
	}

}

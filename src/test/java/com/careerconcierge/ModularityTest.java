package com.careerconcierge;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The modules and their dependencies, verified by Spring Modulith: no cycles, only the
 * dependencies each module declares ({@code package-info.java}), nothing reaching into
 * another module's internals. Writes the module diagram into {@code docs/modules/}.
 */
class ModularityTest {

	static final ApplicationModules MODULES = ApplicationModules.of(CareerConciergeApplication.class);

	@Test
	void modulesKeepTheirDependenciesAndInternalsToThemselves() {
		MODULES.verify();
	}

	/**
	 * Spring Statemachine is no longer maintained (its own README says so): it stays in
	 * one package, so replacing it touches one package. A rule about a library, which the
	 * modules' own declarations cannot express.
	 */
	@Test
	void onlyTheConsultationsInternalsUseSpringStatemachine() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("com.careerconcierge");
		noClasses().that()
			.resideOutsideOfPackage("com.careerconcierge.consultation.internal..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.statemachine..")
			.check(classes);
	}

	@Test
	void writesTheModuleDiagram() {
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
			.writeModulesAsPlantUml(
					Documenter.DiagramOptions.defaults().withStyle(Documenter.DiagramOptions.DiagramStyle.C4))
			.writeModuleCanvases();
	}

}

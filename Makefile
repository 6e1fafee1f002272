# `sam build` runs one target per function, build-<LogicalId> (template.yaml: Metadata BuildMethod makefile), each in
# its own copy of this folder, with ARTIFACTS_DIR set to the folder SAM zips into that function's package. Every
# function deploys the same shaded jar; Lambda's Java runtime puts /var/task/lib/*.jar on the class path.
# The production twin (local/.../twin/ProductionTwin) lays out each function's task root the same way.
FUNCTIONS := UsersFunction JobsFunction JobWorkerFunction JobDeadLetterFunction TencentApiFunction Auth0ApiFunction
ARTIFACT := functions/target/roster-functions.jar
MVN ?= mvn

.PHONY: $(addprefix build-,$(FUNCTIONS))
$(addprefix build-,$(FUNCTIONS)):
	$(MVN) -B -q -DskipTests -pl functions -am package
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(ARTIFACT) "$(ARTIFACTS_DIR)/lib/"

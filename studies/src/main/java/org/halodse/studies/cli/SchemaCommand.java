package org.halodse.studies.cli;

import java.util.concurrent.Callable;
import org.halodse.studies.config.StudySchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code halo schema}: the JSON Schema of the study file, for editors. */
@Command(name = "schema", mixinStandardHelpOptions = true, description = "Print the JSON Schema of the study file.")
final class SchemaCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(StudySchema.json());
        spec.commandLine().getOut().flush();
        return Halo.OK;
    }
}

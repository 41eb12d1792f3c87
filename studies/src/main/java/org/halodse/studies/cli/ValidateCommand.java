package org.halodse.studies.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.halodse.studies.config.StudyConfig;
import org.halodse.studies.config.StudyDefaults;
import org.halodse.studies.config.StudyReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code halo validate STUDY}: checks a study file and prints it with every default written out. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a study file; print it resolved, every default written out (as runs/<name>/study.yaml will hold it).")
final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "STUDY", description = "Study file (.yaml, .yml or .json).")
    Path study;

    @Override
    public Integer call() throws Exception {
        StudyConfig resolved = StudyDefaults.resolve(StudyReader.read(study));
        spec.commandLine().getOut().print(yaml(resolved));
        spec.commandLine().getOut().flush();
        return Halo.OK;
    }

    static String yaml(StudyConfig c) throws com.fasterxml.jackson.core.JsonProcessingException {
        return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)).writeValueAsString(c);
    }
}

package org.halodse.studies.cli;

/**
 * A subcommand from another module (e.g. {@code halo sweep} in scaleout), found with
 * {@link java.util.ServiceLoader} and added to the {@code halo} root: the command line stays one
 * program while modules that carry heavy dependencies (Spark) stay off the core's classpath.
 * Implementations are picocli {@code @Command} classes with a public no-argument constructor.
 */
public interface HaloPlugin {
}

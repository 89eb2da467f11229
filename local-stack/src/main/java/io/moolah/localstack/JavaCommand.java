package io.moolah.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** The java executable of the running JVM, so children run on the same JDK. */
final class JavaCommand {
    private JavaCommand() {
    }

    static String executable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    /** This JVM's class path with absolute entries, so a child started in another directory finds the same jars. */
    static String classPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }
}

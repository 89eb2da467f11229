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

    static String keytool() {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return Files.isExecutable(keytool) ? keytool.toString() : "keytool";
    }
}

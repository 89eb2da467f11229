package io.moolah.gateway;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The gateway's packages depend on each other in one direction only: routing on ratelimit, security and exchange,
 * never the other way (the cycle this replaced had ratelimit and security importing routing's request state).
 * Read from the sources' imports and same-package-free references to {@code io.moolah.gateway.<package>}.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/moolah/gateway");
    private static final Pattern REFERENCE = Pattern.compile("io\\.moolah\\.gateway\\.([a-z]+)\\.");

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() {
        Map<String, Set<String>> uses = dependencies();
        assertFalse(uses.isEmpty(), "no sources found under " + SOURCES.toAbsolutePath());
        List<String> cycles = new ArrayList<>();
        for (String from : uses.keySet()) {
            for (String to : uses.get(from)) {
                if (reaches(uses, to, from, new TreeSet<>())) {
                    cycles.add(from + " -> " + to + " -> ... -> " + from);
                }
            }
        }
        assertEquals(List.of(), cycles, "package cycles; dependencies: " + uses);
    }

    @Test
    void theRequestsVocabularyDependsOnNoOtherGatewayPackage() {
        assertEquals(Set.of(), dependencies().getOrDefault("exchange", Set.of()));
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (reaches(uses, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Package name (the first level under io.moolah.gateway) to the gateway packages its sources refer to. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String own = relative.getName(0).toString();
                Set<String> targets = uses.computeIfAbsent(own, key -> new TreeSet<>());
                Matcher matcher = REFERENCE.matcher(Files.readString(file));
                while (matcher.find()) {
                    if (!matcher.group(1).equals(own)) {
                        targets.add(matcher.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }
}

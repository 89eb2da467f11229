package io.moolah.systemtest.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/api.md, the contract's reference for people, is checked against the published document: every operation its
 * tables name (one per row, {@code | METHOD /path |}) is in the document, and every operation of the document has a
 * row. Path parameters match whatever their names.
 */
class ApiReferenceTest {
    private static final Pattern ROW = Pattern.compile("^\\| (GET|POST|PUT|PATCH|DELETE) (/[^ |?]*)");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    @Test
    void theReferenceNamesEveryOperationOfTheContractAndNoOther() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(RunningPlatform.projectRoot().resolve("docs/api.md"), StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                documented.add(row.group(1) + " " + normalized("/api/v1" + row.group(2)));
            }
        }
        JsonNode contract = PublishedContractTest.JSON.readTree(
                Files.readString(PublishedContractTest.committedContract(), StandardCharsets.UTF_8));
        Set<String> published = new TreeSet<>();
        contract.path("paths").fields().forEachRemaining(path -> {
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    published.add(method.toUpperCase() + " " + normalized(path.getKey()));
                }
            }
        });

        Set<String> onlyInReference = new TreeSet<>(documented);
        onlyInReference.removeAll(published);
        Set<String> onlyInContract = new TreeSet<>(published);
        onlyInContract.removeAll(documented);
        assertEquals(Set.of(), onlyInReference, "rows of docs/api.md that the contract does not have");
        assertEquals(Set.of(), onlyInContract, "operations of the contract without a row in docs/api.md");
    }

    /** The committed TypeScript client (clients/typescript) was generated from this contract: it has every operation. */
    @Test
    void theTypeScriptClientHasEveryOperationOfTheContract() throws IOException {
        StringBuilder apis = new StringBuilder();
        try (var files = Files.list(RunningPlatform.projectRoot().resolve("clients/typescript/src/apis"))) {
            for (var file : files.toList()) {
                apis.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        JsonNode contract = PublishedContractTest.JSON.readTree(
                Files.readString(PublishedContractTest.committedContract(), StandardCharsets.UTF_8));
        Set<String> missing = new TreeSet<>();
        contract.path("paths").forEach(item -> METHODS.forEach(method -> {
            String operationId = item.path(method).path("operationId").asText("");
            if (!operationId.isEmpty() && !apis.toString().contains("async " + operationId + "(")) {
                missing.add(operationId);
            }
        }));
        assertEquals(Set.of(), missing, "operations the TypeScript client lacks: regenerate it "
                + "(mvn -o -B generate-sources -pl api-client -Pclients)");
    }

    private static String normalized(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }
}

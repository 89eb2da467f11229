package io.moolah.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL, Redis and Kafka of a local run come back by themselves after a kill -9, as Kubernetes would restart
 * them, and PostgreSQL with its data: what was committed before the crash is there after it.
 */
class InfrastructureSupervisionTest {

    @Test
    void killedServersAreRestartedAndKeepTheirData() throws Exception {
        Path data = Files.createTempDirectory("moolah-supervision");
        Infrastructure infrastructure = Infrastructure.start(new Infrastructure.Settings(data, Ports.free(), Ports.free(), Ports.free()), Map.of());
        List<String> console = new CopyOnWriteArrayList<>();
        List<Restartable> servers = infrastructure.restartable();
        ProcessSupervisor supervisor = ProcessSupervisor.start(servers, console::add);
        try {
            execute(infrastructure, "create table kept (id int primary key)");
            execute(infrastructure, "insert into kept values (42)");

            long postgres = Long.parseLong(Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
            ProcessHandle.of(postgres).orElseThrow().destroyForcibly();
            ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").contains("redis"))
                    .forEach(ProcessHandle::destroyForcibly);
            ProcessHandle.of(infrastructure.kafka().pid()).orElseThrow().destroyForcibly();

            for (Restartable server : servers) {
                Await.until(server.name() + " to be restarted", Duration.ofSeconds(120),
                        () -> server.restarts() >= 1 && server.isAlive());
            }
            assertEquals(List.of("postgresql", "redis", "kafka"), servers.stream().map(Restartable::name).toList());
            assertTrue(console.stream().anyMatch(line -> line.startsWith("postgresql stopped; restarted it")), console.toString());
            assertEquals(42, count(infrastructure, "select id from kept"), "the committed row survived the kill -9");
        } finally {
            supervisor.close();
            infrastructure.close();
        }
    }

    private static void execute(Infrastructure infrastructure, String sql) throws Exception {
        try (Connection connection = connect(infrastructure)) {
            connection.createStatement().execute(sql);
        }
    }

    private static int count(Infrastructure infrastructure, String sql) throws Exception {
        try (Connection connection = connect(infrastructure); ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        }
    }

    private static Connection connect(Infrastructure infrastructure) throws Exception {
        return DriverManager.getConnection(infrastructure.jdbcUrl("account"), infrastructure.postgresUser(), infrastructure.postgresPassword());
    }
}

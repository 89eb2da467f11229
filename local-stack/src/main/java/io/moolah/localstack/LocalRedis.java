package io.moolah.localstack;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A real Redis server (the embedded-redis binary) on a loopback port. */
public final class LocalRedis implements AutoCloseable {
    private final int port;
    private final Path dataDirectory;
    private RedisServer server;

    private LocalRedis(int port, Path dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /**
     * @param dataDirectory where the append-only file lives when given; no persistence when null
     */
    public static LocalRedis start(int port, Path dataDirectory) {
        LocalRedis redis = new LocalRedis(port, dataDirectory);
        redis.start();
        return redis;
    }

    /** Starts (or restarts after {@link #stop()}) on the same port and data. */
    public synchronized void start() {
        try {
            var builder = RedisServer.newRedisServer()
                    .port(port)
                    .bind(Ports.LOOPBACK)
                    .setting("save \"\"")
                    .setting("protected-mode yes")
                    .onShutdownForceStop(true);
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setting("dir " + dataDirectory.toAbsolutePath())
                        .setting("appendonly yes")
                        .setting("appendfsync everysec");
            } else {
                builder.setting("appendonly no");
            }
            server = builder.build();
            server.start();
            Await.until("Redis on port " + port, Duration.ofSeconds(20), () -> Ports.listening(port));
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not start on port " + port, e);
        }
    }

    /** Stops the server; {@link #start()} brings it back. Used by fault tests. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
        Await.until("Redis to release port " + port, Duration.ofSeconds(20), () -> !Ports.listening(port));
    }

    /** Shuts down whatever Redis listens on the loopback port, without saving (for fault tests). */
    public static void shutdown(int port) {
        try (var socket = new java.net.Socket(Ports.LOOPBACK, port)) {
            socket.getOutputStream().write("SHUTDOWN NOSAVE\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.getInputStream().read();
        } catch (IOException e) {
            // The server closes the connection as it goes down.
        }
        Await.until("Redis to release port " + port, Duration.ofSeconds(20), () -> !Ports.listening(port));
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://" + Ports.LOOPBACK + ":" + port;
    }

    @Override
    public void close() {
        stop();
    }
}

package io.moolah.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers: everything local binds 127.0.0.1 only. */
public final class Ports {
    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** Ports handed out start here; below the kernel's ephemeral range (read at start, usually from 32768). */
    private static final int LOWEST = 20_000;
    private static final int TRIES = 500;

    /**
     * A port that was free a moment ago, chosen at random below the kernel's ephemeral range. A port from the
     * ephemeral range ({@code new ServerSocket(0)}) can be taken as the source port of any outgoing connection before
     * the service that was given it binds it (a CI run lost a cache-service to "port in use" that way); ports below
     * the range are only ever bound on purpose.
     */
    public static int free() {
        int below = ephemeralLow();
        if (below - LOWEST >= 1_000) {
            for (int i = 0; i < TRIES; i++) {
                int port = LOWEST + java.util.concurrent.ThreadLocalRandom.current().nextInt(below - LOWEST);
                if (canBind(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux), 32768 elsewhere or when it cannot be read. */
    static int ephemeralLow() {
        // Read line by line: /proc files report a size of 0, and Files.readString read one byte of this one.
        try (var reader = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String range = reader.readLine();
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Whether something accepts connections on the loopback port. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

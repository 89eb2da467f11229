package io.moolah.localstack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

class PortsTest {

    @Test
    void freePortsAreBelowTheEphemeralRangeAndCanBeBound() throws IOException {
        int low = Ports.ephemeralLow();
        for (int i = 0; i < 20; i++) {
            int port = Ports.free();
            assertTrue(port >= 20_000 && port < low, port + " is not in [20000, " + low + ")");
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(Ports.LOOPBACK, port));
            }
        }
    }
}

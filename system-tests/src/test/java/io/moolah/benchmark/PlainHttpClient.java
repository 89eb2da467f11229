package io.moolah.benchmark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client over one blocking socket, for load generation only: it writes a POST and reads
 * the status line, headers and a {@code Content-Length} body. The JDK's {@code HttpClient} costs several times more CPU
 * per request, and on a 2-core machine the load generator's CPU is taken from the server being measured.
 */
final class PlainHttpClient implements AutoCloseable {
    private final String host;
    private final int port;
    private final javax.net.ssl.SSLSocketFactory tls;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    PlainHttpClient(String host, int port) {
        this(host, port, null);
    }

    /** Over TLS 1.3 when {@code tls} is given (HTTP/1.1: no ALPN is offered). */
    PlainHttpClient(String host, int port, javax.net.ssl.SSLSocketFactory tls) {
        this.host = host;
        this.port = port;
        this.tls = tls;
    }

    /** Sends a JSON POST and returns the status code; the connection is reopened after any failure. */
    int post(String path, String body, String... headerNameValues) throws IOException {
        return send("POST", path, body.getBytes(StandardCharsets.UTF_8), headerNameValues);
    }

    /** Sends a GET and returns the status code. */
    int get(String path, String... headerNameValues) throws IOException {
        return send("GET", path, null, headerNameValues);
    }

    private int send(String method, String path, byte[] content, String... headerNameValues) throws IOException {
        try {
            connectIfNeeded();
            StringBuilder request = new StringBuilder(512).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(host).append(':').append(port).append("\r\n");
            if (content != null) {
                request.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
            }
            for (int i = 0; i + 1 < headerNameValues.length; i += 2) {
                request.append(headerNameValues[i]).append(": ").append(headerNameValues[i + 1]).append("\r\n");
            }
            request.append("\r\n");
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            if (content != null) {
                out.write(content);
            }
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void connectIfNeeded() throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            if (tls != null) {
                javax.net.ssl.SSLSocket secured = (javax.net.ssl.SSLSocket) tls.createSocket(socket, host, port, true);
                secured.setEnabledProtocols(new String[]{"TLSv1.3"});
                secured.startHandshake();
                socket = secured;
            }
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }
    }

    private int readResponse() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean close = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                throw new IOException("chunked responses are not supported by this load client");
            }
        }
        if (length < 0) {
            throw new IOException("response without Content-Length");
        }
        in.skipNBytes(length);
        if (close) {
            close();
        }
        return status;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("connection closed mid-response");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}

package io.moolah.gateway;

import io.restassured.path.json.JsonPath;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte for byte over TLS to the gateway, for what HTTP clients will not send: dot segments,
 * absolute-form targets, half requests. Every read has a timeout, so a test never waits for long.
 */
final class RawHttps {
    static final int READ_TIMEOUT_MILLIS = 10_000;

    /** One answer: status, headers (names in lower case) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The problem's {@code code}, or null when the answer is not a problem. */
        String code() {
            String type = header("Content-Type");
            return type != null && type.startsWith("application/problem+json") ? JsonPath.from(body).getString("code") : null;
        }

        JsonPath json() {
            return JsonPath.from(body);
        }
    }

    private RawHttps() {
    }

    /** A TLS connection to the gateway; the certificate is the tests' own development one, so any is trusted. */
    static SSLSocket connect(URL gateway) {
        return connectAfter(gateway, new byte[0]);
    }

    /**
     * A TLS connection that first sends {@code preface} in the clear on the same TCP connection, as a load balancer
     * speaking the PROXY protocol does before the client's TLS handshake.
     */
    static SSLSocket connectAfter(URL gateway, byte[] preface) {
        try {
            java.net.Socket plain = new java.net.Socket(gateway.getHost(), gateway.getPort());
            plain.getOutputStream().write(preface);
            plain.getOutputStream().flush();
            SSLSocket socket = (SSLSocket) trustingAnyCertificate().getSocketFactory().createSocket(plain, gateway.getHost(), gateway.getPort(), true);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS 1.3 trusting any certificate: the gateway's in tests is a development one made at start. */
    static SSLContext trustingAnyCertificate() throws GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, new TrustManager[]{new TrustingAnyCertificate()}, null);
        return tls;
    }

    /** Sends {@code request} (request line, headers, any body, CRLFs included) on a new connection; reads the answer. */
    static Answer send(URL gateway, String request) {
        try (SSLSocket socket = connect(gateway)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GET with the given request-target and extra header lines (each ending in CRLF). */
    static Answer get(URL gateway, String target, String headers) {
        return send(gateway, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n");
    }

    static Answer read(InputStream in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before an answer: " + head);
            }
            head.append((char) b);
        }
        return head.toString().trim();
    }

    private static final class TrustingAnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

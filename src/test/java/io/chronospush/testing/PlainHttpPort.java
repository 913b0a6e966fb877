package io.chronospush.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain-HTTP server on 127.0.0.1 that answers whatever comes with "400 Bad Request" as soon as
 * the first bytes arrive, as nginx, Apache httpd, Tomcat or Jetty answer a TLS handshake sent to
 * their plain-HTTP port. (The JDK's HttpServer waits instead for a line end, which a TLS
 * ClientHello has only by chance.)
 */
public final class PlainHttpPort implements AutoCloseable {
    private static final byte[] BAD_REQUEST = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n"
        + "Connection: close\r\n\r\nBad Request").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final Thread acceptor;

    private PlainHttpPort(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::serve, "plain-http-port-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public static PlainHttpPort open() throws IOException {
        return new PlainHttpPort(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                if (in.read(new byte[4096]) > 0) {
                    OutputStream out = socket.getOutputStream();
                    out.write(BAD_REQUEST);
                    out.flush();
                }
            } catch (IOException closedOrReset) {
                // the next connection, or the end
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.chronospush.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** An endpoint on 127.0.0.1 that accepts every connection and never reads nor answers. */
final class BlackHole implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new ArrayList<>();

    BlackHole() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = server.accept();
                    synchronized (held) {
                        held.add(socket);
                    }
                }
            } catch (IOException closed) {
                // the black hole is closed
            }
        }, "black-hole");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (held) {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}

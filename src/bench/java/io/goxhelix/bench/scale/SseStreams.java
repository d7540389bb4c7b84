package io.goxhelix.bench.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many Server-Sent Events streams on one selector thread: a thread or an HTTP client per stream would
 * weigh more than the service's side of 10 000 streams. Speaks just enough HTTP/1.1 for the service's
 * streams (a 200 with a chunked body). Listener calls and {@link #execute} tasks all run on the
 * selector thread, so the caller's state needs no locks if it is touched only there.
 */
final class SseStreams implements AutoCloseable {

    interface Listener {
        /** An event with an {@code id:} arrived; {@code nanos} is {@link System#nanoTime()} at its receipt. */
        void onEvent(Stream stream, long id, String data, long nanos);

        /** The stream closed or failed before {@link #close(Stream)} was asked for. */
        void onLost(Stream stream, String why);
    }

    /** One stream; {@code index} is the caller's. */
    static final class Stream {
        final int index;
        final String path;
        SocketChannel channel;
        boolean closing;
        // HTTP response parsing
        final StringBuilder head = new StringBuilder();
        boolean headersDone;
        int chunkLeft = -1; // -1: reading a chunk-size line; -2: reading the CRLF after a chunk
        final StringBuilder sizeLine = new StringBuilder();
        // SSE parsing
        final StringBuilder line = new StringBuilder();
        long eventId = -1;
        String eventData;

        Stream(int index, String path) {
            this.index = index;
            this.path = path;
        }
    }

    private final InetSocketAddress address;
    private final Listener listener;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger established = new AtomicInteger();
    private volatile boolean stopped;

    SseStreams(InetSocketAddress address, Listener listener) throws IOException {
        this.address = address;
        this.listener = listener;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "sse-streams");
        thread.setDaemon(true);
        thread.start();
    }

    /** Streams whose response headers (200) arrived and that are still open. */
    int established() {
        return established.get();
    }

    int open() {
        return open.get();
    }

    /** Runs a task on the selector thread, in order with the listener's calls. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    void connect(Stream s) {
        execute(() -> {
            try {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                s.channel = ch;
                open.incrementAndGet();
                if (ch.connect(address)) {
                    sendRequest(s);
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT, s);
                }
            } catch (IOException e) {
                lost(s, e.toString());
            }
        });
    }

    /** Closes the stream without reporting it lost. */
    void close(Stream s) {
        execute(() -> {
            s.closing = true;
            shut(s);
        });
    }

    private void sendRequest(Stream s) throws IOException {
        String request = "GET " + s.path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n";
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            if (s.channel.write(out) == 0) {
                Thread.onSpinWait();
            }
        }
        s.channel.register(selector, SelectionKey.OP_READ, s);
    }

    private void loop() {
        try {
            while (!stopped) {
                selector.select(100);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Stream s = (Stream) key.attachment();
                    try {
                        if (key.isValid() && key.isConnectable()) {
                            s.channel.finishConnect();
                            sendRequest(s);
                        } else if (key.isValid() && key.isReadable()) {
                            read(s);
                        }
                    } catch (IOException | RuntimeException e) {
                        lost(s, e.toString());
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(Stream s) throws IOException {
        buffer.clear();
        int n = s.channel.read(buffer);
        if (n < 0) {
            lost(s, "closed by the service");
            return;
        }
        long now = System.nanoTime();
        buffer.flip();
        while (buffer.hasRemaining()) {
            char c = (char) (buffer.get() & 0xff);
            if (!s.headersDone) {
                s.head.append(c);
                int len = s.head.length();
                if (len >= 4 && s.head.charAt(len - 1) == '\n' && s.head.charAt(len - 3) == '\n') {
                    s.headersDone = true;
                    if (!s.head.toString().startsWith("HTTP/1.1 200")) {
                        lost(s, "answered " + s.head.substring(0, s.head.indexOf("\r")));
                        return;
                    }
                    established.incrementAndGet();
                }
            } else if (s.chunkLeft == -1) {
                if (c == '\n') {
                    String size = s.sizeLine.toString().trim();
                    s.sizeLine.setLength(0);
                    if (!size.isEmpty()) {
                        int semi = size.indexOf(';');
                        s.chunkLeft = Integer.parseInt(semi < 0 ? size : size.substring(0, semi), 16);
                        if (s.chunkLeft == 0) {
                            lost(s, "stream ended");
                            return;
                        }
                    }
                } else {
                    s.sizeLine.append(c);
                }
            } else if (s.chunkLeft == -2) {
                if (c == '\n') {
                    s.chunkLeft = -1;
                }
            } else {
                body(s, c, now);
                if (--s.chunkLeft == 0) {
                    s.chunkLeft = -2;
                }
            }
        }
    }

    private void body(Stream s, char c, long now) {
        if (c != '\n') {
            s.line.append(c);
            return;
        }
        if (s.line.length() == 0) {
            if (s.eventId >= 0) {
                listener.onEvent(s, s.eventId, s.eventData, now);
            }
            s.eventId = -1;
            s.eventData = null;
        } else if (s.line.indexOf("id: ") == 0) {
            s.eventId = Long.parseLong(s.line.substring(4));
        } else if (s.line.indexOf("data: ") == 0) {
            s.eventData = s.line.substring(6);
        }
        s.line.setLength(0);
    }

    private void lost(Stream s, String why) {
        boolean wasEstablished = s.headersDone && s.channel != null && s.channel.isOpen();
        shut(s);
        if (wasEstablished) {
            established.decrementAndGet();
        }
        if (!s.closing) {
            listener.onLost(s, why);
        }
    }

    private void shut(Stream s) {
        if (s.channel != null && s.channel.isOpen()) {
            if (s.headersDone && s.closing) {
                established.decrementAndGet();
            }
            try {
                s.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            open.decrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        stopped = true;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}

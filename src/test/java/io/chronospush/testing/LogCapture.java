package io.chronospush.testing;

import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

/** Every log event of the JVM, at every level, while it is open: for asserting what reaches a log. */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level rootLevel = root.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture() {
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.TRACE);
        ((Logger) LoggerFactory.getLogger("io.chronospush")).setLevel(Level.TRACE);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** Every event's logger, level, formatted message and stack trace, one after the other. */
    public String text() {
        return events().stream().map(LogCapture::render).collect(Collectors.joining("\n"));
    }

    /** Every event but those of the named loggers. */
    public String textExcept(String loggerName) {
        return events().stream()
            .filter(event -> !event.getLoggerName().equals(loggerName))
            .map(LogCapture::render)
            .collect(Collectors.joining("\n"));
    }

    public List<String> ownMessages(Level level) {
        return ownEvents(level).stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    /** The extension's own events at {@code level}, with their MDC. */
    public List<ILoggingEvent> ownEvents(Level level) {
        return events().stream()
            .filter(event -> event.getLoggerName().startsWith("io.chronospush") && event.getLevel().equals(level))
            .collect(Collectors.toList());
    }

    private static String render(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return event.getLoggerName() + " " + event.getLevel() + " " + event.getFormattedMessage()
            + (thrown == null ? "" : "\n" + ThrowableProxyUtil.asString(thrown));
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(rootLevel);
        appender.stop();
    }
}

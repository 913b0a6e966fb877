package io.chronospush.transport;

/** One JSON document for one user, with what the logs say about it. */
public final class Notification {
    private final String user;
    private final String folder;
    private final byte[] json;

    public Notification(String user, String folder, byte[] json) {
        this.user = user;
        this.folder = folder;
        this.json = json;
    }

    public String user() {
        return user;
    }

    public String folder() {
        return folder;
    }

    public byte[] json() {
        return json;
    }

    @Override
    public String toString() {
        return "user " + user + ", folder " + folder;
    }
}

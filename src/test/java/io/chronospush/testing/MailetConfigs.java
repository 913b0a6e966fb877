package io.chronospush.testing;

import org.apache.mailet.base.test.FakeMailetConfig;

/** ChronosPushNotification's configuration, as a mailetcontainer.xml entry gives it. */
public final class MailetConfigs {
    private MailetConfigs() {
    }

    /** The mailet with its {@code url}, then parameters as name and value pairs. */
    public static FakeMailetConfig.Builder chronosPush(String url, String... parameters) {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("ChronosPushNotification").setProperty("url", url);
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        return config;
    }
}

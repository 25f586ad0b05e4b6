package dev.jackpot.driver.spec;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;

import java.net.URL;
import java.util.regex.Pattern;

/**
 * HOCON's {@code include}, limited to local files and classpath resources. An {@code include url("http://...")}
 * in a spec would make the driver fetch whatever the spec names from the network; that is refused.
 */
final class SpecIncluder implements ConfigIncluder, ConfigIncluderURL {
    private static final Pattern URL_WITH_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");

    private final ConfigIncluder fallback;

    SpecIncluder() {
        this(null);
    }

    private SpecIncluder(ConfigIncluder fallback) {
        this.fallback = fallback;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this.fallback == fallback ? this : new SpecIncluder(fallback);
    }

    /** {@code include "name"}: HOCON would try it as a URL first if it looks like one. */
    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        if (URL_WITH_SCHEME.matcher(what).matches() && !what.regionMatches(true, 0, "file:", 0, 5)) {
            throw refused(what);
        }
        return fallback == null ? ConfigFactory.empty().root() : fallback.include(context, what);
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        if (!"file".equalsIgnoreCase(what.getProtocol())) {
            throw refused(what.toString());
        }
        return ConfigFactory.parseURL(what, context.parseOptions()).root();
    }

    private static SpecException refused(String what) {
        return new SpecException("include \"" + what + "\": a spec may include local files and classpath "
                + "resources only, not URLs");
    }
}

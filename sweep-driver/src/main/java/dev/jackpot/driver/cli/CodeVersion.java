package dev.jackpot.driver.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version and git commit, written into the jar at build time and recorded with every trial. */
public final class CodeVersion {
    private CodeVersion() {}

    public static String get() {
        Properties p = new Properties();
        try (InputStream in = CodeVersion.class.getResourceAsStream("/jackpot-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Fall through to "unknown": the version is a record, not a reason to stop a sweep.
        }
        String version = p.getProperty("version", "unknown");
        String commit = p.getProperty("commit", "");
        boolean dirty = Boolean.parseBoolean(p.getProperty("dirty", "false"));
        return commit.isEmpty() || commit.startsWith("${") ? version : version + "+" + commit + (dirty ? ".dirty" : "");
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jackpot " + get()};
        }
    }
}

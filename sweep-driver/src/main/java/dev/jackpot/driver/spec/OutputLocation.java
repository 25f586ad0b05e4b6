package dev.jackpot.driver.spec;

import dev.jackpot.driver.spec.SpecReader.Item;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a sweep writes: {@code sweep.output} resolved against the output root ({@code run.output-root}, by
 * default the working directory), normalised, then {@code sweep.name} under it.
 *
 * <p>A spec may only write under the root: a relative {@code sweep.output} that climbs out of it with
 * {@code ..} is refused, and so is an absolute path or a URI (hdfs://, file:) unless the spec sets
 * {@code run.allow-absolute-paths = true}. This keeps a typo or a borrowed spec from writing into /etc or another
 * team's folder. The root itself is the operator's choice and may be anything; someone running a spec they do
 * not trust pins both settings with {@code --set}, which beats the file.
 */
public final class OutputLocation {
    /** A URI scheme followed by ':' and '/': hdfs://nn/x, s3a://bucket/x, file:/x, file:///x. */
    private static final Pattern URI_WITH_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:/.*");

    private OutputLocation() {}

    /** A URI naming a file system other than the local one. */
    public static boolean isRemote(String path) {
        return URI_WITH_SCHEME.matcher(path).matches() && !path.regionMatches(true, 0, "file:", 0, 5);
    }

    /**
     * @param output   {@code sweep.output}
     * @param name     {@code sweep.name}, already checked to be one plain path segment
     * @param root     {@code run.output-root}
     * @param allowAbs {@code run.allow-absolute-paths}
     * @param cwd      the working directory, which a relative root is resolved against
     * @return the sweep's folder: an absolute normalised local path, or a normalised remote URI
     */
    static String resolve(Item<String> output, String name, Item<String> root, boolean allowAbs, Path cwd) {
        String text = output.value().trim();
        boolean absolute = URI_WITH_SCHEME.matcher(text).matches() || local(output, text).isAbsolute();
        String rootFolder = rootFolder(root, cwd);
        String folder;
        if (absolute) {
            if (!allowAbs) {
                throw output.error("an absolute path; outputs go under the output root " + rootFolder
                        + " (run.output-root): give a path relative to it, or set run.allow-absolute-paths = true");
            }
            folder = isRemote(text) ? remote(output, text).toString() : local(output, text).normalize().toString();
        } else {
            folder = isRemote(rootFolder) ? remoteChild(output, text, rootFolder) : localChild(output, text, rootFolder);
        }
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }

    /** The root as an absolute normalised local path, or a normalised remote URI. */
    private static String rootFolder(Item<String> root, Path cwd) {
        String text = root.value().trim();
        if (text.isEmpty()) {
            throw root.error("must be a folder (\".\" is the working directory)");
        }
        return isRemote(text) ? remote(root, text).toString()
                : cwd.resolve(local(root, text)).toAbsolutePath().normalize().toString();
    }

    private static String localChild(Item<String> output, String text, String rootFolder) {
        Path base = Path.of(rootFolder);
        Path resolved = base.resolve(local(output, text)).normalize();
        if (!resolved.startsWith(base)) {
            throw output.error("leaves the output root " + base + " (run.output-root); write a folder inside it");
        }
        return resolved.toString();
    }

    private static String remoteChild(Item<String> output, String text, String rootFolder) {
        // Normalised as a POSIX path, so the root's URI is kept as written (java.net.URI would turn hdfs:///x
        // into hdfs:/x).
        Path relative = local(output, text).normalize();
        if (relative.startsWith("..")) {
            throw output.error("leaves the output root " + rootFolder + " (run.output-root); write a folder inside it");
        }
        String base = rootFolder.endsWith("/") ? rootFolder : rootFolder + "/";
        String rel = relative.toString();
        return rel.isEmpty() ? base.substring(0, base.length() - 1) : base + rel;
    }

    /** A local path, from a plain path or a file: URI. */
    private static Path local(Item<String> item, String text) {
        try {
            return URI_WITH_SCHEME.matcher(text).matches() ? Path.of(new URI(text)) : Path.of(text);
        } catch (URISyntaxException | IllegalArgumentException e) { // InvalidPathException is one
            throw item.error("not a valid path or file: URI: " + e.getMessage());
        }
    }

    /** A remote URI with its '.' and '..' segments resolved. */
    private static URI remote(Item<String> item, String text) {
        URI uri;
        try {
            uri = new URI(text).normalize();
        } catch (URISyntaxException e) {
            throw item.error("not a valid URI: " + e.getMessage());
        }
        if (uri.getPath() == null || uri.getPath().startsWith("/..")) {
            throw item.error("not a folder URI such as hdfs://namenode/results");
        }
        return uri;
    }
}

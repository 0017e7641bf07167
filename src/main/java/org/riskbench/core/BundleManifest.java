package org.riskbench.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code manifest.json} of a model bundle folder, which transactions scoring models and general models share:
 * read and checked with the refusals both kinds make, so a folder that is not a bundle, or a bundle of another
 * format, is refused in the same words whichever reader meets it.
 */
public final class BundleManifest {
    public static final String FILE = "manifest.json";

    private BundleManifest() {
    }

    /** The manifest of the bundle in {@code dir}; "DIR is not a model bundle: it has no manifest.json" when there is none. */
    public static JsonNode read(Path dir) throws IOException {
        Path manifest = dir.resolve(FILE);
        if (!Files.isRegularFile(manifest)) {
            throw new InputException(dir + " is not a model bundle: it has no manifest.json");
        }
        return Json.MAPPER.readTree(InputFiles.readAllBytes(manifest, manifest.toString(), InputFiles.Kind.MODEL));
    }

    /** Refuses a manifest whose {@code format_version} is not {@code supported}; {@code what} names the bundle, e.g. "model bundle". */
    public static void checkFormat(Path dir, JsonNode manifest, String what, int supported) {
        int format = manifest.path("format_version").asInt(-1);
        if (format != supported) {
            throw new InputException(dir + ": " + what + " format version " + (format < 0 ? "missing" : format)
                    + " is not supported (this program reads version " + supported + "); retrain the model");
        }
    }

    /** A list of names in the manifest ({@code columns}, {@code classes}), in its order. */
    public static List<String> names(JsonNode manifest, String field) {
        List<String> names = new ArrayList<>();
        manifest.path(field).forEach(n -> names.add(n.asText()));
        return names;
    }
}

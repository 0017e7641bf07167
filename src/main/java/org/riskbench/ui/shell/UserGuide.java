package org.riskbench.ui.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.riskbench.core.AtomicFiles;

/**
 * Help > User guide: the README and docs shipped inside the app (under {@code help/}) rendered to HTML pages in a
 * folder, links between them kept, images copied, so any browser can show them. Rendered once per folder.
 */
public final class UserGuide {
    /** Where the guide lives among the app's resources; the README is its first page. */
    static final String ROOT = "help";
    private static final Pattern MD_LINK = Pattern.compile("href=\"([^\"#:]+)\\.md(#[^\"]*)?\"");
    private static final String STYLE = "body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#24292f}"
            + "@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}a{color:#58a6ff}code,pre{background:#161b22!important}}"
            + "code,pre{font-family:monospace;background:#f6f8fa;border-radius:4px}pre{padding:.8em;overflow:auto}code{padding:.1em .3em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #8c959f;padding:.3em .6em;vertical-align:top}img{max-width:100%}";

    private UserGuide() {
    }

    /** Renders the guide shipped with the app into {@code folder}; returns the first page (the README's). */
    public static Path render(Path folder) {
        URL readme = UserGuide.class.getResource("/" + ROOT + "/README.md");
        if (readme == null) {
            throw new IllegalStateException("the user guide is not inside this build of the app (no " + ROOT + "/README.md)");
        }
        try {
            URI uri = readme.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return renderTree(jar.provider().getPath(uri).getParent(), folder);
                } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                    return renderTree(FileSystems.getFileSystem(uri).provider().getPath(uri).getParent(), folder);
                }
            }
            return renderTree(Path.of(uri).getParent(), folder);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the user guide in the app: " + readme, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the user guide to " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Path renderTree(Path source, Path folder) throws IOException {
        List<org.commonmark.Extension> extensions = List.of(TablesExtension.create());
        Parser parser = Parser.builder().extensions(extensions).build();
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(extensions).build();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String relative = source.relativize(file).toString();
                if (relative.endsWith(".md")) {
                    Path target = folder.resolve(relative.substring(0, relative.length() - 3) + ".html");
                    Files.createDirectories(target.getParent());
                    String markdown = Files.readString(file, StandardCharsets.UTF_8);
                    AtomicFiles.writeString(target, page(titleOf(markdown, relative), renderer.render(parser.parse(markdown))));
                } else {
                    Path target = folder.resolve(relative);
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return folder.resolve("README.html");
    }

    /** One HTML page: the rendered body, its links to other pages of the guide pointed at their HTML. */
    static String page(String title, String body) {
        Matcher links = MD_LINK.matcher(body);
        String linked = links.replaceAll(m -> Matcher.quoteReplacement("href=\"" + m.group(1) + ".html"
                + (m.group(2) == null ? "" : m.group(2)) + "\""));
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title><style>" + STYLE
                + "</style></head><body>\n" + linked + "</body></html>\n";
    }

    private static String titleOf(String markdown, String fallback) {
        return markdown.lines().filter(l -> l.startsWith("# ")).findFirst().map(l -> l.substring(2).strip()).orElse(fallback);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

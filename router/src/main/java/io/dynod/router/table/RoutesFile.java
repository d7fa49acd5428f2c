package io.dynod.router.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the static routes file of {@code dynod router --routes FILE}. One statement per line,
 * {@code #} starts a comment:
 *
 * <pre>
 * domain localhost                          # APP.localhost reaches APP (default: localhost)
 * app hello web.1=127.0.0.1:5001 127.0.0.1:5002 domains=www.hello.test,hello.test
 * app empty                                 # no web dynos: H14
 * app docs 127.0.0.1:5003 waking-page       # opts in to the "waking up" page
 * default hello                             # any other Host goes to hello (else: 404)
 * </pre>
 *
 * A target without a name is named {@code web.N} by position. Errors name the file and line.
 */
public final class RoutesFile {

    private RoutesFile() {}

    public static RouteTable read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllLines(file));
    }

    public static RouteTable parse(String fileName, List<String> lines) {
        String baseDomain = "localhost";
        String defaultApp = null;
        List<AppRoute> apps = new ArrayList<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            String where = fileName + ":" + number + ": ";
            switch (words[0]) {
                case "domain" -> {
                    requireWords(where, words, 2, "domain NAME");
                    baseDomain = words[1].toLowerCase(Locale.ROOT);
                }
                case "default" -> {
                    requireWords(where, words, 2, "default APP");
                    defaultApp = words[1];
                }
                case "app" -> apps.add(app(where, words));
                default -> throw new IllegalArgumentException(where + "unknown statement '" + words[0]
                        + "' (expected: domain, app or default)");
            }
        }
        try {
            return new RouteTable(baseDomain, apps, Optional.ofNullable(defaultApp));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(fileName + ": " + e.getMessage(), e);
        }
    }

    private static void requireWords(String where, String[] words, int count, String shape) {
        if (words.length != count) {
            throw new IllegalArgumentException(where + "expected '" + shape + "'");
        }
    }

    private static AppRoute app(String where, String[] words) {
        if (words.length < 2) {
            throw new IllegalArgumentException(where
                    + "expected 'app NAME [DYNO=]HOST:PORT... [domains=D,...] [waking-page]'");
        }
        List<String> domains = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        boolean wakingPage = false;
        for (int i = 2; i < words.length; i++) {
            String word = words[i];
            if (word.equals("waking-page")) {
                wakingPage = true;
                continue;
            }
            if (word.startsWith("domains=")) {
                for (String d : word.substring("domains=".length()).split(",")) {
                    if (!d.isEmpty()) {
                        domains.add(d.toLowerCase(Locale.ROOT));
                    }
                }
                continue;
            }
            int eq = word.indexOf('=');
            String dyno = eq > 0 ? word.substring(0, eq) : "web." + (endpoints.size() + 1);
            String target = eq > 0 ? word.substring(eq + 1) : word;
            int colon = target.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(where + "target '" + word + "' (expected: [DYNO=]HOST:PORT)");
            }
            int port;
            try {
                port = Integer.parseInt(target.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "port of '" + word + "' is not a number");
            }
            try {
                endpoints.add(Endpoint.up(dyno, target.substring(0, colon), port));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "target '" + word + "': " + e.getMessage());
            }
        }
        return new AppRoute(words[1], domains, endpoints, wakingPage);
    }
}

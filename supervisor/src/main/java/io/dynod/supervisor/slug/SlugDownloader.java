package io.dynod.supervisor.slug;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;

/** Fetches {@code http(s):} slugs into a local file, hashing them on the way. */
final class SlugDownloader {

    private final Duration timeout;
    private final long maxBytes;
    private HttpClient client;

    SlugDownloader(Duration timeout, long maxBytes) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /** Writes the body of {@code GET uri} into {@code file} and returns its sha256. */
    String download(URI uri, String location, Path file) throws SlugException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new SlugException("GET " + location + " answered HTTP " + response.statusCode());
                }
                MessageDigest digest = Sha256.newDigest();
                try (InputStream in = new DigestInputStream(new LimitedInputStream(body, maxBytes,
                        "slug at " + location + " is larger than " + maxBytes + " bytes"), digest);
                     OutputStream out = Files.newOutputStream(file)) {
                    in.transferTo(out);
                }
                return Sha256.hex(digest);
            }
        } catch (SlugException e) {
            throw e;
        } catch (IOException e) {
            throw new SlugException("GET " + location + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlugException("GET " + location + " was interrupted", e);
        }
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return client;
    }
}

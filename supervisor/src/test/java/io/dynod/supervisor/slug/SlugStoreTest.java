package io.dynod.supervisor.slug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching, verifying and caching by sha256; http slugs come from a loopback JDK HttpServer. */
class SlugStoreTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private Path cache;
    private SlugStore store;
    private HttpServer server;
    private ExecutorService serverThreads;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile byte[] served;
    private volatile int status = 200;
    private volatile CountDownLatch requestEntered = new CountDownLatch(0);
    private volatile CountDownLatch answerReleased = new CountDownLatch(0);

    @BeforeEach
    void start() throws IOException {
        cache = temp.resolve("cache");
        store = new SlugStore(SlugConfig.withDefaults(cache));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newFixedThreadPool(8);
        server.setExecutor(serverThreads);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        answerReleased.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        assertThat(serverThreads.awaitTermination(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        requestEntered.countDown();
        try {
            if (!answerReleased.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("test never released the answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = status == 200 ? served : new byte[0];
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/slugs/app.tgz";
    }

    private static byte[] helloSlug() {
        return new TarGz().dir("app").file("app/Procfile", "web: ./web\n").file("app/web", "#!/bin/sh\n", 0755).tarGz();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void secondFetchIsACacheHitWithoutExtraction() throws Exception {
        Path file = TarGz.write(temp.resolve("slug.tgz"), helloSlug());

        Slug first = store.fetch(file.toString());
        Slug second = store.fetch(file.toString());

        assertThat(first.sha256()).isEqualTo(sha256(helloSlug()));
        assertThat(second).isEqualTo(first);
        assertThat(store.extractions()).isEqualTo(1);
    }

    @Test
    void knownShaIsServedFromTheCacheWithoutReadingTheSource() throws Exception {
        Path file = TarGz.write(temp.resolve("slug.tgz"), helloSlug());
        String sha = sha256(helloSlug());
        Slug first = store.fetch(file.toString(), sha);
        Files.delete(file);

        Slug again = store.fetch(file.toString(), sha.toUpperCase());

        assertThat(again).isEqualTo(first);
        assertThat(again.root().resolve("Procfile")).hasContent("web: ./web");
        assertThat(store.extractions()).isEqualTo(1);
    }

    @Test
    void fileUrlsAreLocalFiles() throws Exception {
        Path file = TarGz.write(temp.resolve("slug.tgz"), helloSlug());

        Slug slug = store.fetch(file.toUri().toString());

        assertThat(slug.root().resolve("web")).exists();
    }

    @Test
    void aNewStoreFindsWhatAnEarlierOneExtracted() throws Exception {
        Path file = TarGz.write(temp.resolve("slug.tgz"), helloSlug());
        Slug first = store.fetch(file.toString());

        SlugStore restarted = new SlugStore(SlugConfig.withDefaults(cache));

        assertThat(restarted.fetch(file.toString(), first.sha256())).isEqualTo(first);
        assertThat(restarted.extractions()).isZero();
    }

    @Test
    void wrongShaIsRefusedWithoutResidue() throws Exception {
        Path file = TarGz.write(temp.resolve("slug.tgz"), helloSlug());
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> store.fetch(file.toString(), wrong))
                .isInstanceOf(SlugException.class)
                .hasMessage("slug " + file + " has sha256 " + sha256(helloSlug()) + ", expected " + wrong);
        assertThat(SlugCorpusTest.listing(cache)).isEmpty();
    }

    @Test
    void malformedShaAndMissingFilesAreRefused() {
        assertThatThrownBy(() -> store.fetch("slug.tgz", "abc"))
                .hasMessage("sha256 must be 64 hex digits, got \"abc\"");
        assertThatThrownBy(() -> store.fetch(temp.resolve("missing.tgz").toString()))
                .hasMessageContaining("missing.tgz does not exist or is not a regular file");
        assertThatThrownBy(() -> store.fetch("ftp://127.0.0.1/slug.tgz"))
                .hasMessageContaining("has an unsupported scheme");
    }

    @Test
    void httpSlugIsDownloadedVerifiedAndExtracted() throws Exception {
        served = helloSlug();

        Slug slug = store.fetch(url(), sha256(served));

        assertThat(slug.root().resolve("Procfile")).hasContent("web: ./web");
        assertThat(SlugCorpusTest.listing(cache)).containsExactly(slug.sha256());
    }

    @Test
    void httpSlugWithoutShaIsKeyedByItsContent() throws Exception {
        served = helloSlug();

        Slug slug = store.fetch(url());

        assertThat(slug.sha256()).isEqualTo(sha256(served));
        assertThat(SlugCorpusTest.listing(cache)).containsExactly(slug.sha256());
    }

    @Test
    void httpErrorsAndBadDigestsLeaveNoDownloadBehind() throws Exception {
        served = helloSlug();
        assertThatThrownBy(() -> store.fetch(url(), "1".repeat(64)))
                .hasMessageContaining("has sha256 " + sha256(served) + ", expected " + "1".repeat(64));
        assertThat(SlugCorpusTest.listing(cache)).isEmpty();

        status = 404;
        assertThatThrownBy(() -> store.fetch(url()))
                .hasMessage("GET " + url() + " answered HTTP 404");
        assertThat(SlugCorpusTest.listing(cache)).isEmpty();
    }

    @Test
    void hostileHttpSlugIsRefusedWithoutResidue() throws IOException {
        served = new TarGz().symlink("etc", "/etc").file("etc/cron.d/evil", "x").tarGz();

        assertThatThrownBy(() -> store.fetch(url()))
                .hasMessage("slug entry \"etc\" refused: symlink target \"/etc\" is absolute");
        assertThat(SlugCorpusTest.listing(cache)).isEmpty();
    }

    @Test
    void concurrentFetchesOfOneSlugDownloadAndExtractOnce() throws Exception {
        served = helloSlug();
        String sha = sha256(served);
        requestEntered = new CountDownLatch(1);
        answerReleased = new CountDownLatch(1);
        int callers = 6;
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<Slug>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            CompletableFuture<Slug> result = new CompletableFuture<>();
            results.add(result);
            threads.add(new Thread(() -> {
                try {
                    result.complete(store.fetch(url(), sha));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "slug-fetch-" + i));
        }
        threads.forEach(Thread::start);

        // Hold the one download until every caller is parked inside fetch: without single-flight
        // each caller would send its own request and extract its own copy.
        assertThat(requestEntered.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Await.until(DEADLINE, "every caller waits", () -> threads.stream().allMatch(SlugStoreTest::parkedInFetch));
        answerReleased.countDown();

        for (CompletableFuture<Slug> result : results) {
            assertThat(result.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).root()).isEqualTo(cache.resolve(sha));
        }
        assertThat(requests.get()).isEqualTo(1);
        assertThat(store.extractions()).isEqualTo(1);
        assertThat(SlugCorpusTest.listing(cache)).containsExactly(sha);
    }

    private static boolean parkedInFetch(Thread thread) {
        if (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(SlugStore.class.getName())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void leftoversOfAnInterruptedExtractionAreRemovedAtStart() throws Exception {
        Path leftover = Files.createDirectories(cache.resolve(".tmp-0123456789ab-42/app/bin"));
        Files.writeString(leftover.resolve("web"), "x");
        Files.writeString(cache.resolve(".tmp-download-7.tar.gz"), "partial");

        new SlugStore(SlugConfig.withDefaults(cache));

        assertThat(SlugCorpusTest.listing(cache)).isEmpty();
    }
}

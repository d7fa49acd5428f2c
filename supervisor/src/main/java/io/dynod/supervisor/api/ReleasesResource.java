package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.model.Names;
import io.dynod.protocol.model.Release;
import io.dynod.protocol.model.ReleaseCreate;
import io.dynod.supervisor.control.Apps;
import io.vertx.core.Future;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code /v1/apps/{app}/releases}: list, create (JSON naming the slug, or the slug itself as an
 * {@code application/gzip} body, written to a temp file under its own cap), rollback.
 */
final class ReleasesResource {
    private static final String RELEASES = ApiPaths.APPS + "/{app}/releases";

    private final Apps apps;
    private final Path uploadDir;
    private final long maxSlugBytes;

    ReleasesResource(Apps apps, Path uploadDir, long maxSlugBytes) {
        this.apps = apps;
        this.uploadDir = uploadDir;
        this.maxSlugBytes = maxSlugBytes;
    }

    void register(Routes routes) {
        routes.add(HttpMethod.GET, RELEASES, call -> {
            String app = call.app();
            call.answer(200, () -> apps.releases(app));
        }).add(HttpMethod.POST, RELEASES, this::create).add(HttpMethod.POST, RELEASES + "/{version}/rollback", call -> {
            String app = call.app();
            int version = Release.parseVersion(call.param("version"));
            call.answer(201, () -> apps.rollback(app, version));
        });
    }

    private void create(Call call) {
        String app = call.app();
        String type = call.request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.startsWith(ApiPaths.SLUG)) {
            upload(call, app);
            return;
        }
        call.allowQuery(Set.of());
        call.json(ReleaseCreate.class, "release", null)
                .onSuccess(body -> call.answer(201, () -> apps.createRelease(app, body, null)))
                .onFailure(call::fail);
    }

    private void upload(Call call, String app) {
        call.allowQuery(Set.of("sha256"));
        String sha256 = call.request.getParam("sha256");
        if (sha256 != null) {
            Names.sha256(sha256);
        }
        apps.get(app); // 404 before a large body is read
        long length = call.contentLength();
        if (length < 0) {
            throw new ApiFailure.ApiException(ApiFailure.badRequest("a slug upload needs a Content-Length header"));
        }
        if (length > maxSlugBytes) {
            throw new ApiFailure.ApiException(ApiFailure.tooLarge("slug of " + length + " bytes, over the upload limit of "
                    + maxSlugBytes + " bytes"));
        }
        call.request.pause();
        call.blocking(() -> {
            Files.createDirectories(uploadDir);
            return Files.createTempFile(uploadDir, "slug-", ".tgz");
        }).compose(file -> receive(call, file)
                .compose(received -> call.blocking(() ->
                        apps.createRelease(app, ReleaseCreate.fromPath(file.toString(), sha256), file)))
                .eventually(() -> call.blocking(() -> Files.deleteIfExists(file))))
                .onSuccess(release -> call.send(201, release))
                .onFailure(call::fail);
    }

    private static Future<Void> receive(Call call, Path file) {
        return call.vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                .compose(out -> call.request.pipeTo(out));
    }
}

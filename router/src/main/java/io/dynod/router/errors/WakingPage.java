package io.dynod.router.errors;

/**
 * The "waking up" page an app can opt in to: a browser waiting for a cold start sees it instead of
 * a silent wait, and it reloads itself every second, so the browser lands on the app's own page as
 * soon as a dyno is up (the reload is held again and released then). A meta refresh works without
 * JavaScript; the script makes the reload replace this page in the history.
 */
final class WakingPage {

    static final String HTML = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><meta http-equiv="refresh" content="1">
            <title>Waking up…</title>
            <script>setTimeout(function () { location.replace(location.href); }, 1000);</script>
            </head>
            <body><h1>Waking up…</h1><p>The application is starting. This page reloads by itself.</p></body></html>
            """;

    private WakingPage() {}
}

package io.dynod.router.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouterLogTest {

    @Test
    void errorLineHasHerokusShape() {
        String line = RouterLog.format(new RouterLog.Line(HerokuError.H12, null, "GET", "/", "app.localhost",
                "abc", "1.2.3.4", "web.1", 1, 30001, 503, 0, "http", null));
        assertThat(line).isEqualTo("at=error code=H12 desc=\"Request timeout\" method=GET path=\"/\" host=app.localhost"
                + " request_id=abc fwd=\"1.2.3.4\" dyno=web.1 connect=1ms service=30001ms status=503 bytes=0 protocol=http");
    }

    @Test
    void infoLineAndEscaping() {
        String line = RouterLog.format(new RouterLog.Line(null, null, "POST", "/a\"b?c=d", "evil host",
                "id=1", "5.6.7.8", null, -1, 18, 200, 13, "http", null));
        assertThat(line).isEqualTo("at=info method=POST path=\"/a\\\"b?c=d\" host=evil_host request_id=id=1"
                + " fwd=\"5.6.7.8\" dyno= connect= service=18ms status=200 bytes=13 protocol=http");
    }

    @Test
    void clientErrorsAreWarningsWithSockAndCause() {
        String line = RouterLog.format(new RouterLog.Line(HerokuError.H27, "gone", "GET", "/", "h", "i", "f", "web.2",
                0, 5, 499, 0, "http", "client"));
        assertThat(line).startsWith("at=warning code=H27 desc=\"Client Request Interrupted\" cause=\"gone\" ")
                .endsWith(" sock=client");
    }

    @Test
    void everyErrorHasAPageWithItsCode() {
        for (HerokuError e : HerokuError.values()) {
            String page = new String(e.page(), java.nio.charset.StandardCharsets.UTF_8);
            if (e == HerokuError.WAKING_PAGE) {
                assertThat(page).startsWith("<!DOCTYPE html>").contains("http-equiv=\"refresh\"");
                continue; // not an error page: the app is starting and the page reloads itself
            }
            assertThat(page).contains(e.description()).startsWith("<!DOCTYPE html>");
            if (!e.code().isEmpty()) {
                assertThat(page).contains("(" + e.code() + ")");
            }
        }
    }
}

package io.dynod.supervisor.api;

import io.dynod.protocol.model.ErrorBody;
import io.dynod.protocol.model.InvalidInputException;
import io.dynod.supervisor.control.ConflictException;
import io.dynod.supervisor.control.NotFoundException;
import io.dynod.supervisor.slug.SlugException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** An error answer: HTTP status and {@code {"id":...,"message":...}}. */
record ApiFailure(int status, ErrorBody body) {

    static ApiFailure badRequest(String message) {
        return new ApiFailure(400, new ErrorBody(ErrorBody.BAD_REQUEST, message));
    }

    static ApiFailure notFound(String message) {
        return new ApiFailure(404, new ErrorBody(ErrorBody.NOT_FOUND, message));
    }

    static ApiFailure tooLarge(String message) {
        return new ApiFailure(413, new ErrorBody(ErrorBody.PAYLOAD_TOO_LARGE, message));
    }

    static ApiFailure unauthorized() {
        return new ApiFailure(401, new ErrorBody(ErrorBody.UNAUTHORIZED,
                "missing or wrong token: send Authorization: Bearer <the agent's token>"));
    }

    /**
     * Maps what an operation threw: the protocol's and the agent's rule checks are the caller's
     * fault (400), unknown things 404, conflicts 409; anything else is ours (500, detail logged).
     */
    static ApiFailure of(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof ApiException api) {
            return api.failure();
        }
        if (e instanceof NotFoundException) {
            return notFound(e.getMessage());
        }
        if (e instanceof ConflictException) {
            return new ApiFailure(409, new ErrorBody(ErrorBody.CONFLICT, e.getMessage()));
        }
        if (e instanceof InvalidInputException || e instanceof SlugException || e instanceof IllegalArgumentException) {
            return badRequest(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return new ApiFailure(500, new ErrorBody(ErrorBody.INTERNAL_ERROR,
                "the agent failed: " + e.getClass().getSimpleName() + "; its log has the detail"));
    }

    boolean isInternal() {
        return status >= 500;
    }

    /** Thrown to answer with a given failure. */
    static final class ApiException extends RuntimeException {
        private final ApiFailure failure;

        ApiException(ApiFailure failure) {
            super(failure.body().message(), null, false, false);
            this.failure = failure;
        }

        ApiFailure failure() {
            return failure;
        }
    }
}

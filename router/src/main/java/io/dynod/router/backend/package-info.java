/**
 * The dyno side: per-event-loop keep-alive connection pools and the handler that lends a
 * connection to one exchange at a time.
 */
package io.dynod.router.backend;

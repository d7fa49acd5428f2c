/**
 * Choosing a dyno: the live view of the routes, per-app in-flight caps (H11), power of two
 * choices on in-flight requests, and quarantine of dynos that refused a connection.
 */
package io.dynod.router.balance;

/**
 * The client side: the pipeline of small handlers from raw bytes to the proxy handler, which
 * relays each exchange to a dyno with backpressure both ways.
 */
package io.dynod.router.frontend;

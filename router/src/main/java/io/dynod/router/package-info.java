/**
 * dynod's HTTP router: a Netty reverse proxy with Heroku's routing semantics (PRODUCT.md §5).
 * {@link io.dynod.router.Router} wires the pieces: routes from a
 * {@link io.dynod.router.table.RouteSource}, the client pipeline in {@code frontend}, dyno pools in
 * {@code backend}, selection in {@code balance}, Heroku errors in {@code errors}, and metrics.
 */
package io.dynod.router;

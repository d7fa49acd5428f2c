/**
 * The routing table: immutable {@link io.dynod.router.table.RouteTable} snapshots published by a
 * {@link io.dynod.router.table.RouteSource}, and the {@link io.dynod.router.table.Waker} seam for
 * cold starts.
 */
package io.dynod.router.table;

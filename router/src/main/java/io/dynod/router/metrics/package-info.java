/** Router metrics: counters and HdrHistogram recorders, rendered as Prometheus text off the event loops. */
package io.dynod.router.metrics;

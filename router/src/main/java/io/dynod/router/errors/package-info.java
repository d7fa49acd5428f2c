/** Heroku's error codes with their pages, and the router log line. */
package io.dynod.router.errors;

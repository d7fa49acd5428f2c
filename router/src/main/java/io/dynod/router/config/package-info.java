/** The router's settings: {@link io.dynod.router.config.RouterConfig} with Heroku's defaults. */
package io.dynod.router.config;

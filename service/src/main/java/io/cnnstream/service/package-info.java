/**
 * The Spring Boot service. Sub-packages: {@code config} (validated {@code cnnstream.*} properties),
 * {@code model} (the engine, loaded and warmed once), {@code kafka} (topics, container, error
 * handling and dead letters as beans), {@code pipeline} (records to batches to results),
 * {@code metrics} (Micrometer binders). Sees the engine only through {@code io.cnnstream.engine.api}
 * and the {@code image} and {@code tensor} types that API returns.
 */
package io.cnnstream.service;

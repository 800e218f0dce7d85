/**
 * The Spring Boot service. Sub-packages: {@code config} (validated {@code cnnstream.*} properties),
 * {@code model} (the engine and the classifier, loaded and warmed once), {@code kafka} (topics,
 * client settings, the dead-letter recoverer, error handling and the poll-interval rule as beans),
 * {@code pipeline} (records to engine inputs, outcomes to results and dead letters),
 * {@code metrics} (Micrometer binders), {@code health} (the readiness indicators and their gauge).
 * Sees the engine only through {@code io.cnnstream.engine.api} ({@code ServiceArchitectureTest}).
 */
package io.cnnstream.service;

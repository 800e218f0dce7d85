/**
 * Readiness: the model indicator (loaded and warmed), the partition-assignment indicator, and
 * {@code cnnstream.ready}, the gauge that gives alerts both as one number. Depends on {@code model}
 * and on the listener's id in {@code pipeline}; nothing depends on it.
 */
package io.cnnstream.service.health;

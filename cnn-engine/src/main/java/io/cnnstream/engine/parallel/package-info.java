/**
 * The engine's one worker pool. Depends on nothing else in the engine.
 */
package io.cnnstream.engine.parallel;

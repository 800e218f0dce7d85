/**
 * A small JSON reader and writer (the engine takes no dependencies): safetensors headers and the
 * command line's {@code --json} output. Depends on nothing else in the engine.
 */
package io.cnnstream.engine.json;

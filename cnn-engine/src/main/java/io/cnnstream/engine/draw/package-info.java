/** Pictures of a network's structure: {@link io.cnnstream.engine.draw.Diagram} lays it out, {@link io.cnnstream.engine.draw.Svg} writes it. */
package io.cnnstream.engine.draw;

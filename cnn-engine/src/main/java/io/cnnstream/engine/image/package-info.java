/**
 * Images in: format sniffing from magic bytes, bounded decoding through ImageIO (limits on bytes,
 * declared pixels and decode time, checked before pixels are allocated), conversion to 8-bit RGB
 * the way PIL's {@code convert("RGB")} does it, and torchvision's ImageNet evaluation transform
 * reproduced exactly (PIL's antialiased bilinear resize, centre crop, normalise) into NCHW rows.
 * Uses only the JDK's ImageIO API; extra formats (CMYK JPEG, WebP, TIFF) come from ImageIO plugins
 * found on the class path (TwelveMonkeys). Depends on {@code tensor} and {@code model}.
 */
package io.cnnstream.engine.image;

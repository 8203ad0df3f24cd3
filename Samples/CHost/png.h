/* A minimal PNG writer: 8-bit gray or RGBA, uncompressed (stored) deflate blocks. Small, dependency-free and
 * deterministic: the same pixels always give the same bytes, which the ABI test relies on. */
#ifndef CHOST_PNG_H_
#define CHOST_PNG_H_ 1

#include <stdint.h>

/* channels: 1 (gray) or 4 (RGBA); rows tightly packed. Returns 0 on success, -1 on an I/O error. */
int png_write(const char *path, const uint8_t *pixels, uint32_t width, uint32_t height, uint32_t channels);

#endif

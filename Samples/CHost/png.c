#include "png.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) {
            c = (c & 1U) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
        }
        crc_table[n] = c;
    }
}

static uint32_t crc_update(uint32_t crc, const uint8_t *data, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        crc = crc_table[(crc ^ data[i]) & 0xFFU] ^ (crc >> 8);
    }
    return crc;
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static int write_chunk(FILE *f, const char type[4], const uint8_t *data, uint32_t length)
{
    uint8_t header[8];
    put_u32(header, length);
    memcpy(header + 4, type, 4);
    uint32_t crc = crc_update(0xFFFFFFFFU, header + 4, 4);
    crc = crc_update(crc, data, length) ^ 0xFFFFFFFFU;
    uint8_t trailer[4];
    put_u32(trailer, crc);
    return fwrite(header, 1, 8, f) == 8 && (length == 0 || fwrite(data, 1, length, f) == length) && fwrite(trailer, 1, 4, f) == 4 ? 0 : -1;
}

int png_write(const char *path, const uint8_t *pixels, uint32_t width, uint32_t height, uint32_t channels)
{
    crc_init();
    size_t row = (size_t)width * channels + 1; /* filter byte 0 (none) + the row */
    size_t raw_size = row * height;
    size_t blocks = (raw_size + 65534) / 65535;
    size_t idat_size = 2 + raw_size + blocks * 5 + 4;
    uint8_t *raw = malloc(raw_size);
    uint8_t *idat = malloc(idat_size);
    if (raw == NULL || idat == NULL) {
        free(raw);
        free(idat);
        return -1;
    }
    for (uint32_t y = 0; y < height; y++) {
        raw[y * row] = 0;
        memcpy(raw + y * row + 1, pixels + (size_t)y * width * channels, row - 1);
    }

    /* zlib stream: header (deflate, 32K window, no preset dictionary), stored blocks, Adler-32. */
    size_t o = 0;
    idat[o++] = 0x78;
    idat[o++] = 0x01;
    uint32_t a = 1, b = 0;
    for (size_t done = 0; done < raw_size;) {
        size_t n = raw_size - done < 65535 ? raw_size - done : 65535;
        idat[o++] = done + n == raw_size ? 1 : 0;
        idat[o++] = (uint8_t)n;
        idat[o++] = (uint8_t)(n >> 8);
        idat[o++] = (uint8_t)~n;
        idat[o++] = (uint8_t)(~n >> 8);
        memcpy(idat + o, raw + done, n);
        for (size_t i = 0; i < n; i++) {
            a = (a + raw[done + i]) % 65521U;
            b = (b + a) % 65521U;
        }
        o += n;
        done += n;
    }
    put_u32(idat + o, (b << 16) | a);
    o += 4;

    uint8_t ihdr[13];
    put_u32(ihdr, width);
    put_u32(ihdr + 4, height);
    ihdr[8] = 8;                                  /* bit depth */
    ihdr[9] = channels == 4 ? 6 : 0;              /* RGBA or gray */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;           /* deflate, adaptive filtering, no interlace */
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    FILE *f = fopen(path, "wb");
    int rc = -1;
    if (f != NULL) {
        rc = fwrite(signature, 1, 8, f) == 8 && write_chunk(f, "IHDR", ihdr, 13) == 0 &&
                     write_chunk(f, "IDAT", idat, (uint32_t)o) == 0 && write_chunk(f, "IEND", NULL, 0) == 0
                 ? 0
                 : -1;
        if (fclose(f) != 0) {
            rc = -1;
        }
    }
    free(raw);
    free(idat);
    return rc;
}

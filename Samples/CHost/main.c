/*
 * chost: a C host renderer that owns its Vulkan device and fills the holes of a frame through libmaert's C ABI.
 *
 *   chost --model Samples/Models/mae-default.maew [--width 256 --height 192] [--frames 6] [--out DIR] [--validation] [--bench N]
 *
 * It makes a frame with holes on the CPU (gradients, stripes and discs; the holes painted magenta), uploads it
 * and the mask, then records per frame: output to GENERAL, maert_record (timed), output to TRANSFER_SRC and a
 * copy to a host-visible buffer; submits and waits. It writes DIR/input.png, DIR/mask.png and DIR/output.png
 * (the last frame) and prints per-frame record time, bytes the library allocated, statistics and the
 * validation error count. --bench N then records N more frames into a command buffer that is never submitted
 * (begin, maert_record, end) and prints the median CPU cost of maert_record without any GPU wait in it: the
 * number the ABI test compares with the C# FrameInpainter.Record. Exit codes: 0 success, 1 usage, 2 a failure, 3 validation errors were reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "maert.h"
#include "png.h"

#define MAX_FRAMES 64
#define MAX_BENCH 100000

static int fail(const char *what, maert_result result)
{
    fprintf(stderr, "chost: error: %s returned %d: %s\n", what, (int)result, maert_get_last_error());
    return 2;
}

/* The test frame: smooth gradients and stripes with discs and boxes of holes (about 8% of the pixels). */
static void make_frame(uint8_t *rgba, uint8_t *mask, uint32_t w, uint32_t h)
{
    for (uint32_t y = 0; y < h; y++) {
        for (uint32_t x = 0; x < w; x++) {
            uint8_t *p = rgba + ((size_t)y * w + x) * 4;
            uint32_t stripe = ((x + 2 * y) / 12) & 1U;
            p[0] = (uint8_t)(40 + (x * 180) / w);
            p[1] = (uint8_t)(60 + (y * 150) / h + stripe * 20);
            p[2] = (uint8_t)(200 - (x * 90) / w - (y * 60) / h);
            p[3] = 255;
            int dx = (int)x - (int)(w / 3), dy = (int)y - (int)(h / 2);
            int ex = (int)x - (int)(3 * w / 4), ey = (int)y - (int)(h / 3);
            uint32_t r = h / 8;
            int hole = dx * dx + dy * dy <= (int)(r * r) || ex * ex + ey * ey <= (int)(r * r / 2) ||
                       (x >= w / 2 && x < w / 2 + 10 && y >= h / 2 && y < h - 12);
            mask[(size_t)y * w + x] = hole ? 255 : 0;
            if (hole) {
                p[0] = 255, p[1] = 0, p[2] = 255; /* the stale hole colour the pass must replace */
            }
        }
    }
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *model = NULL, *out_dir = ".";
    uint32_t width = 256, height = 192, frames = 6, bench = 0;
    const char *env = getenv("MAE_VALIDATION");
    int validation = env != NULL && (strcmp(env, "1") == 0 || strcmp(env, "true") == 0);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
            model = argv[++i];
        } else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            out_dir = argv[++i];
        } else if (strcmp(argv[i], "--width") == 0 && i + 1 < argc) {
            width = (uint32_t)strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--height") == 0 && i + 1 < argc) {
            height = (uint32_t)strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--frames") == 0 && i + 1 < argc) {
            frames = (uint32_t)strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--bench") == 0 && i + 1 < argc) {
            bench = (uint32_t)strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--validation") == 0) {
            validation = 1;
        } else {
            fprintf(stderr, "usage: chost --model FILE.maew [--width W] [--height H] [--frames N] [--out DIR] [--validation] [--bench N]\n");
            return 1;
        }
    }
    if (model == NULL || width < 16 || height < 16 || width > 4096 || height > 4096 || frames < 1 || frames > MAX_FRAMES || bench > MAX_BENCH) {
        fprintf(stderr, "chost: error: --model is required; 16 <= width, height <= 4096; 1 <= frames <= %d; bench <= %d\n", MAX_FRAMES, MAX_BENCH);
        return 1;
    }
    if (MAERT_VERSION_MAJOR(maert_get_version()) != MAERT_VERSION_MAJOR(MAERT_HEADER_VERSION)) {
        fprintf(stderr, "chost: error: libmaert %u.x does not match maert.h %u.x\n", MAERT_VERSION_MAJOR(maert_get_version()), MAERT_VERSION_MAJOR(MAERT_HEADER_VERSION));
        return 2;
    }

    host_device host;
    if (!host_create(&host, validation != 0)) {
        return 2;
    }
    printf("device: %s (queue family %u, validation %s)\n", host.name, host.queue_family, validation ? "on" : "off");

    /* The host's images: what an engine's render graph would own. */
    host_image color, mask, output;
    host_create_image(&host, width, height, VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT, &color);
    host_create_image(&host, width, height, VK_FORMAT_R8_UNORM, VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT, &mask);
    host_create_image(&host, width, height, VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT, &output);
    size_t color_bytes = (size_t)width * height * 4, mask_bytes = (size_t)width * height;
    host_buffer staging, readback;
    host_create_buffer(&host, color_bytes + mask_bytes, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, &staging);
    host_create_buffer(&host, color_bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, &readback);
    make_frame((uint8_t *)staging.mapped, (uint8_t *)staging.mapped + color_bytes, width, height);

    char path[4096];
    snprintf(path, sizeof(path), "%s/input.png", out_dir);
    int io = png_write(path, (const uint8_t *)staging.mapped, width, height, 4);
    snprintf(path, sizeof(path), "%s/mask.png", out_dir);
    io |= png_write(path, (const uint8_t *)staging.mapped + color_bytes, width, height, 1);
    if (io != 0) {
        fprintf(stderr, "chost: error: cannot write PNGs under %s\n", out_dir);
        return 2;
    }

    /* Upload once: colour and mask end in SHADER_READ_ONLY_OPTIMAL, visible to compute-shader reads. */
    VkCommandBuffer cmd = host_begin(&host);
    VkImageMemoryBarrier barriers[2] = {
        host_barrier(color.image, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 0, VK_ACCESS_TRANSFER_WRITE_BIT),
        host_barrier(mask.image, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 0, VK_ACCESS_TRANSFER_WRITE_BIT),
    };
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0, NULL, 0, NULL, 2, barriers);
    VkBufferImageCopy region = {.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1}, .imageExtent = {width, height, 1}};
    vkCmdCopyBufferToImage(cmd, staging.buffer, color.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    region.bufferOffset = color_bytes;
    vkCmdCopyBufferToImage(cmd, staging.buffer, mask.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    barriers[0] = host_barrier(color.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_ACCESS_TRANSFER_WRITE_BIT, VK_ACCESS_SHADER_READ_BIT);
    barriers[1] = host_barrier(mask.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_ACCESS_TRANSFER_WRITE_BIT, VK_ACCESS_SHADER_READ_BIT);
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 0, NULL, 0, NULL, 2, barriers);
    host_submit_wait(&host, cmd);

    /* MaeRealtime borrows the device; every Vulkan call it makes goes through our vkGetInstanceProcAddr. */
    maert_context_create_info context_info = {
        .sType = MAERT_STRUCTURE_TYPE_CONTEXT_CREATE_INFO,
        .structSize = sizeof(maert_context_create_info),
        .instance = host.instance,
        .physicalDevice = host.physical_device,
        .device = host.device,
        .queueFamilyIndex = host.queue_family,
        .queueIndex = 0,
        .pfnGetInstanceProcAddr = vkGetInstanceProcAddr,
        .pipelineCacheDirectory = getenv("MAE_PIPELINE_CACHE"),
        .flags = host.storage16 ? MAERT_CONTEXT_CREATE_STORAGE_BUFFER_16BIT_ACCESS_BIT : 0,
    };
    maert_context context = NULL;
    maert_weights weights = NULL;
    maert_inpainter inpainter = NULL;
    maert_result r = maert_create_context(&context_info, &context);
    if (r != MAERT_SUCCESS) {
        return fail("maert_create_context", r);
    }
    if ((r = maert_load_weights_file(context, model, &weights)) != MAERT_SUCCESS) {
        return fail("maert_load_weights_file", r);
    }
    maert_inpainter_create_info inpainter_info = {
        .sType = MAERT_STRUCTURE_TYPE_INPAINTER_CREATE_INFO,
        .structSize = sizeof(maert_inpainter_create_info),
        .maxWidth = width,
        .maxHeight = height,
        .framesInFlight = 2,
    };
    if ((r = maert_create_inpainter(context, weights, &inpainter_info, &inpainter)) != MAERT_SUCCESS) {
        return fail("maert_create_inpainter", r);
    }
    printf("model: %s (%u px tiles); frame %ux%u, %u frames\n", model, maert_get_weights_tile_size(weights), width, height, frames);

    const maert_frame_images images = {
        .sType = MAERT_STRUCTURE_TYPE_FRAME_IMAGES,
        .structSize = sizeof(maert_frame_images),
        .width = width,
        .height = height,
        .color = color.image,
        .colorFormat = VK_FORMAT_R8G8B8A8_UNORM,
        .colorLayout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
        .mask = mask.image,
        .maskFormat = VK_FORMAT_R8_UNORM,
        .maskLayout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
        .output = output.image,
        .outputFormat = VK_FORMAT_R8G8B8A8_UNORM,
        .outputLayout = VK_IMAGE_LAYOUT_GENERAL,
    };
    double record_us[MAX_FRAMES];
    uint64_t steady_bytes = 0;
    for (uint32_t frame = 0; frame < frames; frame++) {
        cmd = host_begin(&host);
        /* Output: old contents discarded (every pixel is rewritten); its last use was the previous frame's copy. */
        VkImageMemoryBarrier to_general = host_barrier(output.image, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_GENERAL, 0, VK_ACCESS_SHADER_WRITE_BIT);
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 0, NULL, 0, NULL, 1, &to_general);

        uint64_t bytes_before = maert_get_allocated_bytes();
        double t0 = host_now_us();
        r = maert_record(inpainter, cmd, &images);
        double t1 = host_now_us();
        uint64_t bytes = maert_get_allocated_bytes() - bytes_before;
        if (r != MAERT_SUCCESS) {
            return fail("maert_record", r);
        }
        record_us[frame] = t1 - t0;

        VkImageMemoryBarrier to_copy = host_barrier(output.image, VK_IMAGE_LAYOUT_GENERAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_ACCESS_SHADER_WRITE_BIT, VK_ACCESS_TRANSFER_READ_BIT);
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0, NULL, 0, NULL, 1, &to_copy);
        region.bufferOffset = 0;
        vkCmdCopyImageToBuffer(cmd, output.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, readback.buffer, 1, &region);
        VkBufferMemoryBarrier to_host = {.sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER, .srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT, .dstAccessMask = VK_ACCESS_HOST_READ_BIT,
                                         .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED, .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED, .buffer = readback.buffer, .size = VK_WHOLE_SIZE};
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 0, NULL, 1, &to_host, 0, NULL);
        host_submit_wait(&host, cmd);

        maert_frame_stats stats = {.sType = MAERT_STRUCTURE_TYPE_FRAME_STATS, .structSize = sizeof(maert_frame_stats)};
        r = maert_get_latest_stats(inpainter, &stats);
        if (r != MAERT_SUCCESS && r != MAERT_NOT_READY) {
            return fail("maert_get_latest_stats", r);
        }
        if (frame >= 2) {
            steady_bytes += bytes;
        }
        printf("frame %u: record %.1f us, %llu B allocated", frame, record_us[frame], (unsigned long long)bytes);
        if (r == MAERT_SUCCESS) {
            printf("; stats of frame %llu: %u/%u tiles active, GPU %.1f ms, %s\n", (unsigned long long)stats.frameNumber, stats.activeTiles,
                   stats.tilesX * stats.tilesY, stats.gpuMilliseconds, stats.rerecorded ? "recorded" : "replayed");
        } else {
            printf("; no statistics yet\n");
        }
    }

    snprintf(path, sizeof(path), "%s/output.png", out_dir);
    if (png_write(path, (const uint8_t *)readback.mapped, width, height, 4) != 0) {
        fprintf(stderr, "chost: error: cannot write %s\n", path);
        return 2;
    }
    if (frames > 2) {
        double steady[MAX_FRAMES];
        memcpy(steady, record_us + 2, (frames - 2) * sizeof(double));
        qsort(steady, frames - 2, sizeof(double), compare_double);
        printf("record: first %.1f us, steady-state median %.1f us over %u frames, %llu B allocated in steady state\n", record_us[0],
               steady[(frames - 2) / 2], frames - 2, (unsigned long long)steady_bytes);
    }

    if (bench > 0) {
        /* Nothing is submitted, so no GPU wait can hide in the timings: this is maert_record's own CPU cost. */
        double *samples = malloc(bench * sizeof(double));
        VkCommandBufferAllocateInfo alloc = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO, .commandPool = host.pool, .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY, .commandBufferCount = 1};
        HOST_CHECK(vkAllocateCommandBuffers(host.device, &alloc, &cmd));
        VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO, .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT};
        uint64_t bytes_before = maert_get_allocated_bytes();
        for (uint32_t i = 0; samples != NULL && i < bench; i++) {
            HOST_CHECK(vkBeginCommandBuffer(cmd, &begin));
            double t0 = host_now_us();
            r = maert_record(inpainter, cmd, &images);
            samples[i] = host_now_us() - t0;
            HOST_CHECK(vkEndCommandBuffer(cmd));
            if (r != MAERT_SUCCESS) {
                return fail("maert_record", r);
            }
        }
        uint64_t bench_bytes = maert_get_allocated_bytes() - bytes_before;
        vkFreeCommandBuffers(host.device, host.pool, 1, &cmd);
        if (samples == NULL) {
            fprintf(stderr, "chost: error: out of memory\n");
            return 2;
        }
        qsort(samples, bench, sizeof(double), compare_double);
        printf("bench: maert_record median %.2f us over %u unsubmitted records, %llu B allocated\n", samples[bench / 2], bench, (unsigned long long)bench_bytes);
        free(samples);
    }

    /* Teardown (docs/INTEGRATION.md section 11): idle, forget the images, destroy the library's objects, then ours. */
    HOST_CHECK(vkDeviceWaitIdle(host.device));
    if ((r = maert_forget_image(inpainter, color.image)) != MAERT_SUCCESS || (r = maert_forget_image(inpainter, mask.image)) != MAERT_SUCCESS ||
        (r = maert_forget_image(inpainter, output.image)) != MAERT_SUCCESS) {
        return fail("maert_forget_image", r);
    }
    if ((r = maert_destroy_inpainter(inpainter)) != MAERT_SUCCESS || (r = maert_destroy_weights(weights)) != MAERT_SUCCESS ||
        (r = maert_destroy_context(context)) != MAERT_SUCCESS) {
        return fail("maert_destroy_*", r);
    }
    host_destroy_buffer(&host, &staging);
    host_destroy_buffer(&host, &readback);
    host_destroy_image(&host, &color);
    host_destroy_image(&host, &mask);
    host_destroy_image(&host, &output);
    host_destroy(&host);

    printf("wrote %s; validation errors: %d\n", path, host_validation_errors);
    return host_validation_errors > 0 ? 3 : 0;
}

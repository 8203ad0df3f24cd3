/*
 * abi_checks MODEL.maew: calls libmaert the wrong way on purpose, from C, and checks that each call returns the
 * documented error code with a message naming the problem, and that nothing crashes. Prints "PASS name" or
 * "FAIL name: ..." per check and a final "checks: P passed, F failed; validation errors: N". Exit 0 only
 * when every check passed and the validation layer reported nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "host.h"
#include "maert.h"

static int passed, failed;

static void expect(const char *name, maert_result actual, maert_result expected, const char *needle)
{
    const char *message = maert_get_last_error();
    int ok = actual == expected && (needle == NULL || strstr(message, needle) != NULL);
    if (ok) {
        passed++;
        printf("PASS %s (%d: %s)\n", name, (int)actual, expected == MAERT_SUCCESS || expected == MAERT_NOT_READY ? "" : message);
    } else {
        failed++;
        printf("FAIL %s: returned %d, expected %d; message \"%s\" should contain \"%s\"\n", name, (int)actual, (int)expected, message, needle ? needle : "");
    }
}

static void expect_true(const char *name, int condition)
{
    if (condition) {
        passed++;
        printf("PASS %s\n", name);
    } else {
        failed++;
        printf("FAIL %s\n", name);
    }
}

static int other_thread(void *arg)
{
    (void)arg;
    maert_context context = NULL;
    maert_result r = maert_create_context(NULL, &context);
    return r == MAERT_ERROR_INVALID_ARGUMENT && strstr(maert_get_last_error(), "pCreateInfo") != NULL ? 0 : 1;
}

static maert_frame_images good_images(VkImage color, VkImage mask, VkImage output)
{
    maert_frame_images images;
    memset(&images, 0, sizeof(images));
    images.sType = MAERT_STRUCTURE_TYPE_FRAME_IMAGES;
    images.structSize = sizeof(images);
    images.width = 64;
    images.height = 64;
    images.color = color;
    images.colorFormat = VK_FORMAT_R8G8B8A8_UNORM;
    images.colorLayout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
    images.mask = mask;
    images.maskFormat = VK_FORMAT_R8_UNORM;
    images.maskLayout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
    images.output = output;
    images.outputFormat = VK_FORMAT_R8G8B8A8_UNORM;
    images.outputLayout = VK_IMAGE_LAYOUT_GENERAL;
    return images;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: abi_checks MODEL.maew\n");
        return 1;
    }
    host_device host;
    if (!host_create(&host, true)) {
        return 2;
    }
    expect_true("version major matches the header", MAERT_VERSION_MAJOR(maert_get_version()) == MAERT_VERSION_MAJOR(MAERT_HEADER_VERSION));
    expect_true("no error message before any failure", strcmp(maert_get_last_error(), "") == 0);
    expect_true("stage names", maert_get_stage_name(0) != NULL && strcmp(maert_get_stage_name(0), "plan") == 0 && maert_get_stage_name(MAERT_MAX_STAGES) == NULL);

    /* Contexts. */
    maert_context_create_info info;
    memset(&info, 0, sizeof(info));
    info.sType = MAERT_STRUCTURE_TYPE_CONTEXT_CREATE_INFO;
    info.structSize = sizeof(info);
    info.instance = host.instance;
    info.physicalDevice = host.physical_device;
    info.device = host.device;
    info.queueFamilyIndex = host.queue_family;
    info.pfnGetInstanceProcAddr = vkGetInstanceProcAddr;
    info.pipelineCacheDirectory = getenv("MAE_PIPELINE_CACHE");
    maert_context context = NULL;
    expect("create_context: NULL create info", maert_create_context(NULL, &context), MAERT_ERROR_INVALID_ARGUMENT, "pCreateInfo is NULL");
    expect("create_context: NULL output", maert_create_context(&info, NULL), MAERT_ERROR_INVALID_ARGUMENT, "pContext is NULL");
    maert_context_create_info bad = info;
    bad.sType = MAERT_STRUCTURE_TYPE_FRAME_IMAGES;
    expect("create_context: wrong sType", maert_create_context(&bad, &context), MAERT_ERROR_INVALID_ARGUMENT, "sType");
    bad = info;
    bad.structSize = 4;
    expect("create_context: structSize too small", maert_create_context(&bad, &context), MAERT_ERROR_INVALID_ARGUMENT, "structSize");
    bad = info;
    bad.pfnGetInstanceProcAddr = NULL;
    expect("create_context: no vkGetInstanceProcAddr", maert_create_context(&bad, &context), MAERT_ERROR_INVALID_ARGUMENT, "pfnGetInstanceProcAddr");
    bad = info;
    bad.device = VK_NULL_HANDLE;
    expect("create_context: null device", maert_create_context(&bad, &context), MAERT_ERROR_INVALID_ARGUMENT, "device");
    bad = info;
    bad.pNext = &info;
    expect("create_context: pNext chain", maert_create_context(&bad, &context), MAERT_ERROR_INVALID_ARGUMENT, "pNext");
    bad = info;
    bad.queueFamilyIndex = 97;
    expect("create_context: queue family out of range", maert_create_context(&bad, &context), MAERT_ERROR_DEVICE_UNSUITABLE, "Queue family 97");
    bad = info;
    bad.flags = 0x2;
    expect("create_context: unknown flag", maert_create_context(&bad, &context), MAERT_ERROR_INVALID_ARGUMENT, "unknown bits 0x2");
    bad = info;
    bad.reserved = 1;
    expect("create_context: reserved", maert_create_context(&bad, &context), MAERT_ERROR_INVALID_ARGUMENT, "reserved is 1");
    expect_true("create_context: failures leave the output NULL", context == NULL);

    /* A caller with a newer header: a larger structure is fine while the fields this library lacks are zero. */
    struct {
        maert_context_create_info known;
        uint64_t newer_field;
    } newer;
    memset(&newer, 0, sizeof(newer));
    newer.known = info;
    newer.known.structSize = sizeof(newer);
    newer.newer_field = 7;
    expect("create_context: newer struct with a set unknown field", maert_create_context(&newer.known, &context), MAERT_ERROR_VERSION_MISMATCH, "newer fields are set");
    newer.newer_field = 0;
    expect("create_context: newer struct, unknown field zero", maert_create_context(&newer.known, &context), MAERT_SUCCESS, NULL);
    expect("destroy_context", maert_destroy_context(context), MAERT_SUCCESS, NULL);
    expect("destroy_context twice", maert_destroy_context(context), MAERT_ERROR_INVALID_HANDLE, "destroyed or never created");
    /* A caller with an older header: structSize without the last field; the field takes its default. */
    bad = info;
    bad.structSize = (uint32_t)offsetof(maert_context_create_info, pipelineCacheDirectory);
    bad.pipelineCacheDirectory = (const char *)1; /* beyond structSize: must not be read */
    context = NULL;
    expect("create_context: older struct", maert_create_context(&bad, &context), MAERT_SUCCESS, NULL);

    /* Threads: the last error is per thread. */
    expect("set a message on this thread", maert_load_weights_file(context, NULL, NULL), MAERT_ERROR_INVALID_ARGUMENT, "pWeights is NULL");
    thrd_t thread;
    int thread_result = 1;
    expect_true("another thread gets its own error", thrd_create(&thread, other_thread, NULL) == thrd_success && thrd_join(thread, &thread_result) == thrd_success && thread_result == 0);
    expect_true("this thread's message is unchanged", strstr(maert_get_last_error(), "pWeights is NULL") != NULL);

    /* Weights. */
    maert_weights weights = NULL;
    expect("load_weights_file: missing file", maert_load_weights_file(context, "/nonexistent/model.maew", &weights), MAERT_ERROR_WEIGHT_FILE, "/nonexistent/model.maew");
    expect("load_weights_file: NULL path", maert_load_weights_file(context, NULL, &weights), MAERT_ERROR_INVALID_ARGUMENT, "pPath");
    expect("load_weights_file: NULL context", maert_load_weights_file(NULL, argv[1], &weights), MAERT_ERROR_INVALID_HANDLE, "context is NULL");
    expect("load_weights_file: forged context", maert_load_weights_file((maert_context)(uintptr_t)0x1234, argv[1], &weights), MAERT_ERROR_INVALID_HANDLE, "not a live handle");
    static const char garbage[] = "this is not a weight file, it is a sentence";
    expect("load_weights_memory: garbage", maert_load_weights_memory(context, garbage, sizeof(garbage), &weights), MAERT_ERROR_WEIGHT_FILE, NULL);
    expect("load_weights_memory: NULL data", maert_load_weights_memory(context, NULL, 10, &weights), MAERT_ERROR_INVALID_ARGUMENT, "pData");

    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        fprintf(stderr, "abi_checks: cannot open %s\n", argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *bytes = malloc((size_t)size);
    size_t read = fread(bytes, 1, (size_t)size, f);
    fclose(f);
    expect("load_weights_memory: truncated file", maert_load_weights_memory(context, bytes, read / 2, &weights), MAERT_ERROR_WEIGHT_FILE, NULL);
    bytes[read - 100] ^= 0x5A; /* one flipped byte in the data section: the checksum must catch it */
    expect("load_weights_memory: corrupted byte", maert_load_weights_memory(context, bytes, read, &weights), MAERT_ERROR_WEIGHT_FILE, NULL);
    bytes[read - 100] ^= 0x5A;
    expect("load_weights_memory: the real file", maert_load_weights_memory(context, bytes, read, &weights), MAERT_SUCCESS, NULL);
    free(bytes);
    expect_true("tile size", maert_get_weights_tile_size(weights) > 0 && maert_get_weights_tile_size(NULL) == 0);
    maert_weights scratch = NULL; /* failing calls set their output to NULL: keep the live handle out of reach */
    expect("weights handle used as a context", maert_load_weights_file((maert_context)weights, argv[1], &scratch), MAERT_ERROR_INVALID_HANDLE, "maert_weights handle, not a maert_context");

    /* Inpainters. */
    maert_inpainter inpainter = NULL;
    maert_inpainter_create_info options;
    memset(&options, 0, sizeof(options));
    options.sType = MAERT_STRUCTURE_TYPE_INPAINTER_CREATE_INFO;
    options.structSize = sizeof(options);
    options.maxWidth = 1000000;
    expect("create_inpainter: frame too large", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_ERROR_INVALID_ARGUMENT, "1000000");
    options.maxWidth = 64;
    options.maxHeight = 64;
    options.featherRadius = 99;
    expect("create_inpainter: feather radius", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_ERROR_INVALID_ARGUMENT, "Feather radius 99");
    options.featherRadius = 0;
    options.tileOverlap = 3;
    expect("create_inpainter: odd overlap", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_ERROR_INVALID_ARGUMENT, "overlap 3");
    options.tileOverlap = 0;
    options.kernelFamily = (maert_kernel_family)9;
    expect("create_inpainter: kernel family", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_ERROR_INVALID_ARGUMENT, "kernelFamily");
    options.kernelFamily = MAERT_KERNEL_FAMILY_AUTO;
    /* 1.3: activation precision. This context was created without MAERT_CONTEXT_CREATE_STORAGE_BUFFER_16BIT_ACCESS_BIT. */
    options.flags = MAERT_INPAINTER_CREATE_FLOAT32_ACTIVATIONS_BIT | MAERT_INPAINTER_CREATE_FLOAT16_ACTIVATIONS_BIT;
    expect("create_inpainter: both precisions", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_ERROR_INVALID_ARGUMENT, "set at most one");
    options.flags = MAERT_INPAINTER_CREATE_FLOAT16_ACTIVATIONS_BIT;
    options.kernelFamily = MAERT_KERNEL_FAMILY_TILED;
    expect("create_inpainter: fp16 without the host's word", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_ERROR_DEVICE_UNSUITABLE, "storageBuffer16BitAccess");
    /* Every device the tests run on offers 16-bit storage (lavapipe does), and the sample host enables it: the fp16
     * path is checked, never skipped. */
    expect_true("the host enabled storageBuffer16BitAccess", host.storage16);
    {
        maert_context_create_info half_info = info;
        half_info.flags = MAERT_CONTEXT_CREATE_STORAGE_BUFFER_16BIT_ACCESS_BIT;
        maert_context half_context = NULL;
        maert_weights half_weights = NULL;
        expect("create_context: 16-bit storage declared", maert_create_context(&half_info, &half_context), MAERT_SUCCESS, NULL);
        expect("load_weights_file (16-bit context)", maert_load_weights_file(half_context, argv[1], &half_weights), MAERT_SUCCESS, NULL);
        expect("create_inpainter: fp16 activations", maert_create_inpainter(half_context, half_weights, &options, &inpainter), MAERT_SUCCESS, NULL);
        expect("destroy_inpainter (fp16)", maert_destroy_inpainter(inpainter), MAERT_SUCCESS, NULL);
        options.flags = MAERT_INPAINTER_CREATE_FLOAT16_ACTIVATIONS_BIT;
        options.kernelFamily = MAERT_KERNEL_FAMILY_CPU;
        expect("create_inpainter: fp16 on the CPU family", maert_create_inpainter(half_context, half_weights, &options, &inpainter), MAERT_ERROR_DEVICE_UNSUITABLE, "tiled kernel family");
        expect("destroy_weights (16-bit context)", maert_destroy_weights(half_weights), MAERT_SUCCESS, NULL);
        expect("destroy_context (16-bit context)", maert_destroy_context(half_context), MAERT_SUCCESS, NULL);
    }
    options.flags = 0;
    options.kernelFamily = MAERT_KERNEL_FAMILY_AUTO;
    options.contextRadius = 1000;
    expect("create_inpainter: context radius", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_ERROR_INVALID_ARGUMENT, "Context radius 1000");
    options.contextRadius = MAERT_CONTEXT_RADIUS_ALL;
    expect("create_inpainter: every visible patch", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_SUCCESS, NULL);
    expect("destroy_inpainter (context radius)", maert_destroy_inpainter(inpainter), MAERT_SUCCESS, NULL);
    /* A caller built against the 1.0 header: its structure ends before contextRadius, which takes the model's default. */
    options.contextRadius = 1000; /* beyond structSize: must not be read */
    options.structSize = (uint32_t)offsetof(maert_inpainter_create_info, contextRadius);
    expect("create_inpainter: 1.0-sized struct", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_SUCCESS, NULL);
    expect("destroy_inpainter (1.0 struct)", maert_destroy_inpainter(inpainter), MAERT_SUCCESS, NULL);
    options.structSize = sizeof(options);
    options.contextRadius = 0;
    options.flags = MAERT_INPAINTER_CREATE_HISTORY_BIT;
    options.historyFrames = 65;
    expect("create_inpainter: history frames", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_ERROR_INVALID_ARGUMENT, "History frames 65");
    options.historyFrames = 0;
    options.depthTolerance = 9.0f;
    expect("create_inpainter: depth tolerance", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_ERROR_INVALID_ARGUMENT, "Depth tolerance 9");
    options.depthTolerance = 0.0f;
    options.flags = 0x10;
    expect("create_inpainter: unknown flag", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_ERROR_INVALID_ARGUMENT, "unknown bits 0x10");
    options.flags = MAERT_INPAINTER_CREATE_HISTORY_BIT;
    expect("create_inpainter: context passed as weights", maert_create_inpainter(context, (maert_weights)context, &options, &inpainter), MAERT_ERROR_INVALID_HANDLE, "not a maert_weights");
    expect("create_inpainter", maert_create_inpainter(context, weights, &options, &inpainter), MAERT_SUCCESS, NULL);

    maert_frame_stats stats;
    memset(&stats, 0, sizeof(stats));
    stats.sType = MAERT_STRUCTURE_TYPE_FRAME_STATS;
    stats.structSize = sizeof(stats);
    expect("get_latest_stats before any frame", maert_get_latest_stats(inpainter, &stats), MAERT_NOT_READY, NULL);
    stats.sType = MAERT_STRUCTURE_TYPE_FRAME_IMAGES;
    expect("get_latest_stats: wrong sType", maert_get_latest_stats(inpainter, &stats), MAERT_ERROR_INVALID_ARGUMENT, "pStats->sType");
    expect("get_latest_stats: NULL", maert_get_latest_stats(inpainter, NULL), MAERT_ERROR_INVALID_ARGUMENT, "pStats is NULL");

    host_image color, mask, output;
    host_create_image(&host, 64, 64, VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_USAGE_SAMPLED_BIT, &color);
    host_create_image(&host, 64, 64, VK_FORMAT_R8_UNORM, VK_IMAGE_USAGE_SAMPLED_BIT, &mask);
    host_create_image(&host, 64, 64, VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_USAGE_STORAGE_BIT, &output);
    VkCommandBuffer cmd = host_begin(&host);
    maert_frame_images images = good_images(color.image, mask.image, output.image);
    expect("record: NULL inpainter", maert_record(NULL, cmd, &images), MAERT_ERROR_INVALID_HANDLE, "inpainter is NULL");
    expect("record: weights as inpainter", maert_record((maert_inpainter)weights, cmd, &images), MAERT_ERROR_INVALID_HANDLE, "not a maert_inpainter");
    expect("record: NULL command buffer", maert_record(inpainter, VK_NULL_HANDLE, &images), MAERT_ERROR_INVALID_ARGUMENT, "commandBuffer");
    expect("record: NULL images", maert_record(inpainter, cmd, NULL), MAERT_ERROR_INVALID_ARGUMENT, "pImages is NULL");
    images.colorFormat = VK_FORMAT_B8G8R8A8_UNORM;
    expect("record: BGRA colour", maert_record(inpainter, cmd, &images), MAERT_ERROR_UNSUPPORTED_FORMAT, "colorFormat");
    images = good_images(color.image, mask.image, output.image);
    images.maskFormat = VK_FORMAT_R16_UNORM;
    expect("record: R16 mask", maert_record(inpainter, cmd, &images), MAERT_ERROR_UNSUPPORTED_FORMAT, "maskFormat");
    images = good_images(color.image, mask.image, output.image);
    images.colorFormat = VK_FORMAT_R16G16B16A16_SFLOAT;
    expect("record: 16F colour into an 8-bit output", maert_record(inpainter, cmd, &images), MAERT_ERROR_UNSUPPORTED_FORMAT, "both must be 8-bit");
    images = good_images(color.image, mask.image, output.image);
    images.colorLayout = VK_IMAGE_LAYOUT_GENERAL;
    expect("record: colour in GENERAL", maert_record(inpainter, cmd, &images), MAERT_ERROR_UNSUPPORTED_FORMAT, "colorLayout");
    images = good_images(color.image, mask.image, output.image);
    images.outputLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    expect("record: output layout undeclared", maert_record(inpainter, cmd, &images), MAERT_ERROR_UNSUPPORTED_FORMAT, "outputLayout");
    images = good_images(color.image, mask.image, color.image);
    expect("record: output is the colour image", maert_record(inpainter, cmd, &images), MAERT_ERROR_INVALID_ARGUMENT, "Output must be another image");
    images = good_images(color.image, VK_NULL_HANDLE, output.image);
    expect("record: no mask", maert_record(inpainter, cmd, &images), MAERT_ERROR_INVALID_ARGUMENT, "mask");
    images = good_images(color.image, mask.image, output.image);
    images.width = 65;
    expect("record: frame larger than maxWidth", maert_record(inpainter, cmd, &images), MAERT_ERROR_INVALID_ARGUMENT, "65x64");
    images = good_images(color.image, mask.image, output.image);
    images.reconstruction = output.image;
    images.reconstructionLayout = VK_IMAGE_LAYOUT_GENERAL;
    expect("record: reconstruction without the flag", maert_record(inpainter, cmd, &images), MAERT_ERROR_INVALID_ARGUMENT, "RECONSTRUCTION_BIT");
    images = good_images(color.image, mask.image, output.image);
    images.depth = mask.image;
    images.depthFormat = VK_FORMAT_R16_SFLOAT;
    expect("record: R16F depth", maert_record(inpainter, cmd, &images), MAERT_ERROR_UNSUPPORTED_FORMAT, "depthFormat");
    images = good_images(color.image, mask.image, output.image);
    images.motion = mask.image;
    images.motionFormat = VK_FORMAT_R8G8_UNORM;
    expect("record: RG8 motion", maert_record(inpainter, cmd, &images), MAERT_ERROR_UNSUPPORTED_FORMAT, "motionFormat");
    images = good_images(color.image, mask.image, output.image);
    images.flags = 0x40;
    expect("record: unknown frame flag", maert_record(inpainter, cmd, &images), MAERT_ERROR_INVALID_ARGUMENT, "pImages->flags");
    images = good_images(color.image, mask.image, output.image);
    images.depth = output.image;
    images.depthFormat = VK_FORMAT_R32_SFLOAT;
    expect("record: depth is the output image", maert_record(inpainter, cmd, &images), MAERT_ERROR_INVALID_ARGUMENT, "Depth must be another image");
    /* The 1.2 inputs accepted end to end (recorded, not submitted): an R32 depth, RG16F motion and per-frame flags
     * on an inpainter created with the history bit. */
    host_image depth, motion;
    host_create_image(&host, 64, 64, VK_FORMAT_R32_SFLOAT, VK_IMAGE_USAGE_SAMPLED_BIT, &depth);
    host_create_image(&host, 64, 64, VK_FORMAT_R16G16_SFLOAT, VK_IMAGE_USAGE_SAMPLED_BIT, &motion);
    images = good_images(color.image, mask.image, output.image);
    images.depth = depth.image;
    images.depthFormat = VK_FORMAT_R32_SFLOAT;
    images.motion = motion.image;
    images.flags = MAERT_FRAME_CAMERA_CUT_BIT | MAERT_FRAME_REVERSED_DEPTH_BIT;
    expect("record: depth, motion and flags", maert_record(inpainter, cmd, &images), MAERT_SUCCESS, NULL);
    images.flags = MAERT_FRAME_REVERSED_DEPTH_BIT | MAERT_FRAME_MOTION_TOWARDS_CURRENT_BIT;
    expect("record: the next frame, other flags", maert_record(inpainter, cmd, &images), MAERT_SUCCESS, NULL);
    HOST_CHECK(vkEndCommandBuffer(cmd));
    vkFreeCommandBuffers(host.device, host.pool, 1, &cmd);
    /* A caller built against the 1.1 header: the structure ends before depth; the garbage after it is never read.
     * A third frame reuses the first frame's slot, so (frames-in-flight contract) it goes into a new command buffer
     * once the first one is done with (here: freed unsubmitted). */
    cmd = host_begin(&host);
    images.structSize = (uint32_t)offsetof(maert_frame_images, depth);
    images.flags = 0x7FFF0000U;
    expect("record: 1.1-sized frame images", maert_record(inpainter, cmd, &images), MAERT_SUCCESS, NULL);
    HOST_CHECK(vkEndCommandBuffer(cmd));
    vkFreeCommandBuffers(host.device, host.pool, 1, &cmd);

    expect("forget_image: NULL image", maert_forget_image(inpainter, VK_NULL_HANDLE), MAERT_ERROR_INVALID_ARGUMENT, "image");
    expect("forget_image: a recorded image", maert_forget_image(inpainter, color.image), MAERT_SUCCESS, NULL);

    /* Destruction order is enforced instead of crashing later. */
    expect("destroy_context with live children", maert_destroy_context(context), MAERT_ERROR_INVALID_ARGUMENT, "destroy them first");
    expect("destroy_weights with a live inpainter", maert_destroy_weights(weights), MAERT_ERROR_INVALID_ARGUMENT, "destroy them first");
    expect("destroy_inpainter", maert_destroy_inpainter(inpainter), MAERT_SUCCESS, NULL);
    expect("destroy_inpainter twice", maert_destroy_inpainter(inpainter), MAERT_ERROR_INVALID_HANDLE, "destroyed or never created");
    expect("record after destroy", maert_record(inpainter, (VkCommandBuffer)(uintptr_t)1, &images), MAERT_ERROR_INVALID_HANDLE, "destroyed or never created");
    expect("destroy NULL objects", maert_destroy_inpainter(NULL) == MAERT_SUCCESS && maert_destroy_weights(NULL) == MAERT_SUCCESS ? maert_destroy_context(NULL) : MAERT_ERROR_INTERNAL, MAERT_SUCCESS, NULL);
    expect("destroy_weights", maert_destroy_weights(weights), MAERT_SUCCESS, NULL);
    expect("destroy_context", maert_destroy_context(context), MAERT_SUCCESS, NULL);

    host_destroy_image(&host, &color);
    host_destroy_image(&host, &mask);
    host_destroy_image(&host, &output);
    host_destroy_image(&host, &depth);
    host_destroy_image(&host, &motion);
    host_destroy(&host);
    printf("checks: %d passed, %d failed; validation errors: %d\n", passed, failed, host_validation_errors);
    return failed == 0 && host_validation_errors == 0 ? 0 : 1;
}

/* Compiled as C11 and as C++ by the tests: the header must build warning-free in both, and its structures
 * must have the layout the library's C# mirrors assume (x86-64 / AArch64 LP64). */
#include "maert.h"

#ifdef __cplusplus
#define MAERT_CHECK(condition, message) static_assert(condition, message)
#else
#define MAERT_CHECK(condition, message) _Static_assert(condition, message)
#endif

MAERT_CHECK(sizeof(maert_context_create_info) == 72, "maert_context_create_info layout");
MAERT_CHECK(offsetof(maert_context_create_info, flags) == 64 && offsetof(maert_context_create_info, reserved) == 68, "maert_context_create_info 1.3 fields");
MAERT_CHECK(sizeof(maert_inpainter_create_info) == 64, "maert_inpainter_create_info layout");
MAERT_CHECK(offsetof(maert_inpainter_create_info, historyFrames) == 52 && offsetof(maert_inpainter_create_info, depthTolerance) == 56, "maert_inpainter_create_info 1.2 fields");
MAERT_CHECK(offsetof(maert_inpainter_create_info, contextRadius) == 48, "maert_inpainter_create_info.contextRadius (1.1)");
MAERT_CHECK(sizeof(maert_frame_images) == 120, "maert_frame_images layout");
MAERT_CHECK(offsetof(maert_frame_images, depth) == 88 && offsetof(maert_frame_images, motion) == 104 && offsetof(maert_frame_images, flags) == 116, "maert_frame_images 1.2 fields");
MAERT_CHECK(sizeof(maert_frame_stats) == 192, "maert_frame_stats layout");
MAERT_CHECK(offsetof(maert_frame_images, reconstructionLayout) == 80, "maert_frame_images.reconstructionLayout");
MAERT_CHECK(offsetof(maert_frame_stats, stageMilliseconds) == 64, "maert_frame_stats.stageMilliseconds");
MAERT_CHECK(sizeof(maert_result) == 4 && sizeof(maert_structure_type) == 4, "enums are 32-bit");

int maert_header_check(void);
int maert_header_check(void)
{
    maert_frame_images images = {MAERT_STRUCTURE_TYPE_FRAME_IMAGES, (uint32_t)sizeof(maert_frame_images), NULL, 0, 0, VK_NULL_HANDLE,
                                 VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_NULL_HANDLE, VK_FORMAT_R8_UNORM,
                                 VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_NULL_HANDLE, VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_LAYOUT_GENERAL,
                                 VK_NULL_HANDLE, VK_IMAGE_LAYOUT_GENERAL, VK_NULL_HANDLE, VK_FORMAT_D32_SFLOAT,
                                 VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_NULL_HANDLE, VK_FORMAT_R16G16_SFLOAT, MAERT_FRAME_REVERSED_DEPTH_BIT};
    return (int)images.structSize + (int)MAERT_VERSION_MAJOR(MAERT_HEADER_VERSION);
}

/*
 * maert.h: the C ABI of MaeRealtime, real-time neural inpainting recorded into a host's Vulkan command buffers.
 *
 * Link against libmaert.so (built with NativeAOT from Runtime/Native; see docs/INTEGRATION.md, "C ABI").
 * C11 and C++ compatible. Depends only on <vulkan/vulkan_core.h>.
 *
 * Lifetime:  maert_create_context -> maert_load_weights_file / _memory -> maert_create_inpainter
 *            -> every frame: maert_record (inside the host's command buffer), maert_get_latest_stats
 *            -> maert_forget_image before destroying a host image -> destroy in reverse order.
 *
 * Results:   every function that can fail returns a maert_result. On failure, maert_get_last_error() returns
 *            a message naming the problem (thread-local: the message of the calling thread's last failure).
 *            No exception, signal or abort leaves the library: bad handles, null pointers and unsupported
 *            formats are reported as error codes.
 *
 * Threads:   - A context and every object created from it (weights, inpainters) are externally synchronized:
 *              call into one context from one thread at a time. Different contexts may be used from
 *              different threads concurrently.
 *            - maert_create_context, maert_load_weights_* and maert_create_inpainter submit to the adopted
 *              queue and wait for their own fence; the host must not use that queue from another thread
 *              meanwhile (Vulkan requires queue access to be externally synchronized). maert_record never
 *              submits and never waits for the GPU.
 *            - maert_get_version, maert_get_last_error and maert_get_allocated_bytes may be called from any
 *              thread at any time.
 *
 * Versioning: MAERT_HEADER_VERSION is the version this header describes; maert_get_version() the library's.
 *            Same major: compatible. Structures start with sType + structSize and may grow at their end in
 *            later minor versions; set structSize = sizeof(the struct) as compiled. A field beyond the
 *            structSize a caller passes takes its default, and every field's zero value means its default,
 *            so zero-initialise structures ({0} or memset) and set what you need.
 */
#ifndef MAERT_H_
#define MAERT_H_ 1

#include <stddef.h>
#include <stdint.h>
#include <vulkan/vulkan_core.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MAERT_MAKE_VERSION(major, minor, patch) ((((uint32_t)(major)) << 22U) | (((uint32_t)(minor)) << 12U) | ((uint32_t)(patch)))
#define MAERT_VERSION_MAJOR(version) ((uint32_t)(version) >> 22U)
#define MAERT_VERSION_MINOR(version) (((uint32_t)(version) >> 12U) & 0x3FFU)
#define MAERT_VERSION_PATCH(version) ((uint32_t)(version) & 0xFFFU)

/* The version of the ABI this header describes. */
#define MAERT_HEADER_VERSION MAERT_MAKE_VERSION(1, 3, 0)

/* Number of timed stages in maert_frame_stats (plan, tile_io, patch_embed, encoder, decoder, predict, composite, blend). */
#define MAERT_MAX_STAGES 16U

/* maert_inpainter_create_info.tileOverlap: tiles share no pixels (0 means the model's default overlap). */
#define MAERT_TILE_OVERLAP_NONE 0xFFFFFFFFU

/* maert_inpainter_create_info.contextRadius: the encoder sees every visible patch of a tile (0 means the model's default). */
#define MAERT_CONTEXT_RADIUS_ALL 0xFFFFFFFFU

#if defined(_WIN32)
#define MAERT_API __declspec(dllimport)
#else
#define MAERT_API
#endif

typedef struct maert_context_T *maert_context;     /* a borrowed Vulkan device, see maert_create_context */
typedef struct maert_weights_T *maert_weights;     /* a model's weights, uploaded to the device */
typedef struct maert_inpainter_T *maert_inpainter; /* the frame pass, sized for frames up to a maximum */

typedef enum maert_result {
    MAERT_SUCCESS = 0,
    MAERT_NOT_READY = 1,                     /* maert_get_latest_stats: no recorded frame has completed yet */
    MAERT_ERROR_INVALID_ARGUMENT = -1,       /* a value out of range, a null pointer, a wrong sType/structSize */
    MAERT_ERROR_INVALID_HANDLE = -2,         /* not a live handle of the expected kind (destroyed, or never created) */
    MAERT_ERROR_UNSUPPORTED_FORMAT = -3,     /* an image format or layout the pass does not accept */
    MAERT_ERROR_WEIGHT_FILE = -4,            /* the weight file is missing, unreadable, corrupt or of an unknown version */
    MAERT_ERROR_DEVICE_UNSUITABLE = -5,      /* the device lacks Vulkan 1.2 or the queue family lacks compute */
    MAERT_ERROR_VULKAN = -6,                 /* a Vulkan call failed (the message names the call and its VkResult) */
    MAERT_ERROR_OUT_OF_MEMORY = -7,          /* host memory ran out */
    MAERT_ERROR_VERSION_MISMATCH = -8,       /* a structure is larger than this library knows and its extra bytes are not zero */
    MAERT_ERROR_INTERNAL = -9,               /* a bug: please report the message */
    MAERT_RESULT_MAX_ENUM = 0x7FFFFFFF
} maert_result;

typedef enum maert_structure_type {
    MAERT_STRUCTURE_TYPE_CONTEXT_CREATE_INFO = 1,
    MAERT_STRUCTURE_TYPE_INPAINTER_CREATE_INFO = 2,
    MAERT_STRUCTURE_TYPE_FRAME_IMAGES = 3,
    MAERT_STRUCTURE_TYPE_FRAME_STATS = 4,
    MAERT_STRUCTURE_TYPE_MAX_ENUM = 0x7FFFFFFF
} maert_structure_type;

typedef enum maert_kernel_family {
    MAERT_KERNEL_FAMILY_AUTO = 0,  /* by device type (or the MAE_KERNELS environment variable) */
    MAERT_KERNEL_FAMILY_TILED = 1, /* shared-memory tiled kernels, for GPUs */
    MAERT_KERNEL_FAMILY_CPU = 2,   /* kernels for CPU drivers such as lavapipe */
    MAERT_KERNEL_FAMILY_MAX_ENUM = 0x7FFFFFFF
} maert_kernel_family;

typedef enum maert_inpainter_create_flag_bits {
    /* Allows maert_frame_images.reconstruction (a second accumulator, a clear and a blend per frame). */
    MAERT_INPAINTER_CREATE_RECONSTRUCTION_BIT = 0x00000001,
    /* Since 1.2: keeps the previous output as history (2 x 16 bytes a pixel of maxWidth x maxHeight) and fills holes
     * from it reprojected along maert_frame_images.motion, with the new prediction (docs/INTEGRATION.md section 17). */
    MAERT_INPAINTER_CREATE_HISTORY_BIT = 0x00000002,
    /* Since 1.3: fp32 activations even where fp16 ones could run (results held to 1e-4 of the reference). */
    MAERT_INPAINTER_CREATE_FLOAT32_ACTIVATIONS_BIT = 0x00000004,
    /* Since 1.3: fp16 transient activations, or MAERT_ERROR_DEVICE_UNSUITABLE where they cannot run (the CPU kernel
     * family, or a context without MAERT_CONTEXT_CREATE_STORAGE_BUFFER_16BIT_ACCESS_BIT). Neither bit: fp16 exactly
     * where it can run. */
    MAERT_INPAINTER_CREATE_FLOAT16_ACTIVATIONS_BIT = 0x00000008,
    MAERT_INPAINTER_CREATE_FLAG_BITS_MAX_ENUM = 0x7FFFFFFF
} maert_inpainter_create_flag_bits;
typedef uint32_t maert_inpainter_create_flags;

/* maert_context_create_info.flags (since 1.3): what the host enabled on its device. */
typedef enum maert_context_create_flag_bits {
    /* The device was created with VkPhysicalDeviceVulkan11Features.storageBuffer16BitAccess: the tiled kernels keep
     * their transient activations in fp16 (docs/INTEGRATION.md section 4). Vulkan cannot be asked which features a
     * device has enabled, so without this bit activations are fp32. */
    MAERT_CONTEXT_CREATE_STORAGE_BUFFER_16BIT_ACCESS_BIT = 0x00000001,
    MAERT_CONTEXT_CREATE_FLAG_BITS_MAX_ENUM = 0x7FFFFFFF
} maert_context_create_flag_bits;
typedef uint32_t maert_context_create_flags;

/*
 * The host's Vulkan objects. They stay the host's: maert_destroy_context destroys only what the library made
 * (command pool, pipelines, pipeline cache) and never the device or instance.
 * The device needs Vulkan 1.2 (instance apiVersion too: the shaders are SPIR-V 1.5); no extension or feature
 * (storageBuffer16BitAccess, where enabled and declared in flags, lets activations be fp16).
 */
typedef struct maert_context_create_info {
    maert_structure_type sType;            /* MAERT_STRUCTURE_TYPE_CONTEXT_CREATE_INFO */
    uint32_t structSize;                   /* sizeof(maert_context_create_info) */
    const void *pNext;                     /* NULL */
    VkInstance instance;
    VkPhysicalDevice physicalDevice;
    VkDevice device;
    uint32_t queueFamilyIndex;             /* a family with VK_QUEUE_COMPUTE_BIT; the family of every command buffer passed to maert_record */
    uint32_t queueIndex;                   /* vkGetDeviceQueue(device, queueFamilyIndex, queueIndex): used only while loading */
    PFN_vkGetInstanceProcAddr pfnGetInstanceProcAddr; /* the host's; every Vulkan entry point is resolved through it (required) */
    const char *pipelineCacheDirectory;    /* UTF-8 folder where pipelines are cached; NULL: ~/.cache/maerealtime; "": no disk cache */
    /* Since 1.3. */
    maert_context_create_flags flags;      /* maert_context_create_flag_bits */
    uint32_t reserved;                     /* 0 */
} maert_context_create_info;

/* Construction options of an inpainter; everything it allocates is sized from them. Zero means the default. */
typedef struct maert_inpainter_create_info {
    maert_structure_type sType;            /* MAERT_STRUCTURE_TYPE_INPAINTER_CREATE_INFO */
    uint32_t structSize;                   /* sizeof(maert_inpainter_create_info) */
    const void *pNext;                     /* NULL */
    uint32_t maxWidth;                     /* widest frame maert_record takes (0: 1920) */
    uint32_t maxHeight;                    /* tallest frame (0: 1080) */
    uint32_t tileOverlap;                  /* pixels neighbouring tiles share, even, at most half a tile (0: the model's default; MAERT_TILE_OVERLAP_NONE: 0) */
    uint32_t featherRadius;                /* 0..16 pixels of soft blend with the input's stale hole pixels (0: off) */
    uint32_t framesInFlight;               /* 1..8 recorded frames pending on the GPU at once (0: 2) */
    uint32_t tilesPerPass;                 /* tiles one model pass takes (0: 32) */
    maert_inpainter_create_flags flags;    /* maert_inpainter_create_flag_bits */
    maert_kernel_family kernelFamily;      /* MAERT_KERNEL_FAMILY_AUTO */
    /* Since 1.1. */
    uint32_t contextRadius;                /* patches of context around holes the encoder sees (0: the model's; MAERT_CONTEXT_RADIUS_ALL: every visible patch) */
    /* Since 1.2. */
    uint32_t historyFrames;                /* 1..64: the most frames a hole pixel's history counts for against a new prediction (0: 8) */
    float depthTolerance;                  /* 0.01..4: how much nearer (relative inverse depth) than a hole's far side a known pixel is an occluder (0: 0.05) */
} maert_inpainter_create_info;

/* maert_frame_images.flags (since 1.2): this frame's conventions and events; 0 = standard depth, motion to the previous frame. */
typedef enum maert_frame_flag_bits {
    MAERT_FRAME_CAMERA_CUT_BIT = 0x00000001,             /* drop the history: this frame is filled on its own */
    MAERT_FRAME_REVERSED_DEPTH_BIT = 0x00000002,         /* depth is reversed-Z (1 near, 0 far) */
    MAERT_FRAME_LINEAR_DEPTH_BIT = 0x00000004,           /* depth is linear view distance (larger farther); overrides reversed */
    MAERT_FRAME_MOTION_TOWARDS_CURRENT_BIT = 0x00000008, /* previous position = p - motion (default: p + motion, as FSR/DLSS) */
    MAERT_FRAME_FLAG_BITS_MAX_ENUM = 0x7FFFFFFF
} maert_frame_flag_bits;
typedef uint32_t maert_frame_flags;

/*
 * The images of one frame (mip 0, array layer 0 of each; 2D, single sample, optimal tiling), at least
 * width x height. Layouts on entry (declared here, checked against what the pass accepts):
 *   color, mask:             VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, writes visible to COMPUTE_SHADER / SHADER_READ
 *   output, reconstruction:  VK_IMAGE_LAYOUT_GENERAL, earlier access complete before COMPUTE_SHADER / SHADER_WRITE
 * After maert_record: output written by COMPUTE_SHADER / SHADER_WRITE (the host's next barrier's source).
 */
typedef struct maert_frame_images {
    maert_structure_type sType;            /* MAERT_STRUCTURE_TYPE_FRAME_IMAGES */
    uint32_t structSize;                   /* sizeof(maert_frame_images) */
    const void *pNext;                     /* NULL */
    uint32_t width;                        /* 1 .. maxWidth */
    uint32_t height;                       /* 1 .. maxHeight */
    VkImage color;                         /* SAMPLED usage */
    VkFormat colorFormat;                  /* R8G8B8A8_UNORM, R8G8B8A8_SRGB (MUTABLE_FORMAT image) or R16G16B16A16_SFLOAT */
    VkImageLayout colorLayout;             /* SHADER_READ_ONLY_OPTIMAL */
    VkImage mask;                          /* SAMPLED usage; a hole where red >= 0.5 */
    VkFormat maskFormat;                   /* R8_UNORM (also meant by VK_FORMAT_UNDEFINED) or R8G8B8A8_UNORM */
    VkImageLayout maskLayout;              /* SHADER_READ_ONLY_OPTIMAL */
    VkImage output;                        /* STORAGE usage; not the color image */
    VkFormat outputFormat;                 /* as colorFormat: 8-bit with 8-bit, or R16G16B16A16_SFLOAT with it */
    VkImageLayout outputLayout;            /* GENERAL */
    VkImage reconstruction;                /* optional (VK_NULL_HANDLE: none); needs MAERT_INPAINTER_CREATE_RECONSTRUCTION_BIT */
    VkImageLayout reconstructionLayout;    /* GENERAL when reconstruction is set */
    /* Since 1.2: optional engine inputs (docs/INTEGRATION.md section 17). */
    VkImage depth;                         /* optional, SAMPLED usage; only known pixels' depth is read */
    VkFormat depthFormat;                  /* D32_SFLOAT (also meant by VK_FORMAT_UNDEFINED) or R32_SFLOAT */
    VkImageLayout depthLayout;             /* SHADER_READ_ONLY_OPTIMAL (also meant by UNDEFINED), DEPTH_STENCIL_READ_ONLY_OPTIMAL, DEPTH_READ_ONLY_OPTIMAL or GENERAL */
    VkImage motion;                        /* optional, SAMPLED usage, SHADER_READ_ONLY_OPTIMAL; pixels; used with MAERT_INPAINTER_CREATE_HISTORY_BIT */
    VkFormat motionFormat;                 /* R16G16_SFLOAT (also meant by VK_FORMAT_UNDEFINED) or R32G32_SFLOAT */
    maert_frame_flags flags;               /* maert_frame_flag_bits */
} maert_frame_images;

/* What the GPU did for the most recent completed frame. */
typedef struct maert_frame_stats {
    maert_structure_type sType;            /* MAERT_STRUCTURE_TYPE_FRAME_STATS */
    uint32_t structSize;                   /* sizeof(maert_frame_stats) */
    void *pNext;                           /* NULL */
    uint64_t frameNumber;                  /* 0 = the first maert_record */
    uint32_t width, height;                /* the frame's size */
    uint32_t tilesX, tilesY;               /* its tile grid */
    uint32_t activeTiles;                  /* tiles that held a hole and ran through the model */
    VkBool32 rerecorded;                   /* recording this frame re-recorded the pass (new images or size) */
    double gpuMilliseconds;                /* the whole pass (0 without timestamps) */
    uint32_t stageCount;                   /* entries used in stageMilliseconds */
    uint32_t reserved;                     /* 0 */
    double stageMilliseconds[MAERT_MAX_STAGES]; /* per stage, names from maert_get_stage_name */
} maert_frame_stats;

/* The library's version (MAERT_MAKE_VERSION). Compatible with this header when the majors match. */
MAERT_API uint32_t maert_get_version(void);

/* The message of the calling thread's last failure ("" if none). Valid until that thread's next failing call. */
MAERT_API const char *maert_get_last_error(void);

/* Name of timed stage index (< MAERT_MAX_STAGES), or NULL past the last stage. Static storage. */
MAERT_API const char *maert_get_stage_name(uint32_t index);

/* Bytes of managed memory the library has allocated on the calling thread so far (steady-state frames add 0). */
MAERT_API uint64_t maert_get_allocated_bytes(void);

/* Adopts the host's device. Checks Vulkan 1.2 and compute on the queue family. */
MAERT_API maert_result maert_create_context(const maert_context_create_info *pCreateInfo, maert_context *pContext);

/* Waits for the device to be idle, then destroys what the context made. NULL: nothing to do. Destroy its inpainters and weights first. */
MAERT_API maert_result maert_destroy_context(maert_context context);

/* Reads and validates a weight file (.maew: magic, version, config, tensors, SHA-256), then uploads it. */
MAERT_API maert_result maert_load_weights_file(maert_context context, const char *pPath, maert_weights *pWeights);

/* As maert_load_weights_file from size bytes at pData (copied; the caller may free them on return). */
MAERT_API maert_result maert_load_weights_memory(maert_context context, const void *pData, size_t size, maert_weights *pWeights);

/* Tile size in pixels of the model (e.g. 128), or 0 for a bad handle. */
MAERT_API uint32_t maert_get_weights_tile_size(maert_weights weights);

/* Frees the device buffer. The weights must outlive every inpainter built from them. NULL: nothing to do. */
MAERT_API maert_result maert_destroy_weights(maert_weights weights);

/* Builds the frame pass; pCreateInfo may be NULL for all defaults. Allocates everything now (frames allocate nothing). */
MAERT_API maert_result maert_create_inpainter(maert_context context, maert_weights weights,
                                              const maert_inpainter_create_info *pCreateInfo, maert_inpainter *pInpainter);

/*
 * Records the pass into commandBuffer: a primary command buffer of the context's queue family, recording,
 * outside a render pass. Compute pipeline, descriptor sets and push constants are undefined afterwards.
 * Frames-in-flight contract: the GPU must have finished the command buffer of the call framesInFlight calls ago.
 * Nothing is recorded when it fails.
 */
MAERT_API maert_result maert_record(maert_inpainter inpainter, VkCommandBuffer commandBuffer, const maert_frame_images *pImages);

/* The statistics of the most recent frame known to have completed (never waits). MAERT_NOT_READY before any. */
MAERT_API maert_result maert_get_latest_stats(maert_inpainter inpainter, maert_frame_stats *pStats);

/* Destroys the views made of image. Call once the GPU is done with it, before destroying or replacing it. */
MAERT_API maert_result maert_forget_image(maert_inpainter inpainter, VkImage image);

/* Destroys the inpainter (the GPU must be done with every frame it recorded). NULL: nothing to do. */
MAERT_API maert_result maert_destroy_inpainter(maert_inpainter inpainter);

#ifdef __cplusplus
}
#endif

#endif /* MAERT_H_ */

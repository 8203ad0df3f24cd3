/* The C host's own Vulkan plumbing: instance (+ validation layer and a counting debug messenger), device with
 * one compute-capable queue, images, buffers, one-shot submissions. Everything an engine already has. */
#ifndef CHOST_HOST_H_
#define CHOST_HOST_H_ 1

#include <stdbool.h>
#include <stdint.h>
#include <vulkan/vulkan.h>

typedef struct host_device {
    VkInstance instance;
    VkDebugUtilsMessengerEXT messenger;
    VkPhysicalDevice physical_device;
    VkDevice device;
    uint32_t queue_family;
    VkQueue queue;
    VkCommandPool pool;
    char name[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE];
    bool storage16; /* storageBuffer16BitAccess enabled: tell maert_create_context (fp16 activations) */
} host_device;

typedef struct host_image {
    VkImage image;
    VkDeviceMemory memory;
} host_image;

typedef struct host_buffer {
    VkBuffer buffer;
    VkDeviceMemory memory;
    void *mapped;
} host_buffer;

/* Exits the process with code 2 and the call's name when a Vulkan call fails. */
#define HOST_CHECK(call) host_check((call), #call, __FILE__, __LINE__)
void host_check(VkResult result, const char *call, const char *file, int line);

/* Validation errors (and warnings) reported by VK_LAYER_KHRONOS_validation so far. */
extern volatile int host_validation_errors;
extern volatile int host_validation_warnings;

/* Creates instance (API 1.2; the validation layer + VK_EXT_debug_utils when validation), device and queue. */
bool host_create(host_device *host, bool validation);
void host_destroy(host_device *host);

void host_create_image(const host_device *host, uint32_t width, uint32_t height, VkFormat format, VkImageUsageFlags usage, host_image *out);
void host_destroy_image(const host_device *host, host_image *image);
void host_create_buffer(const host_device *host, VkDeviceSize size, VkBufferUsageFlags usage, host_buffer *out);
void host_destroy_buffer(const host_device *host, host_buffer *buffer);

/* A whole-image colour barrier (mip 0, layer 0, no queue family transfer). */
VkImageMemoryBarrier host_barrier(VkImage image, VkImageLayout from, VkImageLayout to, VkAccessFlags src, VkAccessFlags dst);

VkCommandBuffer host_begin(const host_device *host);
/* Ends, submits, waits for the fence and frees the command buffer. */
void host_submit_wait(const host_device *host, VkCommandBuffer cmd);

/* Monotonic clock in microseconds. */
double host_now_us(void);

#endif

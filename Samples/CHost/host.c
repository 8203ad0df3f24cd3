#define _POSIX_C_SOURCE 199309L
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

volatile int host_validation_errors = 0;
volatile int host_validation_warnings = 0;

void host_check(VkResult result, const char *call, const char *file, int line)
{
    if (result != VK_SUCCESS) {
        fprintf(stderr, "chost: error: %s returned VkResult %d (%s:%d)\n", call, (int)result, file, line);
        exit(2);
    }
}

static VKAPI_ATTR VkBool32 VKAPI_CALL on_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity, VkDebugUtilsMessageTypeFlagsEXT types,
                                                 const VkDebugUtilsMessengerCallbackDataEXT *data, void *user)
{
    (void)types;
    (void)user;
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
        host_validation_errors++;
        fprintf(stderr, "validation error: %s\n", data->pMessage);
    } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
        host_validation_warnings++;
        fprintf(stderr, "validation warning: %s\n", data->pMessage);
    }
    return VK_FALSE;
}

bool host_create(host_device *host, bool validation)
{
    memset(host, 0, sizeof(*host));
    VkApplicationInfo app = {.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO, .pApplicationName = "maert-chost", .apiVersion = VK_API_VERSION_1_2};
    const char *layers[] = {"VK_LAYER_KHRONOS_validation"};
    const char *extensions[] = {VK_EXT_DEBUG_UTILS_EXTENSION_NAME};
    VkDebugUtilsMessengerCreateInfoEXT messenger_info = {
        .sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
        .messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT,
        .messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT,
        .pfnUserCallback = on_message,
    };
    VkInstanceCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
        .pNext = validation ? &messenger_info : NULL, /* also covers vkCreateInstance/vkDestroyInstance */
        .pApplicationInfo = &app,
        .enabledLayerCount = validation ? 1U : 0U,
        .ppEnabledLayerNames = layers,
        .enabledExtensionCount = validation ? 1U : 0U,
        .ppEnabledExtensionNames = extensions,
    };
    VkResult r = vkCreateInstance(&info, NULL, &host->instance);
    if (r != VK_SUCCESS) {
        fprintf(stderr, "chost: error: vkCreateInstance returned %d (validation %s)\n", (int)r, validation ? "on: is vulkan-validationlayers installed?" : "off");
        return false;
    }
    if (validation) {
        PFN_vkCreateDebugUtilsMessengerEXT create =
            (PFN_vkCreateDebugUtilsMessengerEXT)vkGetInstanceProcAddr(host->instance, "vkCreateDebugUtilsMessengerEXT");
        HOST_CHECK(create(host->instance, &messenger_info, NULL, &host->messenger));
    }

    uint32_t count = 0;
    HOST_CHECK(vkEnumeratePhysicalDevices(host->instance, &count, NULL));
    VkPhysicalDevice devices[16];
    count = count > 16 ? 16 : count;
    VkResult er = vkEnumeratePhysicalDevices(host->instance, &count, devices);
    if (er != VK_SUCCESS && er != VK_INCOMPLETE) {
        HOST_CHECK(er);
    }
    for (uint32_t d = 0; d < count && host->device == VK_NULL_HANDLE; d++) {
        VkPhysicalDeviceProperties props;
        vkGetPhysicalDeviceProperties(devices[d], &props);
        if (props.apiVersion < VK_API_VERSION_1_2) {
            continue;
        }
        uint32_t families = 0;
        vkGetPhysicalDeviceQueueFamilyProperties(devices[d], &families, NULL);
        VkQueueFamilyProperties family_props[16];
        families = families > 16 ? 16 : families;
        vkGetPhysicalDeviceQueueFamilyProperties(devices[d], &families, family_props);
        for (uint32_t f = 0; f < families; f++) {
            if (family_props[f].queueFlags & VK_QUEUE_COMPUTE_BIT) {
                float priority = 1.0f;
                VkDeviceQueueCreateInfo queue_info = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO, .queueFamilyIndex = f, .queueCount = 1, .pQueuePriorities = &priority};
                /* MaeRealtime needs no device extension and no feature; with storageBuffer16BitAccess enabled (and declared
                 * to maert_create_context) its GPU kernels keep their transient activations in fp16. */
                VkPhysicalDeviceVulkan11Features features11 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
                VkPhysicalDeviceFeatures2 features = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, .pNext = &features11};
                vkGetPhysicalDeviceFeatures2(devices[d], &features);
                VkPhysicalDeviceVulkan11Features enable11 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES, .storageBuffer16BitAccess = features11.storageBuffer16BitAccess};
                VkDeviceCreateInfo device_info = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, .pNext = &enable11, .queueCreateInfoCount = 1, .pQueueCreateInfos = &queue_info};
                HOST_CHECK(vkCreateDevice(devices[d], &device_info, NULL, &host->device));
                host->physical_device = devices[d];
                host->queue_family = f;
                host->storage16 = features11.storageBuffer16BitAccess == VK_TRUE;
                memcpy(host->name, props.deviceName, sizeof(host->name));
                break;
            }
        }
    }
    if (host->device == VK_NULL_HANDLE) {
        fprintf(stderr, "chost: error: no Vulkan 1.2 device with a compute queue\n");
        return false;
    }
    vkGetDeviceQueue(host->device, host->queue_family, 0, &host->queue);
    VkCommandPoolCreateInfo pool_info = {.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO, .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT, .queueFamilyIndex = host->queue_family};
    HOST_CHECK(vkCreateCommandPool(host->device, &pool_info, NULL, &host->pool));
    return true;
}

void host_destroy(host_device *host)
{
    if (host->device != VK_NULL_HANDLE) {
        vkDestroyCommandPool(host->device, host->pool, NULL);
        vkDestroyDevice(host->device, NULL);
    }
    if (host->messenger != VK_NULL_HANDLE) {
        PFN_vkDestroyDebugUtilsMessengerEXT destroy =
            (PFN_vkDestroyDebugUtilsMessengerEXT)vkGetInstanceProcAddr(host->instance, "vkDestroyDebugUtilsMessengerEXT");
        destroy(host->instance, host->messenger, NULL);
    }
    if (host->instance != VK_NULL_HANDLE) {
        vkDestroyInstance(host->instance, NULL);
    }
    memset(host, 0, sizeof(*host));
}

static uint32_t memory_type(const host_device *host, uint32_t bits, VkMemoryPropertyFlags flags)
{
    VkPhysicalDeviceMemoryProperties mem;
    vkGetPhysicalDeviceMemoryProperties(host->physical_device, &mem);
    for (uint32_t i = 0; i < mem.memoryTypeCount; i++) {
        if ((bits & (1U << i)) && (mem.memoryTypes[i].propertyFlags & flags) == flags) {
            return i;
        }
    }
    fprintf(stderr, "chost: error: no memory type with flags 0x%x\n", (unsigned)flags);
    exit(2);
}

void host_create_image(const host_device *host, uint32_t width, uint32_t height, VkFormat format, VkImageUsageFlags usage, host_image *out)
{
    VkImageCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO,
        .imageType = VK_IMAGE_TYPE_2D,
        .format = format,
        .extent = {width, height, 1},
        .mipLevels = 1,
        .arrayLayers = 1,
        .samples = VK_SAMPLE_COUNT_1_BIT,
        .tiling = VK_IMAGE_TILING_OPTIMAL,
        .usage = usage,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
        .initialLayout = VK_IMAGE_LAYOUT_UNDEFINED,
    };
    HOST_CHECK(vkCreateImage(host->device, &info, NULL, &out->image));
    VkMemoryRequirements req;
    vkGetImageMemoryRequirements(host->device, out->image, &req);
    VkMemoryAllocateInfo alloc = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, .allocationSize = req.size,
                                  .memoryTypeIndex = memory_type(host, req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)};
    HOST_CHECK(vkAllocateMemory(host->device, &alloc, NULL, &out->memory));
    HOST_CHECK(vkBindImageMemory(host->device, out->image, out->memory, 0));
}

void host_destroy_image(const host_device *host, host_image *image)
{
    vkDestroyImage(host->device, image->image, NULL);
    vkFreeMemory(host->device, image->memory, NULL);
    memset(image, 0, sizeof(*image));
}

void host_create_buffer(const host_device *host, VkDeviceSize size, VkBufferUsageFlags usage, host_buffer *out)
{
    VkBufferCreateInfo info = {.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO, .size = size, .usage = usage, .sharingMode = VK_SHARING_MODE_EXCLUSIVE};
    HOST_CHECK(vkCreateBuffer(host->device, &info, NULL, &out->buffer));
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(host->device, out->buffer, &req);
    VkMemoryAllocateInfo alloc = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, .allocationSize = req.size,
                                  .memoryTypeIndex = memory_type(host, req.memoryTypeBits, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT)};
    HOST_CHECK(vkAllocateMemory(host->device, &alloc, NULL, &out->memory));
    HOST_CHECK(vkBindBufferMemory(host->device, out->buffer, out->memory, 0));
    HOST_CHECK(vkMapMemory(host->device, out->memory, 0, VK_WHOLE_SIZE, 0, &out->mapped));
}

void host_destroy_buffer(const host_device *host, host_buffer *buffer)
{
    vkDestroyBuffer(host->device, buffer->buffer, NULL);
    vkFreeMemory(host->device, buffer->memory, NULL);
    memset(buffer, 0, sizeof(*buffer));
}

VkImageMemoryBarrier host_barrier(VkImage image, VkImageLayout from, VkImageLayout to, VkAccessFlags src, VkAccessFlags dst)
{
    VkImageMemoryBarrier barrier = {
        .sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER,
        .srcAccessMask = src,
        .dstAccessMask = dst,
        .oldLayout = from,
        .newLayout = to,
        .srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
        .image = image,
        .subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1},
    };
    return barrier;
}

VkCommandBuffer host_begin(const host_device *host)
{
    VkCommandBufferAllocateInfo info = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO, .commandPool = host->pool, .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY, .commandBufferCount = 1};
    VkCommandBuffer cmd;
    HOST_CHECK(vkAllocateCommandBuffers(host->device, &info, &cmd));
    VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO, .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT};
    HOST_CHECK(vkBeginCommandBuffer(cmd, &begin));
    return cmd;
}

void host_submit_wait(const host_device *host, VkCommandBuffer cmd)
{
    HOST_CHECK(vkEndCommandBuffer(cmd));
    VkFenceCreateInfo fence_info = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkFence fence;
    HOST_CHECK(vkCreateFence(host->device, &fence_info, NULL, &fence));
    VkSubmitInfo submit = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &cmd};
    HOST_CHECK(vkQueueSubmit(host->queue, 1, &submit, fence));
    HOST_CHECK(vkWaitForFences(host->device, 1, &fence, VK_TRUE, UINT64_MAX));
    vkDestroyFence(host->device, fence, NULL);
    vkFreeCommandBuffers(host->device, host->pool, 1, &cmd);
}

double host_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

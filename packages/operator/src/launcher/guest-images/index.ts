export {
  buildableImages,
  buildGuestImage,
  type BuildGuestImageOptions,
  type BuildGuestImageResult,
} from './build-guest-image.ts';
export { GuestImageError } from './guest-image-error.ts';
export {
  type CatalogEntry,
  type DiskCatalogEntry,
  type ImageResolutionError,
  imagesDir,
  type KernelCatalogEntry,
  listImages,
  resolveContainerDisk,
} from './image-catalog.ts';
export { type ImageRef, LOCAL_REGISTRY, parseImageRef } from './image-ref.ts';
export { importImage, inspectDiskFile } from './import-image.ts';

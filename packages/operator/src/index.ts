/**
 * @packageDocumentation
 * virt-controller, virt-handler, virt-launcher and virt-api (issues 5 to 8).
 * Nothing is exported yet: the code arrives with the issue that owns it.
 */
export {};

// Guest images and the local containerDisk catalog (issue 6).
export {
  buildableImages,
  buildGuestImage,
  type BuildGuestImageOptions,
  type BuildGuestImageResult,
  type CatalogEntry,
  type DiskCatalogEntry,
  GuestImageError,
  type ImageRef,
  type ImageResolutionError,
  imagesDir,
  importImage,
  inspectDiskFile,
  type KernelCatalogEntry,
  listImages,
  LOCAL_REGISTRY,
  parseImageRef,
  resolveContainerDisk,
} from './launcher/guest-images/index.ts';

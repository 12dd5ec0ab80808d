/**
 * @packageDocumentation
 * virt-controller, virt-handler, virt-launcher and virt-api. Each component starts from its thin
 * main in `cmd/`; this entry point exports what other workspaces use (the CLI's `images`).
 */

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

// KVM or TCG, by the launcher's rule (the benchmarks report it).
export {
  type Acceleration,
  detectAcceleration,
  readAccelerationFacts,
} from './launcher/accel/index.ts';

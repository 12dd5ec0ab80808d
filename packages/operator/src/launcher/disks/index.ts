export {
  type CloudInitIdentity,
  configDriveFiles,
  type IsoFiles,
  noCloudFiles,
} from './cloud-init-files.ts';
export type { DiskOwner } from './disk-files.ts';
export { DiskPreparationError, type DiskPreparationReason } from './disk-preparation-error.ts';
export { prepareDisks, type PrepareDisksOptions, type PreparedDisks } from './prepare-disks.ts';
export { ancestorsOf, grantSearch, maySearch } from './grant-search.ts';

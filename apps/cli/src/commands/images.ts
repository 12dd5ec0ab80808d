import { defineCommand } from '../command.ts';
import { notYetAvailable } from './not-yet.ts';
import { sharedFlags } from './shared-flags.ts';

export const imagesCommand = defineCommand({
  name: 'images',
  summary: 'build and list the guest images of the local containerDisk catalog',
  description:
    'Builds the guest images that are missing into DATA_DIR/images and lists the catalog.',
  spec: { dataDir: sharedFlags.dataDir, logLevel: sharedFlags.logLevel },
  run: (_config, io) => notYetAvailable(io, 'images', 6),
});

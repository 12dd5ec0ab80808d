import type { Devices, Input } from '@podvisor/api';
import { userAlias } from './device-names.ts';
import { DomainConversionError } from './domain-conversion-error.ts';
import { isOneOf } from './is-one-of.ts';
import type { LauncherPaths } from './domain-input.ts';
import type {
  LibvirtController,
  LibvirtDisk,
  LibvirtGraphics,
  LibvirtInput,
  LibvirtSerialConsole,
} from './libvirt-domain.ts';

const videoTypes = ['vga', 'virtio', 'qxl', 'bochs', 'cirrus'] as const;
const inputTypes = ['tablet', 'keyboard', 'mouse'] as const;
const inputBuses = ['usb', 'virtio'] as const;

/** The serial console on a unix socket, logged to a file unless `logSerialConsole` is false; none when `autoattachSerialConsole` is false. */
export function serialConsoleFor(
  devices: Devices,
  paths: LauncherPaths,
): LibvirtSerialConsole | undefined {
  if (devices.autoattachSerialConsole === false) return undefined;
  if (devices.logSerialConsole === false) return { socket: paths.serialSocket };
  return { socket: paths.serialSocket, logFile: paths.serialLog };
}

/** VNC and SPICE on unix sockets plus a video device (`video.type`, default vga); none when `autoattachGraphicsDevice` is false. */
export function graphicsFor(devices: Devices, paths: LauncherPaths): LibvirtGraphics | undefined {
  if (devices.autoattachGraphicsDevice === false) return undefined;
  const type = devices.video?.type ?? 'vga';
  if (!isOneOf(type, videoTypes)) {
    throw new DomainConversionError(
      'spec.domain.devices.video.type',
      `'${type}' is not supported; use ${videoTypes.join(', ')}`,
    );
  }
  return {
    vncSocket: paths.vncSocket,
    spiceSocket: paths.spiceSocket,
    video: type,
  };
}

function libvirtInput(input: Input, field: string): LibvirtInput {
  const type: string = input.type;
  if (!isOneOf(type, inputTypes)) {
    throw new DomainConversionError(
      `${field}.type`,
      `'${type}' is not supported; use ${inputTypes.join(', ')}`,
    );
  }
  const bus: string = input.bus ?? 'usb';
  if (!isOneOf(bus, inputBuses)) {
    throw new DomainConversionError(`${field}.bus`, `'${bus}' is not supported; use usb or virtio`);
  }
  return {
    type,
    bus,
    alias: userAlias(input.name, `${field}.name`),
  };
}

/** The spec's input devices (bus default usb), plus a USB tablet for the graphical console unless the spec has a tablet. */
export function inputsFor(devices: Devices, graphics: boolean): LibvirtInput[] {
  const inputs = (devices.inputs ?? []).map((input, i) =>
    libvirtInput(input, `spec.domain.devices.inputs[${String(i)}]`),
  );
  if (graphics && !inputs.some((input) => input.type === 'tablet')) {
    inputs.push({ type: 'tablet', bus: 'usb' });
  }
  return inputs;
}

/** Explicit controllers: a USB controller only when a USB device needs one (else `model='none'`), virtio-scsi for SCSI disks. */
export function controllersFor(
  disks: readonly LibvirtDisk[],
  inputs: readonly LibvirtInput[],
): LibvirtController[] {
  const usb =
    disks.some((disk) => disk.bus === 'usb') || inputs.some((input) => input.bus === 'usb');
  const controllers: LibvirtController[] = [{ type: 'usb', model: usb ? 'qemu-xhci' : 'none' }];
  if (disks.some((disk) => disk.bus === 'scsi'))
    controllers.push({ type: 'scsi', model: 'virtio-scsi' });
  return controllers;
}

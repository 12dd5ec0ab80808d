import type {
  LibvirtController,
  LibvirtDisk,
  LibvirtDomain,
  LibvirtInput,
} from './libvirt-domain.ts';
import type { XmlElement } from './xml-writer.ts';

/** `<alias name>` of a device, if it has one. */
export function alias(name: string | undefined): XmlElement | undefined {
  return name === undefined ? undefined : { name: 'alias', attributes: { name } };
}

/** `<boot order>` of a device, if it has one. */
export function boot(order: number | undefined): XmlElement | undefined {
  return order === undefined ? undefined : { name: 'boot', attributes: { order } };
}

/** `<disk type='file'>` with its driver, source, target and options. */
export function diskElement(disk: LibvirtDisk): XmlElement {
  return {
    name: 'disk',
    attributes: { type: 'file', device: disk.device },
    children: [
      {
        name: 'driver',
        attributes: { name: 'qemu', type: disk.format, cache: disk.cache, io: disk.io },
      },
      { name: 'source', attributes: { file: disk.source } },
      { name: 'target', attributes: { dev: disk.target, bus: disk.bus } },
      disk.readonly ? { name: 'readonly' } : undefined,
      disk.serial === undefined ? undefined : { name: 'serial', children: [disk.serial] },
      boot(disk.bootOrder),
      alias(disk.alias),
    ],
  };
}

/** `<controller>` with index 0. */
export function controllerElement(controller: LibvirtController): XmlElement {
  return {
    name: 'controller',
    attributes: { type: controller.type, index: 0, model: controller.model },
  };
}

/** `<input>` with its alias. */
export function inputElement(input: LibvirtInput): XmlElement {
  return {
    name: 'input',
    attributes: { type: input.type, bus: input.bus },
    children: [alias(input.alias)],
  };
}

/** The serial port on a bound unix socket with its log, and the console on it. */
export function serialElements(domain: LibvirtDomain): XmlElement[] {
  const serial = domain.serialConsole;
  if (serial === undefined) return [];
  const source: XmlElement = { name: 'source', attributes: { mode: 'bind', path: serial.socket } };
  return [
    {
      name: 'serial',
      attributes: { type: 'unix' },
      children: [
        source,
        serial.logFile === undefined
          ? undefined
          : { name: 'log', attributes: { file: serial.logFile, append: 'on' } },
        { name: 'target', attributes: { port: 0 } },
      ],
    },
    {
      name: 'console',
      attributes: { type: 'unix' },
      children: [source, { name: 'target', attributes: { type: 'serial', port: 0 } }],
    },
  ];
}

/** VNC and SPICE listening on unix sockets, and the video device. */
export function graphicsElements(domain: LibvirtDomain): XmlElement[] {
  const graphics = domain.graphics;
  if (graphics === undefined) return [];
  const listen = (socket: string): XmlElement => ({
    name: 'listen',
    attributes: { type: 'socket', socket },
  });
  return [
    // Every VNC client shares the display, whatever its ClientInit shared-flag: QEMU's default
    // (allow-exclusive) drops the others when a viewer asks for exclusive access, as TigerVNC
    // does by default, and force-shared drops that viewer instead.
    {
      name: 'graphics',
      attributes: { type: 'vnc', sharePolicy: 'ignore' },
      children: [listen(graphics.vncSocket)],
    },
    { name: 'graphics', attributes: { type: 'spice' }, children: [listen(graphics.spiceSocket)] },
    {
      name: 'video',
      children: [{ name: 'model', attributes: { type: graphics.video, heads: 1, primary: 'yes' } }],
    },
  ];
}

/** The qemu-guest-agent virtio-serial channel on a bound unix socket. */
export function guestAgentElement(socket: string): XmlElement {
  return {
    name: 'channel',
    attributes: { type: 'unix' },
    children: [
      { name: 'source', attributes: { mode: 'bind', path: socket } },
      { name: 'target', attributes: { type: 'virtio', name: 'org.qemu.guest_agent.0' } },
    ],
  };
}

/** `<memballoon>`: virtio with 10 s statistics, or `none`. */
export function memBalloonElement(enabled: boolean): XmlElement {
  return enabled
    ? {
        name: 'memballoon',
        attributes: { model: 'virtio' },
        children: [{ name: 'stats', attributes: { period: 10 } }],
      }
    : { name: 'memballoon', attributes: { model: 'none' } };
}

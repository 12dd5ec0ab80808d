// The Debian packages Podvisor needs on the machine, in one place.
// Plain JavaScript without dependencies: the bootstrap reads it before node_modules exists.

/** @typedef {{ name: string, why: string }} SystemPackage */

/** @type {readonly SystemPackage[]} */
export const systemPackages = [
  { name: 'qemu-system-x86', why: 'runs the guests (KVM when it works, TCG otherwise)' },
  { name: 'qemu-utils', why: 'qemu-img: copy-on-write overlays of guest disks' },
  { name: 'libvirt-daemon', why: 'libvirtd, which virt-launcher starts privately per VM' },
  { name: 'libvirt-daemon-driver-qemu', why: "libvirt's QEMU driver" },
  { name: 'libvirt-clients', why: 'virsh, for diagnostics and tests' },
  { name: 'genisoimage', why: 'builds cloud-init NoCloud ISOs' },
  { name: 'chromium', why: 'the browser for end-to-end tests (Playwright does not download one)' },
  { name: 'busybox-static', why: 'runs `busybox` pod images and builds the tiny guest' },
  {
    name: 'libxml2-utils',
    why: 'xmllint, which virt-xml-validate runs to check domain XML in tests',
  },
  { name: 'passt', why: "user-mode networking for guests, forwarding the pod IP's ports" },
  {
    name: 'acl',
    why: "setfacl: lets QEMU's user traverse the private data directory to its VM's files",
  },
];

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** How an image runs on this node. */
export type ImageRuntime =
  /** Debian's busybox-static runs the container's command (busybox has no entrypoint; `sh` by default). */
  | { readonly kind: 'busybox'; readonly binary: string }
  /**
   * One of Podvisor's components, run as a Node 24 process from this checkout: the entrypoint,
   * or another of the image's binaries when the container's `command` names it.
   */
  | {
      readonly kind: 'component';
      readonly component: string;
      readonly entrypoint: string;
      /** Every binary of the image by name (the entrypoint's too): its script's absolute path. */
      readonly binaries: Readonly<Record<string, string>>;
    }
  /** Any other image, run by podman (the image is present locally). */
  | { readonly kind: 'podman'; readonly podman: string; readonly image: string };

/** The catalog's answer: a runtime, or why the image cannot run here (ErrImagePull). */
export type ImageResolution =
  ImageRuntime | { readonly kind: 'unavailable'; readonly message: string };

/** Where the catalog finds what it runs. */
export interface ImageCatalogOptions {
  /** The root of the Podvisor checkout whose components run as pods. */
  readonly checkoutDir: string;
  readonly busybox: string;
  /** podman's path, or undefined when podman is not installed. */
  readonly podman: string | undefined;
}

/**
 * Podvisor's component images and the binaries each holds (scripts relative to the checkout).
 * The binary named after the component is the image's entrypoint; a container whose `command`
 * names another one (`virt-tail` in virt-launcher) runs that instead.
 */
export const componentBinaries: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'virt-controller': { 'virt-controller': 'packages/operator/src/cmd/virt-controller.ts' },
  'virt-api': { 'virt-api': 'packages/operator/src/cmd/virt-api.ts' },
  'virt-handler': { 'virt-handler': 'packages/operator/src/cmd/virt-handler.ts' },
  'virt-launcher': {
    'virt-launcher': 'packages/operator/src/cmd/virt-launcher.ts',
    'virt-tail': 'packages/operator/src/cmd/virt-tail.ts',
  },
  console: { console: 'apps/bff/src/main.ts' },
};

/** The repository part of an image reference: without digest and tag (`docker.io/library/busybox`). */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@', 1)[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

function componentOf(repository: string): string | undefined {
  const parts = repository.split('/');
  const name = parts.at(-1);
  return parts.length >= 2 && parts.at(-2) === 'podvisor' ? name : undefined;
}

function podmanResolution(image: string, podman: string | undefined): ImageResolution {
  if (podman === undefined) {
    return {
      kind: 'unavailable',
      message:
        `image "${image}" cannot run on this node: only busybox and */podvisor/<component> images ` +
        'run without podman. Install podman, then import the image with ' +
        `"podman load -i <image.tar>" or "podman pull ${image}"`,
    };
  }
  const exists = spawnSync(podman, ['image', 'exists', image], {
    stdio: 'ignore',
    timeout: 10_000,
  });
  if (exists.status === 0) return { kind: 'podman', podman, image };
  return {
    kind: 'unavailable',
    message:
      `image "${image}" is not present in podman's local storage; import it with ` +
      `"podman load -i <image.tar>" or "podman pull ${image}"`,
  };
}

/**
 * Decides how an image runs here: busybox (any tag), a Podvisor component from the checkout, or
 * podman when installed and the image is present; otherwise `unavailable` with how to import it.
 */
export function resolveImage(image: string, options: ImageCatalogOptions): ImageResolution {
  const repository = imageRepository(image);
  if (repository === 'busybox' || repository.endsWith('/busybox'))
    return { kind: 'busybox', binary: options.busybox };
  const component = componentOf(repository);
  if (component === undefined) return podmanResolution(image, options.podman);
  const relatives = componentBinaries[component];
  const relative = relatives?.[component];
  if (relatives === undefined || relative === undefined) {
    return {
      kind: 'unavailable',
      message: `image "${image}": "${component}" is not a Podvisor component (known: ${Object.keys(componentBinaries).join(', ')})`,
    };
  }
  const entrypoint = join(options.checkoutDir, relative);
  if (!existsSync(entrypoint)) {
    return {
      kind: 'unavailable',
      message: `image "${image}": the entrypoint of component "${component}" (${relative}) does not exist in this checkout yet`,
    };
  }
  const binaries = Object.fromEntries(
    Object.entries(relatives).map(([name, path]) => [name, join(options.checkoutDir, path)]),
  );
  return { kind: 'component', component, entrypoint, binaries };
}

/** podman's path on this machine, or undefined when it is not installed. */
export function findPodman(
  candidates: readonly string[] = ['/usr/bin/podman', '/usr/local/bin/podman', '/bin/podman'],
): string | undefined {
  return candidates.find((path) => existsSync(path));
}

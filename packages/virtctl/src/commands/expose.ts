import type { KubeConfig } from '@kubernetes/client-node';
import { requestJson } from '@podvisor/kube';
import { buildService, exposeKindOf, exposeResources } from '../build-service.ts';
import { stringFlag } from '../command-flags.ts';
import { parseExposeOptions, type ExposeFlags } from '../parse-expose-options.ts';
import { serverErrorFrom } from '../server-error.ts';
import { defineCommand, type CommandContext } from '../virtctl-command.ts';
import { messageOf } from './dry-run.ts';

/** A JSON API call whose failure becomes `<prefix>: <the server's message>`, as client-go words it. */
async function apiCall(
  kubeConfig: KubeConfig,
  request: Parameters<typeof requestJson>[1],
  prefix: string,
): Promise<unknown> {
  try {
    return await requestJson(kubeConfig, request);
  } catch (error) {
    const { code, body } = error as { code?: unknown; body?: unknown };
    const answer =
      typeof code === 'number' && typeof body === 'string' ? serverErrorFrom(code, body) : error;
    throw new Error(`${prefix}: ${messageOf(answer)}`, { cause: error });
  }
}

function exposeFlags(context: CommandContext): ExposeFlags {
  const flag = (name: string) => stringFlag(context, name);
  return {
    name: flag('name'),
    port: flag('port'),
    'target-port': flag('target-port'),
    'port-name': flag('port-name'),
    protocol: flag('protocol'),
    type: flag('type'),
    'cluster-ip': flag('cluster-ip'),
    'external-ip': flag('external-ip'),
  };
}

async function expose(context: CommandContext): Promise<number> {
  const [type = '', name = ''] = context.args;
  const options = parseExposeOptions(exposeFlags(context));
  const kind = exposeKindOf(type);
  const { kubeConfig, namespace } = context.access();
  const { resource, kind: kindName } = exposeResources[kind];
  const ns = encodeURIComponent(namespace);
  const object = await apiCall(
    kubeConfig,
    {
      method: 'GET',
      path: `/apis/kubevirt.io/v1/namespaces/${ns}/${resource}/${encodeURIComponent(name)}`,
    },
    `error fetching ${kindName}`,
  );
  const service = buildService(
    { kind, type: type.toLowerCase(), name, object },
    { ...options, namespace },
  );
  await apiCall(
    kubeConfig,
    { method: 'POST', path: `/api/v1/namespaces/${ns}/services`, body: service },
    'service creation failed',
  );
  context.io.stdout.write(
    `Service ${options.serviceName} successfully created for ${type.toLowerCase()} ${name}\n`,
  );
  return 0;
}

/**
 * `kubectl virt expose (vm|vmi|vmirs) NAME --name SVC [--port P]`: creates a Service that
 * selects the object's launcher pods by its labels, as virtctl's `expose` does.
 */
export const exposeCommand = defineCommand({
  name: 'expose',
  summary: 'Expose a VM, VMI or VMI replica set as a new Service.',
  usage: '(vm|vmi|vmirs) NAME',
  description: [
    "Creates a Service whose selector is the labels of the object: a VMI's labels (without",
    "kubevirt.io/nodeName and the other placement labels), a VM's spec.template.metadata.labels",
    "or a replica set's spec.selector.matchLabels. The launcher pod carries the VMI's labels, so",
    'the Service sends traffic to the VM. Without --port, the ports the VM declares on its pod',
    'network interface (interfaces[].ports) are exposed.',
    '',
    'Resource types (any case, singular or plural): virtualmachineinstance (vmi),',
    'virtualmachine (vm), virtualmachineinstancereplicaset (vmirs).',
    '',
    'Examples:',
    '  # Port 8080 of the Service db-vm goes to port 80 of the VM db:',
    '  kubectl virt expose vm db --name db-vm --port 8080 --target-port 80',
    '  # SSH to the VMI myvm on a port of every node:',
    '  kubectl virt expose vmi myvm --name myvm-ssh --port 22 --type NodePort',
  ].join('\n'),
  flags: {
    name: { type: 'string', value: 'NAME', describe: 'the name of the Service (required)' },
    port: { type: 'string', value: 'PORT', describe: 'the port the Service serves on' },
    'target-port': {
      type: 'string',
      value: 'PORT',
      describe: 'the port number or name on the VM traffic goes to (default: --port)',
    },
    'port-name': { type: 'string', value: 'NAME', describe: "the name of the Service's port" },
    protocol: {
      type: 'string',
      value: 'PROTOCOL',
      describe: 'the network protocol: TCP (default), UDP or SCTP',
    },
    type: {
      type: 'string',
      value: 'TYPE',
      describe: 'the Service type: ClusterIP (default), NodePort or LoadBalancer',
    },
    'cluster-ip': {
      type: 'string',
      value: 'IP',
      describe: 'the ClusterIP to assign (default: allocated; None: a headless Service)',
    },
    'external-ip': {
      type: 'string',
      value: 'IP',
      describe: 'an external IP (not managed by the cluster) the Service also accepts traffic for',
    },
  },
  args: 2,
  run: expose,
});

/** Networks of a VMI (`spec.networks`). */
import { boolean, define, object, ref, string } from './dsl.ts';

export const podNetwork = define(
  'PodNetwork',
  object(
    {
      vmNetworkCIDR: string({
        description:
          'IPv4 CIDR of the network between the pod and the guest (masquerade). Defaults to 10.0.2.0/24.',
      }),
    },
    { description: "The pod's primary network." },
  ),
);

export const network = define(
  'Network',
  object(
    {
      name: string({ description: 'Name of the network; an interface of the same name uses it.' }),
      pod: ref(podNetwork, { description: "The pod's primary network." }),
      multus: object(
        {
          networkName: string({ description: 'Name of the NetworkAttachmentDefinition.' }),
          default: boolean({ description: 'Use it as the pod default network.' }),
        },
        {
          required: ['networkName'],
          description:
            'A Multus secondary network. Not supported by Podvisor: validation rejects it.',
        },
      ),
    },
    {
      required: ['name'],
      description: 'A network the guest connects to; exactly one source is set.',
    },
  ),
);

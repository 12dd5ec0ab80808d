import { describe, expect, it } from 'vitest';
import { configDriveFiles, noCloudFiles } from './cloud-init-files.ts';
import { DiskPreparationError } from './disk-preparation-error.ts';

const identity = { instanceId: '6a1b2c3d-0000-4000-8000-000000000001', hostname: 'vm1' };
const field = 'spec.volumes[1].cloudInitNoCloud';

describe('noCloudFiles', () => {
  it('writes user-data, meta-data with the instance id and hostname, and network-config', () => {
    expect(
      noCloudFiles({ userData: '#cloud-config\n', networkData: 'version: 2\n' }, identity, field),
    ).toEqual({
      'user-data': '#cloud-config\n',
      'meta-data': 'instance-id: 6a1b2c3d-0000-4000-8000-000000000001\nlocal-hostname: vm1\n',
      'network-config': 'version: 2\n',
    });
  });

  it('decodes base64 user-data and network-data', () => {
    const files = noCloudFiles(
      {
        userDataBase64: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
        networkDataBase64: Buffer.from('version: 1\n').toString('base64'),
      },
      identity,
      field,
    );
    expect(files['user-data']).toBe('#!/bin/sh\necho hi\n');
    expect(files['network-config']).toBe('version: 1\n');
  });

  it('writes empty user-data when the source has none', () => {
    expect(noCloudFiles({}, identity, field)['user-data']).toBe('');
  });

  it.each<[object, string, string]>([
    [{ userDataBase64: 'not base64!' }, `${field}.userDataBase64`, 'InvalidVolume'],
    [{ networkDataBase64: '%%%' }, `${field}.networkDataBase64`, 'InvalidVolume'],
    [{ secretRef: { name: 's' } }, `${field}.secretRef`, 'Unsupported'],
    [{ networkDataSecretRef: { name: 's' } }, `${field}.networkDataSecretRef`, 'Unsupported'],
  ])('rejects %j naming the field', (source, badField, reason) => {
    const error = (() => {
      try {
        noCloudFiles(source, identity, field);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DiskPreparationError);
    expect(error).toMatchObject({ field: badField, reason });
    expect((error as Error).message.startsWith(`${badField}: `)).toBe(true);
  });
});

describe('configDriveFiles', () => {
  it('writes the OpenStack layout with JSON metadata', () => {
    const files = configDriveFiles(
      { userData: '#cloud-config\n', networkData: '{"links":[]}' },
      identity,
      'spec.volumes[0].cloudInitConfigDrive',
    );
    expect(Object.keys(files).sort()).toEqual([
      'openstack/latest/meta_data.json',
      'openstack/latest/network_data.json',
      'openstack/latest/user_data',
    ]);
    expect(JSON.parse(files['openstack/latest/meta_data.json'] ?? '')).toEqual({
      uuid: identity.instanceId,
      hostname: 'vm1',
      name: 'vm1',
    });
  });
});

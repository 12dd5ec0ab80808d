import { isJsonObject, type Json, type KubeObject } from '../json.ts';
import { labelValueErrors, qualifiedNameErrors } from '../selectors/validate-label.ts';
import type { StatusCause } from '../status-error.ts';

/** kube-apiserver's limit on the total size of an object's annotations. */
export const maxAnnotationBytes = 256 * 1024;

function invalid(field: string, value: string, detail: string): StatusCause {
  return {
    reason: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
  };
}

function labelCauses(labels: Json | undefined): StatusCause[] {
  if (!isJsonObject(labels)) return [];
  return Object.entries(labels).flatMap(([key, value]) => [
    ...qualifiedNameErrors(key).map((e) => invalid('metadata.labels', key, e)),
    ...(typeof value === 'string'
      ? labelValueErrors(value).map((e) => invalid(`metadata.labels`, value, e))
      : []),
  ]);
}

function annotationCauses(annotations: Json | undefined): StatusCause[] {
  if (!isJsonObject(annotations)) return [];
  const causes = Object.keys(annotations).flatMap((key) =>
    qualifiedNameErrors(key.toLowerCase()).map((e) => invalid('metadata.annotations', key, e)),
  );
  let size = 0;
  for (const [key, value] of Object.entries(annotations))
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  if (size > maxAnnotationBytes) {
    causes.push({
      reason: 'FieldValueTooLong',
      field: 'metadata.annotations',
      message: `Too long: must have at most ${maxAnnotationBytes} bytes`,
    });
  }
  return causes;
}

/** The checks kube-apiserver makes on every object's metadata: label syntax and annotation size. */
export function metadataCauses(obj: KubeObject): StatusCause[] {
  return [...labelCauses(obj.metadata['labels']), ...annotationCauses(obj.metadata['annotations'])];
}

import type { Json } from '../json.ts';
import type { StatusCause } from '../status-error.ts';
import { formatGoValue, goQuote } from './go-format.ts';

function cause(reason: string, field: string, message: string): StatusCause {
  return field === '' ? { reason, message } : { reason, message, field };
}

/**
 * Kubernetes' `field.Error` constructors (`k8s.io/apimachinery/pkg/util/validation/field`), as
 * `details.causes[]`: the reason is the error type, the message is `ErrorBody()`.
 */
export const fieldErrors = {
  required(field: string, detail = ''): StatusCause {
    return cause(
      'FieldValueRequired',
      field,
      detail === '' ? 'Required value' : `Required value: ${detail}`,
    );
  },
  invalid(field: string, value: Json, detail: string): StatusCause {
    return cause('FieldValueInvalid', field, `Invalid value: ${formatGoValue(value)}: ${detail}`);
  },
  /** The schema type did not match: same wording as `invalid`, its own reason. */
  typeInvalid(field: string, value: Json, detail: string): StatusCause {
    return cause(
      'FieldValueTypeInvalid',
      field,
      `Invalid value: ${formatGoValue(value)}: ${detail}`,
    );
  },
  notSupported(field: string, value: Json, supported: readonly string[]): StatusCause {
    const values = supported.map(goQuote).join(', ');
    const detail = supported.length > 0 ? `: supported values: ${values}` : '';
    return cause(
      'FieldValueNotSupported',
      field,
      `Unsupported value: ${formatGoValue(value)}${detail}`,
    );
  },
  duplicate(field: string, value: Json): StatusCause {
    return cause('FieldValueDuplicate', field, `Duplicate value: ${formatGoValue(value)}`);
  },
  tooLong(field: string, max: number): StatusCause {
    return cause('FieldValueTooLong', field, `Too long: may not be longer than ${max}`);
  },
  tooMany(field: string, actual: number, max: number): StatusCause {
    return cause('FieldValueTooMany', field, `Too many: ${actual}: must have at most ${max} items`);
  },
  forbidden(field: string, detail: string): StatusCause {
    return cause('FieldValueForbidden', field, `Forbidden: ${detail}`);
  },
};

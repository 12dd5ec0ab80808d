import { FormHelperText, HelperText, HelperTextItem } from '@patternfly/react-core';
import type { ReactElement, ReactNode } from 'react';

interface FieldHelpProps {
  /** The id the field's `aria-describedby` names. */
  readonly id: string;
  readonly helper: ReactNode;
  /** A client or server problem: shown instead of the helper text, as an error. */
  readonly error: string | undefined;
}

/** The helper text under a form field, or its error. */
export function FieldHelp({ id, helper, error }: FieldHelpProps): ReactElement {
  return (
    <FormHelperText>
      <HelperText id={id}>
        <HelperTextItem variant={error === undefined ? 'default' : 'error'}>
          {error ?? helper}
        </HelperTextItem>
      </HelperText>
    </FormHelperText>
  );
}

import { SearchInput } from '@patternfly/react-core';
import { type ReactElement, useState } from 'react';

/**
 * The "Search by name" box of a list page (`label` names another search). The typed text lives
 * here, so typing stays smooth while the page writes each value to its URL through `onChange`.
 */
export function NameSearch({
  initial,
  onChange,
  label = 'Search by name',
}: {
  readonly initial: string;
  readonly onChange: (text: string) => void;
  readonly label?: string;
}): ReactElement {
  const [text, setText] = useState(initial);
  const update = (value: string): void => {
    setText(value);
    onChange(value);
  };
  return (
    <SearchInput
      aria-label={label}
      placeholder={label}
      value={text}
      onChange={(_event, value) => {
        update(value);
      }}
      onClear={() => {
        update('');
      }}
    />
  );
}

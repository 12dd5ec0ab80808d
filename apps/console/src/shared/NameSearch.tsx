import { SearchInput } from '@patternfly/react-core';
import { type ReactElement, useState } from 'react';

/**
 * The "Search by name" box of a list page. The typed text lives here, so typing stays smooth
 * while the page writes each value to its URL through `onChange`.
 */
export function NameSearch({
  initial,
  onChange,
}: {
  readonly initial: string;
  readonly onChange: (text: string) => void;
}): ReactElement {
  const [text, setText] = useState(initial);
  const update = (value: string): void => {
    setText(value);
    onChange(value);
  };
  return (
    <SearchInput
      aria-label="Search by name"
      placeholder="Search by name"
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

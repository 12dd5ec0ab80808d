import { ToggleGroup, ToggleGroupItem } from '@patternfly/react-core';
import { DesktopIcon, MoonIcon, SunIcon } from '@patternfly/react-icons';
import type { ReactElement } from 'react';
import type { ThemePreference } from './theme.ts';
import { useTheme } from './use-theme.ts';

const choices: readonly {
  readonly preference: ThemePreference;
  readonly text: string;
  readonly icon: ReactElement;
}[] = [
  { preference: 'light', text: 'Light', icon: <SunIcon /> },
  { preference: 'dark', text: 'Dark', icon: <MoonIcon /> },
  { preference: 'system', text: 'System', icon: <DesktopIcon /> },
];

/** Light / dark / system theme, persisted; the pressed button is the current choice. */
export function ThemeSwitch(): ReactElement {
  const [preference, setPreference] = useTheme();
  return (
    <ToggleGroup aria-label="Theme" isCompact>
      {choices.map((choice) => (
        <ToggleGroupItem
          key={choice.preference}
          icon={choice.icon}
          text={choice.text}
          isSelected={preference === choice.preference}
          onChange={() => {
            setPreference(choice.preference);
          }}
        />
      ))}
    </ToggleGroup>
  );
}

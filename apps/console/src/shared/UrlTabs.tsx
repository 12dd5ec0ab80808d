import { Tab, Tabs, TabTitleText } from '@patternfly/react-core';
import type { ReactElement, ReactNode } from 'react';
import { type TabSpec, useTabParam } from './use-tab-param.ts';

/**
 * The tabs of a details page, deep-linked by `?tab=` (see {@link useTabParam}); only the open
 * tab's content is rendered.
 */
export function UrlTabs<K extends string>(props: {
  readonly tabs: readonly TabSpec<K>[];
  readonly fallback: K;
  /** The `aria-label` passed to PatternFly `Tabs`. */
  readonly label: string;
  readonly render: (tab: K) => ReactNode;
}): ReactElement {
  const { tabs, fallback, label, render } = props;
  const [tab, setTab] = useTabParam(tabs, fallback);
  return (
    <Tabs
      activeKey={tab}
      onSelect={(_event, key) => {
        const chosen = tabs.find((entry) => entry.key === key);
        if (chosen !== undefined) setTab(chosen.key);
      }}
      aria-label={label}
      mountOnEnter
      unmountOnExit
    >
      {tabs.map((entry) => (
        <Tab
          key={entry.key}
          eventKey={entry.key}
          title={<TabTitleText>{entry.title}</TabTitleText>}
        >
          {tab === entry.key ? render(entry.key) : null}
        </Tab>
      ))}
    </Tabs>
  );
}

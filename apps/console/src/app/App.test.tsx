import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './App.tsx';

describe('App', () => {
  it('shows the product name in the masthead', () => {
    render(<App />);
    expect(screen.getByText('Podvisor')).toBeDefined();
  });
});

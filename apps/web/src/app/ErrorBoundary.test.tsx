import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { ErrorBoundary } from './ErrorBoundary.js';

function Fragile({ broken }: { broken: boolean }) {
  if (broken) throw new Error('rules table exploded');
  return <p>All good</p>;
}

function Harness() {
  const [broken, setBroken] = useState(true);
  return (
    <>
      <button type="button" onClick={() => setBroken(false)}>
        Fix it
      </button>
      <ErrorBoundary>
        <Fragile broken={broken} />
      </ErrorBoundary>
    </>
  );
}

afterEach(cleanup);

describe('ErrorBoundary', () => {
  it('shows what failed with a way back, and recovers on “Try again”', () => {
    // React logs caught render errors; keep the test output readable.
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(<Harness />);
    expect(screen.getByRole('alert').textContent).toContain('rules table exploded');
    expect(screen.getByRole('link', { name: 'Go to overview' }).getAttribute('href')).toBe('/');
    fireEvent.click(screen.getByRole('button', { name: 'Fix it' }));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('All good')).toBeTruthy();
    spy.mockRestore();
  });
});

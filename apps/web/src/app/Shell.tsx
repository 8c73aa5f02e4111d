import { useState, type ReactNode } from 'react';
import { TopBar } from './TopBar.js';
import { Sidebar } from './Sidebar.js';

export function Shell({ children }: { children: ReactNode }) {
  const [navOpen, setNavOpen] = useState(false);
  return (
    <div className="flex h-full flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded bg-white px-3 py-2 text-brand-700 focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <TopBar onToggleNav={() => setNavOpen((o) => !o)} navOpen={navOpen} />
      <div className="flex min-h-0 flex-1">
        <Sidebar open={navOpen} onNavigate={() => setNavOpen(false)} />
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 overflow-auto focus:outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}

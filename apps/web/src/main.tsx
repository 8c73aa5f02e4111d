import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { applyStoredTheme } from './app/theme.js';
import { App } from './app/App.js';

applyStoredTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

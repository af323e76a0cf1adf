import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { bootstrapTracking } from './app/bootstrap';
import { TopErrorBoundary } from './app/TopErrorBoundary';
import { services } from './services/page';
import './styles.css';

bootstrapTracking(services);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <TopErrorBoundary>
      <App />
    </TopErrorBoundary>
  </StrictMode>,
);

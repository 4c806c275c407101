import { createRoot } from 'react-dom/client';
import { setupIonicReact } from '@ionic/react';
import '@ionic/react/css/core.css';
import '@ionic/react/css/normalize.css';
import '@ionic/react/css/structure.css';
import '@ionic/react/css/typography.css';
import '@ionic/react/css/padding.css';
import './theme.css';
import { initI18n } from './i18n/index.ts';
import { App } from './App.tsx';

setupIonicReact();

void initI18n().then(() => createRoot(document.getElementById('root')!).render(<App />));

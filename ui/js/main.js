// Entry point (loaded as a module by index.html).
import { start } from './app.js';

start({ root: document.getElementById('app') });

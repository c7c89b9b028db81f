export { registerConsoleRoutes } from './console.routes.js';

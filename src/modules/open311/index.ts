export { Open311Module } from './open311.module.js';
